//! The level colours of the dashboard pages as data, with the contrast each text needs checked by a test.
//!
//! Colour is never the only carrier: every cell and bar also writes its level number. The four
//! steps are those of the Markdown squares (red, orange, yellow, green), light enough that the
//! page's text colour keeps a contrast of at least 4.5:1 on each (WCAG 2.2, 1.4.3), while bars
//! and lines, which carry no text, are darker and keep 3:1 against white (1.4.11).

use std::fmt::Write as _;

/// The page's text colour.
pub const TEXT: &str = "#1f2328";

/// Background of a cell or band at step 1..=4 (index 0 is step 1), written on in [`TEXT`].
pub const CELL: [&str; 4] = ["#ffd7d5", "#ffe2c2", "#fff1a8", "#c9f0c9"];

/// Fill of a bar or a point at step 1..=4, which no text is written on.
pub const BAR: [&str; 4] = ["#c62828", "#b85c00", "#8a6d00", "#2e7d32"];

/// The classes `q1`..`q4` (cells, text on them), `b1`..`b4` (bars) and `band1`..`band4`
/// (the level bands behind a line chart).
pub fn css() -> String {
    let mut out = String::new();
    for i in 0..4 {
        let n = i + 1;
        let _ = write!(
            out,
            ".q{n}{{background:{cell};color:{TEXT}}}svg .q{n}{{fill:{cell}}}svg .s{n}{{stroke:{cell};stroke-width:20px}}svg .b{n}{{fill:{bar}}}svg .band{n}{{fill:{cell}}}",
            cell = CELL[i],
            bar = BAR[i]
        );
    }
    out
}

/// The WCAG contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Relative luminance (WCAG 2.2, "relative luminance").
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0);
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_every_level_colour_has_a_contrast_of_at_least_4_5() {
        for cell in CELL {
            assert!(contrast(TEXT, cell) >= 4.5, "{TEXT} on {cell}");
        }
        // The page's other text colours, on white and on the table header's grey.
        for (fg, bg) in [
            (TEXT, "#ffffff"),
            ("#57606a", "#ffffff"),
            ("#0550ae", "#ffffff"),
            (TEXT, "#f6f8fa"),
            (TEXT, "#fff8c5"),
        ] {
            assert!(contrast(fg, bg) >= 4.5, "{fg} on {bg}");
        }
    }

    #[test]
    fn bars_stand_out_from_the_page() {
        for bar in BAR {
            assert!(contrast(bar, "#ffffff") >= 3.0, "{bar}");
        }
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
    }
}
