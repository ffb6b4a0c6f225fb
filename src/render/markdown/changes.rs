//! "What changed": the answers a pull request changes, each with whether the repository backs it, and the commitments it adds, moves or removes.

use std::fmt::Write;

use super::{bar, details::evidence_cell, Context, Report};
use crate::diff::{Diff, WaiverChange};
use crate::escape;

/// The section, when the report compares with a base.
pub(super) fn what_changed(out: &mut String, r: &Report, ctx: &Context) {
    let Some(diff) = r.diff else {
        return;
    };
    let _ = writeln!(out, "### What changed\n");
    if diff.base.is_none() {
        let _ = writeln!(
            out,
            "🆕 **New assessment**: the base branch has no answers file at this path.\n"
        );
        return;
    }
    if !diff.changed() {
        let _ = writeln!(out, "✅ **The answers match the base branch.**\n");
        return;
    }
    commitment_changes(out, diff);
    if diff.changes.is_empty() {
        if diff.questionnaire.is_some() && diff.targets.is_empty() && diff.waivers.is_empty() {
            let _ = writeln!(out, "No answer changed; only the questionnaire did.\n");
        }
        return;
    }
    let evidence = r.evidence.is_some();
    if evidence {
        let _ = writeln!(out, "| Dimension | Base | Head | Change | Evidence |");
        let _ = writeln!(out, "|---|---|---|---|---|");
    } else {
        let _ = writeln!(out, "| Dimension | Base | Head | Change |");
        let _ = writeln!(out, "|---|---|---|---|");
    }
    for c in &diff.changes {
        let before = c.before.map_or("—".to_string(), |b| {
            format!("{}&nbsp;{b}", bar(b, c.dimension.max_points()))
        });
        let mut note = match c.delta() {
            d if d > 0 => format!("⬆️ {d:+}"),
            d if d < 0 => format!("⬇️ {d:+}"),
            _ => String::new(),
        };
        let extra: Vec<&str> = [(c.evidence_changed, "evidence"), (c.notes_changed, "notes")]
            .into_iter()
            .filter_map(|(on, what)| on.then_some(what))
            .collect();
        if !extra.is_empty() {
            if !note.is_empty() {
                note.push_str(", ");
            }
            let _ = write!(note, "{} updated", extra.join(" and "));
        }
        let cell = r
            .evidence
            .and_then(|e| e.of(c.dimension.id))
            .map(|e| format!(" {} |", evidence_cell(e, ctx)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {before} | {}&nbsp;{} | {note} |{cell}",
            escape::markdown(c.dimension.name),
            bar(c.after, c.dimension.max_points()),
            c.after
        );
    }
    out.push('\n');
}

/// The commitments this pull request changes: a reviewer must see a waiver being added or
/// extended, or a target date being moved, even when no answer changed.
fn commitment_changes(out: &mut String, diff: &Diff) {
    if diff.targets.is_empty() && diff.waivers.is_empty() {
        return;
    }
    let _ = writeln!(out, "**Commitments changed by this pull request:**\n");
    for w in &diff.waivers {
        let _ = writeln!(out, "- {}", waiver_change(w));
    }
    for t in &diff.targets {
        let line = match (t.before, t.after) {
            (None, Some(after)) => format!("🎯 **New target**: {} by {after}", t.goal.describe()),
            (Some(before), None) => format!(
                "🗑️ **Target removed**: {} (was by {before})",
                t.goal.describe()
            ),
            (Some(before), Some(after)) if after > before => format!(
                "⚠️ **Target moved later**: {} by {before} → **{after}**",
                t.goal.describe()
            ),
            (Some(before), Some(after)) => {
                format!(
                    "📅 **Target moved earlier**: {} by {before} → {after}",
                    t.goal.describe()
                )
            }
            (None, None) => continue,
        };
        let _ = writeln!(out, "- {line}");
    }
    out.push('\n');
}

fn waiver_change(w: &WaiverChange) -> String {
    let waiver = w.waiver();
    let name = escape::markdown(w.dimension.name);
    let approved = |a: Option<&str>| a.map_or("nobody named".to_string(), escape::markdown);
    let (Some(before), Some(after)) = (&w.before, &w.after) else {
        return if w.after.is_some() {
            let by = waiver
                .approved_by
                .as_deref()
                .map_or(" (no approver named)".to_string(), |a| {
                    format!(", approved by {}", escape::markdown(a))
                });
            format!(
                "⚠️ **New waiver** for {name} until {}{by}: {}",
                waiver.expires,
                escape::markdown(&waiver.reason)
            )
        } else {
            format!(
                "🗑️ **Waiver removed** for {name} (was until {})",
                waiver.expires
            )
        };
    };
    let mut parts = Vec::new();
    if after.expires > before.expires {
        parts.push(format!(
            "⚠️ **extended** from {} to **{}**",
            before.expires, after.expires
        ));
    } else if after.expires < before.expires {
        parts.push(format!(
            "shortened from {} to {}",
            before.expires, after.expires
        ));
    }
    if w.reason_changed() {
        parts.push(format!("new reason: {}", escape::markdown(&after.reason)));
    }
    if w.approver_changed() {
        parts.push(format!(
            "approver {} → {}",
            approved(before.approved_by.as_deref()),
            approved(after.approved_by.as_deref())
        ));
    }
    format!("**Waiver changed** for {name}: {}", parts.join("; "))
}
