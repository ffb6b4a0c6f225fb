//! Scores every listed repository's answers file with the same core as `check` and counts the results: pure, no I/O.
//!
//! Evidence paths live in each repository, which is not checked out here: they are taken as
//! present, so a roll-up never warns about them (each repository's own `check`/`ci` does).

use std::collections::HashMap;

use crate::at_commit;
use crate::config::MAX_FILE_BYTES;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::evaluate;
use crate::questionnaire::{Dimension, Questionnaire};
use crate::score::Score;
use crate::validate::{Lookup, QuestionnaireError};

use super::query::{Listed, Remote};

/// Which repositories the roll-up keeps.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub include_archived: bool,
    pub include_forks: bool,
    /// Lowercase: GitHub stores topics in lowercase.
    pub topic: Option<String>,
}

/// How many listed repositories a filter left out, by reason (the first reason that applies).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub archived: u32,
    pub forks: u32,
    pub topic: u32,
}

/// One repository's result.
#[derive(Debug, Clone)]
pub enum Status {
    /// Valid and scored; `Box` keeps the enum small.
    Ok(Box<Score>),
    /// The file is there but cannot be scored: its errors, the first one first.
    Invalid(Vec<Diagnostic>),
    /// No answers file at that path on the default branch.
    Missing,
}

#[derive(Debug, Clone)]
pub struct Entry {
    /// `owner/name`.
    pub name: String,
    pub url: String,
    pub status: Status,
}

/// The roll-up of one owner.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub owner: String,
    /// The answers file's path in each repository.
    pub path: String,
    /// In GitHub's order (by name).
    pub entries: Vec<Entry>,
    pub left_out: LeftOut,
    /// Problems GitHub reported that belong to no listed repository.
    pub unattributed: Vec<String>,
}

impl Rollup {
    /// Repositories per level, 1 to 4.
    pub fn levels(&self) -> [u32; 4] {
        let mut counts = [0; 4];
        for score in self.scores() {
            counts[usize::from(score.level.number.clamp(1, 4)) - 1] += 1;
        }
        counts
    }

    pub fn scores(&self) -> impl Iterator<Item = &Score> {
        self.entries.iter().filter_map(|e| match &e.status {
            Status::Ok(score) => Some(score.as_ref()),
            _ => None,
        })
    }

    pub fn missing(&self) -> u32 {
        self.count(|s| matches!(s, Status::Missing))
    }

    pub fn invalid(&self) -> u32 {
        self.count(|s| matches!(s, Status::Invalid(_)))
    }

    fn count(&self, f: impl Fn(&Status) -> bool) -> u32 {
        self.entries.iter().filter(|e| f(&e.status)).count() as u32
    }
}

/// The repositories whose files answer one questionnaire (same id and version): each group has
/// its own columns and level distribution, since levels of two questionnaires do not compare.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    pub questionnaire: &'static Questionnaire,
    /// The group's repositories, in the roll-up's order, with their index in `Rollup::entries`.
    pub entries: Vec<(usize, &'a Entry, &'a Score)>,
}

impl Group<'_> {
    /// Repositories per level of this questionnaire, lowest level first.
    pub fn levels(&self) -> Vec<u32> {
        let mut counts = vec![0; self.questionnaire.levels.len()];
        for (_, _, score) in &self.entries {
            if let Some(n) = counts.get_mut(usize::from(score.level.number.max(1)) - 1) {
                *n += 1;
            }
        }
        counts
    }

    /// For each dimension, how many repositories answer each of its options (1 point first).
    pub fn by_dimension(&self) -> Vec<(&'static Dimension, Vec<u32>)> {
        self.questionnaire
            .dimensions
            .iter()
            .map(|d| {
                let mut counts = vec![0; usize::from(d.max_points())];
                for (_, _, score) in &self.entries {
                    let points = score.points(d.id).unwrap_or(0);
                    if let Some(n) = counts.get_mut(usize::from(points.max(1)) - 1) {
                        *n += 1;
                    }
                }
                (d, counts)
            })
            .collect()
    }
}

/// Whether two questionnaires are the same one: the same id at the same version.
pub fn same_questionnaire(a: &Questionnaire, b: &Questionnaire) -> bool {
    a.id == b.id && a.version == b.version
}

impl Rollup {
    /// The scored repositories grouped by questionnaire, groups in order of first appearance.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut groups: Vec<Group> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let Status::Ok(score) = &e.status else {
                continue;
            };
            let q = score.assessment.questionnaire;
            match groups
                .iter_mut()
                .find(|g| same_questionnaire(g.questionnaire, q))
            {
                Some(g) => g.entries.push((i, e, score)),
                None => groups.push(Group {
                    questionnaire: q,
                    entries: vec![(i, e, score)],
                }),
            }
        }
        groups
    }
}

/// Keeps what `filter` asks for, counting what it leaves out.
pub fn select(listed: Vec<Listed>, filter: &Filter) -> (Vec<Listed>, LeftOut) {
    let mut left_out = LeftOut::default();
    let kept = listed
        .into_iter()
        .filter(|r| {
            if r.archived && !filter.include_archived {
                left_out.archived += 1;
                return false;
            }
            if r.fork && !filter.include_forks {
                left_out.forks += 1;
                return false;
            }
            if let Some(topic) = &filter.topic {
                let has = r
                    .topics
                    .as_ref()
                    .is_some_and(|ts| ts.iter().any(|t| t.eq_ignore_ascii_case(topic)));
                if !has {
                    left_out.topic += 1;
                    return false;
                }
            }
            true
        })
        .collect();
    (kept, left_out)
}

/// Scores each repository's file (after the shell has refetched truncated ones and read the
/// questionnaire files they name) on up to `threads` threads: parsing is nearly all the time a
/// roll-up takes. The order is kept.
pub fn rollup(
    owner: &str,
    path: &str,
    repositories: &[Listed],
    left_out: LeftOut,
    unattributed: Vec<String>,
    threads: usize,
) -> Rollup {
    let loaded = questionnaires(repositories);
    let entry = |r: &Listed| Entry {
        name: r.name.clone(),
        url: r.url.clone(),
        status: status(r, path, &loaded),
    };
    let chunk = repositories.len().div_ceil(threads.max(1)).max(1);
    let entries = std::thread::scope(|scope| {
        let workers: Vec<_> = repositories
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(entry).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("scoring does not panic"))
            .collect()
    });
    Rollup {
        owner: owner.to_string(),
        path: path.to_string(),
        entries,
        left_out,
        unattributed,
    }
}

/// Questionnaire files read, by repository path and text.
type Loaded<'a> = HashMap<(&'a str, &'a str), Result<&'static Questionnaire, QuestionnaireError>>;

/// Each distinct questionnaire file the repositories name, loaded once: an organization's
/// rubric is usually one file copied into every repository, and a loaded questionnaire lives for
/// the whole run.
fn questionnaires(repositories: &[Listed]) -> Loaded<'_> {
    let mut loaded = HashMap::new();
    for r in repositories {
        if let Some((path, Remote::Text(text))) = &r.questionnaire {
            loaded
                .entry((path.as_str(), text.as_str()))
                .or_insert_with(|| at_commit::questionnaire_of(path, text.as_bytes()));
        }
    }
    loaded
}

/// The questionnaire file `value` names in repository `r` (whose answers file is at `path`), as
/// the shell read it from the default branch.
fn named(
    r: &Listed,
    path: &str,
    value: &str,
    loaded: &Loaded,
) -> Result<&'static Questionnaire, QuestionnaireError> {
    let unreadable = |why: String| Err(QuestionnaireError::Unreadable(why));
    let relative = at_commit::blob_path(path, value)?;
    let Some((read, remote)) = r.questionnaire.as_ref().filter(|(p, _)| *p == relative) else {
        return unreadable(NOT_ON_BRANCH.into());
    };
    match remote {
        Remote::Text(text) => loaded
            .get(&(read.as_str(), text.as_str()))
            .cloned()
            .unwrap_or_else(|| at_commit::questionnaire_of(read, text.as_bytes())),
        Remote::Missing => unreadable(NOT_ON_BRANCH.into()),
        Remote::Binary => unreadable("is binary, expected a questionnaire file (YAML text)".into()),
        Remote::TooLarge(_) => {
            unreadable("larger than 1 MiB, the limit for a questionnaire file".into())
        }
        Remote::NotAFile(kind) => unreadable(format!("is a {} in git", kind.to_lowercase())),
        Remote::Truncated { .. } | Remote::Unreadable(_) => unreadable(format!(
            "GitHub could not read it: {}",
            match remote {
                Remote::Unreadable(message) => message.as_str(),
                _ => "cut short",
            }
        )),
    }
}

const NOT_ON_BRANCH: &str =
    "file not found on the default branch (the path is relative to the answers file)";

/// The verdict on one repository's file.
pub fn status(r: &Listed, path: &str, loaded: &Loaded) -> Status {
    let problem =
        |rule: Code, message: String| Status::Invalid(vec![Diagnostic::file(rule, message)]);
    match &r.file {
        Remote::Missing => Status::Missing,
        Remote::Text(text) => {
            let questionnaire = |value: &str| named(r, path, value, loaded);
            let eval = evaluate::evaluate_with_lookups(
                "",
                text.as_bytes(),
                &|_| Lookup::Found,
                &questionnaire,
            );
            match eval.score {
                Some(score) => Status::Ok(Box::new(score)),
                None => Status::Invalid(
                    eval.diagnostics
                        .into_iter()
                        .filter(|d| d.severity == Severity::Error)
                        .collect(),
                ),
            }
        }
        Remote::NotAFile(kind) => problem(
            Code::File,
            format!(
                "is a {} in git, expected an answers file",
                kind.to_lowercase()
            ),
        ),
        Remote::Binary => problem(Code::File, "is binary, expected a YAML text file".into()),
        Remote::TooLarge(bytes) => problem(
            Code::File,
            format!(
                "file is {bytes} bytes, larger than the {} MiB limit; an answers file is a few KiB",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ),
        // The shell refetches these; one left here could not be refetched, and a cut text is
        // never scored as if it were whole.
        Remote::Truncated { .. } => problem(
            Code::Github,
            "GitHub returned the file cut short and it could not be read whole".into(),
        ),
        Remote::Unreadable(message) => problem(
            Code::Github,
            format!("GitHub could not read this repository's file: {message}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire;

    fn listed(name: &str, archived: bool, fork: bool, topics: &[&str], file: Remote) -> Listed {
        Listed {
            name: name.into(),
            url: format!("https://github.com/{name}"),
            archived,
            fork,
            topics: Some(topics.iter().map(|t| t.to_string()).collect()),
            branch: Some("main".into()),
            file,
            questionnaire: None,
        }
    }

    #[test]
    fn archived_and_forks_are_left_out_unless_asked_and_topics_filter() {
        let all = vec![
            listed("a/live", false, false, &["llm"], Remote::Missing),
            listed("a/old", true, false, &["llm"], Remote::Missing),
            listed("a/copy", false, true, &[], Remote::Missing),
            listed("a/other", false, false, &["web"], Remote::Missing),
        ];
        let (kept, out) = select(all.clone(), &Filter::default());
        assert_eq!(kept.len(), 2);
        assert_eq!((out.archived, out.forks, out.topic), (1, 1, 0));
        let topic = Filter {
            include_archived: true,
            include_forks: true,
            topic: Some("LLM".into()),
        };
        let (kept, out) = select(all, &topic);
        let names: Vec<&str> = kept.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a/live", "a/old"]);
        assert_eq!(out.topic, 2);
    }

    #[test]
    fn files_are_scored_with_the_core_and_never_when_cut() {
        let dims = questionnaire::builtin().dimensions;
        let mut yaml = String::from("version: 1\nanswers:\n");
        for (d, level) in dims.iter().zip([4, 3, 1, 1, 1, 1, 1]) {
            yaml.push_str(&format!("  {}: {level}\n", d.id));
        }
        let r = rollup(
            "a",
            "llmops-maturity.yaml",
            &[
                listed("a/ok", false, false, &[], Remote::Text(yaml.clone())),
                listed(
                    "a/bad",
                    false,
                    false,
                    &[],
                    Remote::Text("version: 9\n".into()),
                ),
                listed("a/none", false, false, &[], Remote::Missing),
                listed(
                    "a/cut",
                    false,
                    false,
                    &[],
                    Remote::Truncated { branch: None },
                ),
            ],
            LeftOut::default(),
            Vec::new(),
            3,
        );
        let names: Vec<&str> = r.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["a/ok", "a/bad", "a/none", "a/cut"],
            "threads keep the order"
        );
        assert_eq!(r.levels(), [0, 1, 0, 0]);
        assert_eq!((r.invalid(), r.missing()), (2, 1));
        let dims = r.groups()[0].by_dimension();
        assert_eq!(dims[0].1, [0, 0, 0, 1]);
        assert_eq!(dims[2].1, [1, 0, 0, 0]);
    }
}
