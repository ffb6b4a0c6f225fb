//! Untrusted text (answers files, repository files, API answers) made safe to print on one log or terminal line.
//!
//! A GitHub Actions runner reads every line a step prints, on stdout and stderr, and runs it as a
//! workflow command when it starts (after leading whitespace) with `::` or the legacy `##[`
//! (<https://docs.github.com/actions/using-workflow-commands-for-github-actions>). So text that
//! came from a pull request must never end our line and start one of its own, nor move the cursor
//! or reorder what a reader sees (ESC sequences, bidirectional overrides). Everything the tool
//! prints for humans goes through [`shown`] (a value inside a line) or [`line`] (a whole line).

use std::borrow::Cow;
use std::fmt::Write as _;

/// How many characters of one value are shown before it is cut with an ellipsis.
pub const MAX_CHARS: usize = 120;

/// `text` with every line break and control character as a visible escape, cut to [`MAX_CHARS`].
pub fn shown(text: &str) -> Cow<'_, str> {
    shown_within(text, MAX_CHARS)
}

/// Like [`shown`], cut to `max` characters (an ellipsis marks the cut).
pub fn shown_within(text: &str, max: usize) -> Cow<'_, str> {
    let cut = text.char_indices().nth(max).map(|(at, _)| at);
    let kept = &text[..cut.unwrap_or(text.len())];
    match (escape(kept), cut) {
        (Cow::Borrowed(s), None) => Cow::Borrowed(s),
        (escaped, None) => escaped,
        (escaped, Some(_)) => Cow::Owned(format!("{escaped}…")),
    }
}

/// A whole line whose beginning may be untrusted: escaped like [`shown`] (without a length cut),
/// and a workflow command at its start is broken with a backslash (`\::add-mask::x`).
pub fn line(text: &str) -> Cow<'_, str> {
    let escaped = escape(text);
    let body = escaped.trim_start_matches([' ', '\t']);
    if body.starts_with("::") || body.starts_with("##[") {
        let indent = escaped.len() - body.len();
        Cow::Owned(format!("{}\\{body}", &escaped[..indent]))
    } else {
        escaped
    }
}

/// True for a character that is not printed as itself: it could break the line, move the cursor,
/// or change the order in which the rest of the line is displayed.
fn needs_escape(c: char) -> bool {
    c.is_control() // C0, DEL and C1, including CR, LF, NUL, ESC and NEL (U+0085)
        || matches!(c,
            '\u{2028}' | '\u{2029}'                 // line and paragraph separators
            | '\u{200e}' | '\u{200f}'               // left-to-right and right-to-left marks
            | '\u{202a}'..='\u{202e}'               // bidirectional embeddings and overrides
            | '\u{2066}'..='\u{2069}'               // bidirectional isolates
            | '\u{feff}') // a byte order mark inside text
}

fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x80 && needs_escape(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(shown("Support team · 2026"), Cow::Borrowed(_)));
        assert!(matches!(line("  models: 3"), Cow::Borrowed(_)));
    }

    #[test]
    fn line_breaks_and_controls_become_visible_escapes() {
        assert_eq!(shown("a\nb\r\nc\td\0e"), r"a\nb\r\nc\td\0e");
        assert_eq!(shown("\u{1b}[31mred\u{7f}"), r"\x1b[31mred\x7f");
        assert_eq!(shown("x\u{85}y\u{2028}z\u{2029}"), r"x\u0085y\u2028z\u2029");
        assert_eq!(shown("abc\u{202e}fed"), r"abc\u202efed");
        // Nothing that can end a line survives.
        for hostile in [
            "k\n::error::X",
            "k\r::error::X",
            "k\u{2028}::error::X",
            "k\u{85}::x::",
        ] {
            assert!(!shown(hostile).contains(['\n', '\r', '\u{2028}', '\u{85}']));
        }
    }

    #[test]
    fn long_values_are_cut_with_an_ellipsis_on_a_char_boundary() {
        let long = "é".repeat(65_000);
        let s = shown(&long);
        assert_eq!(s.chars().count(), MAX_CHARS + 1);
        assert!(s.ends_with('…'));
        assert_eq!(shown_within("abcdef", 6), "abcdef");
        assert_eq!(shown_within("abcdefg", 6), "abcdef…");
        assert_eq!(shown_within("a\nbcdefg", 3), r"a\nb…"); // counts the characters of the value
    }

    #[test]
    fn a_workflow_command_at_the_start_of_a_line_is_broken() {
        assert_eq!(line("::add-mask::Managed"), r"\::add-mask::Managed");
        assert_eq!(line("   ::stop-commands::x"), r"   \::stop-commands::x");
        assert_eq!(line("\t##[error]x"), r"\t##[error]x"); // the tab is escaped, so no command
        assert_eq!(line("##[add-mask]Managed"), r"\##[add-mask]Managed");
        assert_eq!(line("team ::error::x"), "team ::error::x");
    }
}
