//! The Markdown report shown in a job summary and a pull request comment (GitHub-flavoured).
//!
//! Every piece of text that comes from the answers file or the repository goes through `escape`,
//! so a note cannot inject HTML, mention people, link issues or break a table.

mod changes;
mod details;
mod problems;
mod review;

use std::fmt::Write;

use crate::changed::EvidenceChanges;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::diff::Diff;
use crate::escape;
use crate::questionnaire::Questionnaire;
use crate::render::text::plural;
use crate::scan::evidence::Evidence;
use crate::score::Score;

/// Where the report is shown, for links the pure renderer can't know by itself.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The answers file path, as shown to the reader.
    pub path: String,
    /// A URL prefix that a repository path can be appended to, e.g.
    /// `https://github.com/OWNER/REPO/blob/SHA/`; evidence paths become links when set.
    pub blob_base: Option<String>,
    /// The same for the base commit, where a file the change removed can still be seen.
    pub base_blob_base: Option<String>,
}

/// The colour of a level: red, orange, yellow, green.
pub fn square(points: u8) -> &'static str {
    match points {
        1 => "🟥",
        2 => "🟧",
        3 => "🟨",
        _ => "🟩",
    }
}

/// The coloured bar for an answer worth `points` of a dimension's `max`: one square per option.
///
/// Browsers may break a line between two emoji, which splits the bar in a narrow table cell; a
/// WORD JOINER (U+2060) between the squares forbids that break and shows as nothing.
pub fn bar(points: u8, max: u8) -> String {
    let max = max.max(1);
    let filled = usize::from(points.clamp(1, max));
    let mut squares = vec![square(crate::render::quarter(points, max)); filled];
    squares.resize(usize::from(max), "⬜");
    squares.join("\u{2060}")
}

/// What the report is about: a valid file's score and everything known about it.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub score: &'a Score,
    pub diagnostics: &'a [Diagnostic],
    /// The comparison with the pull request's base, when there is one.
    pub diff: Option<&'a Diff>,
    /// Each answer held against the repository, when the evidence check ran.
    pub evidence: Option<&'a Evidence>,
    /// What the change did to the evidence, when the base could be scanned too.
    pub changes: Option<&'a EvidenceChanges>,
    /// The gates that failed, as sentences.
    pub gate: &'a [String],
}

impl<'a> Report<'a> {
    /// A report of `score` alone: no base, no evidence, no gate.
    pub fn of(score: &'a Score, diagnostics: &'a [Diagnostic]) -> Self {
        Report {
            score,
            diagnostics,
            diff: None,
            evidence: None,
            changes: None,
            gate: &[],
        }
    }

    /// Whether the change is worth a reviewer's look: the answers, commitments or evidence moved.
    fn changed(&self) -> bool {
        self.diff.is_some_and(Diff::changed) || self.changes.is_some_and(EvidenceChanges::any)
    }
}

/// The report for a valid file, in the order a reviewer reads it: the headline, what needs
/// the reviewer, what changed, the other problems, then the full dimension table and the
/// reading list, folded when something changed (they are reference, not news).
pub fn report(r: &Report, ctx: &Context) -> String {
    let mut out = String::new();
    headline(&mut out, r, ctx);
    review::needs_review(&mut out, r, ctx);
    changes::what_changed(&mut out, r, ctx);
    let shown_above = shown_above(r);
    let rest: Vec<&Diagnostic> = r
        .diagnostics
        .iter()
        .filter(|d| !shown_above.contains(&(d.rule, d.dimension)))
        .collect();
    problems::problems(&mut out, &ctx.path, &rest);
    if r.changed() {
        let _ = writeln!(
            out,
            "<details><summary>All dimensions, next steps and reading</summary>\n"
        );
        details::all(&mut out, r, ctx);
        let _ = writeln!(out, "</details>\n");
    } else {
        details::all(&mut out, r, ctx);
    }
    let q = r.score.assessment.questionnaire;
    let _ = writeln!(
        out,
        "<sub>llmops-maturity {} · questionnaire {} · levels: {}</sub>",
        env!("CARGO_PKG_VERSION"),
        escape::code_span(&q.label(), false),
        escape::markdown(&q.bands())
    );
    out
}

/// The diagnostics "Needs your review" already says, so the alert below does not repeat them.
fn shown_above(r: &Report) -> Vec<(Code, Option<&'static str>)> {
    let mut shown: Vec<(Code, Option<&'static str>)> = review::unbacked_raises(r)
        .iter()
        .filter_map(|(name, _)| {
            r.score
                .assessment
                .answers
                .iter()
                .find(|a| a.dimension.name == *name)
                .map(|a| (Code::UnsupportedClaim, Some(a.dimension.id)))
        })
        .collect();
    if let Some(changes) = r.changes {
        shown.extend(
            changes
                .lost
                .iter()
                .map(|l| (Code::EvidenceLost, Some(l.dimension))),
        );
        shown.extend(
            changes
                .reconfirm
                .iter()
                .map(|c| (Code::Reconfirm, Some(c.dimension))),
        );
    }
    shown
}

/// The level, the points, the change from the base, and whose answers these are.
fn headline(out: &mut String, r: &Report, ctx: &Context) {
    let (score, level) = (r.score, r.score.level);
    let _ = writeln!(
        out,
        "## {} LLMOps maturity: level {} of {} · {}\n",
        square(level.number),
        level.number,
        score.assessment.questionnaire.top(),
        escape::markdown(level.name)
    );
    let mut line = format!("**{}** of {} points", score.total, score.max);
    match r.diff.map(|d| (d, d.base)) {
        Some((_, None)) => {}
        Some((d, Some((base_total, base_level, base_name)))) if d.questionnaire.is_some() => {
            let _ = write!(
                line,
                " · the base was level {base_level} · {} ({base_total} points) of another questionnaire",
                escape::markdown(base_name)
            );
        }
        Some((d, Some((base_total, base_level, base_name)))) => {
            let delta = d.score_delta().unwrap_or(0);
            let _ = match d.level_delta().unwrap_or(0) {
                x if x > 0 => write!(
                    line,
                    " · ⬆️ **up from level {base_level} · {}** ({base_total} → {}, {delta:+})",
                    escape::markdown(base_name),
                    score.total
                ),
                x if x < 0 => write!(
                    line,
                    " · ⬇️ **down from level {base_level} · {}** ({base_total} → {}, {delta:+})",
                    escape::markdown(base_name),
                    score.total
                ),
                _ if delta != 0 => write!(
                    line,
                    " · same level ({base_total} → {}, {delta:+})",
                    score.total
                ),
                _ if d.changed() => write!(line, " · same level and points"),
                _ => Ok(()),
            };
        }
        None => {}
    }
    match (score.next, score.points_to_next) {
        (Some(next), Some(points)) => {
            let _ = write!(
                line,
                " · **{}** to level {} · {}",
                plural(points, "point"),
                next.number,
                escape::markdown(next.name)
            );
        }
        _ => line.push_str(" · top level"),
    }
    let _ = writeln!(out, "{line}  ");
    let a = &score.assessment;
    let mut about = vec![escape::markdown_code(&ctx.path)];
    if let Some(team) = &a.team {
        about.push(escape::markdown(team));
    }
    if let Some(date) = &a.assessed_at {
        about.push(format!("assessed {}", escape::markdown(date)));
    }
    if !a.owners.is_empty() {
        let owners: Vec<String> = a.owners.iter().map(|o| escape::markdown(o)).collect();
        about.push(format!("owners: {}", owners.join(", ")));
    }
    let _ = writeln!(out, "<sub>{}</sub>\n", about.join(" · "));
    questionnaire_note(out, r);
}

/// The alert a change of questionnaire leads with: a method change is not progress or decline.
fn questionnaire_note(out: &mut String, r: &Report) {
    let Some(change) = r.diff.and_then(|d| d.questionnaire.as_ref()) else {
        return;
    };
    // Said before anything is compared: a method change is not progress or decline.
    let what = if change.before == change.after {
        format!(
            "{} (its dimensions or level bands) without a new version",
            escape::code_span(&change.after, false)
        )
    } else {
        format!(
            "from {} to {}",
            escape::code_span(&change.before, false),
            escape::code_span(&change.after, false)
        )
    };
    let _ = writeln!(
        out,
        "> [!IMPORTANT]\n> This pull request changes the questionnaire {what}. Levels and points of two questionnaires are not compared, so `fail-on-regression` does not fire on this change.\n"
    );
}

/// The report for a file that could not be scored.
pub fn invalid(path: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "## ❌ LLMOps maturity: {} is not valid\n",
        escape::markdown_code(path)
    );
    let _ = writeln!(
        out,
        "{} must be fixed before the answers can be scored.\n",
        plural(errors as u32, "problem")
    );
    let all: Vec<&Diagnostic> = diagnostics.iter().collect();
    problems::problems(&mut out, path, &all);
    out
}

/// `path:line` as code, linked to the line when the blob URL prefix is known.
pub fn location(s: &crate::scan::Signal, blob_base: Option<&str>) -> String {
    let shown = escape::markdown_code(&format!("{}:{}", s.path, s.line));
    match blob_base {
        Some(base) => format!("[{shown}]({base}{}#L{})", escape::url_path(&s.path), s.line),
        None => shown,
    }
}

/// The questionnaire as Markdown, for `questions --format markdown`.
pub fn questions(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape::markdown(q.title));
    for d in q.dimensions {
        let _ = writeln!(
            out,
            "## {} (`{}`)\n\n{}\n",
            escape::markdown(d.name),
            d.id,
            escape::markdown(d.question)
        );
        for (i, option) in d.options.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, escape::markdown(option));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## Levels\n\n| Level | Name | Points | Meaning |\n|---|---|---|---|"
    );
    for l in q.levels {
        let _ = writeln!(
            out,
            "| {} | {} | {}-{} | {} |",
            l.number,
            escape::markdown(l.name),
            l.min,
            l.max,
            escape::markdown(l.meaning)
        );
    }
    out
}
