//! Turns the bytes of `llmops-maturity.yaml` into a tree of YAML nodes that remember where they stand.
//!
//! Nothing here knows the questionnaire: `validate` gives the tree its meaning. Keeping a generic,
//! located tree (instead of deserializing straight into structs) is what lets validation report
//! every problem in one run rather than stopping at serde's first error.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::options::DuplicateKeyPolicy;
use serde_saphyr::{NonFiniteFloatPolicy, Spanned};

pub mod check;
mod errors;
mod fast;

/// The largest file accepted. Real answer files are a few KiB; this bounds memory and time.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Deepest nesting accepted. The file format needs four levels; the margin is for honest mistakes.
pub const MAX_DEPTH: usize = 32;

/// Limits on the size of the YAML structure; an answers file needs a few dozen nodes and no alias.
pub const MAX_NODES: usize = 100_000;
pub const MAX_ALIASES: usize = 1_000;
pub const MAX_ANCHORS: usize = 1_000;
/// How many nodes aliases may add in all (what stops a "billion laughs" alias bomb).
pub const MAX_REPLAYED: usize = 10_000;

pub use crate::diagnostic::{Code, Pos};

/// A YAML node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
    /// A scalar as written in the file (`0x2`, `"2"`, `.inf`), so messages can quote it and
    /// validation can tell a plain `2` from other spellings of the same number.
    pub literal: Option<String>,
    /// A scalar's explicit YAML tag as written (`!!int`, `!custom`), if it has one.
    pub tag: Option<String>,
    /// Byte offset, length and position of the scalar's text (at the anchor, for an alias).
    defined: Option<(usize, usize, Pos)>,
}

/// The YAML value of a node; mappings keep their entries in file order, duplicates included.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// How a value's type is named in messages ("expected a level from 1 to 4, found a string").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(f) if f.is_nan() => "`.nan` (not a number)",
            Value::Float(f) if f.is_infinite() => "infinity, or a number too large to hold",
            Value::Float(_) => "a number with a fraction",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// Why a file could not be read as YAML at all; one error, with a position where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub pos: Pos,
    /// The rule id of the diagnostic: `yaml` for a file that is not usable YAML, `invalid-type`
    /// for valid YAML holding a value of a type an answers file never has.
    pub rule: Code,
    pub message: String,
}

impl ParseError {
    fn at(pos: Pos, rule: Code, message: impl Into<String>) -> Self {
        ParseError {
            pos,
            rule,
            message: message.into(),
        }
    }
}

/// Parses the raw bytes of an answers file into its root node.
pub fn parse(bytes: &[u8]) -> Result<Node, ParseError> {
    let text = yaml_text(bytes)?;
    if let Some(root) = fast::tree(text) {
        return Ok(root);
    }
    with_serde_saphyr(text)
}

/// The file's text without its byte order mark, or why it cannot be YAML at all.
fn yaml_text(bytes: &[u8]) -> Result<&str, ParseError> {
    if bytes.len() > MAX_FILE_BYTES {
        // The size is not shown: callers read at most one byte past the limit.
        return Err(ParseError::at(Pos::START, Code::Yaml, TOO_LARGE));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let valid = valid.strip_prefix('\u{feff}').unwrap_or(valid);
        let pos = pos_at(valid, valid.len());
        ParseError::at(pos, Code::Yaml, "file is not valid UTF-8; save it as UTF-8")
    })?;
    // A byte order mark is not content, and does not count in line 1's columns.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Nearly every file is ASCII, where a byte loop finds the same first offender much sooner.
    let offender = if text.is_ascii() {
        text.bytes()
            .position(|b| !matches!(b, b'\t' | b'\n' | b'\r' | b' '..=b'~'))
            .map(|at| (at, char::from(text.as_bytes()[at])))
    } else {
        text.char_indices().find(|&(_, c)| !yaml_printable(c))
    };
    if let Some((at, c)) = offender {
        return Err(ParseError::at(
            pos_at(text, at),
            Code::Yaml,
            format!(
                "the file contains the control character `{}`, which YAML does not allow; remove it, or write it as an escape inside double quotes",
                crate::untrusted::shown(&c.to_string())
            ),
        ));
    }
    if text.split(['\n', '\r']).all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    }) {
        return Err(ParseError::at(
            Pos::START,
            Code::Yaml,
            "file is empty; expected a mapping with `version` and `answers` (run `llmops-maturity init` for a starter file)",
        ));
    }
    Ok(text)
}

/// The tree of any YAML text serde-saphyr accepts, and its errors for the rest.
fn with_serde_saphyr(text: &str) -> Result<Node, ParseError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ANCHORS,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED,
            max_alias_expansions_per_anchor: 100,
        },
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        // `.inf`, `.nan` and numbers too large for a float reach the tree as floats, with their
        // literal, so validation can say which value is wrong instead of failing the parse.
        non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
        // `!!binary` text stays as written; validation refuses the tag on the value it is on.
        ignore_binary_tag_for_string: true,
        with_snippet: false,
    };
    let mut root: Node = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| errors::describe(&e, text))?;
    let tags = if text.contains('!') {
        tags_by_position(text)
    } else {
        HashMap::new()
    };
    annotate(&mut root, text, &tags);
    Ok(root)
}

/// The message for a file over [`MAX_FILE_BYTES`].
pub const TOO_LARGE: &str =
    "file is larger than 1 MiB, the limit for an answers file; an answers file is a few KiB";

/// True for a character YAML allows in a file (the `c-printable` set of YAML 1.2, 5.1): tab and
/// line breaks, but no other C0 control, no DEL, no C1 control other than NEL, and no U+FFFE/FFFF.
fn yaml_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}'
    ) || c >= '\u{10000}'
}

/// Line and column of a byte offset in `text` (after its byte order mark). YAML ends a line with
/// LF, CRLF or a lone CR (YAML 1.2, 5.4), and columns count characters, as the parser's do.
pub(crate) fn pos_at(text: &str, offset: usize) -> Pos {
    let before = &text[..floor_char_boundary(text, offset)];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = before[line_start..].chars().count() as u32 + 1;
    Pos { line, col }
}

/// The byte offset of a line and column in `text`, the inverse of [`pos_at`].
pub(crate) fn offset_of(text: &str, pos: Pos) -> Option<usize> {
    let mut line = 1;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while line < pos.line {
        let b = *bytes.get(i)?;
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
        i += 1;
    }
    let rest = &text[line_start..];
    let skip = pos.col.saturating_sub(1) as usize;
    match rest.char_indices().nth(skip) {
        Some((at, _)) => Some(line_start + at),
        None => (rest.chars().count() == skip).then_some(text.len()),
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The explicit tags of the file's scalars, by the position of the scalar they are on, as the
/// user wrote them (`!!int`, `!custom`). serde-saphyr resolves tags without handing them to a
/// visitor, so the parser it is built on is run once more to see them.
fn tags_by_position(text: &str) -> HashMap<Pos, String> {
    use serde_saphyr::granit_parser::{Event, Parser};
    let mut tags = HashMap::new();
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        if let Event::Scalar(_, _, _, Some(tag)) = &event {
            let shown = match tag.original_handle() {
                "" => format!("!<{}>", tag.suffix()),
                handle => format!("{handle}{}", tag.suffix()),
            };
            let pos = Pos {
                line: span.start.line() as u32,
                col: span.start.col() as u32 + 1,
            };
            tags.insert(pos, shown);
        }
    }
    tags
}

/// Gives every scalar its literal (the text as written, quotes included) and its tag.
fn annotate(node: &mut Node, text: &str, tags: &HashMap<Pos, String>) {
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| annotate(n, text, tags)),
        Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
            annotate(k, text, tags);
            annotate(v, text, tags);
        }),
        _ => {
            if let Some((start, len, pos)) = node.defined {
                node.literal = text.get(start..start + len).map(str::to_owned);
                node.tag = tags.get(&pos).cloned();
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        // An alias is reported where it is used, and read (literal, tag) where its anchor is.
        let defined = &spanned.defined;
        let span = defined.span();
        let defined = span.byte_offset().zip(span.byte_len()).map(|(at, len)| {
            let pos = Pos {
                line: defined.line() as u32,
                col: defined.column() as u32,
            };
            (at as usize, len as usize, pos)
        });
        Ok(Node {
            pos: Pos {
                line: spanned.referenced.line() as u32,
                col: spanned.referenced.column() as u32,
            },
            value: spanned.value,
            literal: None,
            tag: None,
            defined,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

/// Rust debug output and YAML-library wording that must never reach a user; the unit tests here
/// and the integration tests both hold every message against this one list.
#[doc(hidden)]
pub const LIBRARY_WORDING: &[&str] = &[
    "{ ",
    "\\u{",
    "Some(",
    "None",
    "budget",
    "breach",
    "Options",
    "option",
    "policy",
    "deserializ",
    "serde",
    "saphyr",
    "granit",
    "weak",
    "recursion",
    "tagged scalar",
    "visitor",
    "non-finite",
    "EOF",
    "eof",
    "internal",
    "panicked",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn map_keys(node: &Node) -> Vec<(String, Pos)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, _)| match &k.value {
                    Value::Str(s) => (s.clone(), k.pos),
                    other => (format!("{other:?}"), k.pos),
                })
                .collect(),
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keys_and_values_carry_their_positions() {
        let root = parse(b"version: 1\nanswers:\n  models: 2\n").unwrap();
        let keys = map_keys(&root);
        assert_eq!(keys[0], ("version".into(), Pos { line: 1, col: 1 }));
        assert_eq!(keys[1], ("answers".into(), Pos { line: 2, col: 1 }));
        let Value::Map(entries) = &root.value else {
            unreachable!()
        };
        assert_eq!(entries[0].1.value, Value::Int(1));
        assert_eq!(entries[0].1.pos, Pos { line: 1, col: 10 });
        let inner = map_keys(&entries[1].1);
        assert_eq!(inner[0], ("models".into(), Pos { line: 3, col: 3 }));
    }

    #[test]
    fn duplicate_keys_reach_the_validator() {
        let root = parse(b"a: 1\na: 2\n").unwrap();
        assert_eq!(map_keys(&root).len(), 2);
    }

    /// Regression: with lone CR line ends, what is at 3:11 was reported at 1:31.
    #[test]
    fn lone_cr_line_ends_count_as_lines() {
        let err = parse(b"version: 1\ranswers:\r  models: \xff\r").unwrap_err();
        assert_eq!(err.pos, Pos { line: 3, col: 11 });
        let root = parse(b"version: 1\ranswers:\r  models: 0x2\r").unwrap();
        let Value::Map(entries) = &root.value else {
            unreachable!()
        };
        let Value::Map(answers) = &entries[1].1.value else {
            unreachable!()
        };
        assert_eq!(answers[0].1.pos, Pos { line: 3, col: 11 });
        assert_eq!(answers[0].1.literal.as_deref(), Some("0x2"));
        assert_eq!(pos_at("a\r\nb\rc\nd", 7), Pos { line: 4, col: 1 });
        assert_eq!(offset_of("a\r\nb\rc\nd", Pos { line: 4, col: 1 }), Some(7));
    }

    /// Regression: a byte order mark shifted line 1's columns by one.
    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let err = parse(b"\xef\xbb\xbfversion: \xff\n").unwrap_err();
        assert_eq!(err.pos, Pos { line: 1, col: 10 });
        let root = parse(b"\xef\xbb\xbfversion: 1\n").unwrap();
        let Value::Map(entries) = &root.value else {
            unreachable!()
        };
        assert_eq!(entries[0].0.pos, Pos { line: 1, col: 1 });
        assert_eq!(entries[0].1.pos, Pos { line: 1, col: 10 });
    }

    /// Regression: a tab at column 1 was reported at column 2, and one on the line after a
    /// plain value at that value.
    #[test]
    fn a_tab_is_reported_where_it_is() {
        let err = parse(b"version: 1\nanswers:\n\tmodels: 2\n").unwrap_err();
        assert_eq!((err.pos, err.rule), (Pos { line: 3, col: 1 }, Code::Yaml));
        assert!(
            err.message.contains("a tab where YAML needs spaces"),
            "{}",
            err.message
        );
        let err = parse(b"a: 1\n\tb: 2\n").unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, col: 1 });
        // A tab the parser accepts earlier on the line is not the one reported.
        let err = parse(b"a:\t1\nb:\n  c: 1\n\td: 2\n").unwrap_err();
        assert_eq!(err.pos, Pos { line: 4, col: 1 }, "{}", err.message);
    }

    /// Regression: a control character at 2:9 was reported at 2:1, in Rust's `\u{2}` notation.
    #[test]
    fn a_control_character_is_reported_where_it_is_as_a_visible_escape() {
        for text in [&b"a: 1\nb: abcde\x02\n"[..], b"a: 1\nb: \"abcd\x02\"\n"] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.pos, Pos { line: 2, col: 9 });
            assert!(
                err.message.contains("control character `\\x02`"),
                "{}",
                err.message
            );
            assert!(!err.message.contains("\\u{"), "{}", err.message);
        }
        // Characters YAML allows are not refused: tab, NEL, non-breaking space, emoji.
        parse("team: \"a\tb\"\nnotes: x\u{85}y \u{a0} 🙂\n".as_bytes()).unwrap();
    }

    /// Regression: budget breaches were shown as Rust debug output (`Anchors { anchors: 1001 }`),
    /// 256+ levels as `recursion limit exceeded`, and a missing anchor as "too complex".
    #[test]
    fn limits_are_said_in_terms_of_the_file() {
        let mut anchors = String::new();
        for i in 0..=MAX_ANCHORS {
            anchors.push_str(&format!("k{i}: &a{i} 1\n"));
        }
        let err = parse(anchors.as_bytes()).unwrap_err();
        assert_eq!(
            err.message,
            "the file defines more than 1000 anchors (`&name`); an answers file needs none"
        );
        let values = format!("a: [{}]\n", vec!["1"; MAX_NODES + 1].join(","));
        let err = parse(values.as_bytes()).unwrap_err();
        assert_eq!(
            err.message,
            "the file holds more than 100000 YAML values; an answers file holds a few dozen"
        );
        for depth in [33, 100, 256, 257, 1000] {
            let deep = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
            let err = parse(deep.as_bytes()).unwrap_err();
            assert_eq!(
                err.message, "YAML nests deeper than 32 levels; an answers file needs four",
                "depth {depth}"
            );
        }
        let err = parse(b"a: 1\nb: *nope\n").unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, col: 4 });
        assert_eq!(err.message, "alias `*nope` refers to no anchor `&nope` defined before it; define `&nope` first, or write the value itself");
        let err = parse(b"a: &x [*x]\n").unwrap_err();
        assert!(
            err.message
                .starts_with("an alias (`*name`) here refers to the list or mapping it is inside"),
            "{}",
            err.message
        );
    }

    /// Regression: `.inf`, `.nan`, a 400-digit integer and `!!binary` text were "YAML syntax
    /// errors" with library wording; they are values, which validation names.
    #[test]
    fn valid_yaml_values_reach_the_tree() {
        let huge = "9".repeat(400);
        let text = format!("a: .inf\nb: .nan\nc: {huge}\nd: !!binary gIGC\ne: !custom 2\nf: !<tag:yaml.org,2002:int> 3\n");
        let root = parse(text.as_bytes()).unwrap();
        let Value::Map(entries) = &root.value else {
            unreachable!()
        };
        let seen: Vec<(Option<&str>, Option<&str>)> = entries
            .iter()
            .map(|(_, v)| (v.literal.as_deref(), v.tag.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                (Some(".inf"), None),
                (Some(".nan"), None),
                (Some(huge.as_str()), None),
                (Some("gIGC"), Some("!!binary")),
                (Some("2"), Some("!custom")),
                (Some("3"), Some("!<tag:yaml.org,2002:int>")),
            ]
        );
        let err = parse(b"a: !!timestamp 2001-12-14\n").unwrap_err();
        assert_eq!(err.rule, Code::InvalidType);
        assert_eq!(err.message, "value is tagged `!!timestamp`, a YAML type an answers file never holds; write the value without the tag");
    }

    /// An alias is read where its anchor is: `*two` is the literal `2`, not `*two`.
    #[test]
    fn an_alias_takes_its_anchors_literal_and_is_placed_where_it_is_used() {
        let root = parse(b"a: &two 2\nb: *two\n").unwrap();
        let Value::Map(entries) = &root.value else {
            unreachable!()
        };
        assert_eq!(entries[1].1.pos, Pos { line: 2, col: 4 });
        assert_eq!(entries[1].1.literal.as_deref(), Some("2"));
    }

    /// Every case of the YAML test suite and thousands of mutations of them: whatever the parser
    /// says, the message is ours (no Rust debug output, no library wording) and inside the file.
    #[test]
    fn odd_inputs_never_get_library_wording() {
        let mut errors = 0;
        for (id, bytes) in suite_inputs() {
            let Err(err) = parse(&bytes) else { continue };
            errors += 1;
            let ours: String = err.message.split('`').step_by(2).collect();
            for word in LIBRARY_WORDING {
                assert!(
                    !ours.contains(word),
                    "{id}: `{word}` in {:?} for {:?}",
                    err.message,
                    String::from_utf8_lossy(&bytes)
                );
            }
            assert!([Code::Yaml, Code::InvalidType].contains(&err.rule));
            let lines = bytes.split(|b| *b == b'\n' || *b == b'\r').count() as u32;
            assert!(
                err.pos.line >= 1 && err.pos.line <= lines + 1 && err.pos.col >= 1,
                "{id}: {} outside the file",
                err.pos
            );
        }
        assert!(errors > 1500, "only {errors} inputs were refused");
    }

    /// The 402 cases of the YAML test suite, each whole and in 11 random mutations (a deleted
    /// byte, or an inserted piece of YAML syntax, a control character or invalid UTF-8), with the
    /// case's id; the same inputs on every run.
    pub(super) fn suite_inputs() -> Vec<(String, Vec<u8>)> {
        let data = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/yaml-test-suite/cases.json"
        ))
        .unwrap();
        let cases: Vec<serde_json::Value> = serde_json::from_str(&data).unwrap();
        let inserts: &[&[u8]] = &[
            b":",
            b"- ",
            b"[",
            b"]",
            b"{",
            b"}",
            b"&a ",
            b"*a",
            b"!",
            b"!!int ",
            b"|",
            b">",
            b"'",
            b"\"",
            b"#",
            b"%",
            b"@",
            b"`",
            b"\t",
            b"\r",
            b"\n",
            b"\x00",
            b"\xc2\x85",
            b"\xff",
            b"\xef\xbb\xbf",
            b"---\n",
            b"? ",
            b"<<: ",
            b".inf",
            b"0x",
            b"\\",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let mut inputs = Vec::new();
        for case in &cases {
            let original = case["yaml"].as_str().unwrap().as_bytes();
            for round in 0..12 {
                let mut bytes = original.to_vec();
                if round > 0 {
                    for _ in 0..=next(3) {
                        let at = next(bytes.len() + 1);
                        match next(3) {
                            0 if at < bytes.len() => {
                                bytes.remove(at);
                            }
                            _ => {
                                let insert = inserts[next(inserts.len())];
                                bytes.splice(at..at, insert.iter().copied());
                            }
                        }
                    }
                }
                let id = case["id"].as_str().unwrap_or_default().to_owned();
                inputs.push((id, bytes));
            }
        }
        inputs
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let err = parse(b"version: 1\nteam: caf\xe9\n").unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, col: 10 });
        assert!(err.message.contains("UTF-8"));
    }
}
