//! Scores each version git returned and compares it with the version before: the history as values.

use std::collections::HashMap;

use crate::at_commit;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::diff::{self, Diff};
use crate::evaluate;
use crate::history::git::{Content, Log, RawVersion};
use crate::questionnaire::Questionnaire;
use crate::score::Score;
use crate::validate::{Lookup, QuestionnaireError};

/// What one version of the file was.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    Valid(Box<Score>),
    /// The file did not parse or validate: it is listed, never skipped.
    Invalid {
        /// Every error, in file order (the renderers show the first).
        errors: Vec<Diagnostic>,
    },
    /// The commit deleted the file (a later commit may create it again).
    Deleted,
}

/// One version, as the reports show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub commit: String,
    pub date: String,
    /// The commit's author and subject, untrusted text for the renderers to escape.
    pub author: String,
    pub subject: String,
    pub path: String,
    pub renamed_from: Option<String>,
    pub created: bool,
    pub state: State,
    /// Against the nearest older version that is valid; `None` when no such version is listed,
    /// or when that version answered another questionnaire.
    pub diff: Option<Diff>,
    /// The questionnaire of the nearest older valid version, when this version answers another
    /// one (another id or version): its score is on another scale, so it is not compared.
    pub questionnaire_changed_from: Option<&'static Questionnaire>,
}

impl Version {
    pub fn score(&self) -> Option<&Score> {
        match &self.state {
            State::Valid(s) => Some(s),
            _ => None,
        }
    }

    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(7)]
    }
}

/// Every listed version, newest first, and what limits the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub file: String,
    pub versions: Vec<Version>,
    pub shallow: bool,
    pub truncated: bool,
}

impl Timeline {
    /// True when the oldest listed version may not be the file's first: the list was cut at
    /// `--limit`, or the clone is shallow.
    pub fn incomplete(&self) -> bool {
        self.truncated || self.shallow
    }

    pub fn valid(&self) -> impl DoubleEndedIterator<Item = &Version> {
        self.versions.iter().filter(|v| v.score().is_some())
    }

    /// The valid versions oldest to newest, split where the questionnaire changes: each run is
    /// scored on one scale, so a chart draws each as a series of its own.
    pub fn series(&self) -> Vec<Vec<&Version>> {
        let mut runs: Vec<Vec<&Version>> = Vec::new();
        for v in self.valid().rev() {
            match runs.last_mut() {
                Some(run) if v.questionnaire_changed_from.is_none() => run.push(v),
                _ => runs.push(vec![v]),
            }
        }
        runs
    }
}

/// Scores every version on up to `threads` threads. Evidence paths are taken as present:
/// whether a path existed at an old commit cannot be asked of today's work tree, and existence
/// never changes the score.
pub fn build(log: Log, threads: usize) -> Timeline {
    let states = states(&log.versions, threads.max(1));
    let mut versions: Vec<Version> = log
        .versions
        .into_iter()
        .zip(states)
        .map(|(raw, state)| Version {
            commit: raw.commit,
            date: raw.date,
            author: raw.author,
            subject: raw.subject,
            path: raw.path,
            renamed_from: raw.renamed_from,
            created: raw.created,
            state,
            diff: None,
            questionnaire_changed_from: None,
        })
        .collect();
    compare(&mut versions);
    Timeline {
        file: log.file,
        versions,
        shallow: log.shallow,
        truncated: log.truncated,
    }
}

/// Compares each valid version (newest first in `versions`) with the last valid one before it,
/// unless the two answer different questionnaires: a change of method is not progress.
fn compare(versions: &mut [Version]) {
    let mut previous: Option<&Score> = None;
    let mut found = vec![(None, None); versions.len()];
    for (i, v) in versions.iter().enumerate().rev() {
        if let State::Valid(score) = &v.state {
            let (now, before) = (score.assessment.questionnaire, previous);
            found[i] = match before {
                Some(p) if !p.assessment.questionnaire.same_as(now) => {
                    (None, Some(p.assessment.questionnaire))
                }
                Some(p) => (Some(diff::diff(Some(p), score)), None),
                None => (None, None),
            };
            previous = Some(score);
        }
    }
    for (v, (d, changed)) in versions.iter_mut().zip(found) {
        v.diff = d;
        v.questionnaire_changed_from = changed;
    }
}

/// What makes two versions score alike: the answers' bytes and the questionnaire file they name.
type ContentKey<'a> = (&'a [u8], Option<&'a (String, Content)>);

/// The state of every version. Each distinct content (the answers and the questionnaire file
/// they name) is parsed once (a revert brings back a version already scored), and the distinct
/// ones are split across threads: parsing is nearly all the time `history` spends on a long
/// history.
fn states(versions: &[RawVersion], threads: usize) -> Vec<State> {
    let loaded = questionnaires(versions);
    let mut first_of: HashMap<ContentKey, usize> = HashMap::new();
    let mut unique: Vec<&RawVersion> = Vec::new();
    let slot: Vec<usize> = versions
        .iter()
        .map(|v| {
            let Content::Blob(bytes) = &v.content else {
                unique.push(v);
                return unique.len() - 1;
            };
            *first_of
                .entry((bytes.as_slice(), v.questionnaire.as_ref()))
                .or_insert_with(|| {
                    unique.push(v);
                    unique.len() - 1
                })
        })
        .collect();
    let chunk = unique.len().div_ceil(threads).max(1);
    let evaluated: Vec<State> = std::thread::scope(|scope| {
        let handles: Vec<_> = unique
            .chunks(chunk)
            .map(|part| {
                let loaded = &loaded;
                scope.spawn(move || part.iter().map(|v| state(v, loaded)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("scoring does not panic"))
            .collect()
    });
    slot.into_iter().map(|i| evaluated[i].clone()).collect()
}

/// Questionnaire files read, by path and content.
type Loaded<'a> = HashMap<(&'a str, &'a [u8]), Result<&'static Questionnaire, QuestionnaireError>>;

/// Each distinct questionnaire file the versions name, loaded once: a rubric usually changes far
/// less often than the answers, and a loaded questionnaire lives for the whole run.
fn questionnaires(versions: &[RawVersion]) -> Loaded<'_> {
    let mut loaded = HashMap::new();
    for v in versions {
        if let Some((path, Content::Blob(bytes))) = &v.questionnaire {
            loaded
                .entry((path.as_str(), bytes.as_slice()))
                .or_insert_with(|| at_commit::questionnaire_of(path, bytes));
        }
    }
    loaded
}

/// The questionnaire file `value` names in version `v`, as it was at that commit.
fn named(
    v: &RawVersion,
    value: &str,
    loaded: &Loaded,
) -> Result<&'static Questionnaire, QuestionnaireError> {
    let relative = at_commit::blob_path(&v.path, value)?;
    match v.questionnaire.as_ref().filter(|(p, _)| *p == relative) {
        Some((path, Content::Blob(bytes))) => loaded
            .get(&(path.as_str(), bytes.as_slice()))
            .cloned()
            .unwrap_or_else(|| at_commit::questionnaire_of(path, bytes)),
        Some((_, Content::NotAFile(kind))) => Err(QuestionnaireError::Unreadable(format!(
            "is a git {kind} at that commit, expected a questionnaire file"
        ))),
        _ => Err(QuestionnaireError::Unreadable(
            "file not found at that commit (the path is relative to the answers file)".into(),
        )),
    }
}

fn state(v: &RawVersion, loaded: &Loaded) -> State {
    match &v.content {
        Content::Deleted => State::Deleted,
        Content::NotAFile(kind) => State::Invalid {
            errors: vec![Diagnostic::file(
                Code::File,
                format!("is a git {kind} here, expected an answers file"),
            )],
        },
        Content::Blob(bytes) => {
            let questionnaire = |value: &str| named(v, value, loaded);
            let eval =
                evaluate::evaluate_with_lookups(&v.path, bytes, &|_| Lookup::Found, &questionnaire);
            match eval.score {
                Some(score) => State::Valid(Box::new(score)),
                None => State::Invalid {
                    errors: eval
                        .diagnostics
                        .into_iter()
                        .filter(|d| d.severity == Severity::Error)
                        .collect(),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(evaluation: u8) -> Content {
        Content::Blob(
            format!(
                "version: 1\nanswers:\n  models: 2\n  prompt-engineering: 2\n  evaluation: {evaluation}\n  \
                 deployment: 2\n  monitoring: 2\n  responsible-ai: 2\n  asset-management: 2\n"
            )
            .into_bytes(),
        )
    }

    fn raw(n: u8, content: Content) -> RawVersion {
        RawVersion {
            commit: n.to_string().repeat(40),
            date: format!("2026-01-{n:02}"),
            author: "Ann".into(),
            subject: format!("commit {n}"),
            path: "llmops-maturity.yaml".into(),
            renamed_from: None,
            created: n == 1,
            content,
            questionnaire: None,
        }
    }

    fn timeline(versions: Vec<RawVersion>) -> Timeline {
        build(
            Log {
                file: "llmops-maturity.yaml".into(),
                versions,
                shallow: false,
                truncated: false,
            },
            3,
        )
    }

    #[test]
    fn each_valid_version_is_compared_with_the_last_valid_one_before_it() {
        let t = timeline(vec![
            raw(4, file(4)),
            raw(3, Content::Blob(b"version: [".to_vec())),
            raw(2, file(3)),
            raw(1, file(1)),
        ]);
        assert_eq!(
            t.versions[3].diff, None,
            "the first version has nothing to compare"
        );
        let second = t.versions[2].diff.as_ref().unwrap();
        assert_eq!(second.score_delta(), Some(2));
        assert!(matches!(t.versions[1].state, State::Invalid { .. }));
        assert_eq!(t.versions[1].diff, None);
        // Across the invalid version: 3 -> 4, not "new".
        let last = t.versions[0].diff.as_ref().unwrap();
        assert_eq!(last.changes.len(), 1);
        assert_eq!(
            (last.changes[0].before, last.changes[0].after),
            (Some(3), 4)
        );
    }

    #[test]
    fn threads_and_repeated_contents_change_nothing() {
        let raws: Vec<RawVersion> = (1..=9)
            .map(|n| {
                raw(
                    n,
                    if n == 5 {
                        Content::Deleted
                    } else {
                        file(n % 4 + 1)
                    },
                )
            })
            .collect();
        let log = Log {
            file: "x".into(),
            versions: raws,
            shallow: false,
            truncated: false,
        };
        let one = build(log.clone(), 1);
        let scores: Vec<Option<u32>> = one
            .versions
            .iter()
            .map(|v| v.score().map(|s| s.total))
            .collect();
        assert_eq!(
            scores,
            [14, 15, 16, 13, 0, 15, 16, 13, 14].map(|t| (t > 0).then_some(t))
        );
        for threads in [2, 4, 16] {
            assert_eq!(build(log.clone(), threads), one, "{threads} threads");
        }
    }

    #[test]
    fn a_change_of_questionnaire_starts_a_new_series_and_is_not_compared() {
        let genaiops = |evaluation: u8| match file(evaluation) {
            Content::Blob(b) => Content::Blob(
                String::from_utf8(b)
                    .unwrap()
                    .replace("version: 1\n", "version: 1\nquestionnaire: genaiops-2025\n")
                    .into_bytes(),
            ),
            other => other,
        };
        let t = timeline(vec![
            raw(4, genaiops(4)),
            raw(3, genaiops(3)),
            raw(2, file(2)),
            raw(1, file(1)),
        ]);
        let changed = t.versions[1].questionnaire_changed_from.map(|q| q.id);
        assert_eq!(changed, Some("llmops-2024"));
        assert_eq!(t.versions[1].diff, None, "another scale: not compared");
        assert!(t.versions[0].diff.is_some() && t.versions[2].diff.is_some());
        let series: Vec<Vec<&str>> = t
            .series()
            .iter()
            .map(|run| run.iter().map(|v| v.date.as_str()).collect())
            .collect();
        assert_eq!(
            series,
            [["2026-01-01", "2026-01-02"], ["2026-01-03", "2026-01-04"]]
        );
    }

    #[test]
    fn a_deletion_is_a_version_without_a_score() {
        let t = timeline(vec![raw(2, Content::Deleted), raw(1, file(2))]);
        assert_eq!(t.versions[0].state, State::Deleted);
        assert_eq!(t.valid().count(), 1);
    }

    #[test]
    fn evidence_that_no_longer_exists_is_no_problem_in_history() {
        let yaml = "version: 1\nanswers:\n  models: {level: 2, evidence: [gone/]}\n  prompt-engineering: 2\n  evaluation: 2\n  \
                    deployment: 2\n  monitoring: 2\n  responsible-ai: 2\n  asset-management: 2\n";
        let t = timeline(vec![raw(1, Content::Blob(yaml.into()))]);
        assert_eq!(t.versions[0].score().unwrap().total, 14);
    }
}
