//! What a change did to the evidence: the files it touched, the dimensions whose backing it removed (evidence lost), and the answers to re-confirm.
//!
//! Pure: it takes the files a pull request (or a `git diff`) changed and the scans of the base
//! and the head, and judges each answer of the head. Evidence is lost when the change lowers
//! the level the repository supports for a dimension below its answer (the evaluation workflow
//! deleted, the tracing dependency dropped). An answer is to re-confirm when the change edits
//! files that back it (its signals on the base or the head) while the answer itself stays: the
//! prompts, an evaluation threshold or the guardrail configuration changed, and the answers may
//! have gone stale.

use std::collections::{BTreeMap, BTreeSet};

use crate::commitments::WaiverStatus;
use crate::diagnostic::{Code, Diagnostic};
use crate::diff::Diff;
use crate::scan::walk::Overlay;
use crate::scan::{Scan, Signal};
use crate::score::Score;

/// How a change touched a file, as GitHub's pull request files API and `git diff` say it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Added,
    Removed,
    Modified,
    /// Renamed (the old path is kept beside it), maybe with edits.
    Renamed,
}

/// One file the change touched, relative to the repository root with `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct ChangedFile {
    pub path: String,
    pub status: FileStatus,
    /// The path before a rename.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

impl ChangedFile {
    /// The path on the base side (the old path of a rename), `None` for an added file.
    pub fn base_path(&self) -> Option<&str> {
        match self.status {
            FileStatus::Added => None,
            FileStatus::Renamed => self.previous.as_deref().or(Some(&self.path)),
            _ => Some(&self.path),
        }
    }

    /// The path on the head side, `None` for a removed file.
    pub fn head_path(&self) -> Option<&str> {
        (self.status != FileStatus::Removed).then_some(self.path.as_str())
    }
}

/// A dimension whose evidence the change removed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Lost {
    pub dimension: &'static str,
    /// The head's answer.
    pub answer: u8,
    /// The level the repository supports before and after the change.
    pub base_level: u8,
    pub head_level: u8,
    /// The changed files that carried the base's evidence for it.
    pub files: Vec<ChangedFile>,
}

/// An answer that stays while files backing it changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reconfirm {
    pub dimension: &'static str,
    pub answer: u8,
    pub files: Vec<ChangedFile>,
}

/// What the change did to the evidence of every answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EvidenceChanges {
    /// Per dimension, in questionnaire order.
    pub lost: Vec<Lost>,
    pub reconfirm: Vec<Reconfirm>,
    /// Files changed, as listed (GitHub lists at most 3,000).
    pub files_changed: usize,
    /// Why the comparison is partial, when it is (a list cut short, base files not read).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl EvidenceChanges {
    /// Whether the reviewer has anything to look at here.
    pub fn any(&self) -> bool {
        !self.lost.is_empty() || !self.reconfirm.is_empty()
    }

    /// The dimension ids with evidence lost, comma-separated (the `evidence-lost` output).
    pub fn lost_ids(&self) -> String {
        self.lost
            .iter()
            .map(|l| l.dimension)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The dimension ids to re-confirm, comma-separated (the `reconfirm` output).
    pub fn reconfirm_ids(&self) -> String {
        self.reconfirm
            .iter()
            .map(|r| r.dimension)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Judges every answer of `head` against the change: `files` changed between the base and the
/// head, `base` and `head_scan` are the scans of the two trees, `diff` the answers' own change
/// (`None` when the base has no valid answers file: every answer is new, nothing to re-confirm),
/// and `answers_path` the answers file itself, whose edits are the answers' change, not evidence.
pub fn judge(
    head: &Score,
    diff: Option<&Diff>,
    files: &[ChangedFile],
    base: &Scan,
    head_scan: &Scan,
    answers_path: &str,
) -> EvidenceChanges {
    let files: Vec<&ChangedFile> = files.iter().filter(|f| f.path != answers_path).collect();
    let mut out = EvidenceChanges {
        files_changed: files.len(),
        ..EvidenceChanges::default()
    };
    for answer in &head.assessment.answers {
        let id = answer.dimension.id;
        let (base_level, head_level) = (base.supported_level(id), head_scan.supported_level(id));
        let base_paths = signal_paths(&base.signals, id);
        let head_paths = signal_paths(&head_scan.signals, id);
        if head_level < base_level && head_level < answer.level {
            let carried = files
                .iter()
                .filter(|f| f.base_path().is_some_and(|p| base_paths.contains(p)))
                .map(|f| (*f).clone())
                .collect();
            out.lost.push(Lost {
                dimension: id,
                answer: answer.level,
                base_level,
                head_level,
                files: carried,
            });
            continue;
        }
        let answer_changed = match diff {
            None => true,
            Some(d) => d.base.is_none() || d.changes.iter().any(|c| c.dimension.id == id),
        };
        // A level-1 answer claims nothing there is to re-confirm.
        if answer_changed || answer.level < 2 {
            continue;
        }
        let backing: Vec<ChangedFile> = files
            .iter()
            .filter(|f| {
                f.base_path().is_some_and(|p| base_paths.contains(p))
                    || f.head_path().is_some_and(|p| head_paths.contains(p))
            })
            .map(|f| (*f).clone())
            .collect();
        if !backing.is_empty() {
            out.reconfirm.push(Reconfirm {
                dimension: id,
                answer: answer.level,
                files: backing,
            });
        }
    }
    out
}

/// The base-side paths of `files` that some rule reads or matches (`relevant` says, see
/// `scan::relevant`): what must be fetched to scan the base, in order.
pub fn base_paths_to_read(files: &[ChangedFile], relevant: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut paths: Vec<String> = files
        .iter()
        .filter_map(ChangedFile::base_path)
        .filter(|p| relevant(p))
        .map(str::to_string)
        .collect();
    paths.dedup();
    paths
}

/// The overlay that turns the head's tree into the base's: files the change added are not on
/// the base, the others have the base's content where it was read (`contents`); a base file
/// that could not be read is left as the head has it (modified) or left out (removed).
pub fn base_overlay(files: &[ChangedFile], contents: &BTreeMap<String, Vec<u8>>) -> Overlay {
    let mut overlay = Overlay::new();
    for f in files {
        if let (Some(head), true) = (f.head_path(), f.status != FileStatus::Modified) {
            overlay.insert(head.to_string(), None);
        }
        if let Some(base) = f.base_path() {
            match contents.get(base) {
                Some(bytes) => {
                    overlay.insert(base.to_string(), Some(bytes.clone()));
                }
                None if f.status == FileStatus::Removed => {
                    overlay.insert(base.to_string(), None);
                }
                None => {}
            }
        }
    }
    overlay
}

/// The diagnostics of `changes`, at the answers' lines: `evidence-lost` (a warning, a note when
/// an active waiver covers the dimension) and `reconfirm` (a note).
pub fn diagnostics(changes: &EvidenceChanges, head: &Score) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for lost in &changes.lost {
        let Some(answer) = head.assessment.answer(lost.dimension) else {
            continue;
        };
        let message = format!(
            "`{}` is answered {}, and this change removes what backed it ({}); the repository now supports level {} (was {}): restore the evidence, or lower the answer",
            lost.dimension,
            lost.answer,
            named(&lost.files),
            lost.head_level,
            lost.base_level
        );
        let waiver = head.review.as_ref().and_then(|r| {
            r.waivers.iter().find(|w| {
                w.waiver.dimension.id == lost.dimension && w.status == WaiverStatus::Active
            })
        });
        let d = match waiver {
            Some(w) => Diagnostic::note(
                answer.pos,
                Code::EvidenceLost,
                format!(
                    "{message}; waived until {}: {}",
                    w.waiver.expires, w.waiver.reason
                ),
            ),
            None => Diagnostic::warning(answer.pos, Code::EvidenceLost, message),
        };
        out.push(d.in_dimension(answer.dimension.id));
    }
    for re in &changes.reconfirm {
        let Some(answer) = head.assessment.answer(re.dimension) else {
            continue;
        };
        let message = format!(
            "`{}` stays at {} while this change edits what backs it ({}): re-confirm that the answer still holds",
            re.dimension,
            re.answer,
            named(&re.files)
        );
        out.push(
            Diagnostic::note(answer.pos, Code::Reconfirm, message)
                .in_dimension(answer.dimension.id),
        );
    }
    out
}

/// Files for a message: the first three, then how many more.
fn named(files: &[ChangedFile]) -> String {
    let mut names: Vec<String> = files
        .iter()
        .take(3)
        .map(|f| {
            let status = match f.status {
                FileStatus::Added => "added",
                FileStatus::Removed => "removed",
                FileStatus::Modified => "changed",
                FileStatus::Renamed => "renamed",
            };
            format!(
                "`{}` {status}",
                f.base_path()
                    .filter(|_| f.status == FileStatus::Removed)
                    .unwrap_or(&f.path)
            )
        })
        .collect();
    if files.len() > 3 {
        names.push(format!("and {} more", files.len() - 3));
    }
    if names.is_empty() {
        "files it changed".into()
    } else {
        names.join(", ")
    }
}

fn signal_paths<'a>(signals: &'a [Signal], dimension: &str) -> BTreeSet<&'a str> {
    signals
        .iter()
        .filter(|s| s.dimension == dimension)
        .map(|s| s.path.as_str())
        .collect()
}
