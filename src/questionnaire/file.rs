//! Reads a questionnaire file (format 1) as strictly as an answers file: every problem at once, with its position and a rule id.
//!
//! The built-in questionnaires are read through here too, so a file printed by
//! `questions --format yaml` and read back scores exactly as the built-in does.

use super::{Dimension, Level, Questionnaire, Reference, Source};
use crate::config::check::{is_kebab, Checker};
use crate::config::{self, Node, Pos, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::rule;
use crate::untrusted::shown;

/// The questionnaire file format this build reads.
pub const FORMAT: i64 = 1;
/// Options per dimension: at least a choice, at most what a reviewer tells apart.
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 10;
/// Dimensions and levels per questionnaire.
pub const MAX_DIMENSIONS: usize = 50;
pub const MAX_LEVELS: usize = 20;

const ROOT_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "title",
    "dimensions",
    "levels",
    "rules",
];
const DIMENSION_KEYS: &[&str] = &["id", "name", "question", "options"];
const LEVEL_KEYS: &[&str] = &["name", "min", "max", "meaning", "advice", "references"];
const REFERENCE_KEYS: &[&str] = &["title", "url"];

/// Reads a questionnaire file; its text lives for the rest of the run (see the module `mod.rs`).
/// Its `rules:` may not take an id of `builtin`, the built-in evidence rules' ids (handed in:
/// they are the scan's, which sits above this module).
pub fn load(
    bytes: &[u8],
    source: Source,
    builtin: &[&'static str],
) -> Result<&'static Questionnaire, Vec<Diagnostic>> {
    let root =
        config::parse(bytes).map_err(|e| vec![Diagnostic::error(e.pos, e.rule, e.message)])?;
    let mut c = Checker::default();
    let parsed = read(&mut c, &root, source, builtin);
    crate::diagnostic::sort(&mut c.diagnostics);
    match parsed {
        Some(q) if c.diagnostics.is_empty() => Ok(Box::leak(Box::new(q))),
        _ => Err(c.diagnostics),
    }
}

fn leak(text: String) -> &'static str {
    text.leak()
}

/// One line of plain text (see `Checker::line`).
fn line(c: &mut Checker, node: &Node, what: &str) -> Option<String> {
    c.line(node, what)
}

fn read(
    c: &mut Checker,
    root: &Node,
    source: Source,
    builtin: &[&'static str],
) -> Option<Questionnaire> {
    let entries = c.mapping(root, ROOT_KEYS, "the top level")?;
    let what = "the questionnaire";
    if let Some(node) = c.required(&entries, "format", root.pos, what) {
        match node.value {
            Value::Int(FORMAT) => {}
            Value::Int(n) => c.error(
                node.pos,
                Code::UnsupportedFormat,
                format!("unsupported questionnaire format {n}, expected {FORMAT}; a newer llmops-maturity may read this file"),
            ),
            ref other => c.error(
                node.pos,
                Code::InvalidType,
                format!("`format` must be the integer {FORMAT}, found {}", other.kind()),
            ),
        }
    }
    let id = c
        .required(&entries, "id", root.pos, what)
        .and_then(|n| id(c, n, "`id`"));
    let version = c
        .required(&entries, "version", root.pos, what)
        .and_then(|n| line(c, n, "`version`"));
    let title = c
        .required(&entries, "title", root.pos, what)
        .and_then(|n| line(c, n, "`title`"));
    let dimensions = c
        .required(&entries, "dimensions", root.pos, what)
        .and_then(|n| dimensions(c, n));
    let levels = c
        .required(&entries, "levels", root.pos, what)
        .and_then(|n| levels(c, n));
    let rules = match (entries.get("rules"), &dimensions) {
        (Some(n), Some(dims)) => own_rules(c, n, dims, &source, builtin),
        (Some(_), None) => None,
        (None, _) => Some(Vec::new()),
    };
    let (dimensions, levels) = (dimensions?, levels?);
    bands(c, &dimensions, &levels);
    Some(Questionnaire {
        id: leak(id?),
        version: leak(version?),
        title: leak(title?),
        dimensions: dimensions.leak(),
        levels: levels
            .into_iter()
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .leak(),
        source,
        rules: rules?.leak(),
    })
}

/// The questionnaire's own evidence rules, for its dimensions (see `rule::file`).
fn own_rules(
    c: &mut Checker,
    node: &Node,
    dimensions: &[Dimension],
    source: &Source,
    builtin: &[&'static str],
) -> Option<Vec<crate::rule::Own>> {
    let dims: Vec<(&'static str, u8)> = dimensions.iter().map(|d| (d.id, d.max_points())).collect();
    let file = match source {
        Source::File(shown) => leak(shown.clone()),
        Source::Builtin => "the built-in questionnaire",
    };
    let ctx = rule::file::Context {
        dimensions: &dims,
        builtin,
        file,
    };
    rule::file::rules(c, node, &ctx)
}

fn id(c: &mut Checker, node: &Node, what: &str) -> Option<String> {
    let id = c.string(node, what)?;
    if !is_kebab(&id) {
        c.error(
            node.pos,
            Code::InvalidId,
            format!("{what} `{}` is not kebab-case; write lower-case words and digits joined by `-`, such as `acme-mlops`", shown(&id)),
        );
        return None;
    }
    Some(id)
}

fn dimensions(c: &mut Checker, node: &Node) -> Option<Vec<Dimension>> {
    let items = c.list(node, "`dimensions`")?;
    if items.is_empty() || items.len() > MAX_DIMENSIONS {
        c.error(
            node.pos,
            Code::OutOfRange,
            format!(
                "`dimensions` has {} entries, expected 1 to {MAX_DIMENSIONS}",
                items.len()
            ),
        );
        return None;
    }
    let mut out: Vec<(Pos, Dimension)> = Vec::new();
    let mut ok = true;
    for item in items {
        match dimension(c, item) {
            Some(d) => {
                if let Some((first, _)) = out.iter().find(|(_, o)| o.id == d.id) {
                    c.error(
                        item.pos,
                        Code::DuplicateId,
                        format!("dimension id `{}` is used twice (first at {first}); each dimension needs its own", d.id),
                    );
                    ok = false;
                }
                out.push((item.pos, d));
            }
            None => ok = false,
        }
    }
    ok.then(|| out.into_iter().map(|(_, d)| d).collect())
}

fn dimension(c: &mut Checker, node: &Node) -> Option<Dimension> {
    let what = "a dimension";
    let entries = c.mapping(node, DIMENSION_KEYS, what)?;
    let id = c
        .required(&entries, "id", node.pos, what)
        .and_then(|n| id(c, n, "the dimension `id`"));
    let name = c
        .required(&entries, "name", node.pos, what)
        .and_then(|n| line(c, n, "the dimension `name`"));
    let question = c
        .required(&entries, "question", node.pos, what)
        .and_then(|n| line(c, n, "the dimension `question`"));
    let options = c
        .required(&entries, "options", node.pos, what)
        .and_then(|n| options(c, n));
    Some(Dimension {
        id: leak(id?),
        name: leak(name?),
        question: leak(question?),
        options: options?.leak(),
    })
}

fn options(c: &mut Checker, node: &Node) -> Option<Vec<&'static str>> {
    let items = c.list(node, "`options`")?;
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&items.len()) {
        c.error(
            node.pos,
            Code::OptionCount,
            format!(
                "a dimension has {} {}, expected {MIN_OPTIONS} to {MAX_OPTIONS} (option i is worth i points)",
                items.len(),
                if items.len() == 1 { "option" } else { "options" }
            ),
        );
        return None;
    }
    let texts: Vec<Option<String>> = items.iter().map(|i| line(c, i, "each option")).collect();
    texts.into_iter().map(|t| t.map(leak)).collect()
}

/// The levels with where each stands, numbered 1 up in file order.
fn levels(c: &mut Checker, node: &Node) -> Option<Vec<(Pos, Level)>> {
    let items = c.list(node, "`levels`")?;
    if items.is_empty() || items.len() > MAX_LEVELS {
        c.error(
            node.pos,
            Code::OutOfRange,
            format!(
                "`levels` has {} entries, expected 1 to {MAX_LEVELS}",
                items.len()
            ),
        );
        return None;
    }
    let mut out: Vec<(Pos, Level)> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let Some(level) = level(c, item, i as u8 + 1) else {
            ok = false;
            continue;
        };
        if let Some((first, _)) = out
            .iter()
            .find(|(_, l)| l.name.eq_ignore_ascii_case(level.name))
        {
            c.error(
                item.pos,
                Code::DuplicateLevel,
                format!("level name `{}` is used twice (first at {first}); each level needs its own name", shown(level.name)),
            );
            ok = false;
        }
        out.push((item.pos, level));
    }
    ok.then_some(out)
}

fn level(c: &mut Checker, node: &Node, number: u8) -> Option<Level> {
    let what = "a level";
    let entries = c.mapping(node, LEVEL_KEYS, what)?;
    let name = c
        .required(&entries, "name", node.pos, what)
        .and_then(|n| line(c, n, "the level `name`"));
    let min = c
        .required(&entries, "min", node.pos, what)
        .and_then(|n| c.count(n, "`min`"));
    let max = c
        .required(&entries, "max", node.pos, what)
        .and_then(|n| c.count(n, "`max`"));
    let meaning = c
        .required(&entries, "meaning", node.pos, what)
        .and_then(|n| line(c, n, "the level `meaning`"));
    let advice = match entries.get("advice") {
        Some(n) => line(c, n, "the level `advice`"),
        None => Some(String::new()),
    };
    let references = match entries.get("references") {
        Some(n) => references(c, n),
        None => Some(Vec::new()),
    };
    if let (Some(min), Some(max), Some(at)) = (min, max, entries.get("min")) {
        if min > max {
            c.error(
                at.pos,
                Code::BandOverlap,
                format!("`min` {min} is above `max` {max}"),
            );
        }
    }
    Some(Level {
        number,
        name: leak(name?),
        min: min?,
        max: max?,
        meaning: leak(meaning?),
        advice: leak(advice?),
        references: references?.leak(),
    })
}

fn references(c: &mut Checker, node: &Node) -> Option<Vec<Reference>> {
    let items = c.list(node, "`references`")?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(entries) = c.mapping(item, REFERENCE_KEYS, "a reference") else {
            ok = false;
            continue;
        };
        let title = c
            .required(&entries, "title", item.pos, "a reference")
            .and_then(|n| line(c, n, "the reference `title`"));
        let url = c.required(&entries, "url", item.pos, "a reference").and_then(|n| {
            let url = line(c, n, "the reference `url`")?;
            if !url.starts_with("https://") || url.contains(char::is_whitespace) {
                c.error(
                    n.pos,
                    Code::NotHttps,
                    format!("reference url `{}` is not an https URL; every link a report shows is https", shown(&url)),
                );
                return None;
            }
            Some(url)
        });
        match (title, url) {
            (Some(title), Some(url)) => out.push(Reference {
                title: leak(title),
                url: leak(url),
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// The bands must run without gap or overlap from the lowest possible total (every dimension
/// at 1) to the highest (every dimension at its last option), in file order.
fn bands(c: &mut Checker, dimensions: &[Dimension], levels: &[(Pos, Level)]) {
    let lowest = dimensions.len() as u32;
    let highest: u32 = dimensions.iter().map(|d| u32::from(d.max_points())).sum();
    if let Some((pos, first)) = levels.first() {
        if first.min != lowest {
            c.error(
                *pos,
                Code::BandCoverage,
                format!("the first level starts at {}, but the lowest possible total is {lowest} (every dimension at 1); start it at {lowest}", first.min),
            );
        }
    }
    if let Some((pos, last)) = levels.last() {
        if last.max != highest {
            c.error(
                *pos,
                Code::BandCoverage,
                format!("the last level ends at {}, but the highest possible total is {highest} (every dimension at its last option); end it at {highest}", last.max),
            );
        }
    }
    for pair in levels.windows(2) {
        let ((_, a), (pos, b)) = (&pair[0], &pair[1]);
        if b.min > a.max + 1 {
            c.error(
                *pos,
                Code::BandGap,
                format!(
                    "totals {} to {} have no level: `{}` ends at {} and `{}` starts at {}",
                    a.max + 1,
                    b.min - 1,
                    shown(a.name),
                    a.max,
                    shown(b.name),
                    b.min
                ),
            );
        } else if b.min <= a.max {
            c.error(
                *pos,
                Code::BandOverlap,
                format!("`{}` starts at {}, inside `{}` ({}-{}); bands follow one another from the lowest total up", shown(b.name), b.min, shown(a.name), a.min, a.max),
            );
        }
    }
}
