//! Reads an answers file from disk and runs it through parse, validate and score.

use std::collections::VecDeque;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use jiff::civil::Date;

use crate::commitments;
use crate::config::{self, MAX_FILE_BYTES};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::scan::{self, evidence::Evidence, ScanError};
use crate::score::{self, Score};
use crate::validate::{self, Lookup};

/// The result of checking one file: its diagnostics, and a score when it has no error.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The path as the user gave it, used in every message.
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
    pub score: Option<Score>,
    /// Each answer held against the repository, when `--evidence` asked for it.
    pub evidence: Option<Evidence>,
}

impl Evaluation {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Checks the file at `path`; evidence paths are looked up under `repo_root`.
///
/// A file inside the repository that is a symbolic link (or sits under one) leading out of it is
/// not read: a pull request could otherwise point its answers file at a runner's secrets and
/// have them shown in the report.
pub fn evaluate_file(path: &Path, repo_root: &Path) -> Evaluation {
    let shown = path.display().to_string();
    if let Some(relative) = inside(path, repo_root) {
        if lookup(repo_root, &relative) == Lookup::Outside {
            return Evaluation {
                path: shown,
                diagnostics: vec![Diagnostic::file(
                    "file",
                    "is a symbolic link that leads outside the repository, which is never followed; commit the answers file itself",
                )],
                score: None,
                evidence: None,
            };
        }
    }
    match read_capped(path) {
        Ok(bytes) => evaluate_bytes(&shown, &bytes, repo_root),
        Err(diagnostic) => Evaluation {
            path: shown,
            diagnostics: vec![diagnostic],
            score: None,
            evidence: None,
        },
    }
}

/// Checks file contents obtained elsewhere (a git object, the contents API).
pub fn evaluate_bytes(shown: &str, bytes: &[u8], repo_root: &Path) -> Evaluation {
    let exists = |p: &str| lookup(repo_root, Path::new(p));
    evaluate_with(shown, bytes, &exists)
}

/// The pure part of an evaluation, with the evidence lookup handed in.
pub fn evaluate_with(
    shown: &str,
    bytes: &[u8],
    path_exists: &dyn Fn(&str) -> Lookup,
) -> Evaluation {
    let (diagnostics, score) = match config::parse(bytes) {
        Err(e) => (vec![Diagnostic::error(e.pos, e.rule, e.message)], None),
        Ok(root) => {
            let v = validate::validate(&root, path_exists);
            let score = v.assessment.as_ref().map(score::score);
            (v.diagnostics, score)
        }
    };
    Evaluation {
        path: shown.to_string(),
        diagnostics,
        score,
        evidence: None,
    }
}

/// Scans `repo_root` and holds a valid file's answers against what it shows: the statuses go
/// into `eval.evidence`, the `unsupported-claim` warnings and `evidence-above-answer` notes into
/// its diagnostics. An invalid file is left as it is.
pub fn add_evidence(eval: &mut Evaluation, repo_root: &Path) -> Result<(), ScanError> {
    let Some(score) = &eval.score else {
        return Ok(());
    };
    let found = scan::scan(repo_root, &repo_root.display().to_string())?;
    // The same lookup as evidence paths: a link out of the repository does not count.
    let exists = |p: &str| lookup(repo_root, Path::new(p)) == Lookup::Found;
    let (evidence, diagnostics) = scan::evidence::assess(&score.assessment, &found, &exists);
    eval.diagnostics.extend(diagnostics);
    crate::diagnostic::sort(&mut eval.diagnostics);
    eval.evidence = Some(evidence);
    Ok(())
}

/// Judges a scored file's commitments on `today`: targets, waivers and the review cadence.
///
/// Run it last: waivers act on the diagnostics already found, so every other check (evidence
/// included) must have run. `evidence_evaluated` says whether the evidence check ran, without
/// which an unused waiver is not reported. A date error (`assessed-at` in the future) takes the
/// score away, like any other error.
pub fn judge(mut eval: Evaluation, today: Date, evidence_evaluated: bool) -> Evaluation {
    let Some(mut score) = eval.score.take() else {
        return eval;
    };
    let c = &score.assessment.commitments;
    let (review, found) = commitments::review(c, score.level, &|id: &str| score.points(id), today);
    let mut diagnostics = std::mem::take(&mut eval.diagnostics);
    diagnostics.extend(found);
    let mut diagnostics = commitments::waive(diagnostics, &c.waivers, today, evidence_evaluated);
    diagnostic::sort(&mut diagnostics);
    if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        score.review = Some(review);
        eval.score = Some(score);
    }
    eval.diagnostics = diagnostics;
    eval
}

/// Reads at most one byte past the limit, so a huge file costs no more memory than an allowed one.
fn read_capped(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let file = std::fs::File::open(path).map_err(|e| {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "file not found; create one with `llmops-maturity init`, or pass the path of your answers file".to_string()
            }
            _ => format!("cannot open the file: {e}"),
        };
        Diagnostic::file("file", message)
    })?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Diagnostic::file(
            "file",
            "is a directory, expected an answers file",
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::file("file", format!("cannot read the file: {e}")))?;
    Ok(bytes)
}

/// The repository root for evidence paths: the nearest folder above `file` holding `.git` (what
/// `git rev-parse --show-toplevel` finds, without starting a process), else the file's folder.
///
/// Folders are searched as the path is spelled before they are resolved, so a linked folder in
/// the repository (`teams -> /elsewhere`) is judged from the repository it sits in.
pub fn default_repo_root(file: &Path) -> PathBuf {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let spelled = std::env::current_dir().map(|cwd| normalize(&cwd.join(&dir)));
    let resolved = std::fs::canonicalize(&dir);
    [spelled.ok(), resolved.ok()]
        .into_iter()
        .flatten()
        .find_map(|start| {
            start
                .ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf)
        })
        .unwrap_or(dir)
}

/// Looks up `relative` under `root` one component at a time, following symbolic links only while
/// they stay inside the repository.
///
/// A link's target is judged by where it points, before anything is read there, so the answer for
/// a link out of the repository is `Outside` whether or not its target exists: the report cannot
/// be used to probe the runner's files. An absolute target is accepted only when it names a place
/// under the (canonical) root.
pub fn lookup(root: &Path, relative: &Path) -> Lookup {
    let Ok(root) = std::fs::canonicalize(root) else {
        return Lookup::Missing;
    };
    let mut at = root.clone();
    let mut todo: VecDeque<PathBuf> = components(relative).collect();
    let mut links = 0;
    while let Some(part) = todo.pop_front() {
        if part == Path::new("..") {
            if !at.pop() || !at.starts_with(&root) {
                return Lookup::Outside;
            }
            continue;
        }
        let next = at.join(&part);
        let Ok(meta) = std::fs::symlink_metadata(&next) else {
            return Lookup::Missing;
        };
        if !meta.file_type().is_symlink() {
            at = next;
            continue;
        }
        // The kernel's own limit on links in one path (ELOOP), so a loop ends.
        links += 1;
        let Ok(target) = std::fs::read_link(&next) else {
            return Lookup::Missing;
        };
        if links > 40 {
            return Lookup::Missing;
        }
        let rest: Vec<PathBuf> = todo.drain(..).collect();
        if target.is_absolute() {
            let Ok(within) = normalize(&target)
                .strip_prefix(&root)
                .map(Path::to_path_buf)
            else {
                return Lookup::Outside;
            };
            at = root.clone();
            todo.extend(components(&within));
        } else {
            todo.extend(components(&target));
        }
        todo.extend(rest);
    }
    Lookup::Found
}

/// The parts of a relative path that move: names and `..` (`.` and roots dropped).
fn components(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    path.components().filter_map(|c| match c {
        Component::Normal(name) => Some(PathBuf::from(name)),
        Component::ParentDir => Some(PathBuf::from("..")),
        _ => None,
    })
}

/// `a/./b/../c` -> `a/c` without touching the disk (the file may not exist, or not any more).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `root` when it names a place under it (as the user spelled it, from the
/// working directory), so the walk of [`lookup`] can check every link on the way.
fn inside(path: &Path, root: &Path) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let absolute = |p: &Path| {
        normalize(&if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        })
    };
    let file = absolute(path);
    let roots = [absolute(root), std::fs::canonicalize(root).ok()?];
    roots
        .iter()
        .find_map(|r| file.strip_prefix(r).ok().map(Path::to_path_buf))
}
