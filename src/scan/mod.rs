//! `scan`: finds the LLMOps practices a repository shows, per questionnaire dimension, with file and line.

pub mod catalogue;
pub mod engine;
pub mod evidence;
pub mod ignore_files;
pub mod manifest;
pub mod pipeline;
pub mod rules;
pub mod walk;
pub mod workflow;

#[cfg(test)]
mod pattern_examples;

use std::cmp::Reverse;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use crate::questionnaire::Questionnaire;

/// One practice seen in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub rule: &'static str,
    pub dimension: &'static str,
    /// The level this practice supports.
    pub level: u8,
    /// Relative to the scanned root, `/` separators.
    pub path: String,
    /// 1-based; 1 when the signal is the file's existence.
    pub line: u32,
    pub summary: String,
}

/// Files that were not read, by reason.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// A NUL byte in the first 8 KiB.
    pub binary: usize,
    /// Larger than 1 MiB.
    pub too_large: usize,
    /// Permission denied, a dangling or looping link, a folder that cannot be listed.
    pub unreadable: usize,
    /// A symbolic link whose target is outside the root (never followed).
    pub outside_root: usize,
}

impl Skipped {
    pub fn total(&self) -> usize {
        self.binary + self.too_large + self.unreadable + self.outside_root
    }
}

/// The result of scanning a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// The root as shown to the user.
    pub root: String,
    pub files_scanned: usize,
    pub skipped: Skipped,
    /// Strongest first: by level (descending), then path, line and rule; one per rule and file.
    pub signals: Vec<Signal>,
    /// What the scan could not do as asked (an ignore file not read or not applied whole).
    pub notes: Vec<String>,
    /// The rules it applied.
    pub catalogue: &'static catalogue::Catalogue,
}

/// One dimension's view of a scan.
#[derive(Debug, Clone, Copy)]
pub struct DimensionScan<'a> {
    pub id: &'static str,
    pub name: &'static str,
    /// The highest level among the signals, 1 when there are none.
    pub supported_level: u8,
    pub signals: &'a [Signal],
    /// Whether any rule looks for this dimension's evidence ("not checked" when none does).
    pub checked: bool,
}

impl Scan {
    /// Every dimension of the questionnaire, in its order, with its signals.
    pub fn dimensions<'a>(&'a self, q: &Questionnaire) -> Vec<DimensionScan<'a>> {
        q.dimensions
            .iter()
            .map(|d| {
                // Signals are grouped by dimension (see `finish`), so each group is one slice.
                let start = self
                    .signals
                    .partition_point(|s| dim_order(q, s.dimension) < dim_order(q, d.id));
                let end = self
                    .signals
                    .partition_point(|s| dim_order(q, s.dimension) <= dim_order(q, d.id));
                let signals = &self.signals[start..end];
                DimensionScan {
                    id: d.id,
                    name: d.name,
                    supported_level: signals.iter().map(|s| s.level).max().unwrap_or(1),
                    signals,
                    checked: self.catalogue.checks(d.id),
                }
            })
            .collect()
    }

    /// The level the repository's files support for one dimension (1 when nothing is seen).
    pub fn supported_level(&self, dimension: &str) -> u8 {
        self.signals
            .iter()
            .filter(|s| s.dimension == dimension)
            .map(|s| s.level)
            .max()
            .unwrap_or(1)
    }
}

fn dim_order(q: &Questionnaire, id: &str) -> usize {
    q.dimensions
        .iter()
        .position(|d| d.id == id)
        .unwrap_or(usize::MAX)
}

/// Why a scan could not start.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The root does not exist or is not a folder.
    #[error("{0}: not a folder; pass the repository's folder (default: the git top level of the current folder)")]
    NotAFolder(String),
    /// A rule of a file that the engine could not build (its checks on load should prevent it).
    #[error("the evidence rules could not be compiled: {0}")]
    Rules(String),
}

/// The rules, compiled once per process.
static ENGINE: LazyLock<engine::Engine> = LazyLock::new(|| {
    engine::Engine::new(&rules::RULES).expect("the built-in rules compile (a unit test checks it)")
});

/// Scans the folder `root` with the built-in rules; `shown` is how the root is named.
pub fn scan(root: &Path, shown: &str) -> Result<Scan, ScanError> {
    scan_with(
        root,
        shown,
        &walk::Overlay::new(),
        catalogue::Catalogue::builtin(),
    )
}

/// Scans `root` with the rules of `rules`, as if the files of `overlay` were as it says
/// (absent, or with the given content): the scan of another version of the tree, such as a
/// pull request's base.
pub fn scan_with(
    root: &Path,
    shown: &str,
    overlay: &walk::Overlay,
    rules: &'static catalogue::Catalogue,
) -> Result<Scan, ScanError> {
    if !root.is_dir() {
        return Err(ScanError::NotAFolder(shown.to_string()));
    }
    let own;
    let engine = if rules.builtin_rules() {
        &*ENGINE
    } else {
        own = engine::Engine::new(rules.rules).map_err(ScanError::Rules)?;
        &own
    };
    let mut walked = walk::walk_with(root, engine, overlay);
    walked
        .signals
        .extend(engine.workflow_signals(&walked.workflows));
    let mut found = finish(shown, walked.files, walked.skipped, walked.signals, rules);
    found.notes = walked.notes;
    Ok(found)
}

/// Whether any built-in rule cares about the file at `rel` (its path matches, or its text
/// would be read): the files of a change worth fetching to scan the other side.
pub fn relevant(rel: &str) -> bool {
    let plan = ENGINE.plan(rel);
    !plan.signals.is_empty() || plan.needs_text()
}

/// [`relevant`] for the rules of `rules` (their engine built once, for every path asked).
pub fn relevant_to(rules: &'static catalogue::Catalogue) -> Box<dyn Fn(&str) -> bool> {
    if rules.builtin_rules() {
        return Box::new(relevant);
    }
    match engine::Engine::new(rules.rules) {
        Ok(engine) => Box::new(move |rel| {
            let plan = engine.plan(rel);
            !plan.signals.is_empty() || plan.needs_text()
        }),
        Err(_) => Box::new(relevant),
    }
}

/// Keeps one signal per rule and file (its first line); drops generic signals when nothing
/// shows an LLM application; adds the signals of `AllOf` rules; and sorts: by dimension in
/// questionnaire order, then strongest first, then path, line and rule, so output is stable.
fn finish(
    shown: &str,
    files: usize,
    skipped: Skipped,
    mut signals: Vec<Signal>,
    catalogue: &'static catalogue::Catalogue,
) -> Scan {
    let (rules, q) = (catalogue.rules, catalogue.questionnaire);
    signals.sort_by(|a, b| (a.rule, &a.path, a.line).cmp(&(b.rule, &b.path, b.line)));
    signals.dedup_by(|later, first| later.rule == first.rule && later.path == first.path);
    let generic = |id: &str| rules.iter().any(|r| r.id == id && r.generic);
    if signals.iter().all(|s| generic(s.rule)) {
        signals.clear();
    }
    for rule in rules {
        let rules::Matcher::AllOf(ids) = rule.matcher else {
            continue;
        };
        let firsts: Option<Vec<&Signal>> = ids
            .iter()
            .map(|id| signals.iter().find(|s| s.rule == *id))
            .collect();
        if let Some(last) = firsts.and_then(|f| f.last().copied()) {
            let derived = Signal {
                rule: rule.id,
                dimension: rule.dimension,
                level: rule.level,
                path: last.path.clone(),
                line: last.line,
                summary: format!("{}: {}", rule.summary, ids.join(" + ")),
            };
            signals.push(derived);
        }
    }
    signals.sort_by(|a, b| {
        let key = |s: &Signal| (dim_order(q, s.dimension), Reverse(s.level));
        (key(a), &a.path, a.line, a.rule).cmp(&(key(b), &b.path, b.line, b.rule))
    });
    Scan {
        root: shown.to_string(),
        files_scanned: files,
        skipped,
        signals,
        notes: Vec::new(),
        catalogue,
    }
}

/// The default root: the nearest folder at or above `cwd` that holds `.git`, else `cwd`; and
/// how to show it relative to `cwd` (`.`, `..`, `../..`).
pub fn default_root(cwd: &Path) -> (PathBuf, String) {
    let top = cwd
        .ancestors()
        .enumerate()
        .find(|(_, a)| a.join(".git").exists());
    match top {
        Some((0, _)) | None => (cwd.to_path_buf(), ".".to_string()),
        Some((up, dir)) => (dir.to_path_buf(), vec![".."; up].join("/")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rules_compile_and_are_well_formed() {
        let q = crate::questionnaire::builtin();
        engine::Engine::new(&rules::RULES).unwrap().check().unwrap();
        let mut ids: Vec<&str> = rules::RULES.iter().map(|r| r.id).collect();
        for r in rules::RULES.iter() {
            assert!(
                q.dimension(r.dimension).is_some(),
                "{}: unknown dimension",
                r.id
            );
            assert!((1..=4).contains(&r.level), "{}: a level is 1-4", r.id);
            if let rules::Matcher::AllOf(ids) = r.matcher {
                for id in ids {
                    let i = rules::RULES.iter().position(|x| x.id == *id);
                    let me = rules::RULES.iter().position(|x| x.id == r.id);
                    assert!(
                        i.is_some() && i < me,
                        "{}: AllOf names earlier rules only",
                        r.id
                    );
                }
            }
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}: ids are kebab-case",
                r.id
            );
            assert!(
                !r.summary.ends_with('.'),
                "{}: summaries end without a full stop",
                r.id
            );
        }
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "rule ids are unique");
    }

    fn sig(
        rule: &'static str,
        dimension: &'static str,
        level: u8,
        path: &str,
        line: u32,
    ) -> Signal {
        Signal {
            rule,
            dimension,
            level,
            path: path.to_string(),
            line,
            summary: String::new(),
        }
    }

    #[test]
    fn finish_dedupes_per_rule_and_file_and_sorts_strongest_first() {
        let q = crate::questionnaire::builtin();
        let scan = finish(
            ".",
            3,
            Skipped::default(),
            vec![
                sig("llm-sdk", "models", 1, "r.txt", 1),
                sig("b", "evaluation", 2, "z.txt", 9),
                sig("b", "evaluation", 2, "z.txt", 3),
                sig("a", "evaluation", 3, "y.yml", 4),
                sig("c", "models", 2, "a.txt", 1),
            ],
            catalogue::Catalogue::builtin(),
        );
        let got: Vec<(&str, u32)> = scan.signals.iter().map(|s| (s.rule, s.line)).collect();
        assert_eq!(got, [("c", 1), ("llm-sdk", 1), ("a", 4), ("b", 3)]);
        let dims = scan.dimensions(q);
        assert_eq!(dims.len(), 7);
        assert_eq!(
            (dims[0].id, dims[0].supported_level, dims[0].signals.len()),
            ("models", 2, 2)
        );
        assert_eq!(
            (dims[2].id, dims[2].supported_level, dims[2].signals.len()),
            ("evaluation", 3, 2)
        );
        assert_eq!((dims[3].supported_level, dims[3].signals.len()), (1, 0));
        assert_eq!(scan.supported_level("evaluation"), 3);
    }

    /// A new rule is one entry plus `fixtures/scan/rules/<id>/{hit,miss}/`: the hit tree must
    /// raise the rule, the near miss (a trap a reviewer would dispute) must not.
    #[test]
    fn every_rule_fires_on_its_hit_fixture_and_not_on_its_near_miss() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scan/rules");
        let mut problems = Vec::new();
        for r in rules::RULES.iter() {
            let fires = |kind: &str| {
                let dir = base.join(r.id).join(kind);
                assert!(dir.is_dir(), "{} is missing", dir.display());
                let found = scan(&dir, ".").unwrap();
                found.signals.iter().any(|s| s.rule == r.id)
            };
            if !fires("hit") {
                problems.push(format!("{}: hit/ raises no signal", r.id));
            }
            if fires("miss") {
                problems.push(format!("{}: miss/ raises a signal", r.id));
            }
        }
        for entry in std::fs::read_dir(&base).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !rules::RULES.iter().any(|r| r.id == name) {
                problems.push(format!("fixtures/scan/rules/{name} names no rule"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn default_root_walks_up_to_git() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(default_root(&deep), (deep.clone(), ".".to_string()));
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        assert_eq!(
            default_root(&deep),
            (dir.path().to_path_buf(), "../..".to_string())
        );
        assert_eq!(
            default_root(dir.path()),
            (dir.path().to_path_buf(), ".".to_string())
        );
    }
}
