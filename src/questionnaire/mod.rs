//! The questionnaire model (dimensions, options, level bands, references) and the built-in questionnaires, which are data like any other.
//!
//! A questionnaire is read once and lives for the whole run, so its text is kept as `&'static`
//! (leaked on load, see `file.rs`): every score, report and diagnostic can refer to it without
//! lifetimes or reference counts, and the memory is bounded by the few questionnaires a run
//! reads (each under the answers file's size limit).

pub mod file;
pub mod yaml;

use std::sync::OnceLock;

/// A reading suggestion shown under "to reach the next level".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub title: &'static str,
    /// Always `https://` (checked on load).
    pub url: &'static str,
}

/// One area a team answers, with its options (`options[i]` is worth `i + 1` points).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimension {
    /// Kebab-case key used in the answers file.
    pub id: &'static str,
    /// Short human name, used as a table row heading.
    pub name: &'static str,
    pub question: &'static str,
    /// 2 to 10 options.
    pub options: &'static [&'static str],
}

impl Dimension {
    /// The text of the option worth `points` (clamped to the options there are).
    pub fn option(&self, points: u8) -> &'static str {
        let last = self.options.len().max(1);
        self.options[usize::from(points).clamp(1, last) - 1]
    }

    /// The most points an answer can give: the number of options.
    pub fn max_points(&self) -> u8 {
        self.options.len() as u8
    }
}

/// A maturity level and the band of total points that earns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// 1 for the lowest level, counting up.
    pub number: u8,
    pub name: &'static str,
    /// Inclusive band of total points.
    pub min: u32,
    pub max: u32,
    /// What reaching this level means.
    pub meaning: &'static str,
    /// What to work on to move past this level (or, at the top, to stay there).
    pub advice: &'static str,
    /// Suggested reading to reach the next level.
    pub references: &'static [Reference],
}

/// Where a questionnaire came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Compiled into this build.
    Builtin,
    /// A file of the repository, as the answers file names it.
    File(String),
}

/// A complete questionnaire.
#[derive(Debug, PartialEq, Eq)]
pub struct Questionnaire {
    pub id: &'static str,
    /// Text, shown in every report (`2026.1`).
    pub version: &'static str,
    pub title: &'static str,
    pub dimensions: &'static [Dimension],
    /// Contiguous bands from the lowest total to the highest (checked on load).
    pub levels: &'static [Level],
    pub source: Source,
    /// Evidence rules for its own dimensions (`rules:`, in the model of a team's rules file).
    pub rules: &'static [crate::rule::Own],
}

impl Questionnaire {
    pub fn dimension(&self, id: &str) -> Option<&'static Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// The level whose band holds `total`; totals outside every band clamp to the nearest one.
    pub fn level_for(&self, total: u32) -> &'static Level {
        self.levels
            .iter()
            .find(|l| total <= l.max)
            .unwrap_or_else(|| self.levels.last().expect("a questionnaire has levels"))
    }

    pub fn level(&self, number: u8) -> Option<&'static Level> {
        self.levels.iter().find(|l| l.number == number)
    }

    /// The level named `name` (case-insensitive), for `--min-level Managed`.
    pub fn level_named(&self, name: &str) -> Option<&'static Level> {
        self.levels
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(name.trim()))
    }

    /// The top level's number.
    pub fn top(&self) -> u8 {
        self.levels.len() as u8
    }

    pub fn min_score(&self) -> u32 {
        self.dimensions.len() as u32
    }

    pub fn max_score(&self) -> u32 {
        self.dimensions
            .iter()
            .map(|d| u32::from(d.max_points()))
            .sum()
    }

    /// `id version`, how reports name the questionnaire.
    pub fn label(&self) -> String {
        format!("{} {}", self.id, self.version)
    }

    /// `Initial 7-11, Defined 12-16, ...`, for report footers.
    pub fn bands(&self) -> String {
        self.levels
            .iter()
            .map(|l| format!("{} {} {}-{}", l.number, l.name, l.min, l.max))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether `other` scores the same way: same id and version (a file copied from a built-in
    /// with its id and version is the same questionnaire).
    pub fn same_as(&self, other: &Questionnaire) -> bool {
        self.id == other.id && self.version == other.version
    }
}

/// The built-in questionnaires' files, compiled in.
const BUILTIN_FILES: [(&str, &str); 2] = [
    ("llmops-2024", include_str!("builtin/llmops-2024.yaml")),
    ("genaiops-2025", include_str!("builtin/genaiops-2025.yaml")),
];

/// Every questionnaire this build knows, by id, the default first.
pub fn all() -> &'static [&'static Questionnaire] {
    static ALL: OnceLock<Vec<&'static Questionnaire>> = OnceLock::new();
    ALL.get_or_init(|| {
        BUILTIN_FILES
            .iter()
            .map(
                |(id, text)| match file::load(text.as_bytes(), Source::Builtin, &[]) {
                    Ok(q) if q.id == *id => q,
                    // The files are part of the build and a unit test loads each: unreachable.
                    Ok(q) => panic!("built-in questionnaire file {id} has id {}", q.id),
                    Err(problems) => panic!("built-in questionnaire {id} is invalid: {problems:?}"),
                },
            )
            .collect()
    })
}

/// The questionnaire used when a file names none: `llmops-2024`.
pub fn builtin() -> &'static Questionnaire {
    all()[0]
}

/// The built-in questionnaire `id`.
pub fn find(id: &str) -> Option<&'static Questionnaire> {
    all().iter().copied().find(|q| q.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads_and_its_bands_cover_every_total() {
        for q in all() {
            assert_eq!(q.levels[0].min, q.min_score(), "{}", q.id);
            assert_eq!(q.levels.last().unwrap().max, q.max_score(), "{}", q.id);
            for pair in q.levels.windows(2) {
                assert_eq!(pair[0].max + 1, pair[1].min, "{}", q.id);
            }
        }
        assert_eq!(builtin().id, "llmops-2024");
        assert_eq!(find("genaiops-2025").unwrap().version, "2025.08");
    }

    #[test]
    fn level_boundaries_follow_the_seed_and_microsofts_2025_article() {
        let cases = [
            (
                "llmops-2024",
                [
                    (7, 1),
                    (11, 1),
                    (12, 2),
                    (16, 2),
                    (17, 3),
                    (21, 3),
                    (22, 4),
                    (28, 4),
                ],
            ),
            (
                "genaiops-2025",
                [
                    (7, 1),
                    (9, 1),
                    (10, 2),
                    (14, 2),
                    (15, 3),
                    (19, 3),
                    (20, 4),
                    (28, 4),
                ],
            ),
        ];
        for (id, totals) in cases {
            let q = find(id).unwrap();
            for (total, level) in totals {
                assert_eq!(q.level_for(total).number, level, "{id} total {total}");
            }
        }
    }

    #[test]
    fn levels_are_found_by_name_too() {
        let q = builtin();
        assert_eq!(q.level_named("managed").map(|l| l.number), Some(3));
        assert_eq!(q.level_named("Nope"), None);
        assert_eq!(q.top(), 4);
    }
}
