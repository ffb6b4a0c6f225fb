//! The Markdown report shown in a job summary and a pull request comment (GitHub-flavoured).
//!
//! Every piece of text that comes from the answers file goes through `escape` or `code`, so a note
//! cannot inject HTML, mention people, link issues or break a table.

use std::fmt::Write;

use crate::commitments::{relative, Review, TargetStatus, WaiverStatus};
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::{Diff, WaiverChange};
use crate::questionnaire::Questionnaire;
use crate::render::text::plural;
use crate::scan::evidence::{AnswerEvidence, Evidence, Status};
use crate::score::Score;

/// Where the report is shown, for links the pure renderer can't know by itself.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The answers file path, as shown to the reader.
    pub path: String,
    /// A URL prefix that a repository path can be appended to, e.g.
    /// `https://github.com/OWNER/REPO/blob/SHA/`; evidence paths become links when set.
    pub blob_base: Option<String>,
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

/// The coloured four-square bar for an answer worth `points`.
///
/// Browsers may break a line between two emoji, which splits the bar in a narrow table cell; a
/// WORD JOINER (U+2060) between the squares forbids that break and shows as nothing.
pub fn bar(points: u8) -> String {
    let filled = usize::from(points.clamp(1, 4));
    let mut squares = vec![square(points); filled];
    squares.resize(4, "⬜");
    squares.join("\u{2060}")
}

/// The report for a valid file, with the pull request's changes when `diff` is given and an
/// evidence column when `evidence` is.
pub fn report(
    score: &Score,
    diagnostics: &[Diagnostic],
    diff: Option<&Diff>,
    evidence: Option<&Evidence>,
    ctx: &Context,
) -> String {
    let mut out = String::new();
    let level = score.level;
    let a = &score.assessment;
    let _ = writeln!(
        out,
        "## {} LLMOps maturity: level {} of 4 · {}\n",
        square(level.number),
        level.number,
        level.name
    );
    let mut line = format!("**{}** of {} points", score.total, score.max);
    match (score.next, score.points_to_next) {
        (Some(next), Some(points)) => {
            let _ = write!(
                line,
                " · **{}** to level {} · {}",
                plural(points, "point"),
                next.number,
                next.name
            );
        }
        _ => line.push_str(" · top level"),
    }
    let _ = writeln!(out, "{line}  ");
    let mut about = vec![code(&ctx.path)];
    if let Some(team) = &a.team {
        about.push(escape(team));
    }
    if let Some(date) = &a.assessed_at {
        about.push(format!("assessed {}", escape(date)));
    }
    if !a.owners.is_empty() {
        let owners: Vec<String> = a.owners.iter().map(|o| escape(o)).collect();
        about.push(format!("owners: {}", owners.join(", ")));
    }
    let _ = writeln!(out, "<sub>{}</sub>\n", about.join(" · "));

    if let Some(diff) = diff {
        changes(&mut out, diff, score);
        let _ = writeln!(out, "### All dimensions\n");
    }

    match evidence {
        Some(_) => {
            let _ = writeln!(out, "| Dimension | Level | Current practice | Evidence |");
            let _ = writeln!(out, "|---|---|---|---|");
        }
        None => {
            let _ = writeln!(out, "| Dimension | Level | Current practice |");
            let _ = writeln!(out, "|---|---|---|");
        }
    }
    for answer in &a.answers {
        let cell = evidence
            .and_then(|e| e.of(answer.dimension.id))
            .map(|e| format!(" {} |", evidence_cell(e, ctx)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {}&nbsp;{} | {} |{cell}",
            answer.dimension.name,
            bar(answer.level),
            answer.level,
            answer.dimension.option(answer.level)
        );
    }
    out.push('\n');
    if let Some(review) = &score.review {
        commitments(&mut out, review);
    }

    if !score.weakest.is_empty() {
        let _ = writeln!(
            out,
            "**Weakest {}:**",
            if score.weakest.len() == 1 {
                "dimension"
            } else {
                "dimensions"
            }
        );
        for d in &score.weakest {
            let points = score.points(d.id).unwrap_or(1);
            let _ = writeln!(
                out,
                "- **{}** ({points}/4). Next step: _{}_",
                d.name,
                d.option(points + 1)
            );
        }
        out.push('\n');
    }

    match score.next {
        Some(next) => {
            let _ = writeln!(out, "### To reach level {} · {}\n", next.number, next.name);
        }
        None => {
            let _ = writeln!(
                out,
                "### Staying at level {} · {}\n",
                level.number, level.name
            );
        }
    }
    let _ = writeln!(out, "{}\n", level.advice);
    let _ = writeln!(
        out,
        "<details><summary>Suggested reading ({})</summary>\n",
        level.references.len()
    );
    for r in level.references {
        let _ = writeln!(out, "- [{}]({})", r.title, r.url);
    }
    let _ = writeln!(out, "\n</details>\n");

    evidence_and_notes(&mut out, score, ctx);
    problems(&mut out, &ctx.path, diagnostics);
    let _ = writeln!(
        out,
        "<sub>llmops-maturity {} · questionnaire `{}` · levels: 1 Initial 7-11, 2 Defined 12-16, 3 Managed 17-21, 4 Optimized 22-28</sub>",
        env!("CARGO_PKG_VERSION"),
        a.questionnaire.id
    );
    out
}

/// The report for a file that could not be scored.
pub fn invalid(path: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let _ = writeln!(out, "## ❌ LLMOps maturity: {} is not valid\n", code(path));
    let _ = writeln!(
        out,
        "{} must be fixed before the answers can be scored.\n",
        plural(errors as u32, "problem")
    );
    problems(&mut out, path, diagnostics);
    out
}

fn changes(out: &mut String, diff: &Diff, head: &Score) {
    let _ = writeln!(out, "### What changed\n");
    let Some((base_total, base_level, base_name)) = diff.base else {
        let _ = writeln!(
            out,
            "🆕 **New assessment**: the base branch has no answers file at this path.\n"
        );
        return;
    };
    if !diff.changed() {
        let _ = writeln!(
            out,
            "✅ **The answers match the base branch**: nothing to review here.\n"
        );
        return;
    }
    let delta = diff.score_delta().unwrap_or(0);
    let headline = match diff.level_delta().unwrap_or(0) {
        d if d > 0 => format!(
            "⬆️ **This pull request raises the level** from {base_level} · {base_name} to {} · {}",
            head.level.number, head.level.name
        ),
        d if d < 0 => format!(
            "⬇️ **This pull request lowers the level** from {base_level} · {base_name} to {} · {}",
            head.level.number, head.level.name
        ),
        _ => format!(
            "↔️ **Same level** ({} · {})",
            head.level.number, head.level.name
        ),
    };
    let _ = writeln!(
        out,
        "{headline}: {base_total} → {} points ({delta:+}).\n",
        head.total
    );
    commitment_changes(out, diff);
    if diff.changes.is_empty() {
        return;
    }
    let _ = writeln!(out, "| Dimension | Base | Head | Change |");
    let _ = writeln!(out, "|---|---|---|---|");
    for c in &diff.changes {
        let before = c
            .before
            .map_or("—".to_string(), |b| format!("{}&nbsp;{b}", bar(b)));
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
        let _ = writeln!(
            out,
            "| {} | {before} | {}&nbsp;{} | {note} |",
            c.dimension.name,
            bar(c.after),
            c.after
        );
    }
    out.push('\n');
}

/// The evidence status of one answer, with its strongest signal as a link to the line.
fn evidence_cell(e: &AnswerEvidence, ctx: &Context) -> String {
    let status = match e.status {
        Status::Verified => "✅ verified",
        Status::Declared => "📄 declared",
        Status::Unsupported => "⚠️ unsupported",
        Status::NotNeeded => "not needed",
    };
    match (e.status, e.strongest()) {
        (Status::Verified, Some(best)) => {
            format!("{status}: {}", location(best, ctx.blob_base.as_deref()))
        }
        _ => status.to_string(),
    }
}

/// Targets and waivers as two compact tables, and the review cadence in one line.
fn commitments(out: &mut String, review: &Review) {
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
                w.waiver.dimension.name,
                escape(&w.waiver.reason),
                w.waiver
                    .approved_by
                    .as_deref()
                    .map_or("—".to_string(), escape),
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
    let name = w.dimension.name;
    let approved = |a: Option<&str>| a.map_or("nobody named".to_string(), escape);
    let (Some(before), Some(after)) = (&w.before, &w.after) else {
        return if w.after.is_some() {
            let by = waiver
                .approved_by
                .as_deref()
                .map_or(" (no approver named)".to_string(), |a| {
                    format!(", approved by {}", escape(a))
                });
            format!(
                "⚠️ **New waiver** for {name} until {}{by}: {}",
                waiver.expires,
                escape(&waiver.reason)
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
        parts.push(format!("new reason: {}", escape(&after.reason)));
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

fn evidence_and_notes(out: &mut String, score: &Score, ctx: &Context) {
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
            parts.push(escape(notes));
        }
        if !a.evidence.is_empty() {
            let links: Vec<String> = a.evidence.iter().map(|e| evidence_link(e, ctx)).collect();
            parts.push(format!("Evidence: {}", links.join(", ")));
        }
        let _ = writeln!(out, "- **{}**: {}", a.dimension.name, parts.join(" "));
    }
    let _ = writeln!(out, "\n</details>\n");
}

fn evidence_link(item: &str, ctx: &Context) -> String {
    if item.starts_with("https://") {
        return format!(
            "[{}]({})",
            escape(item.trim_start_matches("https://")),
            url(item)
        );
    }
    match &ctx.blob_base {
        Some(base) => format!(
            "[{}]({}{})",
            code(item),
            base,
            url(item.trim_start_matches("./"))
        ),
        None => code(item),
    }
}

fn problems(out: &mut String, path: &str, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let notes = diagnostics.len() - errors - warnings;
    let kind = match (errors, warnings) {
        (0, 0) => "NOTE",
        (0, _) => "WARNING",
        _ => "CAUTION",
    };
    let mut counts = Vec::new();
    if errors > 0 {
        counts.push(plural(errors as u32, "error"));
    }
    if warnings > 0 {
        counts.push(plural(warnings as u32, "warning"));
    }
    if notes > 0 {
        counts.push(plural(notes as u32, "note"));
    }
    let _ = writeln!(
        out,
        "> [!{kind}]\n> {} in {}\n>",
        counts.join(" and "),
        code(path)
    );
    for d in diagnostics {
        let at = d.pos.map_or("file".to_string(), |p| {
            format!("line {}, col {}", p.line, p.col)
        });
        let _ = writeln!(out, "> - **{at}** ({}): {}", d.severity, escape(&d.message));
    }
    out.push('\n');
}

/// `path:line` as code, linked to the line when the blob URL prefix is known.
pub fn location(s: &crate::scan::Signal, blob_base: Option<&str>) -> String {
    let shown = code(&format!("{}:{}", s.path, s.line));
    match blob_base {
        Some(base) => format!("[{shown}]({base}{}#L{})", url_path(&s.path), s.line),
        None => shown,
    }
}

/// Percent-encodes what would end a Markdown link target or break out of HTML.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || "/-_.~".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The questionnaire as Markdown, for `questions --format markdown`.
pub fn questions(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", q.title);
    for d in q.dimensions {
        let _ = writeln!(out, "## {} (`{}`)\n\n{}\n", d.name, d.id, d.question);
        for (i, option) in d.options.iter().enumerate() {
            let _ = writeln!(out, "{}. {option}", i + 1);
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
            l.number, l.name, l.min, l.max, l.meaning
        );
    }
    out
}

/// Escapes user text for inline Markdown, table cells included.
///
/// HTML special characters become entities; Markdown punctuation is backslash-escaped; `@` and
/// `#` (and the dash of `GH-1`) get a zero-width space after them so GitHub links no one and no
/// issue (the trick Renovate uses in its release notes); line breaks become spaces so a table row
/// stays one row.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        // `GH-123` is an issue reference GitHub links, in any case; a zero-width space after
        // the dash keeps it text.
        if c == '-'
            && gh_reference_before(&out, previous)
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            out.push_str("-&#8203;");
            previous = c;
            continue;
        }
        previous = c;
        match c {
            '#' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric()) => {
                out.push_str("#&#8203;")
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '~' | '!' | '{' | '}' | ':' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => push_neutral(&mut out, c),
        }
    }
    out
}

/// Whether `out` ends with a `GH` that starts a word, so a following `-123` would link it.
fn gh_reference_before(out: &str, previous: char) -> bool {
    if !previous.eq_ignore_ascii_case(&'h') {
        return false;
    }
    let mut tail = out.chars().rev();
    let (h, g, before) = (tail.next(), tail.next(), tail.next());
    h.is_some_and(|h| h.eq_ignore_ascii_case(&'h'))
        && g.is_some_and(|g| g.eq_ignore_ascii_case(&'g'))
        && before.is_none_or(|b| !b.is_alphanumeric() && b != '_')
}

/// User text as inline code: an HTML `<code>` element, which no backtick can break out of.
pub fn code(text: &str) -> String {
    let mut out = String::from("<code>");
    for c in text.chars() {
        push_neutral(&mut out, c);
    }
    out.push_str("</code>");
    out
}

/// What `escape` and `code` both do to a character: HTML specials become entities, `|` keeps
/// a table row whole, `@` mentions no one, line breaks become spaces, other controls vanish.
fn push_neutral(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '|' => out.push_str("&#124;"),
        '@' => out.push_str("@&#8203;"),
        // In a code element `#` is shown as itself, and `##[` would be a legacy workflow
        // command if the Markdown is printed in a job log.
        '#' => out.push_str("&#35;"),
        '\n' | '\r' | '\t' => out.push(' '),
        c if c.is_control() => {}
        c => out.push(c),
    }
}

/// Percent-encodes the characters that would end a Markdown link target early or break HTML.
pub fn url(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '"' | '\'' | '|' | '`' | '\\' | '[' | ']' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_html_mentions_and_tables() {
        let s = escape("<img src=x onerror=alert(1)> @octocat | fixes #12\nnext");
        assert_eq!(
            s,
            "&lt;img src=x onerror=alert\\(1\\)&gt; @&#8203;octocat &#124; fixes #&#8203;12 next"
        );
    }

    #[test]
    fn gh_references_are_not_linked() {
        assert_eq!(
            escape("see GH-1, gh-22 and (Gh-3)"),
            "see GH-&#8203;1, gh-&#8203;22 and \\(Gh-&#8203;3\\)"
        );
        // Not references: a word that ends in gh, no digits, or a longer prefix.
        assert_eq!(escape("high-5 GH-x BGH-1"), "high-5 GH-x BGH-1");
    }

    #[test]
    fn code_never_holds_a_legacy_workflow_command() {
        assert_eq!(
            code("docs/x ##[add-mask]Managed"),
            "<code>docs/x &#35;&#35;[add-mask]Managed</code>"
        );
    }

    #[test]
    fn code_cannot_be_closed_by_the_user() {
        let s = code("</code><script>x</script>");
        assert_eq!(s.matches("</code>").count(), 1, "{s}");
        assert!(!s.contains("<script>"));
    }

    #[test]
    fn a_waived_claim_is_a_note_not_a_warning() {
        let pos = crate::config::Pos { line: 9, col: 5 };
        let mut waived = Diagnostic::warning(
            pos,
            "unsupported-claim",
            "waived until 2027-01-31: RAI board",
        );
        waived.severity = Severity::Info;
        let mut out = String::new();
        problems(&mut out, "a.yaml", &[waived.clone()]);
        assert!(
            out.starts_with("> [!NOTE]\n> 1 note in <code>a.yaml</code>"),
            "{out}"
        );
        assert!(
            out.contains("(info): waived until 2027-01-31\\: RAI board"),
            "{out}"
        );
        let warning = Diagnostic::warning(pos, "stale-assessment", "old");
        let mut out = String::new();
        problems(&mut out, "a.yaml", &[warning, waived]);
        assert!(
            out.starts_with("> [!WARNING]\n> 1 warning and 1 note in"),
            "{out}"
        );
    }

    #[test]
    fn url_keeps_link_targets_closed() {
        assert_eq!(url("https://x.test/a b)c"), "https://x.test/a%20b%29c");
    }
}
