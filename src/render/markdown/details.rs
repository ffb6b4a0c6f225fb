//! The reference part of the report: every dimension with its evidence, the commitments, the next steps, the reading list, and the answers' own evidence and notes.

use std::fmt::Write;

use super::{bar, location, Context, Report};
use crate::commitments::{relative, Review, TargetStatus, WaiverStatus};
use crate::escape;
use crate::render::text::plural;
use crate::scan::evidence::{AnswerEvidence, Status};
use crate::score::Score;

/// The table of every dimension, then commitments, next steps and the reading list.
pub(super) fn all(out: &mut String, r: &Report, ctx: &Context) {
    dimension_table(out, r, ctx);
    if let Some(review) = &r.score.review {
        commitments(out, review);
    }
    next_steps(out, r.score);
    reading(out, r.score);
    evidence_and_notes(out, r.score, ctx);
}

fn dimension_table(out: &mut String, r: &Report, ctx: &Context) {
    match r.evidence {
        Some(_) => {
            let _ = writeln!(out, "| Dimension | Level | Current practice | Evidence |");
            let _ = writeln!(out, "|---|---|---|---|");
        }
        None => {
            let _ = writeln!(out, "| Dimension | Level | Current practice |");
            let _ = writeln!(out, "|---|---|---|");
        }
    }
    for answer in &r.score.assessment.answers {
        let cell = r
            .evidence
            .and_then(|e| e.of(answer.dimension.id))
            .map(|e| format!(" {} |", evidence_cell(e, ctx)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {}&nbsp;{} | {} |{cell}",
            escape::markdown(answer.dimension.name),
            bar(answer.level, answer.dimension.max_points()),
            answer.level,
            escape::markdown(answer.dimension.option(answer.level))
        );
    }
    out.push('\n');
}

/// The evidence status of one answer, with its strongest signal as a link to the line.
pub(super) fn evidence_cell(e: &AnswerEvidence, ctx: &Context) -> String {
    let status = match e.status {
        Status::Verified => "✅ verified",
        Status::Declared => "📄 declared",
        Status::Unsupported => "⚠️ unsupported",
        // "not needed" read as if the practice were not needed.
        Status::NotNeeded => "— level 1 claims nothing to back",
        Status::Waived => "⏸️ waived",
        Status::NotChecked => "➖ not checked (no rule looks for this dimension)",
    };
    match (e.status, e.strongest()) {
        (Status::Verified, Some(best)) => {
            format!("{status}: {}", location(best, ctx.blob_base.as_deref()))
        }
        _ => status.to_string(),
    }
}

/// The weakest dimensions and, for the next level, the next step of each dimension below it.
fn next_steps(out: &mut String, score: &Score) {
    let level = score.level;
    let Some(next) = score.next else {
        let _ = writeln!(
            out,
            "### Staying at level {} · {}\n",
            level.number,
            escape::markdown(level.name)
        );
        let _ = writeln!(out, "{}\n", escape::markdown(level.advice));
        return;
    };
    let _ = writeln!(
        out,
        "### To reach level {} · {}\n",
        next.number,
        escape::markdown(next.name)
    );
    let to_go = score
        .points_to_next
        .map(|p| format!(" ({} to go)", plural(p, "point")))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Next steps for the dimensions below level {}{to_go}:\n",
        next.number
    );
    let steps = score.next_steps();
    for step in steps.iter().take(MAX_STEPS) {
        let _ = writeln!(
            out,
            "- **{}** ({}/4 → {}): _{}_",
            escape::markdown(step.dimension.name),
            step.points,
            step.points + 1,
            escape::markdown(step.option)
        );
    }
    if steps.len() > MAX_STEPS {
        let _ = writeln!(out, "- and {} more", steps.len() - MAX_STEPS);
    }
    out.push('\n');
}

/// Next steps listed before "and N more": a reviewer reads three, not seven.
const MAX_STEPS: usize = 3;

fn reading(out: &mut String, score: &Score) {
    let level = score.level;
    let _ = writeln!(
        out,
        "<details><summary>Suggested reading ({})</summary>\n",
        level.references.len()
    );
    for r in level.references {
        let _ = writeln!(
            out,
            "- [{}]({})",
            escape::markdown(r.title),
            escape::url(r.url)
        );
    }
    let _ = writeln!(out, "\n</details>\n");
}

/// Targets and waivers as two compact tables, and the review cadence in one line.
pub(super) fn commitments(out: &mut String, review: &Review) {
    if !review.targets.is_empty() {
        let _ = writeln!(out, "| Target | By | Status | Days left |");
        let _ = writeln!(out, "|---|---|---|---|");
        for t in &review.targets {
            let status = match t.status {
                TargetStatus::Met => "✅ met",
                TargetStatus::Pending => "⏳ pending",
                TargetStatus::DueSoon => "⚠️ due soon",
                TargetStatus::Missed => "❌ **missed**",
            };
            let days = match t.status {
                TargetStatus::Met => "—".to_string(),
                _ => relative(t.days_left),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {status} | {days} |",
                capitalized(&t.target.describe()),
                t.target.by
            );
        }
        out.push('\n');
    }
    if !review.waivers.is_empty() {
        let _ = writeln!(out, "| Waiver | Reason | Approved by | Expires |");
        let _ = writeln!(out, "|---|---|---|---|");
        for w in &review.waivers {
            let status = match w.status {
                WaiverStatus::Active => format!("⏳ active, {}", relative(w.days_left)),
                WaiverStatus::Expired => format!("❌ **expired** {}", relative(w.days_left)),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} · {status} |",
                escape::markdown(w.waiver.dimension.name),
                escape::markdown(&w.waiver.reason),
                w.waiver
                    .approved_by
                    .as_deref()
                    .map_or("—".to_string(), escape::markdown),
                w.waiver.expires
            );
        }
        out.push('\n');
    }
    if let (Some(every), Some(days)) = (review.review_every, review.days_since_assessed) {
        let next = i64::from(every) - days;
        if review.stale {
            let _ = writeln!(
                out,
                "⚠️ **Stale assessment**: assessed {} and reviewed every {}, so the review was due {}.\n",
                relative(-days),
                plural(every, "day"),
                relative(next)
            );
        } else {
            let _ = writeln!(
                out,
                "Assessed {}; reviewed every {}, next review due {}.\n",
                relative(-days),
                plural(every, "day"),
                relative(next)
            );
        }
    }
}

/// "Overall level 3 · Managed" for a table cell that starts with it.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(super) fn evidence_and_notes(out: &mut String, score: &Score, ctx: &Context) {
    let documented: Vec<_> = score
        .assessment
        .answers
        .iter()
        .filter(|a| !a.evidence.is_empty() || a.notes.is_some())
        .collect();
    if documented.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details><summary>Evidence and notes ({})</summary>\n",
        documented.len()
    );
    for a in documented {
        let mut parts = Vec::new();
        if let Some(notes) = &a.notes {
            parts.push(escape::markdown(notes));
        }
        if !a.evidence.is_empty() {
            let links: Vec<String> = a.evidence.iter().map(|e| evidence_link(e, ctx)).collect();
            parts.push(format!("Evidence: {}", links.join(", ")));
        }
        let _ = writeln!(
            out,
            "- **{}**: {}",
            escape::markdown(a.dimension.name),
            parts.join(" ")
        );
    }
    let _ = writeln!(out, "\n</details>\n");
}

fn evidence_link(item: &str, ctx: &Context) -> String {
    if item.starts_with("https://") {
        return format!(
            "[{}]({})",
            escape::markdown(item.trim_start_matches("https://")),
            escape::url(item)
        );
    }
    match &ctx.blob_base {
        Some(base) => format!(
            "[{}]({}{})",
            escape::markdown_code(item),
            base,
            escape::url(item.trim_start_matches("./"))
        ),
        None => escape::markdown_code(item),
    }
}
