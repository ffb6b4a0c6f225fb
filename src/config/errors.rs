//! Says, in the user's words and with a rule id, why serde-saphyr or its YAML parser refused a file.
//!
//! The errors are matched by variant and kind, never by their text. Budget breaches, alias bombs
//! and tags are said in terms of the file; a YAML syntax error keeps the parser's description of
//! the syntax; anything else gets [`FALLBACK`], so no library wording (Rust debug output, option
//! names, type names) ever reaches a user.

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::{ErrorKind, ScanError};
use serde_saphyr::{Error, ExternalMessageSource};

use super::{
    offset_of, pos_at, ParseError, Pos, MAX_ALIASES, MAX_ANCHORS, MAX_DEPTH, MAX_NODES,
    MAX_REPLAYED,
};
use crate::diagnostic::Code;
use crate::untrusted::shown;

/// What is said when the library's error is none the tool knows.
pub const FALLBACK: &str =
    "this YAML cannot be read as an answers file; an answers file holds only mappings, lists, text and numbers";

/// The message for a file with more than one YAML document.
const DOCUMENTS: &str =
    "file holds several YAML documents (separated by `---`); expected exactly one";

/// The rule id and message for `err`, raised while parsing `text`.
pub(super) fn describe(err: &Error, text: &str) -> ParseError {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map_or(Pos::START, |l| Pos {
            line: l.line() as u32,
            col: l.column().max(1) as u32,
        });
    let yaml = |message: String| ParseError::at(pos, Code::Yaml, message);
    let wrong_type = |message: String| ParseError::at(pos, Code::InvalidType, message);
    match err {
        Error::WithSnippet { error, .. } => describe(error, text),
        // Said where the alias is used, which is what the user wrote (not inside the anchor).
        Error::AliasError { error, .. } => ParseError {
            pos,
            ..describe(error, text)
        },
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => syntax(scan, pos, text),
            _ => yaml(FALLBACK.into()),
        },
        Error::MultipleDocuments { .. } => yaml(DOCUMENTS.into()),
        Error::Budget { breach, .. } => yaml(budget(breach)),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => yaml(format!(
            "aliases (`*name`) here expand to more than {MAX_REPLAYED} values, an alias bomb (\"billion laughs\"); an answers file needs no aliases"
        )),
        Error::RecursiveReferencesRequireWeakTypes { .. } => yaml(
            "an alias (`*name`) here refers to the list or mapping it is inside, so the value would never end; remove the alias".into(),
        ),
        Error::UnknownAnchor { .. } => yaml(unknown_anchor(text, pos)),
        Error::TaggedScalarCannotDeserializeIntoString { .. }
        | Error::BinaryNotUtf8 { .. }
        | Error::InvalidBinaryBase64 { .. } => wrong_type(tagged(&tag_at(text, pos))),
        Error::UnsupportedTag { tag, .. } => wrong_type(tagged(tag)),
        Error::NonFiniteFloat { value, .. } => wrong_type(format!(
            "value `{}` is not a finite number; an answers file holds levels 1 to 4, text and lists",
            shown(value)
        )),
        Error::MergeValueNotMapOrSeqOfMaps { .. } => yaml(
            "a merge key `<<` must be followed by a mapping or a list of mappings".into(),
        ),
        Error::Eof { .. } => yaml("the file ends in the middle of a YAML value".into()),
        Error::InvalidUtf8Input => yaml("file is not valid UTF-8; save it as UTF-8".into()),
        _ => yaml(FALLBACK.into()),
    }
}

/// A YAML syntax error, said with the parser's description of the syntax where it is one.
fn syntax(scan: &ScanError, pos: Pos, text: &str) -> ParseError {
    let at = |pos: Pos, message: String| ParseError::at(pos, Code::Yaml, message);
    match scan.kind() {
        ErrorKind::RecursionLimitExceeded => at(pos, depth()),
        ErrorKind::MultipleDocumentsUnsupported => at(pos, DOCUMENTS.into()),
        ErrorKind::UnknownAnchor => at(pos, unknown_anchor(text, pos)),
        ErrorKind::AnchorCountOverflow => at(pos, budget(&BudgetBreach::Anchors { anchors: 0 })),
        ErrorKind::InputByteLimitExceeded { .. } => at(pos, super::TOO_LARGE.into()),
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => at(
            first_tab_from_line(text, pos).unwrap_or(pos),
            "YAML syntax error: a tab where YAML needs spaces; indent with spaces only".into(),
        ),
        ErrorKind::UnexpectedCharacter {
            character: c @ ('@' | '`'),
        } => {
            let c = if *c == '@' { "`@`" } else { "a backtick" };
            at(
                pos,
                format!("YAML syntax error: a value cannot start with {c}, which YAML reserves; put the value in quotes"),
            )
        }
        ErrorKind::UnexpectedCharacter { character } => at(
            pos,
            format!(
                "YAML syntax error: unexpected character `{}`",
                shown(&character.to_string())
            ),
        ),
        ErrorKind::UnexpectedEofFlowSequence => at(
            pos,
            "YAML syntax error: the file ends before a list opened with `[` is closed with `]`"
                .into(),
        ),
        ErrorKind::UnexpectedEofFlowMapping | ErrorKind::UnexpectedEofImplicitFlowMapping => at(
            pos,
            "YAML syntax error: the file ends before a mapping opened with `{` is closed with `}`"
                .into(),
        ),
        ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofBlockMapping
        | ErrorKind::UnexpectedEof => at(
            pos,
            "YAML syntax error: the file ends in the middle of a YAML value".into(),
        ),
        // The commonest mistakes, said in terms of what to change.
        ErrorKind::MappingValueNotAllowed => at(
            pos,
            "YAML syntax error: a `: ` where no key can start; check this line's indentation, or put a value that contains `: ` in quotes".into(),
        ),
        ErrorKind::ExpectedBlockMappingKey => at(
            pos,
            "YAML syntax error: expected a key (`key: value`) at this indentation; check the line's indentation".into(),
        ),
        ErrorKind::SimpleKeyExpected => at(
            pos,
            "YAML syntax error: a key must end with `:` on its own line; check this line, or put a value that spans lines in quotes".into(),
        ),
        ErrorKind::InvalidTrailingSingleQuotedScalar
        | ErrorKind::InvalidTrailingDoubleQuotedScalar => at(
            pos,
            "YAML syntax error: text after the closing quote; put the whole value inside the quotes".into(),
        ),
        ErrorKind::ExpectedDocumentStart => at(
            pos,
            "YAML syntax error: expected `---` to start a document here".into(),
        ),
        // Not about the file's syntax: the reader, include machinery, or a custom message.
        ErrorKind::Custom(_)
        | ErrorKind::InputIo { .. }
        | ErrorKind::InputDecoding { .. }
        | ErrorKind::InputOffsetsWithoutSlice
        | ErrorKind::InputSlicingUnavailable
        | ErrorKind::MissingIncludeResolver => at(pos, FALLBACK.into()),
        kind => {
            let said = kind.to_string();
            if said.trim().is_empty() {
                at(pos, FALLBACK.into())
            } else {
                at(pos, format!("YAML syntax error: {}", shown(&said)))
            }
        }
    }
}

fn depth() -> String {
    format!("YAML nests deeper than {MAX_DEPTH} levels; an answers file needs four")
}

/// Which limit the file exceeds, said in terms of the file.
fn budget(breach: &BudgetBreach) -> String {
    match breach {
        BudgetBreach::Depth { .. } => depth(),
        BudgetBreach::Documents { .. } => DOCUMENTS.into(),
        BudgetBreach::Anchors { .. } => format!(
            "the file defines more than {MAX_ANCHORS} anchors (`&name`); an answers file needs none"
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => format!(
            "the file uses more than {MAX_ALIASES} aliases (`*name`); an answers file needs none"
        ),
        BudgetBreach::Nodes { .. } => format!(
            "the file holds more than {MAX_NODES} YAML values; an answers file holds a few dozen"
        ),
        _ => "the file's YAML is far larger than an answers file can be".into(),
    }
}

/// The message for an alias whose anchor is not defined before it, naming the alias.
fn unknown_anchor(text: &str, pos: Pos) -> String {
    let name: String = offset_of(text, pos)
        .and_then(|at| text[at..].strip_prefix('*'))
        .map(|rest| {
            rest.chars()
                .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                .collect()
        })
        .unwrap_or_default();
    if name.is_empty() {
        "an alias (`*name`) here refers to no anchor (`&name`) defined before it".into()
    } else {
        let name = shown(&name);
        format!("alias `*{name}` refers to no anchor `&{name}` defined before it; define `&{name}` first, or write the value itself")
    }
}

/// The message for a value with a tag of a type an answers file never holds.
fn tagged(tag: &str) -> String {
    if tag.is_empty() {
        return "value has a YAML tag (`!name`) of a type an answers file never holds; write the value without the tag".into();
    }
    format!(
        "value is tagged `{}`, a YAML type an answers file never holds; write the value without the tag",
        shown(tag)
    )
}

/// The tag on the scalar at `pos`, as written.
fn tag_at(text: &str, pos: Pos) -> String {
    super::tags_by_position(text)
        .remove(&pos)
        .unwrap_or_default()
}

/// The tab the parser means: the first one on `pos`'s line from one column before `pos` (some
/// tabs are reported one column late), else the first from the start of that line (a tab in the
/// line after a plain value is reported at the value).
fn first_tab_from_line(text: &str, pos: Pos) -> Option<Pos> {
    let line_start = offset_of(
        text,
        Pos {
            line: pos.line,
            col: 1,
        },
    )?;
    let from = offset_of(
        text,
        Pos {
            line: pos.line,
            col: pos.col.saturating_sub(1).max(1),
        },
    )
    .unwrap_or(line_start);
    let line_end = text[from..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| from + i);
    let at = match text[from..line_end].find('\t') {
        Some(i) => from + i,
        None => line_start + text[line_start..].find('\t')?,
    };
    Some(pos_at(text, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_saphyr::Location;

    #[test]
    fn an_error_the_tool_does_not_know_never_shows_its_text() {
        for err in [
            Error::Message {
                msg: "internal visitor state Foo { bar: 1 }".into(),
                location: Location::UNKNOWN,
            },
            Error::InvalidOptions {
                msg: "set ignore_binary_tag_for_string in Options".into(),
                location: Location::UNKNOWN,
            },
            Error::SerdeInvalidType {
                unexpected: "map".into(),
                expected: "weak recursion type".into(),
                location: Location::UNKNOWN,
            },
        ] {
            let e = describe(&err, "a: 1\n");
            assert_eq!(e.message, FALLBACK);
            assert_eq!((e.rule, e.pos), (Code::Yaml, Pos::START));
        }
    }
}
