//! The history as text, Markdown (Mermaid line charts and a table) and JSON; values in, text out.

use std::fmt::Write;

use serde::Serialize;

use crate::diagnostic::{Code, Severity};
use crate::diff::Diff;
use crate::escape;
use crate::history::chart;
use crate::history::timeline::{State, Timeline};
use crate::questionnaire::Questionnaire;
use crate::render::markdown::square;
use crate::render::quarter;
use crate::render::text::plural;
use crate::untrusted;

/// What `history` prints about a shallow clone, on stderr and as a Markdown note.
pub const SHALLOW_NOTE: &str = "this is a shallow clone, so only the versions in the fetched history are listed; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout) to see them all";

/// Text for a terminal or a log. Lines start with a commit id or fixed words, and user text goes
/// through `untrusted`, so nothing printed can start a workflow command.
pub fn text(t: &Timeline) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "History of {} along the first-parent history of HEAD: {}, newest first",
        untrusted::shown(&t.file),
        plural(t.versions.len() as u32, "version")
    );
    let _ = writeln!(
        out,
        "commit   date        score  level          what changed"
    );
    for (i, v) in t.versions.iter().enumerate() {
        let (score, level) = match &v.state {
            State::Valid(s) => (
                s.total.to_string(),
                format!("{} · {}", s.level.number, s.level.name),
            ),
            State::Invalid { .. } => ("-".into(), "invalid".into()),
            State::Deleted => ("-".into(), "deleted".into()),
        };
        let changed = changes(t, i, &Plain);
        let _ = writeln!(
            out,
            "{}  {}  {score:>5}  {level:<13}  {changed}",
            v.short(),
            v.date
        );
    }
    if t.truncated {
        let _ = writeln!(
            out,
            "Only the newest {} are shown; pass --limit to see older ones.",
            plural(t.versions.len() as u32, "version")
        );
    }
    out
}

/// Markdown for a job summary or a comment: a line chart of the score and a table.
pub fn markdown(t: &Timeline) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## LLMOps maturity history of {}\n",
        escape::markdown_code(&t.file)
    );
    let mut intro = format!(
        "{} along the first-parent history of `HEAD`, newest first",
        plural(t.versions.len() as u32, "version")
    );
    if t.truncated {
        intro.push_str(" (the newest only: pass `--limit` to see older ones)");
    }
    let _ = writeln!(out, "{intro}.\n");
    if t.shallow {
        let _ = writeln!(
            out,
            "> [!NOTE]\n> The score history may be incomplete: {SHALLOW_NOTE}.\n"
        );
    }
    let charts = chart::charts(t);
    for chart in &charts {
        let _ = writeln!(out, "```mermaid\n{chart}```\n");
    }
    if charts.len() > 1 {
        let _ = writeln!(
            out,
            "<sub>The questionnaire changed, so each one has a chart of its own: a score on another scale is neither progress nor decline.</sub>\n"
        );
    }
    let _ = writeln!(
        out,
        "| Commit | Date | Author | Subject | Score | Level | What changed |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for (i, v) in t.versions.iter().enumerate() {
        let (score, level) = match &v.state {
            State::Valid(s) => (
                s.total.to_string(),
                format!(
                    "{} {} · {}",
                    // Scaled to the questionnaire's levels: a three-level rubric's top is green.
                    square(quarter(s.level.number, s.assessment.questionnaire.top())),
                    s.level.number,
                    s.level.name
                ),
            ),
            State::Invalid { .. } => ("—".into(), "❌ invalid".into()),
            State::Deleted => ("—".into(), "🗑️ deleted".into()),
        };
        let _ = writeln!(
            out,
            "| <code>{}</code> | {} | {} | {} | {score} | {level} | {} |",
            v.short(),
            v.date,
            escape::markdown(&short(&v.author, MAX_AUTHOR)),
            escape::message(&short(&v.subject, MAX_SUBJECT), true),
            changes(t, i, &Markdown)
        );
    }
    out.push('\n');
    let invalid = t.versions.len() - t.valid().count();
    if invalid > 0 {
        let _ = writeln!(
            out,
            "<sub>The chart shows the valid versions only ({} without a score).</sub>",
            plural(invalid as u32, "version")
        );
    }
    out
}

/// How much of an author's name and a subject a table row shows: a row stays one screen line
/// on a wide monitor, and the commit id leads to the rest.
const MAX_AUTHOR: usize = 24;
const MAX_SUBJECT: usize = 72;

/// `text` cut to `max` characters, an ellipsis marking the cut.
fn short(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_string(),
    }
}

/// `history --format json`: one version.
#[derive(Serialize)]
struct JsonVersion<'a> {
    commit: &'a str,
    date: &'a str,
    author: &'a str,
    subject: &'a str,
    /// The questionnaire a valid version answers.
    questionnaire: Option<JsonQuestionnaire>,
    /// True when it answers another questionnaire than the valid version before: not compared.
    questionnaire_changed: bool,
    score: Option<u32>,
    level: Option<u8>,
    level_name: Option<&'a str>,
    valid: bool,
    status: &'static str,
    path: &'a str,
    renamed_from: Option<&'a str>,
    errors: Vec<JsonError<'a>>,
    score_delta: Option<i64>,
    level_delta: Option<i32>,
    changes: Option<Vec<JsonChange>>,
}

/// The same fields as `check --format json`'s `questionnaire`, without the title.
#[derive(Serialize)]
struct JsonQuestionnaire {
    id: &'static str,
    version: &'static str,
}

/// The same fields as a `check --format json` diagnostic.
#[derive(Serialize)]
struct JsonError<'a> {
    severity: Severity,
    line: Option<u32>,
    col: Option<u32>,
    message: &'a str,
    rule: Code,
    url: String,
    dimension: Option<&'a str>,
}

/// The same fields as a `diff --format json` change.
#[derive(Serialize)]
struct JsonChange {
    id: &'static str,
    name: &'static str,
    before: Option<u8>,
    after: u8,
    delta: i32,
    evidence_changed: bool,
    notes_changed: bool,
}

#[derive(Serialize)]
struct JsonTimeline<'a> {
    schema_version: u32,
    file: &'a str,
    shallow: bool,
    truncated: bool,
    versions: Vec<JsonVersion<'a>>,
}

/// The stable, versioned JSON shape documented in docs/src/history.md, pretty-printed. Typed structs
/// rather than `json!` values: on a long history this is several times faster.
pub fn json(t: &Timeline) -> impl Serialize + '_ {
    let versions = t
        .versions
        .iter()
        .map(|v| {
            let score = v.score();
            let (status, errors) = match &v.state {
                State::Valid(_) => ("valid", Vec::new()),
                State::Deleted => ("deleted", Vec::new()),
                State::Invalid { errors } => (
                    "invalid",
                    errors
                        .iter()
                        .map(|d| JsonError {
                            severity: d.severity,
                            line: d.pos.map(|p| p.line),
                            col: d.pos.map(|p| p.col),
                            message: &d.message,
                            rule: d.rule,
                            url: d.rule.url(),
                            dimension: d.dimension,
                        })
                        .collect(),
                ),
            };
            JsonVersion {
                commit: &v.commit,
                date: &v.date,
                author: &v.author,
                subject: &v.subject,
                questionnaire: score.map(|s| JsonQuestionnaire {
                    id: s.assessment.questionnaire.id,
                    version: s.assessment.questionnaire.version,
                }),
                questionnaire_changed: v.questionnaire_changed_from.is_some(),
                score: score.map(|s| s.total),
                level: score.map(|s| s.level.number),
                level_name: score.map(|s| s.level.name),
                valid: score.is_some(),
                status,
                path: &v.path,
                renamed_from: v.renamed_from.as_deref(),
                errors,
                score_delta: v.diff.as_ref().and_then(Diff::score_delta),
                level_delta: v.diff.as_ref().and_then(Diff::level_delta),
                changes: v.diff.as_ref().map(|d| {
                    d.changes
                        .iter()
                        .map(|c| JsonChange {
                            id: c.dimension.id,
                            name: c.dimension.name,
                            before: c.before,
                            after: c.after,
                            delta: c.delta(),
                            evidence_changed: c.evidence_changed,
                            notes_changed: c.notes_changed,
                        })
                        .collect()
                }),
            }
        })
        .collect();
    JsonTimeline {
        schema_version: crate::render::json::SCHEMA_VERSION,
        file: &t.file,
        shallow: t.shallow,
        truncated: t.truncated,
        versions,
    }
}

/// How the "what changed" cell writes user text and arrows.
trait Style {
    fn text(&self, s: &str) -> String;
    fn path(&self, s: &str) -> String;
    fn arrow(&self) -> &'static str;
    /// A questionnaire's `id version`, which a team's own file decides: user text.
    fn label(&self, q: Option<&Questionnaire>) -> String {
        q.map_or(String::new(), |q| self.text(&q.label()))
    }
}

struct Plain;
impl Style for Plain {
    fn text(&self, s: &str) -> String {
        untrusted::shown_within(s, 500).into_owned()
    }
    fn path(&self, s: &str) -> String {
        untrusted::shown(s).into_owned()
    }
    fn arrow(&self) -> &'static str {
        "->"
    }
}

struct Markdown;
impl Style for Markdown {
    fn text(&self, s: &str) -> String {
        escape::markdown(s)
    }
    fn path(&self, s: &str) -> String {
        escape::markdown_code(s)
    }
    fn arrow(&self) -> &'static str {
        "→"
    }
}

/// The same words with user text as written, for a caller that escapes the whole line for its
/// own language (the HTML page escapes it once, questionnaire text included).
struct Raw;
impl Style for Raw {
    fn text(&self, s: &str) -> String {
        s.to_string()
    }
    fn path(&self, s: &str) -> String {
        s.to_string()
    }
    fn arrow(&self) -> &'static str {
        "→"
    }
}

/// What changed at version `i` (newest first), unescaped: the caller escapes it.
pub fn changes_raw(t: &Timeline, i: usize) -> String {
    changes(t, i, &Raw)
}

/// What changed at version `i` (newest first), in words.
fn changes(t: &Timeline, i: usize, style: &dyn Style) -> String {
    let v = &t.versions[i];
    let older = t.versions.get(i + 1);
    let mut parts: Vec<String> = Vec::new();
    if let Some(from) = &v.renamed_from {
        parts.push(format!("renamed from {}", style.path(from)));
    }
    if v.created && older.is_some() && v.state != State::Deleted {
        parts.push("created again".into());
    }
    match &v.state {
        State::Deleted => parts.push("file deleted".into()),
        State::Invalid { errors } => {
            let first = errors.first().map_or("no score".to_string(), |d| {
                let at = d
                    .pos
                    .map_or(String::new(), |p| format!("line {}: ", p.line));
                format!("{at}{}", style.text(&d.message))
            });
            let more = match errors.len() {
                0 | 1 => String::new(),
                2 => " (and 1 more error)".to_string(),
                n => format!(" (and {} more errors)", n - 1),
            };
            parts.push(format!("{first}{more}"));
        }
        State::Valid(_) => {
            if v.diff.is_some() && older.is_some_and(|o| matches!(o.state, State::Invalid { .. })) {
                parts.push("valid again".into());
            }
            // A shallow clone's oldest commit looks as if it created every file: only a
            // complete list can say which version came first.
            let listed = if t.incomplete() { " listed" } else { "" };
            let now = v.score().map(|s| s.assessment.questionnaire);
            match &v.diff {
                None if v.questionnaire_changed_from.is_some() => parts.push(format!(
                    "questionnaire changed from {} to {}: not compared",
                    style.label(v.questionnaire_changed_from),
                    style.label(now)
                )),
                None if older.is_none() && t.incomplete() => {
                    parts.push("oldest version listed".into())
                }
                None if older.is_none() => parts.push("first version".into()),
                None => parts.push(format!("first valid version{listed}")),
                Some(d) if d.changes.is_empty() => parts.push("no answer changed".into()),
                Some(d) => {
                    for c in &d.changes {
                        let mut line = match c.before {
                            Some(b) if b != c.after => {
                                format!(
                                    "{} {b} {} {} ({:+})",
                                    c.dimension.name,
                                    style.arrow(),
                                    c.after,
                                    c.delta()
                                )
                            }
                            Some(_) => c.dimension.name.to_string(),
                            None => format!("{} {}", c.dimension.name, c.after),
                        };
                        let extra: Vec<&str> =
                            [(c.evidence_changed, "evidence"), (c.notes_changed, "notes")]
                                .into_iter()
                                .filter_map(|(on, what)| on.then_some(what))
                                .collect();
                        if !extra.is_empty() {
                            let _ = write!(line, " ({} updated)", extra.join(" and "));
                        }
                        parts.push(line);
                    }
                }
            }
        }
    }
    parts.join("; ")
}
