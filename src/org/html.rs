//! The roll-up as one self-contained HTML page: level distribution and heatmap per questionnaire, the sortable table of repositories, movement since the last run; pure.
//!
//! Every text that comes from a repository or an answers file (names, teams, reasons, messages)
//! goes through `escape::html`; a link is written only for an `https://` URL on the GitHub host
//! the run talked to (`escape::html_href`).

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::commitments::{self, Review};
use crate::dashboard::{self, svg};
use crate::escape;
use crate::render::quarter;
use crate::render::text::plural;
use crate::score::Score;

use super::movement::{Move, Movement};
use super::render::{days_since, days_text, first_error, repositories};
use super::rollup::{Entry, Group, Rollup, Status};

/// What the page shows: the roll-up, the day it is judged on, the host links may point to, and
/// the movement since a previous roll-up when there is one.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub rollup: &'a Rollup,
    pub today: Date,
    /// The GitHub web host the run talked to (`github.com`, a GHES host).
    pub host: &'a str,
    pub movement: Option<&'a Movement>,
}

impl View<'_> {
    fn move_of(&self, i: usize) -> Option<Move> {
        self.movement.and_then(|m| m.moves.get(i).copied())
    }
}

/// The whole page.
pub fn html(view: &View) -> String {
    let rollup = view.rollup;
    let mut body = String::with_capacity(64 * 1024 + rollup.entries.len() * 1200);
    header(&mut body, view);
    if let Some(m) = view.movement {
        movement_section(&mut body, m);
    }
    body.push_str(dashboard::FILTER);
    let groups = rollup.groups();
    for (i, g) in groups.iter().enumerate() {
        group_section(&mut body, view, g, i);
    }
    unscored_section(&mut body, view);
    unattributed(&mut body, rollup);
    body.push_str(&dashboard::footer(&format!(
        "the file <code>{}</code> of each default branch, judged on {}",
        escape::html(&rollup.path),
        view.today
    )));
    dashboard::page(&format!("LLMOps maturity across {}", rollup.owner), &body)
}

/// The title and the counts.
fn header(out: &mut String, view: &View) {
    let r = view.rollup;
    let left = &r.left_out;
    let _ = write!(
        out,
        "<header><h1>LLMOps maturity across <code>{}</code></h1><ul class=\"stats\"><li><b>{}</b> assessed</li><li><b>{}</b> with an invalid file</li><li><b>{}</b> without <code>{}</code></li>",
        escape::html(&r.owner),
        repositories(r.scores().count() as u32),
        r.invalid(),
        r.missing(),
        escape::html(&r.path)
    );
    let mut parts = Vec::new();
    if left.archived > 0 {
        parts.push(format!("{} archived", left.archived));
    }
    if left.forks > 0 {
        parts.push(plural(left.forks, "fork"));
    }
    if left.topic > 0 {
        parts.push(format!("{} without the topic", left.topic));
    }
    if !parts.is_empty() {
        let _ = write!(out, "<li>left out: {}</li>", parts.join(", "));
    }
    out.push_str("</ul></header>\n");
}

/// Counts of each kind of move, and the repositories that are gone.
fn movement_section(out: &mut String, m: &Movement) {
    out.push_str(
        "<section id=\"movement\"><h2>Since the previous roll-up</h2><ul class=\"stats\">",
    );
    for (kind, words) in [
        ("up", "moved up a level"),
        ("down", "moved down a level"),
        ("new", "new"),
        ("newly-invalid", "newly invalid"),
        ("first-assessed", "first assessed"),
        ("valid-again", "valid again"),
        ("file-removed", "file removed"),
        ("questionnaire-changed", "changed questionnaire"),
    ] {
        // Only what happened: a row of zeros hides the one number that matters.
        let n = m.count(kind);
        if n > 0 {
            let _ = write!(out, "<li data-move=\"{kind}\"><b>{n}</b> {words}</li>");
        }
    }
    if !m.gone.is_empty() {
        let _ = write!(
            out,
            "<li data-move=\"gone\"><b>{}</b> gone</li>",
            m.gone.len()
        );
    }
    if m.moves.iter().all(|x| *x == Move::Same) && m.gone.is_empty() {
        out.push_str("<li>Nothing moved.</li>");
    }
    out.push_str("</ul>");
    if !m.gone.is_empty() {
        out.push_str("<p>Gone since the previous roll-up (deleted, renamed, archived or filtered out):</p><ul>");
        for name in &m.gone {
            let _ = write!(out, "<li><code>{}</code></li>", escape::html(name));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

/// One questionnaire's distribution, heatmap and table.
fn group_section(out: &mut String, view: &View, g: &Group, i: usize) {
    let q = g.questionnaire;
    let _ = write!(
        out,
        "<section class=\"group\" data-questionnaire=\"{}@{}\"><h2>{} <span class=\"muted\">{} {} · {}</span></h2>",
        escape::html(q.id),
        escape::html(q.version),
        escape::html(q.title),
        escape::html(q.id),
        escape::html(q.version),
        repositories(g.entries.len() as u32)
    );
    let bars: Vec<svg::Bar> = q
        .levels
        .iter()
        .zip(g.levels())
        .rev()
        .map(|(l, n)| svg::Bar {
            label: format!("{} · {}", l.number, l.name),
            count: n,
            step: quarter(l.number, q.top()),
            key: l.number.to_string(),
        })
        .collect();
    let _ = write!(
        out,
        "<div class=\"charts\"><figure><figcaption>Repositories per level</figcaption><div class=\"scroll\">{}</div></figure>",
        svg::bars(&format!("levels-{i}"), "Repositories per level", &bars)
    );
    heatmap(out, g, i);
    out.push_str("</div>");
    repository_table(out, view, g, i);
    out.push_str("</section>\n");
}

/// Dimensions against repositories, the answer written in each cell, under a first row of the
/// mean answer per dimension: the organisation's weakest practice is the palest column.
fn heatmap(out: &mut String, g: &Group, i: usize) {
    let dims = g.questionnaire.dimensions;
    let columns: Vec<String> = dims.iter().map(|d| d.name.to_string()).collect();
    let mut rows = Vec::with_capacity(g.entries.len() + 1);
    let n = g.entries.len().max(1) as f64;
    rows.push(svg::HeatRow {
        label: "Mean of all".into(),
        cells: dims
            .iter()
            .map(|d| {
                let sum: u32 = g
                    .entries
                    .iter()
                    .map(|(_, _, s)| u32::from(s.points(d.id).unwrap_or(0)))
                    .sum();
                let mean = f64::from(sum) / n;
                let step = quarter(mean.round() as u8, d.max_points());
                Some((format!("{mean:.1}"), step))
            })
            .collect(),
    });
    for (_, e, score) in &g.entries {
        rows.push(svg::HeatRow {
            label: e.name.clone(),
            cells: dims
                .iter()
                .map(|d| {
                    let p = score.points(d.id)?;
                    Some((p.to_string(), quarter(p, d.max_points())))
                })
                .collect(),
        });
    }
    let _ = write!(
        out,
        "<figure><figcaption>Answers per dimension (first row: the mean)</figcaption><div class=\"scroll\">{}</div></figure>",
        svg::heatmap(
            &format!("heat-{i}"),
            "Answers per dimension and repository",
            &columns,
            &rows
        )
    );
}

/// The sortable table of one questionnaire's repositories.
fn repository_table(out: &mut String, view: &View, g: &Group, i: usize) {
    let dims = g.questionnaire.dimensions;
    let _ = write!(
        out,
        "<div class=\"scroll\"><table class=\"sortable repos\" id=\"repos-{i}\"><caption>Repositories answering {} {}</caption><thead><tr><th scope=\"col\">Repository</th><th scope=\"col\">Level</th><th scope=\"col\">Score</th>",
        escape::html(g.questionnaire.title),
        escape::html(g.questionnaire.version)
    );
    for d in dims {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"d\">{}</th>",
            escape::html(d.name)
        );
    }
    out.push_str("<th scope=\"col\">Targets</th><th scope=\"col\">Waivers</th><th scope=\"col\">Assessed</th><th scope=\"col\">Evidence listed</th>");
    if view.movement.is_some() {
        out.push_str("<th scope=\"col\">Since last run</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for (index, e, score) in &g.entries {
        repository_row(out, view, e, score, view.move_of(*index));
    }
    out.push_str("</tbody></table></div>\n");
}

/// One scored repository's row.
fn repository_row(out: &mut String, view: &View, e: &Entry, score: &Score, movement: Option<Move>) {
    let q = score.assessment.questionnaire;
    let (review, _) = commitments::review(
        &score.assessment.commitments,
        score.level,
        &|id: &str| score.points(id),
        view.today,
    );
    let _ = write!(
        out,
        "<tr data-repo=\"{}\"><th scope=\"row\">{}</th><td class=\"q{} nw\" data-v=\"{}\">{} · {}</td><td class=\"n\" data-v=\"{}\">{}/{}</td>",
        escape::html(&e.name),
        repository_link(e, view.host),
        quarter(score.level.number, q.top()),
        score.level.number,
        score.level.number,
        escape::html(score.level.name),
        score.total,
        score.total,
        score.max
    );
    for d in q.dimensions {
        match score.points(d.id) {
            Some(p) => {
                let _ = write!(
                    out,
                    // No `data-v`: the script sorts a cell of digits as a number.
                    "<td class=\"q{} n\">{p}</td>",
                    quarter(p, d.max_points())
                );
            }
            None => out.push_str("<td data-v=\"0\">—</td>"),
        }
    }
    commitment_cells(out, &review);
    let days = days_since(score.assessment.assessed_at.as_deref(), view.today);
    let stale = if review.stale { " · stale" } else { "" };
    let listed = score
        .assessment
        .answers
        .iter()
        .filter(|a| !a.evidence.is_empty())
        .count();
    let _ = write!(
        out,
        "<td data-v=\"{}\">{}{stale}</td><td class=\"n\" data-v=\"{listed}\">{listed} of {}</td>",
        days.unwrap_or(-1),
        escape::html(&days_text(days)),
        score.assessment.answers.len()
    );
    movement_cell(out, view, movement);
    out.push_str("</tr>\n");
}

/// The targets and waivers cells: each with its status in words.
fn commitment_cells(out: &mut String, review: &Review) {
    out.push_str("<td class=\"c\">");
    if review.targets.is_empty() {
        out.push('—');
    }
    for (k, t) in review.targets.iter().enumerate() {
        let _ = write!(
            out,
            "{}{} by {}: <b>{}</b>",
            if k > 0 { "<br/>" } else { "" },
            escape::html(&t.target.describe()),
            t.target.by,
            t.status.as_str()
        );
    }
    out.push_str("</td><td class=\"c\">");
    if review.waivers.is_empty() {
        out.push('—');
    }
    for (k, w) in review.waivers.iter().enumerate() {
        let by = w.waiver.approved_by.as_deref().map_or(String::new(), |a| {
            format!(", approved by {}", escape::html(a))
        });
        let _ = write!(
            out,
            "{}{} until {}: <b>{}</b> ({}{by})",
            if k > 0 { "<br/>" } else { "" },
            escape::html(w.waiver.dimension.name),
            w.waiver.expires,
            w.status.as_str(),
            escape::html(&w.waiver.reason)
        );
    }
    out.push_str("</td>");
}

/// The "since last run" cell, when there is a previous roll-up.
fn movement_cell(out: &mut String, view: &View, movement: Option<Move>) {
    if view.movement.is_none() {
        return;
    }
    let m = movement.unwrap_or(Move::Same);
    let _ = write!(
        out,
        "<td data-move=\"{}\">{}</td>",
        m.as_str(),
        escape::html(&m.describe())
    );
}

/// Invalid files with their first problem, and repositories without a file.
fn unscored_section(out: &mut String, view: &View) {
    let r = view.rollup;
    if r.invalid() + r.missing() == 0 {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"unscored\"><h2>Not scored <span class=\"muted\">{} invalid · {} without a file</span></h2><div class=\"scroll\"><table class=\"sortable repos\"><caption>Repositories whose file is invalid or missing</caption><thead><tr><th scope=\"col\">Repository</th><th scope=\"col\">Status</th><th scope=\"col\">First problem</th>",
        r.invalid(),
        r.missing()
    );
    if view.movement.is_some() {
        out.push_str("<th scope=\"col\">Since last run</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for (i, e) in r.entries.iter().enumerate() {
        let problem = match &e.status {
            Status::Ok(_) => continue,
            Status::Missing => ("missing".to_string(), "no file at this path".to_string()),
            Status::Invalid(errors) => {
                let (at, message) = first_error(errors);
                let more = match errors.len() {
                    0 | 1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                ("invalid".to_string(), format!("{at}: {message}{more}"))
            }
        };
        let _ = write!(
            out,
            "<tr data-repo=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td>",
            escape::html(&e.name),
            repository_link(e, view.host),
            problem.0,
            escape::html(&problem.1)
        );
        movement_cell(out, view, view.move_of(i));
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div></section>\n");
}

/// Problems GitHub reported that belong to no repository.
fn unattributed(out: &mut String, rollup: &Rollup) {
    if rollup.unattributed.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"warn\" role=\"note\"><p>GitHub reported {} that the tables may not show:</p><ul>",
        plural(rollup.unattributed.len() as u32, "problem")
    );
    for message in &rollup.unattributed {
        let _ = write!(out, "<li>{}</li>", escape::html(message));
    }
    out.push_str("</ul></div>\n");
}

/// The repository's name, a link when its URL is `https://` on the run's GitHub host.
fn repository_link(e: &Entry, host: &str) -> String {
    let name = escape::html(&e.name);
    match escape::html_href(&e.url, host) {
        // No `rel`: the page's referrer policy is `no-referrer` already, and a link that opens
        // in the same tab has no opener to keep from it.
        Some(href) => format!("<a href=\"{href}\">{name}</a>"),
        None => name,
    }
}
