//! The roll-up as a Markdown dashboard, versioned JSON, or CSV: pure, every piece of repository text escaped.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::escape;
use crate::questionnaire::{self, Questionnaire};
use crate::render::json::{diagnostic, SCHEMA_VERSION};
use crate::render::markdown::bar;
use crate::render::text::plural;

use super::movement::Movement;
use super::rollup::{Entry, Group, Rollup, Status};

/// The JSON roll-up (`schema_version` 1): level and score are `null` unless the status is `ok`.
/// Typed rather than built with `json!`, which made rendering a third of `org`'s time on 1,000
/// repositories; the field order is the documented one. `movement` (with `--previous`) adds each
/// repository's move and the repositories that are gone.
pub fn json<'a>(rollup: &'a Rollup, movement: Option<&'a Movement>) -> impl Serialize + 'a {
    let repositories = rollup.entries.iter().enumerate().map(move |(i, e)| {
        let (status, score, errors) = match &e.status {
            Status::Ok(score) => ("ok", Some(score), &[][..]),
            Status::Invalid(errors) => ("invalid", None, errors.as_slice()),
            Status::Missing => ("missing", None, &[][..]),
        };
        Repository {
            name: &e.name,
            status,
            level: score.map(|s| s.level.number),
            score: score.map(|s| s.total),
            weakest: score.map_or(Vec::new(), |s| s.weakest.iter().map(|d| d.id).collect()),
            assessed_at: score.and_then(|s| s.assessment.assessed_at.as_deref()),
            errors: errors.iter().map(diagnostic).collect(),
            questionnaire: score.map(|s| QuestionnaireRef {
                id: s.assessment.questionnaire.id,
                version: s.assessment.questionnaire.version,
            }),
            movement: movement.and_then(|m| m.moves.get(i)).map(|m| Change {
                change: m.as_str(),
                previous_level: m.previous_level(),
            }),
        }
    });
    let [l1, l2, l3, l4] = rollup.levels();
    let questionnaires = rollup
        .groups()
        .iter()
        .map(|g| QuestionnaireGroup {
            id: g.questionnaire.id,
            version: g.questionnaire.version,
            title: g.questionnaire.title,
            repositories: g.entries.len(),
            levels: g
                .questionnaire
                .levels
                .iter()
                .zip(g.levels())
                .map(|(l, n)| (l.number.to_string(), Json::from(n)))
                .collect(),
        })
        .collect();
    Dashboard {
        schema_version: SCHEMA_VERSION,
        owner: &rollup.owner,
        repositories: repositories.collect(),
        levels: Levels { l1, l2, l3, l4 },
        missing: rollup.missing(),
        invalid: rollup.invalid(),
        questionnaires,
        gone: movement.map(|m| m.gone.iter().map(String::as_str).collect()),
    }
}

#[derive(Serialize)]
struct Dashboard<'a> {
    schema_version: u32,
    owner: &'a str,
    repositories: Vec<Repository<'a>>,
    levels: Levels,
    missing: u32,
    invalid: u32,
    /// One entry per questionnaire the scored files answer, with its own level counts.
    questionnaires: Vec<QuestionnaireGroup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gone: Option<Vec<&'a str>>,
}

#[derive(Serialize)]
struct Repository<'a> {
    name: &'a str,
    status: &'static str,
    level: Option<u8>,
    score: Option<u32>,
    weakest: Vec<&'static str>,
    assessed_at: Option<&'a str>,
    errors: Vec<Json>,
    questionnaire: Option<QuestionnaireRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    movement: Option<Change>,
}

#[derive(Serialize)]
struct QuestionnaireRef {
    id: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct QuestionnaireGroup {
    id: &'static str,
    version: &'static str,
    title: &'static str,
    repositories: usize,
    levels: serde_json::Map<String, Json>,
}

#[derive(Serialize)]
struct Change {
    change: &'static str,
    previous_level: Option<u8>,
}

#[derive(Serialize)]
struct Levels {
    #[serde(rename = "1")]
    l1: u32,
    #[serde(rename = "2")]
    l2: u32,
    #[serde(rename = "3")]
    l3: u32,
    #[serde(rename = "4")]
    l4: u32,
}

/// Whole days from `assessed_at` to `today`; `None` without a date (or one that is not one).
pub fn days_since(assessed_at: Option<&str>, today: Date) -> Option<i32> {
    let date: Date = assessed_at?.parse().ok()?;
    Some(today.since(date).ok()?.get_days())
}

pub fn days_text(days: Option<i32>) -> String {
    match days {
        None => "—".into(),
        Some(0) => "today".into(),
        Some(d) if d < 0 => "in the future".into(),
        Some(d) => format!("{} ago", plural(d as u32, "day")),
    }
}

/// A problem as one short line: where, then what (the message is escaped by the caller).
pub fn first_error(errors: &[Diagnostic]) -> (String, String) {
    match errors.first() {
        Some(d) => (
            d.pos
                .map_or("file".into(), |p| format!("line {}, col {}", p.line, p.col)),
            d.message.clone(),
        ),
        None => ("file".into(), "not valid".into()),
    }
}

/// The dashboard: levels, answers per dimension, one row per assessed repository, then the
/// invalid files and how many repositories have none. `today` gives "days since assessed";
/// `movement` (with `--previous`) adds a column of what changed and the repositories gone.
///
/// Files that answer different questionnaires (a built-in, a team's own file) get a section each,
/// with that questionnaire's levels and dimensions: levels of two questionnaires do not compare.
pub fn markdown(rollup: &Rollup, today: Date, movement: Option<&Movement>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## LLMOps maturity across {}\n",
        escape::markdown_code(&rollup.owner)
    );
    let _ = writeln!(out, "{}\n", counts_line(rollup));
    let groups = rollup.groups();
    match groups.as_slice() {
        [] => {
            let q = questionnaire::builtin();
            level_table(&mut out, q, &vec![0; q.levels.len()]);
        }
        [only] => group(&mut out, only, "###", today, movement),
        several => {
            for g in several {
                let q = g.questionnaire;
                let _ = writeln!(
                    out,
                    "### {} {} ({})\n",
                    escape::markdown(q.title),
                    escape::markdown(q.version),
                    repositories(g.entries.len() as u32)
                );
                group(&mut out, g, "####", today, movement);
            }
        }
    }
    invalid_table(&mut out, rollup, movement);
    gone(&mut out, movement);
    unattributed(&mut out, rollup);
    let _ = writeln!(
        out,
        "<sub>llmops-maturity {} · {} of the default branch · levels: {}</sub>",
        env!("CARGO_PKG_VERSION"),
        escape::markdown_code(&rollup.path),
        bands(&groups),
    );
    out
}

/// One questionnaire's level table, answers per dimension and repositories, under headings of
/// level `heading` (`###` alone, `####` inside the questionnaire's own section).
fn group(out: &mut String, g: &Group, heading: &str, today: Date, movement: Option<&Movement>) {
    level_table(out, g.questionnaire, &g.levels());
    dimension_table(out, g, heading);
    repository_table(out, g, heading, today, movement);
}

/// The level bands of the footer: the one questionnaire's, or each one's after its name.
fn bands(groups: &[Group]) -> String {
    match groups {
        [] => questionnaire::builtin().bands(),
        [only] => escape::markdown(&only.questionnaire.bands()),
        several => several
            .iter()
            .map(|g| {
                let q = g.questionnaire;
                format!(
                    "{}: {}",
                    escape::markdown(&q.label()),
                    escape::markdown(&q.bands())
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// "**3 repositories** assessed · **1** with an invalid file · ... · left out: ..."
fn counts_line(rollup: &Rollup) -> String {
    let assessed = rollup.scores().count() as u32;
    let (invalid, missing) = (rollup.invalid(), rollup.missing());
    let mut line = vec![
        format!("**{}** assessed", repositories(assessed)),
        format!("**{invalid}** with an invalid file"),
        format!(
            "**{missing}** without {}",
            escape::markdown_code(&rollup.path)
        ),
    ];
    let left = &rollup.left_out;
    let mut left_parts = Vec::new();
    if left.archived > 0 {
        left_parts.push(format!("{} archived", left.archived));
    }
    if left.forks > 0 {
        left_parts.push(plural(left.forks, "fork"));
    }
    if left.topic > 0 {
        left_parts.push(format!("{} without the topic", left.topic));
    }
    if !left_parts.is_empty() {
        line.push(format!("left out: {}", left_parts.join(", ")));
    }
    line.join(" · ")
}

/// How many repositories are at each level of `q` (`counts`, lowest level first), highest first.
fn level_table(out: &mut String, q: &Questionnaire, counts: &[u32]) {
    let _ = writeln!(out, "| Level | Repositories |\n|---|---|");
    for (level, n) in q.levels.iter().zip(counts).rev() {
        let _ = writeln!(
            out,
            "| {}&nbsp;{} · {} | {n} |",
            bar(level.number, q.top()),
            level.number,
            escape::markdown(level.name)
        );
    }
    out.push('\n');
}

/// How many repositories answer each level, per dimension: a column per option, up to the most
/// options a dimension of the questionnaire has (`—` where a dimension has fewer).
fn dimension_table(out: &mut String, g: &Group, heading: &str) {
    let _ = writeln!(
        out,
        "{heading} Answers per dimension\n\nHow many repositories answer each level.\n"
    );
    let rows = g.by_dimension();
    let columns = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let numbers: String = (1..=columns).map(|n| format!(" {n} |")).collect();
    let _ = writeln!(
        out,
        "| Dimension |{numbers}\n|---|{}",
        "---|".repeat(columns)
    );
    for (d, counts) in rows {
        let cells: String = (0..columns)
            .map(|i| match counts.get(i) {
                Some(n) => format!(" {n} |"),
                None => " — |".to_string(),
            })
            .collect();
        let _ = writeln!(out, "| {} |{cells}", escape::markdown(d.name));
    }
    out.push('\n');
}

/// One row per assessed repository of the group.
fn repository_table(
    out: &mut String,
    g: &Group,
    heading: &str,
    today: Date,
    movement: Option<&Movement>,
) {
    let _ = writeln!(out, "{heading} Repositories\n");
    let (head, rule) = movement_column(movement);
    let _ = writeln!(
        out,
        "| Repository | Level | Score | Weakest | Assessed |{head}\n|---|---|---|---|---|{rule}"
    );
    for (i, e, score) in &g.entries {
        let weakest: Vec<String> = score
            .weakest
            .iter()
            .map(|d| escape::markdown(d.name))
            .collect();
        let weakest = if weakest.is_empty() {
            "—".to_string()
        } else {
            weakest.join(", ")
        };
        let days = days_since(score.assessment.assessed_at.as_deref(), today);
        let _ = writeln!(
            out,
            "| {} | {}&nbsp;{} · {} | {}/{} | {weakest} | {} |{}",
            link(e),
            bar(score.level.number, score.assessment.questionnaire.top()),
            score.level.number,
            escape::markdown(score.level.name),
            score.total,
            score.max,
            days_text(days),
            movement_cell(movement, *i)
        );
    }
    out.push('\n');
}

/// One row per invalid answers file, with its first error.
fn invalid_table(out: &mut String, rollup: &Rollup, movement: Option<&Movement>) {
    let invalid = rollup.invalid();
    if invalid == 0 {
        return;
    }
    let _ = writeln!(out, "### Invalid answers files ({invalid})\n");
    let (head, rule) = movement_column(movement);
    let _ = writeln!(out, "| Repository | First error |{head}\n|---|---|{rule}");
    for (i, e) in rollup.entries.iter().enumerate() {
        let Status::Invalid(errors) = &e.status else {
            continue;
        };
        let (at, message) = first_error(errors);
        let more = if errors.len() > 1 {
            format!(" (and {} more)", errors.len() - 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | **{at}**: {}{more} |{}",
            link(e),
            escape::markdown(&message),
            movement_cell(movement, i)
        );
    }
    out.push('\n');
}

/// The heading and rule of the "since last run" column, when there is a previous roll-up.
fn movement_column(movement: Option<&Movement>) -> (&'static str, &'static str) {
    match movement {
        Some(_) => (" Since last run |", "---|"),
        None => ("", ""),
    }
}

/// The "since last run" cell of entry `i`, or nothing without a previous roll-up.
fn movement_cell(movement: Option<&Movement>, i: usize) -> String {
    movement
        .and_then(|m| m.moves.get(i))
        .map_or(String::new(), |m| format!(" {} |", m.describe()))
}

/// The repositories of the previous roll-up that this one no longer lists.
fn gone(out: &mut String, movement: Option<&Movement>) {
    let Some(m) = movement.filter(|m| !m.gone.is_empty()) else {
        return;
    };
    let _ = writeln!(out, "### Gone since last run ({})\n", m.gone.len());
    for name in &m.gone {
        let _ = writeln!(out, "- {}", escape::markdown_code(name));
    }
    out.push('\n');
}

/// Problems GitHub reported that belong to no repository.
fn unattributed(out: &mut String, rollup: &Rollup) {
    if rollup.unattributed.is_empty() {
        return;
    }
    let n = rollup.unattributed.len() as u32;
    let _ = writeln!(
        out,
        "> [!WARNING]\n> GitHub reported {} that the tables above may not show:\n>",
        plural(n, "problem")
    );
    for message in &rollup.unattributed {
        let _ = writeln!(out, "> - {}", escape::markdown(message));
    }
    out.push('\n');
}

pub fn repositories(n: u32) -> String {
    if n == 1 {
        "1 repository".into()
    } else {
        format!("{n} repositories")
    }
}

fn link(e: &Entry) -> String {
    let name = escape::markdown_code(&e.name);
    // The URL comes from the server: only an https one becomes a link (never `javascript:`).
    if e.url.starts_with("https://") {
        format!("[{name}]({})", escape::url(&e.url))
    } else {
        name
    }
}

/// One CSV row per repository, missing ones included. Cells never hold a line break (so no line
/// of the output can start a workflow command), and a cell that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@`) is prefixed with `'`
/// (<https://owasp.org/www-community/attacks/CSV_Injection>).
pub fn csv(rollup: &Rollup, today: Date) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "repository",
        "status",
        "level",
        "level_name",
        "score",
        "max_score",
        "weakest",
        "assessed_at",
        "days_since_assessed",
        "first_error",
    ]);
    for e in &rollup.entries {
        let row: [String; 10] = match &e.status {
            Status::Ok(s) => [
                e.name.clone(),
                "ok".into(),
                s.level.number.to_string(),
                s.level.name.into(),
                s.total.to_string(),
                s.max.to_string(),
                s.weakest.iter().map(|d| d.id).collect::<Vec<_>>().join(" "),
                s.assessment.assessed_at.clone().unwrap_or_default(),
                days_since(s.assessment.assessed_at.as_deref(), today)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                String::new(),
            ],
            Status::Invalid(errors) => {
                let (at, message) = first_error(errors);
                let mut row: [String; 10] = Default::default();
                row[0] = e.name.clone();
                row[1] = "invalid".into();
                row[9] = format!("{at}: {message}");
                row
            }
            Status::Missing => {
                let mut row: [String; 10] = Default::default();
                row[0] = e.name.clone();
                row[1] = "missing".into();
                row
            }
        };
        let _ = w.write_record(row.iter().map(|cell| cell_text(cell)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn cell_text(cell: &str) -> String {
    let flat: String = cell
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.starts_with(['=', '+', '-', '@']) {
        format!("'{flat}")
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_counts_whole_days_and_tolerates_nonsense() {
        let today: Date = "2026-11-27".parse().unwrap();
        assert_eq!(days_since(Some("2026-11-01"), today), Some(26));
        assert_eq!(days_since(Some("2025-11-27"), today), Some(365));
        assert_eq!(days_since(Some("soon"), today), None);
        assert_eq!(days_since(None, today), None);
        assert_eq!(days_text(Some(-3)), "in the future");
    }

    #[test]
    fn csv_cells_cannot_break_lines_or_run_formulas() {
        assert_eq!(cell_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell_text("a\n::error::x"), "a ::error::x");
    }

    /// Regression: a server-supplied name `[x](http:evil.example)` won over the row's own link,
    /// and any URL became a link.
    #[test]
    fn a_server_supplied_name_or_url_links_nowhere_it_chose() {
        let mut options = comrak::Options::default();
        options.extension.autolink = true;
        options.render.r#unsafe = true;
        let entry = |name: &str, url: &str| Entry {
            name: name.into(),
            url: url.into(),
            status: Status::Missing,
        };
        let html = comrak::markdown_to_html(
            &link(&entry(
                "o/[x](http:evil.example) www.evil.example",
                "https://github.com/o/x",
            )),
            &options,
        );
        assert_eq!(html.matches("<a ").count(), 1, "{html}");
        assert!(html.contains("href=\"https://github.com/o/x\""), "{html}");
        let html = comrak::markdown_to_html(&link(&entry("o/x", "javascript:alert(1)")), &options);
        assert!(!html.contains("<a "), "{html}");
    }
}
