//! The charts of the dashboard pages as inline SVG (bars, a heatmap, a line over level bands): values in, markup out, every label escaped.
//!
//! Each chart is an `<svg role="img">` named by its `<title>`, which also says every number in
//! words, and every number is written on the chart too: a reader who cannot tell the colours
//! apart, or whose screen reader skips graphics, loses nothing. `data-*` attributes carry the
//! numbers for the tests that read the page in a browser.

use std::fmt::Write as _;

use crate::escape;

/// One bar: a label, how many, and its colour step (1 to 4).
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub count: u32,
    pub step: u8,
    /// What the bar stands for, for `data-key` (a level number, say).
    pub key: String,
}

/// Horizontal bars, one per entry, the count written after each.
pub fn bars(id: &str, title: &str, bars: &[Bar]) -> String {
    const LABEL: u32 = 170;
    const LENGTH: u32 = 240;
    const ROW: u32 = 30;
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() as u32 + 6;
    let width = LABEL + LENGTH + 60;
    let words: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.count))
        .collect();
    let mut out = open(id, width, height, &format!("{title}. {}", words.join("; ")));
    for (i, b) in bars.iter().enumerate() {
        let y = ROW * i as u32 + 4;
        let length = if b.count == 0 {
            0
        } else {
            (LENGTH * b.count / most).max(2)
        };
        let _ = write!(
            out,
            "<g class=\"bar\" data-key=\"{}\" data-count=\"{}\"><text x=\"{}\" y=\"{}\" class=\"end\">{}</text><rect class=\"b{}\" x=\"{LABEL}\" y=\"{y}\" width=\"{length}\" height=\"22\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
            escape::html(&b.key),
            b.count,
            LABEL - 8,
            y + 15,
            escape::html(&shorten(&b.label, 26)),
            b.step.clamp(1, 4),
            LABEL + length + 6,
            y + 15,
            b.count
        );
    }
    out.push_str("</svg>");
    out
}

/// One row of a heatmap: its label and, per column, the number written in the cell (as text, so
/// a mean can be `2.4`) and its colour step, or `None` for a cell with nothing to show.
#[derive(Debug, Clone)]
pub struct HeatRow {
    pub label: String,
    pub cells: Vec<Option<(String, u8)>>,
}

/// A grid of coloured cells, rows by columns, each cell's number written in it. Column headings
/// are slanted so long names fit over narrow cells.
pub fn heatmap(id: &str, title: &str, columns: &[String], rows: &[HeatRow]) -> String {
    const CELL_W: u32 = 40;
    const CELL_H: u32 = 22;
    const HEAD: u32 = 120;
    let longest = rows.iter().map(|r| r.label.chars().count()).max();
    let label = (longest.unwrap_or(8).min(36) as u32 * 7 + 12).max(80);
    let width = label + CELL_W * columns.len() as u32 + 90;
    let height = HEAD + CELL_H * rows.len() as u32 + 4;
    let mut out = open(id, width, height, title);
    for (c, name) in columns.iter().enumerate() {
        let x = label + CELL_W * c as u32 + CELL_W / 2;
        let _ = write!(
            out,
            "<text transform=\"translate({x},{}) rotate(-40)\">{}</text>",
            HEAD - 6,
            escape::html(&shorten(name, 22))
        );
    }
    let centres: Vec<u32> = (0..columns.len() as u32)
        .map(|c| label + CELL_W * c + CELL_W / 2 - 1)
        .collect();
    for (r, row) in rows.iter().enumerate() {
        let y = HEAD + CELL_H * r as u32;
        let _ = write!(
            out,
            "<g class=\"row\" transform=\"translate(0,{y})\"><text x=\"{}\" y=\"15\" class=\"end\">{}</text>",
            label - 6,
            escape::html(&shorten(&row.label, 36))
        );
        heat_cells(&mut out, row, label, CELL_W, &centres);
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// One row's cells, written small because an organisation's page has a row per repository:
/// each colour's cells as one path of thick strokes (`M{x} 10h38`, a 20-high box), and the
/// numbers as one `<text>` placing a character per cell when every number is one character.
fn heat_cells(out: &mut String, row: &HeatRow, label: u32, cell_w: u32, centres: &[u32]) {
    for step in 1..=4u8 {
        let mut d = String::new();
        for (c, cell) in row.cells.iter().enumerate() {
            if matches!(cell, Some((_, s)) if (*s).clamp(1, 4) == step) {
                let _ = write!(d, "M{} 10h{}", label + cell_w * c as u32, cell_w - 2);
            }
        }
        if !d.is_empty() {
            let _ = write!(out, "<path class=\"s{step}\" d=\"{d}\"/>");
        }
    }
    let texts: Vec<&str> = row
        .cells
        .iter()
        .map(|cell| cell.as_ref().map_or("·", |(n, _)| n.as_str()))
        .collect();
    if texts.iter().all(|t| t.chars().count() == 1) {
        let xs: Vec<String> = centres.iter().map(u32::to_string).collect();
        let _ = write!(
            out,
            "<text class=\"num\" x=\"{}\" y=\"15\">{}</text>",
            xs.join(" "),
            escape::html(&texts.concat())
        );
        return;
    }
    for (t, x) in texts.iter().zip(centres) {
        let _ = write!(
            out,
            "<text class=\"num\" x=\"{x}\" y=\"15\">{}</text>",
            escape::html(t)
        );
    }
}

/// One version on a line chart: its label on the axis, its score (`None` when it has none),
/// and which series it belongs to (a new series starts where the questionnaire changed).
#[derive(Debug, Clone)]
pub struct Point {
    pub label: String,
    pub score: Option<u32>,
    pub series: u32,
}

/// A level band behind the line: `min..=max` of the total, drawn in the level's colour.
#[derive(Debug, Clone)]
pub struct Band {
    pub number: u8,
    pub name: String,
    pub min: u32,
    pub max: u32,
    pub step: u8,
}

/// The score along the versions, oldest left, over the level bands, each score written above
/// its point; a version without a score is marked `×` on the axis.
pub fn line(id: &str, title: &str, points: &[Point], bands: &[Band], range: (u32, u32)) -> String {
    const LEFT: u32 = 40;
    const TOP: u32 = 16;
    const PLOT_H: u32 = 220;
    let step_x = match points.len() {
        0..=12 => 48,
        13..=30 => 34,
        _ => 16,
    };
    let plot_w = (step_x * points.len() as u32).max(360);
    let (lo, hi) = (range.0, range.1.max(range.0 + 1));
    // In half points, so a band reaches half-way to the next and the bands leave no gap.
    let y_half = |twice: u32| {
        TOP + PLOT_H - PLOT_H * (twice.clamp(2 * lo, 2 * hi) - 2 * lo) / (2 * (hi - lo))
    };
    let y_of = |score: u32| y_half(2 * score);
    let band_x = LEFT + plot_w + 6;
    let (width, height) = (band_x + 170, TOP + PLOT_H + 60);
    let mut out = open(id, width, height, title);
    for b in bands {
        let (top, bottom) = (y_half(2 * b.max + 1), y_half((2 * b.min).saturating_sub(1)));
        let _ = write!(
            out,
            "<rect class=\"band{}\" x=\"{LEFT}\" y=\"{top}\" width=\"{plot_w}\" height=\"{}\"/><text x=\"{band_x}\" y=\"{}\">{} · {} ({}–{})</text>",
            b.step.clamp(1, 4),
            (bottom - top).max(1),
            (top + bottom) / 2 + 4,
            b.number,
            escape::html(&shorten(&b.name, 16)),
            b.min,
            b.max
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"end\">{lo}</text><text x=\"{}\" y=\"{}\" class=\"end\">{hi}</text>",
        LEFT - 4,
        y_of(lo) + 4,
        LEFT - 4,
        y_of(hi) + 4
    );
    let x_of = |i: usize| LEFT + step_x * i as u32 + step_x / 2;
    series_lines(&mut out, points, &x_of, &y_of);
    for (i, p) in points.iter().enumerate() {
        point(
            &mut out,
            p,
            x_of(i),
            &y_of,
            TOP + PLOT_H,
            points.len() <= 30,
        );
    }
    out.push_str("</svg>");
    out
}

/// One polyline per series through the points that have a score.
fn series_lines(
    out: &mut String,
    points: &[Point],
    x_of: &dyn Fn(usize) -> u32,
    y_of: &dyn Fn(u32) -> u32,
) {
    let mut series: Vec<(u32, Vec<String>)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let Some(score) = p.score else { continue };
        if series.last().is_none_or(|(s, _)| *s != p.series) {
            series.push((p.series, Vec::new()));
        }
        if let Some((_, coords)) = series.last_mut() {
            coords.push(format!("{},{}", x_of(i), y_of(score)));
        }
    }
    for (_, coords) in series.iter().filter(|(_, c)| c.len() > 1) {
        let _ = write!(
            out,
            "<polyline class=\"line\" points=\"{}\"/>",
            coords.join(" ")
        );
    }
}

/// A version's point, its score written above it, its label slanted under the axis.
fn point(out: &mut String, p: &Point, x: u32, y_of: &dyn Fn(u32) -> u32, axis: u32, labels: bool) {
    match p.score {
        Some(score) => {
            let y = y_of(score);
            let _ = write!(
                out,
                "<g class=\"point\" data-score=\"{score}\"><circle class=\"dot\" cx=\"{x}\" cy=\"{y}\" r=\"4\"/><text class=\"num\" x=\"{x}\" y=\"{}\">{score}</text></g>",
                y.saturating_sub(8).max(10)
            );
        }
        None => {
            let _ = write!(
                out,
                "<g class=\"point\" data-score=\"\"><text class=\"num\" x=\"{x}\" y=\"{}\">×</text></g>",
                axis - 4
            );
        }
    }
    if labels {
        let _ = write!(
            out,
            "<text transform=\"translate({},{}) rotate(40)\">{}</text>",
            x - 3,
            axis + 12,
            escape::html(&shorten(&p.label, 10))
        );
    }
}

/// The opening tag of a chart and its title (plain text, escaped here).
fn open(id: &str, width: u32, height: u32, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-t\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\"><title id=\"{id}-t\">{}</title>",
        escape::html(title)
    )
}

/// `text` cut to `max` characters, with an ellipsis when cut (the full text is in the table).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_write_their_numbers_and_escape_labels() {
        let svg = bars(
            "d",
            "Levels",
            &[
                Bar {
                    label: "<b>one</b>".into(),
                    count: 3,
                    step: 1,
                    key: "1".into(),
                },
                Bar {
                    label: "two".into(),
                    count: 0,
                    step: 2,
                    key: "2".into(),
                },
            ],
        );
        assert!(svg.contains("data-count=\"3\""));
        assert!(svg.contains(">3</text>"));
        assert!(svg.contains("&lt;b&gt;one&lt;/b&gt;"));
        assert!(!svg.contains("<b>"));
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
    }

    #[test]
    fn a_line_breaks_where_the_series_changes() {
        let p = |score: Option<u32>, series| Point {
            label: "abc1234".into(),
            score,
            series,
        };
        let svg = line(
            "h",
            "Score",
            &[
                p(Some(7), 0),
                p(Some(12), 0),
                p(None, 0),
                p(Some(20), 1),
                p(Some(22), 1),
            ],
            &[Band {
                number: 1,
                name: "Initial".into(),
                min: 7,
                max: 11,
                step: 1,
            }],
            (7, 28),
        );
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        assert!(svg.contains("×"));
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
