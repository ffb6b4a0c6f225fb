//! The history's Mermaid line charts: one per run of versions on the same questionnaire, in explicit colours, with each level's lowest score drawn as a line.
//!
//! Mermaid's default theme draws an `xychart-beta` line in `#ECECFF` on white, which nearly
//! nobody can see, so every colour is given in an `init` directive
//! (<https://mermaid.js.org/syntax/xyChart.html#chart-theme-variables>; `plotColorPalette` colours
//! the series in order). The chart has a white background of its own so it reads the same in
//! GitHub's light and dark modes. Mermaid 11 draws a legend from the series' titles, which is how
//! the band lines are named.

use std::fmt::Write;

use crate::history::timeline::{Timeline, Version};
use crate::questionnaire::Questionnaire;

/// The score's colour (GitHub's accent blue). The score is the last series, so it is drawn on
/// top where it meets a band line.
const SCORE: &str = "#0969da";

/// Each level's line in the colour of its square in the tables (🟥 🟧 🟨 🟩, by the step of
/// `render::quarter`), darkened enough to read on white.
fn level_colour(number: u8) -> &'static str {
    match number {
        1 => "#cf222e",
        2 => "#bc4c00",
        3 => "#bf8700",
        _ => "#1a7f37",
    }
}

/// Text, axes and background: GitHub's foreground greys on white.
const FRAME: &str = r##""backgroundColor": "#ffffff", "titleColor": "#1f2328", "xAxisLabelColor": "#59636e", "xAxisTitleColor": "#1f2328", "xAxisTickColor": "#818b98", "xAxisLineColor": "#818b98", "yAxisLabelColor": "#59636e", "yAxisTitleColor": "#1f2328", "yAxisTickColor": "#818b98", "yAxisLineColor": "#818b98""##;

/// Every chart of the history, oldest run first; empty when no version has a score.
pub fn charts(t: &Timeline) -> Vec<String> {
    let runs = t.series();
    let several = runs.len() > 1;
    runs.iter()
        .filter_map(|run| {
            let q = run.first()?.score()?.assessment.questionnaire;
            Some(chart(q, run, several))
        })
        .collect()
}

/// One run as an `xychart-beta`: one flat line per level above the first at that level's lowest
/// score, then the score. The categories are short commit ids: unique, and hex digits need
/// no quoting rules. Names come from the questionnaire, which may be a team's own file, so a `"`
/// (which would end a Mermaid string) is dropped.
fn chart(q: &Questionnaire, run: &[&Version], several: bool) -> String {
    let labels: Vec<String> = run.iter().map(|v| format!("\"{}\"", v.short())).collect();
    let scores: Vec<String> = run
        .iter()
        .filter_map(|v| v.score().map(|s| s.total.to_string()))
        .collect();
    let bands: Vec<_> = q.levels.iter().skip(1).collect();
    let palette: Vec<&str> = bands
        .iter()
        .map(|l| level_colour(crate::render::quarter(l.number, q.top())))
        .chain(std::iter::once(SCORE))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "%%{{init: {{\"theme\": \"base\", \"themeVariables\": {{\"xyChart\": {{{FRAME}, \"plotColorPalette\": \"{}\"}}}}}}}}%%",
        palette.join(", ")
    );
    let _ = writeln!(out, "xychart-beta");
    let title = if several {
        format!("Score on {}, oldest to newest", quoted(&q.label()))
    } else {
        "LLMOps maturity score, oldest to newest".to_string()
    };
    let _ = writeln!(out, "    title \"{title}\"");
    let _ = writeln!(out, "    x-axis \"Commit\" [{}]", labels.join(", "));
    let _ = writeln!(
        out,
        "    y-axis \"Score\" {} --> {}",
        q.min_score(),
        q.max_score()
    );
    for level in bands {
        let name = format!(
            "{} · {} from {}",
            level.number,
            quoted(level.name),
            level.min
        );
        let flat = vec![level.min.to_string(); run.len()];
        let _ = writeln!(out, "    line \"{name}\" [{}]", flat.join(", "));
    }
    let _ = writeln!(out, "    line \"Score\" [{}]", scores.join(", "));
    out
}

/// Text for inside a Mermaid `"..."` string, which has no escape for `"` and ends at a line.
fn quoted(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect()
}
