//! Turns the bytes of `llmops-maturity.yaml` into a tree of YAML nodes that remember where they stand.
//!
//! Nothing here knows the questionnaire: `validate` gives the tree its meaning. Keeping a generic,
//! located tree (instead of deserializing straight into structs) is what lets validation report
//! every problem in one run rather than stopping at serde's first error.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::options::DuplicateKeyPolicy;
use serde_saphyr::Spanned;

/// The largest file accepted. Real answer files are a few KiB; this bounds memory and time.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Deepest nesting accepted. The file format needs four levels; the margin is for honest mistakes.
const MAX_DEPTH: usize = 32;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A YAML node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
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
    pub message: String,
}

impl ParseError {
    fn at(pos: Pos, message: impl Into<String>) -> Self {
        ParseError {
            pos,
            message: message.into(),
        }
    }
}

/// Parses the raw bytes of an answers file into its root node.
pub fn parse(bytes: &[u8]) -> Result<Node, ParseError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ParseError::at(
            Pos::START,
            format!(
                "file is {} bytes, larger than the 1 MiB limit; an answers file is a few KiB",
                bytes.len()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let pos = pos_of_byte(bytes, e.valid_up_to());
        ParseError::at(pos, "file is not valid UTF-8; save it as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    }) {
        return Err(ParseError::at(
            Pos::START,
            "file is empty; expected a mapping with `version` and `answers` (run `llmops-maturity init` for a starter file)",
        ));
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_nodes: 100_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 10_000,
            max_alias_expansions_per_anchor: 100,
        },
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        with_snippet: false,
    };
    let root: Node = serde_saphyr::from_str_with_options(text, options).map_err(convert_error)?;
    Ok(root)
}

fn convert_error(err: serde_saphyr::Error) -> ParseError {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos {
            line: l.line() as u32,
            col: l.column().max(1) as u32,
        })
        .unwrap_or(Pos::START);
    let raw = err.without_snippet().to_string();
    // The library appends its own "at line X column Y"; the position is reported in front instead.
    let mut message = raw.lines().next().unwrap_or("").trim().to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    let lower = message.to_ascii_lowercase();
    let message = if lower.contains("documents") {
        "file holds several YAML documents (separated by `---`); expected exactly one".to_string()
    } else if lower.contains("depth") {
        format!("YAML nests deeper than {MAX_DEPTH} levels; an answers file needs four")
    } else if lower.contains("budget") || lower.contains("alias") {
        format!("YAML is too complex to be an answers file ({message}); aliases and anchors are limited")
    } else {
        format!("YAML syntax error: {message}")
    };
    ParseError::at(pos, message)
}

/// Line and column of a byte offset, for errors found before the YAML parser runs.
fn pos_of_byte(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    Pos { line, col }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            pos: Pos {
                line: spanned.referenced.line() as u32,
                col: spanned.referenced.column() as u32,
            },
            value: spanned.value,
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

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let err = parse(b"version: 1\nteam: caf\xe9\n").unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, col: 10 });
        assert!(err.message.contains("UTF-8"));
    }
}
