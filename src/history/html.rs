//! The history as one self-contained HTML page in the dashboard's style: the score along the commits over the level bands, and the table of versions; pure.
//!
//! The page links nowhere: a commit id is text, since the run does not know which host the
//! repository lives on. A version that answers another questionnaire than the one before starts
//! a new series in the chart and is marked in the table (issue 19): a method change is not
//! progress or decline.

use std::fmt::Write as _;

use crate::dashboard::{self, svg};
use crate::escape;
use crate::render::quarter;
use crate::render::text::plural;
use crate::score::Score;

use super::render::{changes_raw, SHALLOW_NOTE};
use super::timeline::{State, Timeline};

/// The whole page.
pub fn html(t: &Timeline) -> String {
    let mut body = String::with_capacity(16 * 1024 + t.versions.len() * 400);
    let _ = writeln!(
        body,
        "<header><h1>LLMOps maturity history of <code>{}</code></h1><p>{} along the first-parent history of <code>HEAD</code>, newest first in the table{}.</p></header>",
        escape::html(&t.file),
        plural(t.versions.len() as u32, "version"),
        if t.truncated {
            " (the newest only: pass <code>--limit</code> to see older ones)"
        } else {
            ""
        }
    );
    if t.shallow {
        let _ = writeln!(
            body,
            "<p class=\"warn\" role=\"note\">The score history may be incomplete: {}.</p>",
            escape::html(SHALLOW_NOTE)
        );
    }
    chart(&mut body, t);
    table(&mut body, t);
    body.push_str(&dashboard::footer("the score of each committed version"));
    dashboard::page(&format!("LLMOps maturity history of {}", t.file), &body)
}

/// `id@version` of a score's questionnaire.
fn questionnaire_of(s: &Score) -> String {
    let q = s.assessment.questionnaire;
    format!("{}@{}", q.id, q.version)
}

/// The score along the versions, oldest first, one series per questionnaire run.
fn chart(out: &mut String, t: &Timeline) {
    let mut series = 0;
    let mut last: Option<String> = None;
    let points: Vec<svg::Point> = t
        .versions
        .iter()
        .rev()
        .map(|v| {
            let score = v.score();
            if let Some(q) = score.map(questionnaire_of) {
                if last.as_ref().is_some_and(|l| *l != q) {
                    series += 1;
                }
                last = Some(q);
            }
            svg::Point {
                label: v.short().to_string(),
                score: score.map(|s| s.total),
                series,
            }
        })
        .collect();
    // The bands of the newest scored version's questionnaire.
    let newest = t.valid().next().and_then(|v| v.score());
    let Some(newest) = newest else {
        out.push_str("<p>No version has a score, so there is no chart.</p>\n");
        return;
    };
    let q = newest.assessment.questionnaire;
    let bands: Vec<svg::Band> = q
        .levels
        .iter()
        .map(|l| svg::Band {
            number: l.number,
            name: l.name.to_string(),
            min: l.min,
            max: l.max,
            step: quarter(l.number, q.top()),
        })
        .collect();
    let scores: Vec<String> = points
        .iter()
        .map(|p| p.score.map_or("no score".into(), |s| s.to_string()))
        .collect();
    let title = format!("Score of each version, oldest first: {}", scores.join(", "));
    let _ = writeln!(
        out,
        "<figure><figcaption>Score along the commits, oldest left, over the level bands of {} {}{}</figcaption><div class=\"scroll\">{}</div></figure>",
        escape::html(q.title),
        escape::html(q.version),
        if series > 0 {
            " (the line breaks where the questionnaire changed)"
        } else {
            ""
        },
        svg::line(
            "score",
            &title,
            &points,
            &bands,
            (newest.min, newest.max)
        )
    );
}

/// The table of versions, newest first.
fn table(out: &mut String, t: &Timeline) {
    out.push_str("<div class=\"scroll\"><table class=\"sortable\" id=\"versions\"><caption>Versions of the answers file, newest first</caption><thead><tr><th scope=\"col\">Commit</th><th scope=\"col\">Date</th><th scope=\"col\">Score</th><th scope=\"col\">Level</th><th scope=\"col\">Questionnaire</th><th scope=\"col\">What changed</th></tr></thead><tbody>\n");
    for (i, v) in t.versions.iter().enumerate() {
        let _ = write!(
            out,
            "<tr data-version=\"{}\"><th scope=\"row\"><code>{}</code></th><td class=\"nw\">{}</td>",
            escape::html(&v.commit),
            escape::html(v.short()),
            escape::html(&v.date)
        );
        match &v.state {
            State::Valid(s) => {
                let q = s.assessment.questionnaire;
                let older = t.versions[i + 1..].iter().find_map(|o| o.score());
                let changed = older.is_some_and(|o| questionnaire_of(o) != questionnaire_of(s));
                let _ = write!(
                    out,
                    "<td class=\"n\" data-v=\"{}\">{}/{}</td><td class=\"q{} nw\" data-v=\"{}\">{} · {}</td><td>{} {}{}</td>",
                    s.total,
                    s.total,
                    s.max,
                    quarter(s.level.number, q.top()),
                    s.level.number,
                    s.level.number,
                    escape::html(s.level.name),
                    escape::html(q.id),
                    escape::html(q.version),
                    if changed { " · <b>changed</b>" } else { "" }
                );
            }
            State::Invalid { .. } => {
                out.push_str("<td data-v=\"-1\">—</td><td data-v=\"0\">invalid</td><td>—</td>")
            }
            State::Deleted => {
                out.push_str("<td data-v=\"-1\">—</td><td data-v=\"0\">deleted</td><td>—</td>")
            }
        }
        let _ = writeln!(out, "<td>{}</td></tr>", escape::html(&changes_raw(t, i)));
    }
    out.push_str("</tbody></table></div>\n");
}
