//! Reads an answers file from disk and runs it through parse, validate and score.

use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::commitments;
use crate::config::{self, MAX_FILE_BYTES};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::score::{self, Score};
use crate::validate;

/// The result of checking one file: its diagnostics, and a score when it has no error.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The path as the user gave it, used in every message.
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
    pub score: Option<Score>,
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
pub fn evaluate_file(path: &Path, repo_root: &Path) -> Evaluation {
    let shown = path.display().to_string();
    match read_capped(path) {
        Ok(bytes) => evaluate_bytes(&shown, &bytes, repo_root),
        Err(diagnostic) => Evaluation {
            path: shown,
            diagnostics: vec![diagnostic],
            score: None,
        },
    }
}

/// Checks file contents obtained elsewhere (a git object, the contents API).
pub fn evaluate_bytes(shown: &str, bytes: &[u8], repo_root: &Path) -> Evaluation {
    let exists = |p: &str| repo_root.join(p).exists();
    evaluate_with(shown, bytes, &exists)
}

/// The pure part of an evaluation, with the evidence lookup handed in.
pub fn evaluate_with(shown: &str, bytes: &[u8], path_exists: &dyn Fn(&str) -> bool) -> Evaluation {
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
    }
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
pub fn default_repo_root(file: &Path) -> PathBuf {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let absolute = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    absolute
        .ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or(dir)
}
