//! "Needs your review": what a reviewer must decide on, first in the comment: failed gates, raises nothing backs, evidence the change removed, answers to re-confirm.

use std::fmt::Write;

use super::{Context, Report};
use crate::changed::{ChangedFile, FileStatus};
use crate::diagnostic::{Code, Severity};
use crate::escape;
use crate::scan::evidence::Status;

/// The section, when there is anything in it; returns whether it wrote one.
pub(super) fn needs_review(out: &mut String, r: &Report, ctx: &Context) -> bool {
    let mut items = Vec::new();
    for failure in r.gate {
        items.push(format!(
            "❌ **Gate failed**: {}",
            escape::message(failure, false)
        ));
    }
    for (name, message) in unbacked_raises(r) {
        items.push(format!(
            "⚠️ **Raised without evidence**: **{}**. {}",
            escape::markdown(name),
            escape::message(&message, false)
        ));
    }
    if let Some(changes) = r.changes {
        for lost in &changes.lost {
            let name = escape::markdown(dimension_name(r, lost.dimension));
            let files = files(&lost.files, ctx, Side::Base);
            let what = if files.is_empty() {
                String::new()
            } else {
                format!(": {files}")
            };
            items.push(format!(
                "📉 **Evidence lost**: **{name}** is answered {}, and this change removes what backed it{what}. The repository now supports level {} (was {}).",
                lost.answer, lost.head_level, lost.base_level
            ));
        }
        for re in &changes.reconfirm {
            let name = escape::markdown(dimension_name(r, re.dimension));
            items.push(format!(
                "🔁 **Re-confirm**: **{name}** stays at {} while this change edits what backs it: {}. Does the answer still hold?",
                re.answer,
                files(&re.files, ctx, Side::Head)
            ));
        }
    }
    if items.is_empty() {
        return false;
    }
    let _ = writeln!(out, "### Needs your review\n");
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
    true
}

/// The dimensions this change raises that nothing in the repository backs, each with the
/// `unsupported-claim` message (what was looked for, how to fix it).
pub(super) fn unbacked_raises(r: &Report) -> Vec<(&'static str, String)> {
    let (Some(diff), Some(evidence)) = (r.diff, r.evidence) else {
        return Vec::new();
    };
    diff.changes
        .iter()
        .filter(|c| c.delta() > 0)
        .filter(|c| {
            evidence
                .of(c.dimension.id)
                .is_some_and(|e| e.status == Status::Unsupported)
        })
        .map(|c| {
            let message = r
                .diagnostics
                .iter()
                .find(|d| {
                    d.rule == Code::UnsupportedClaim
                        && d.severity == Severity::Warning
                        && d.dimension == Some(c.dimension.id)
                })
                .map_or_else(
                    || "Nothing in the repository supports it.".to_string(),
                    |d| d.message.clone(),
                );
            (c.dimension.name, message)
        })
        .collect()
}

fn dimension_name(r: &Report, id: &str) -> &'static str {
    r.score
        .assessment
        .answer(id)
        .map_or("?", |a| a.dimension.name)
}

/// Which commit a file's link points into.
#[derive(Clone, Copy)]
enum Side {
    Base,
    Head,
}

/// At most this many files are named per item; the rest are counted.
const MAX_FILES: usize = 5;

/// The files as code, linked to the commit where they are (the base for a removed file).
fn files(files: &[ChangedFile], ctx: &Context, side: Side) -> String {
    let mut shown: Vec<String> = files
        .iter()
        .take(MAX_FILES)
        .map(|f| {
            let (path, base) = match (f.status.clone(), side) {
                (FileStatus::Removed, _) | (_, Side::Base) => (
                    f.base_path().unwrap_or(&f.path),
                    ctx.base_blob_base.as_deref(),
                ),
                _ => (f.path.as_str(), ctx.blob_base.as_deref()),
            };
            let code = escape::markdown_code(path);
            let linked = match base {
                Some(base) => format!("[{code}]({base}{})", escape::url_path(path)),
                None => code,
            };
            let status = match f.status {
                FileStatus::Added => "added",
                FileStatus::Removed => "removed",
                FileStatus::Modified => "changed",
                FileStatus::Renamed => "renamed",
            };
            format!("{linked} ({status})")
        })
        .collect();
    if files.len() > MAX_FILES {
        shown.push(format!("and {} more", files.len() - MAX_FILES));
    }
    shown.join(", ")
}
