//! Report formatters: each takes values and returns text; none of them prints.

pub mod json;
pub mod markdown;
pub mod problems;
pub mod scan;
pub mod text;

/// The output formats of `check`, `diff` and `questions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// `points` of `max` on the four-step colour scale of the built-in questionnaires (1 to 4), so a
/// two-option dimension's top answer is as green as a four-option one's.
pub fn quarter(points: u8, max: u8) -> u8 {
    let max = u32::from(max.max(1));
    let points = u32::from(points.clamp(1, max as u8));
    // Rounded up: 1 of 2 is 2 (orange), 2 of 2 is 4 (green); 1..4 of 4 are themselves.
    ((points * 4).div_ceil(max)).clamp(1, 4) as u8
}

#[cfg(test)]
mod tests {
    use super::quarter;

    #[test]
    fn quarter_keeps_four_option_points_and_scales_others() {
        assert_eq!(
            (1..=4).map(|p| quarter(p, 4)).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(quarter(1, 2), 2);
        assert_eq!(quarter(2, 2), 4);
        assert_eq!(quarter(1, 10), 1);
        assert_eq!(quarter(10, 10), 4);
    }
}
