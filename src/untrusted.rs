//! Untrusted text (answers files, repository files, API answers) made safe to print on one log or terminal line.
//!
//! A GitHub Actions runner reads every line a step prints, on stdout and stderr, and runs it as a
//! workflow command when it starts (after leading whitespace) with `::`, or when it holds the
//! legacy `##[` anywhere (<https://docs.github.com/actions/using-workflow-commands-for-github-actions>;
//! `ActionCommand.TryParseV2` and `TryParse` in actions/runner). So text that came from a pull
//! request must never end our line and start one of its own, nor move the cursor or reorder what
//! a reader sees (ESC sequences, bidirectional overrides).
//!
//! Two layers, so that no call site has to be right for the log to be safe:
//! - where a value is rendered, [`shown`] makes it one readable line (escapes, `##\[`, a cut);
//! - where the binary writes, [`Lines`] passes every line through [`uncommand`], whoever wrote it
//!   and whatever it holds: the structural guarantee. `main` wraps stdout and stderr in it; only
//!   `ci`'s intended commands bypass it, through `github::log::Log`, which fences its own human
//!   text the same way.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// How many characters of one value are shown before it is cut with an ellipsis.
pub const MAX_CHARS: usize = 120;

/// `text` with every line break and control character as a visible escape and any legacy
/// `##[` command broken (`##\\[`), cut to [`MAX_CHARS`].
pub fn shown(text: &str) -> Cow<'_, str> {
    shown_within(text, MAX_CHARS)
}

/// Like [`shown`], cut to `max` characters (an ellipsis marks the cut).
pub fn shown_within(text: &str, max: usize) -> Cow<'_, str> {
    let cut = text.char_indices().nth(max).map(|(at, _)| at);
    let kept = &text[..cut.unwrap_or(text.len())];
    let escaped = match escape(kept) {
        Cow::Borrowed(s) if !s.contains(LEGACY) => Cow::Borrowed(s),
        other => Cow::Owned(other.replace(LEGACY, "##\\[")),
    };
    match cut {
        None => escaped,
        Some(_) => Cow::Owned(format!("{escaped}…")),
    }
}

/// A whole line whose beginning may be untrusted: escaped like [`shown`] (without a length cut),
/// and no workflow command left in it (see [`uncommand`]).
pub fn line(text: &str) -> Cow<'_, str> {
    match escape(text) {
        Cow::Borrowed(s) => uncommand(s),
        Cow::Owned(s) => Cow::Owned(uncommand(&s).into_owned()),
    }
}

/// One line of output (no line break in it) made inert for a runner, changing nothing else.
///
/// The runner trims leading whitespace (.NET `TrimStart`, so any Unicode space) and runs a line
/// that then starts with `::`; it runs the legacy `##[name]` form wherever it is in the line
/// (`ActionCommand.TryParseV2` and `TryParse` in actions/runner). So a leading `::` gets a
/// backslash before it, and every `##[` becomes `##\[`. Control characters are left alone (a
/// terminal report keeps its colours): values are escaped by [`shown`] where they are rendered.
pub fn uncommand(line: &str) -> Cow<'_, str> {
    let body = line.trim_start_matches(char::is_whitespace);
    let leading = body.starts_with("::");
    if !leading && !line.contains(LEGACY) {
        return Cow::Borrowed(line);
    }
    let indent = &line[..line.len() - body.len()];
    let mut out = String::with_capacity(line.len() + 4);
    out.push_str(indent);
    if leading {
        out.push('\\');
    }
    out.push_str(&body.replace(LEGACY, "##\\["));
    Cow::Owned(out)
}

/// The legacy command prefix, which the runner finds anywhere in a line.
const LEGACY: &str = "##[";

/// A writer for human output: every line written through it reaches `inner` [`uncommand`]ed,
/// whoever wrote it and whatever it holds, so no call site can print a workflow command by
/// mistake. Lines end at LF or CR, as the runner's line reader splits them. A line is held until
/// it is complete (so `##` and `[` written apart are still seen together); [`Lines::finish`]
/// writes a last line without a break.
pub struct Lines<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Lines<W> {
    pub fn new(inner: W) -> Self {
        Lines {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes what is held of an unfinished line, and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.emit(&last, b"")?;
        }
        self.inner.flush()
    }

    fn emit(&mut self, line: &[u8], end: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(line);
        match uncommand(&text) {
            // Unchanged: the original bytes, even ones that are not UTF-8.
            Cow::Borrowed(_) => self.inner.write_all(line)?,
            Cow::Owned(fixed) => self.inner.write_all(fixed.as_bytes())?,
        }
        self.inner.write_all(end)
    }
}

impl<W: Write> Write for Lines<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|b| matches!(b, b'\n' | b'\r')) {
            let mut line = std::mem::take(&mut self.pending);
            line.extend_from_slice(&rest[..at]);
            self.emit(&line, &rest[at..=at])?;
            rest = &rest[at + 1..];
        }
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    /// Flushes whole lines only: a held partial line waits for its end or for [`Lines::finish`].
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
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
        // The runner finds the legacy form anywhere in a line, so it is broken wherever it is.
        assert_eq!(line("\t##[error]x"), r"\t##\[error]x");
        assert_eq!(line("##[add-mask]Managed"), r"##\[add-mask]Managed");
        assert_eq!(line("team ::error::x"), "team ::error::x");
        // .NET's TrimStart trims any Unicode space, not only ASCII ones.
        assert_eq!(
            line("\u{3000}\u{a0}::error::x"),
            "\u{3000}\u{a0}\\::error::x"
        );
    }

    #[test]
    fn values_never_carry_the_legacy_prefix() {
        assert_eq!(
            shown("docs/x ##[add-mask]Managed"),
            r"docs/x ##\[add-mask]Managed"
        );
        assert_eq!(shown("a ## [b] #[c]"), "a ## [b] #[c]");
    }

    #[test]
    fn uncommand_changes_only_what_a_runner_would_run() {
        assert!(matches!(
            uncommand("\x1b[1mlevel 3\x1b[0m"),
            Cow::Borrowed(_)
        ));
        assert_eq!(uncommand("  ::warning::x"), r"  \::warning::x");
        assert_eq!(
            uncommand("path: docs ##[set-output name=a]b"),
            r"path: docs ##\[set-output name=a]b"
        );
    }

    #[test]
    fn the_lines_writer_breaks_commands_across_writes_and_line_ends() {
        let mut out = Lines::new(Vec::new());
        write!(out, "team: x\n::error::A\r::add-mask::B\r\nok ##").unwrap();
        write!(out, "[add-mask]C\n  ::").unwrap();
        write!(out, "stop-commands::t").unwrap();
        out.finish().unwrap();
        let text = String::from_utf8(out.inner).unwrap();
        assert_eq!(
            text,
            "team: x\n\\::error::A\r\\::add-mask::B\r\nok ##\\[add-mask]C\n  \\::stop-commands::t"
        );
        for line in text.split(['\n', '\r']) {
            let trimmed = line.trim_start();
            assert!(
                !trimmed.starts_with("::") && !line.contains("##["),
                "{line:?}"
            );
        }
    }
}
