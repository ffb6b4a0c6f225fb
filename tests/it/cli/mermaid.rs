//! A checker for Mermaid `xychart-beta` charts, written against the grammar Mermaid documents.
//!
//! https://mermaid.js.org/syntax/xyChart.html: `xychart-beta [horizontal]`, then statements
//! `title TEXT`, `x-axis [TITLE] [cat, ...]` or `x-axis [TITLE] MIN --> MAX`,
//! `y-axis [TITLE] [MIN --> MAX]`, `line [TITLE] [n, ...]`, `bar [TITLE] [n, ...]`, where TEXT is a
//! word or a double-quoted string without `"`. On top of what Mermaid's parser checks, every series
//! must have one value per category and stay inside the y-axis range (Mermaid would draw anything).
//! An `%%{init: JSON}%%` directive before the chart must hold strict JSON, which is kept.
//! `.ci/run` also runs Mermaid's own parser on the snapshots (`.ci/mermaid/check.mjs`).

/// A parsed chart: the x categories, the y range and every series.
#[derive(Debug, Default)]
pub struct Chart {
    pub title: Option<String>,
    pub categories: Vec<String>,
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<Vec<f64>>,
    /// Each series' title, `None` when it has none.
    pub titles: Vec<Option<String>>,
    /// The `init` directive's configuration.
    pub init: Option<serde_json::Value>,
}

/// Parses one word or one `"..."` string at the start of `s`; returns it and the rest.
fn text(s: &str) -> Result<(String, &str), String> {
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix('"') {
        let end = rest
            .find('"')
            .ok_or(format!("unterminated string in `{s}`"))?;
        return Ok((rest[..end].to_string(), &rest[end + 1..]));
    }
    let end = s
        .find(|c: char| c.is_whitespace() || c == '[' || c == ',' || c == ']')
        .unwrap_or(s.len());
    if end == 0 {
        return Err(format!("expected text at `{s}`"));
    }
    Ok((s[..end].to_string(), &s[end..]))
}

/// `[a, "b c", d]` -> the items, which must all be followed by `,` or `]`.
fn list(s: &str) -> Result<Vec<String>, String> {
    let s = s.trim();
    let inner = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or(format!("expected `[...]`, found `{s}`"))?;
    let mut items = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let (item, after) = text(rest)?;
        items.push(item);
        let after = after.trim_start();
        rest = match after.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None if after.is_empty() => after,
            None => return Err(format!("expected `,` or `]` at `{after}`")),
        };
    }
    Ok(items)
}

fn numbers(s: &str) -> Result<Vec<f64>, String> {
    list(s)?
        .iter()
        .map(|n| {
            n.parse::<f64>()
                .map_err(|_| format!("`{n}` is not a number"))
        })
        .collect()
}

/// `[TITLE] MIN --> MAX`
fn range(s: &str) -> Result<(f64, f64), String> {
    let (min, max) = s
        .split_once("-->")
        .ok_or(format!("expected `MIN --> MAX` in `{s}`"))?;
    let num = |t: &str| {
        t.trim()
            .parse::<f64>()
            .map_err(|_| format!("`{t}` is not a number"))
    };
    let min_text = min.trim();
    // A title may stand before MIN.
    let min_value = min_text.rsplit(' ').next().unwrap_or(min_text);
    Ok((num(min_value)?, num(max)?))
}

/// Strips an optional title before the `[` or the range.
fn after_title(s: &str) -> Result<&str, String> {
    let s = s.trim_start();
    if s.starts_with('[') || s.contains("-->") && !s.starts_with('"') {
        return Ok(s);
    }
    let (_, rest) = text(s)?;
    Ok(rest.trim_start())
}

pub fn parse(src: &str) -> Result<Chart, String> {
    let mut lines = src
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    let mut chart = Chart::default();
    if let Some(directive) = lines.next_if(|l| l.starts_with("%%{")) {
        let json = directive
            .strip_prefix("%%{init:")
            .and_then(|r| r.strip_suffix("}%%"))
            .ok_or(format!("expected `%%{{init: ...}}%%`, found `{directive}`"))?;
        chart.init = Some(serde_json::from_str(json).map_err(|e| format!("init directive: {e}"))?);
    }
    match lines.next() {
        Some("xychart-beta") | Some("xychart-beta horizontal") => {}
        other => return Err(format!("expected `xychart-beta`, found {other:?}")),
    }
    for line in lines {
        let (keyword, rest) = line.split_once(' ').unwrap_or((line, ""));
        match keyword {
            "title" => chart.title = Some(text(rest)?.0),
            "x-axis" => {
                let rest = after_title(rest)?;
                if rest.starts_with('[') {
                    chart.categories = list(rest)?;
                } else {
                    range(rest)?;
                }
            }
            "y-axis" => chart.y_range = Some(range(rest)?),
            "line" | "bar" => {
                let values = after_title(rest)?;
                let title = rest
                    .trim_start()
                    .starts_with('"')
                    .then(|| text(rest))
                    .transpose()?;
                chart.titles.push(title.map(|(t, _)| t));
                chart.series.push(numbers(values)?);
            }
            other => return Err(format!("unknown statement `{other}`")),
        }
    }
    for series in &chart.series {
        if !chart.categories.is_empty() && series.len() != chart.categories.len() {
            return Err(format!(
                "{} values for {} categories",
                series.len(),
                chart.categories.len()
            ));
        }
        if let Some((min, max)) = chart.y_range {
            if let Some(v) = series.iter().find(|v| **v < min || **v > max) {
                return Err(format!("{v} is outside the y-axis {min} --> {max}"));
            }
        }
    }
    Ok(chart)
}

/// Every ```` ```mermaid ```` block of a Markdown text.
pub fn blocks(markdown: &str) -> Vec<String> {
    markdown
        .split("```mermaid\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_checker_rejects_what_mermaid_rejects_and_more() {
    let good = "xychart-beta\n  title \"T\"\n  x-axis \"Commit\" [\"a\", \"b\"]\n  y-axis \"Score\" 7 --> 28\n  line [12, 14]\n";
    let chart = parse(good).unwrap();
    assert_eq!(chart.categories, ["a", "b"]);
    assert_eq!(chart.y_range, Some((7.0, 28.0)));
    let init = "%%{init: {\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"#000000\"}}}}%%\nxychart-beta\n  line \"Score\" [1]\n";
    let chart = parse(init).unwrap();
    assert_eq!(chart.titles, [Some("Score".to_string())]);
    assert!(chart.init.is_some());
    for bad in [
        "%%{init: {theme: base}}%%\nxychart-beta\n  line [1]",
        "xychart\n  line [1]",
        "xychart-beta\n  x-axis [\"a\", \"b\"\n  line [1, 2]",
        "xychart-beta\n  line [1, x2]",
        "xychart-beta\n  x-axis [a, b]\n  line [1]",
        "xychart-beta\n  y-axis 7 --> 28\n  line [30]",
        "xychart-beta\n  title \"unterminated\n",
        "xychart-beta\n  pie [1]",
    ] {
        assert!(parse(bad).is_err(), "accepted:\n{bad}");
    }
}
