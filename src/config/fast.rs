//! Builds the located tree straight from the YAML parser's events for the plain files nearly everyone writes, and declines anything else.
//!
//! serde-saphyr's serde layer (a `Spanned` wrapper and two `Location` maps per node) costs about
//! twice what the event parser underneath it does, and `org` scores a thousand files in one run.
//! This path reads the same events (the same parser, with the options serde-saphyr gives it) and
//! resolves plain scalars the way serde-saphyr does for the shapes an answers file holds: strings,
//! decimal integers, dates, booleans and nulls. It returns `None` for everything that needs
//! serde-saphyr's judgement or its error messages: any parse error, anchors, aliases, tags, merge
//! keys, directives, several documents, deep or huge trees, and any plain scalar it is not sure
//! of (`0x2`, `1.5`, `.inf`, `+1`, `012`). The unit tests hold it equal to serde-saphyr's tree,
//! positions included, on the whole YAML test suite and on mutations of it.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

use super::{Node, Pos, Value, MAX_DEPTH};

/// Half of [`super::MAX_NODES`]: a 1 MiB file of evidence URLs fits, and a file this path accepts
/// is well inside serde-saphyr's own node budget, so never one it would refuse for its size.
const MAX_FAST_NODES: usize = super::MAX_NODES / 2;

/// The tree of `text`, or `None` when serde-saphyr must read it.
pub(super) fn tree(text: &str) -> Option<Node> {
    let mut reader = Reader {
        events: Parser::new_from_str(text),
        text,
        nodes: 0,
    };
    reader.expect(|e| matches!(e, Event::StreamStart))?;
    reader.expect(|e| matches!(e, Event::DocumentStart(_, None)))?;
    let first = reader.next()?;
    let root = reader.node(first, 0)?;
    reader.expect(|e| matches!(e, Event::DocumentEnd))?;
    reader.expect(|e| matches!(e, Event::StreamEnd))?;
    Some(root)
}

struct Reader<'a> {
    events: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    text: &'a str,
    nodes: usize,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        self.events.next()?.ok()
    }

    /// `Some` when the next event is the one the document's frame must have there.
    fn expect(&mut self, wanted: impl Fn(&Event<'a>) -> bool) -> Option<()> {
        self.next().filter(|(event, _)| wanted(event)).map(drop)
    }

    /// The node that starts with `event`, its children read up to its end event.
    fn node(&mut self, (event, span): (Event<'a>, Span), depth: usize) -> Option<Node> {
        self.nodes += 1;
        if self.nodes > MAX_FAST_NODES || depth >= MAX_DEPTH {
            return None;
        }
        let (value, literal) = match event {
            Event::Scalar(text, style, 0, None) => {
                let literal = span.slice(self.text)?;
                (scalar(text, style)?, Some(literal.to_owned()))
            }
            Event::SequenceStart(_, 0, None) => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        (Event::SequenceEnd, _) => break,
                        child => items.push(self.node(child, depth + 1)?),
                    }
                }
                (Value::Seq(items), None)
            }
            Event::MappingStart(_, 0, None) => {
                let mut entries = Vec::new();
                loop {
                    let key = match self.next()? {
                        (Event::MappingEnd, _) => break,
                        child => self.node(child, depth + 1)?,
                    };
                    // A merge key (`<<: *base`) is resolved by serde-saphyr.
                    if key.literal.as_deref() == Some("<<") {
                        return None;
                    }
                    let child = self.next()?;
                    entries.push((key, self.node(child, depth + 1)?));
                }
                (Value::Map(entries), None)
            }
            // Anchors, aliases, tags and anything unexpected.
            _ => return None,
        };
        let pos = Pos {
            line: u32::try_from(span.start.line()).ok()?,
            col: u32::try_from(span.start.col() + 1).ok()?,
        };
        let start = span.start.byte_offset()?;
        let len = span.end.byte_offset()?.checked_sub(start)?;
        Some(Node {
            pos,
            value,
            literal,
            tag: None,
            defined: Some((start, len, pos)),
        })
    }
}

/// The value of an untagged scalar, as serde-saphyr resolves it, or `None` when unsure.
fn scalar(text: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::Str(text.into_owned()));
    }
    let s = text.as_ref();
    if matches!(s, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    // YAML 1.1 booleans, as serde-saphyr reads them by default.
    for (word, value) in [
        ("true", true),
        ("yes", true),
        ("y", true),
        ("on", true),
        ("false", false),
        ("no", false),
        ("n", false),
        ("off", false),
    ] {
        if s.eq_ignore_ascii_case(word) {
            return Some(Value::Bool(value));
        }
    }
    let bytes = s.as_bytes();
    match bytes[0] {
        // A decimal integer without a sign or a leading zero, short enough to be an i64.
        b'0'..=b'9' if bytes.iter().all(u8::is_ascii_digit) => {
            if bytes.len() > 18 || (bytes.len() > 1 && bytes[0] == b'0') {
                return None;
            }
            s.parse().ok().map(Value::Int)
        }
        // A date (`2026-01-05`) is neither an integer nor a float: a string.
        b'0'..=b'9' if is_date(bytes) => Some(Value::Str(s.to_owned())),
        b'0'..=b'9' | b'+' | b'-' | b'_' => None,
        // A path (`.github/workflows/eval.yml`) is a string; `.5`, `.inf` and `.NaN` are not.
        b'.' if bytes.get(1).is_some_and(u8::is_ascii_digit)
            || s.eq_ignore_ascii_case(".inf")
            || s.eq_ignore_ascii_case(".nan") =>
        {
            None
        }
        // Rust's float parser takes `inf`, `NaN` and `infinity`, and serde-saphyr uses it.
        _ if s.parse::<f64>().is_ok() => None,
        b'.' => Some(Value::Str(text.into_owned())),
        _ => Some(Value::Str(text.into_owned())),
    }
}

/// `YYYY-MM-DD` exactly.
fn is_date(b: &[u8]) -> bool {
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::super::{tests::suite_inputs, with_serde_saphyr, yaml_text};
    use super::*;

    /// Whatever this path accepts, serde-saphyr reads to the same tree: values, positions,
    /// literals and spans.
    fn agrees(text: &str, what: &str) -> bool {
        let Some(fast) = tree(text) else { return false };
        match with_serde_saphyr(text) {
            Ok(slow) => assert_eq!(fast, slow, "{what}: {text:?}"),
            Err(e) => panic!("{what}: accepted here, refused by serde-saphyr ({e}): {text:?}"),
        }
        true
    }

    #[test]
    fn the_yaml_test_suite_and_its_mutations_read_as_serde_saphyr_reads_them() {
        let mut accepted = 0;
        let mut inputs = 0;
        for (id, bytes) in suite_inputs() {
            let Ok(text) = yaml_text(&bytes) else {
                continue;
            };
            inputs += 1;
            accepted += usize::from(agrees(text, &id));
        }
        // Most cases exercise anchors, tags or errors, which go to serde-saphyr; enough are
        // plain for the comparison to mean something.
        assert!(
            accepted > 1000,
            "only {accepted} of {inputs} inputs took this path"
        );
    }

    #[test]
    fn plain_scalars_resolve_as_serde_saphyr_resolves_them() {
        #[rustfmt::skip]
        let scalars = [
            "1", "0", "4", "00", "012", "12", "123456789012345678", "1234567890123456789",
            "99999999999999999999", "2026-01-05", "2026-1-5", "2026-13-45", "20260105", "true",
            "TRUE", "True", "tRuE", "yes", "Yes", "Y", "y", "n", "N", "no", "on", "On", "off",
            "OFF", "null", "Null", "NULL", "nUll", "~", "", "inf", "Inf", "Infinity", "nan", "NaN",
            "e5", "1e5", "E", "abc", "a b", "_1", ".5", "-1", "+1", "-0", "0x1", "0X1", "0o7",
            "0b1", "1_000", "1.0", "1.", "12:30", "1:2:3", "@team", "/path", "ü", "N/A", "1st",
            "3 · Managed", "2026-01-05T10:00:00Z", "y2k", "yes please", "docs/a.md",
            "https://example.com/x", "Team 7", "level", ".inf", "-.inf", ".NaN", ".Inf", ".INF",
            ".nAn", "1e999", ".github/workflows/eval.yml", ".5", ".e5", "..", ".", ".x1",
        ];
        let mut accepted = 0;
        for s in scalars {
            for doc in [
                format!("k: {s}\n"),
                format!("- {s}\n"),
                format!("{{k: {s}}}\n"),
            ] {
                accepted += usize::from(agrees(&doc, s));
            }
        }
        assert!(accepted > 120, "only {accepted} documents took this path");
    }

    #[test]
    fn every_answers_file_in_the_repository_reads_as_serde_saphyr_reads_it() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let mut accepted = 0;
        for entry in ignore::WalkBuilder::new(root)
            .standard_filters(false)
            .build()
        {
            let path = entry.unwrap().into_path();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            if let Ok(text) = yaml_text(&bytes) {
                accepted += usize::from(agrees(text, &path.display().to_string()));
            }
        }
        assert!(
            accepted > 100,
            "only {accepted} fixture files took this path"
        );
    }

    /// The speed of `org` and `check` depends on ordinary files taking this path.
    #[test]
    fn ordinary_answers_files_take_this_path() {
        let own = include_str!("../../llmops-maturity.yaml");
        let starter = crate::init::starter(crate::questionnaire::builtin(), "llmops-2024");
        for (what, text) in [("llmops-maturity.yaml", own), ("init", starter.as_str())] {
            assert!(agrees(text, what), "{what} went to serde-saphyr");
        }
    }
}
