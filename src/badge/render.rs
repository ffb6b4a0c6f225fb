//! The badge for a level as a self-contained SVG or a shields.io endpoint JSON; values in, text out.

use std::fmt::Write;

use serde_json::{json, Value};

use crate::badge::verdana::WIDTHS;
use crate::escape;
use crate::score::Score;

/// The label shields.io shows left of the message by default.
pub const DEFAULT_LABEL: &str = "LLMOps maturity";

/// A badge colour: shields.io's name for it and the hex it stands for there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub name: &'static str,
    pub hex: &'static str,
}

/// The colours of the Markdown report's squares (red, orange, yellow, green), as shields.io
/// defines them (badge-maker's named colours), so both badge formats look the same.
const LEVEL_COLORS: [Color; 4] = [
    Color {
        name: "red",
        hex: "#e05d44",
    },
    Color {
        name: "orange",
        hex: "#fe7d37",
    },
    Color {
        name: "yellow",
        hex: "#dfb317",
    },
    Color {
        name: "brightgreen",
        hex: "#4c1",
    },
];
const INVALID: Color = Color {
    name: "lightgrey",
    hex: "#9f9f9f",
};

/// What a badge says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub label: String,
    pub message: String,
    pub color: Color,
    /// True for a file that could not be scored: the badge says "invalid", never a level.
    pub invalid: bool,
}

impl Badge {
    /// The badge for a scored file, or the "invalid" badge when there is no score.
    pub fn new(label: &str, score: Option<&Score>) -> Badge {
        let label = clean(label);
        match score {
            Some(s) => Badge {
                label,
                message: format!("{} · {}", s.level.number, s.level.name),
                color: LEVEL_COLORS[usize::from(s.level.number.clamp(1, 4)) - 1],
                invalid: false,
            },
            None => Badge {
                label,
                message: "invalid".into(),
                color: INVALID,
                invalid: true,
            },
        }
    }

    /// What a screen reader says, and the tooltip: `LLMOps maturity: 3 · Managed`.
    pub fn title(&self) -> String {
        format!("{}: {}", self.label, self.message)
    }
}

/// Control characters are not allowed in XML 1.0 and would break a line of JSON output's reader.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The advance width of `text` in Verdana 11 px, in pixels.
pub fn text_width(text: &str) -> f64 {
    let hundredths: u64 = text.chars().map(|c| u64::from(char_width(c))).sum();
    hundredths as f64 / 100.0
}

fn char_width(c: char) -> u16 {
    let code = c as u32;
    if code <= 31 || code == 127 {
        return 0;
    }
    let i = WIDTHS.partition_point(|&(first, _, _)| first <= code);
    match i.checked_sub(1).map(|i| WIDTHS[i]) {
        Some((first, last, width)) if (first..=last).contains(&code) => width,
        // Outside the table: as wide as an `m`, the guess anafanafo and shields.io make.
        _ => 1070,
    }
}

/// Horizontal padding on each side of a text, as in shields.io's flat style.
const PADDING: f64 = 5.0;
const HEIGHT: u32 = 20;

/// The width of one half of the badge: the text rounded up to whole pixels, plus padding.
fn segment_width(text: &str) -> f64 {
    text_width(text).ceil() + 2.0 * PADDING
}

/// A flat badge like shields.io's, with nothing to fetch: no external font, image or style.
///
/// The text is drawn in Verdana (or the closest sans-serif the viewer has) with `textLength` set
/// to Verdana's measured width, so a fallback font is stretched to the same box instead of
/// overflowing it.
pub fn svg(badge: &Badge) -> String {
    let label_w = segment_width(&badge.label);
    let message_w = segment_width(&badge.message);
    let width = label_w + message_w;
    let title = escape::xml(&badge.title());
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" role="img" aria-label="{title}">"#
    );
    let _ = writeln!(out, "  <title>{title}</title>");
    let _ = writeln!(
        out,
        r##"  <linearGradient id="smooth" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##
    );
    let _ = writeln!(
        out,
        r##"  <clipPath id="round"><rect width="{width}" height="{HEIGHT}" rx="3" fill="#fff"/></clipPath>"##
    );
    let _ = writeln!(out, r#"  <g clip-path="url(#round)">"#);
    let _ = writeln!(
        out,
        r##"    <rect width="{label_w}" height="{HEIGHT}" fill="#555"/>"##
    );
    let _ = writeln!(
        out,
        r#"    <rect x="{label_w}" width="{message_w}" height="{HEIGHT}" fill="{}"/>"#,
        badge.color.hex
    );
    let _ = writeln!(
        out,
        r#"    <rect width="{width}" height="{HEIGHT}" fill="url(#smooth)"/>"#
    );
    let _ = writeln!(out, "  </g>");
    let _ = writeln!(
        out,
        r##"  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11" text-rendering="geometricPrecision">"##
    );
    for (text, start, w) in [
        (&badge.label, 0.0, label_w),
        (&badge.message, label_w, message_w),
    ] {
        let x = start + w / 2.0;
        let length = text_width(text);
        let text = escape::xml(text);
        // A shadow one pixel below, as shields.io draws it, hidden from screen readers.
        let _ = writeln!(
            out,
            r##"    <text aria-hidden="true" x="{x}" y="15" fill="#010101" fill-opacity=".3" textLength="{length}" lengthAdjust="spacingAndGlyphs">{text}</text>"##
        );
        let _ = writeln!(
            out,
            r#"    <text x="{x}" y="14" textLength="{length}" lengthAdjust="spacingAndGlyphs">{text}</text>"#
        );
    }
    let _ = writeln!(out, "  </g>");
    let _ = writeln!(out, "</svg>");
    out
}

/// The JSON a shields.io endpoint badge reads (https://shields.io/badges/endpoint-badge).
pub fn shields(badge: &Badge) -> Value {
    let mut out = json!({
        "schemaVersion": 1,
        "label": badge.label,
        "message": badge.message,
        "color": badge.color.name,
    });
    if badge.invalid {
        // `isError` keeps a `?color=` in the README's badge URL from painting it as a level.
        out["isError"] = json!(true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_match_anafanafo() {
        // Values printed by anafanafo 2.0.0: measure(text, {font: '11px Verdana'}).
        for (text, expected) in [
            ("LLMOps maturity", 93.77),
            ("3 · Managed", 68.43),
            ("1 · Initial", 50.32),
            ("4 · Optimized", 74.49),
            ("invalid", 35.99),
            ("Équipe <&> 🚀", 81.62),
        ] {
            assert!(
                (text_width(text) - expected).abs() < 0.005,
                "{text}: {} vs {expected}",
                text_width(text)
            );
        }
    }

    #[test]
    fn the_table_is_sorted_without_overlaps() {
        for pair in WIDTHS.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
    }

    #[test]
    fn user_text_is_escaped_and_control_characters_dropped() {
        let b = Badge::new("a<b>&\"c'\n::error::x", None);
        assert_eq!(b.label, "a<b>&\"c' ::error::x");
        let s = svg(&b);
        assert!(s.contains("a&lt;b&gt;&amp;&quot;c&#39; ::error::x"), "{s}");
        assert!(!s.lines().any(|l| l.trim_start().starts_with("::")));
    }
}
