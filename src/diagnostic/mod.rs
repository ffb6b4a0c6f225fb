//! A problem found in an answers file: where it is, how bad it is, and what was expected.

use std::fmt;

use crate::untrusted;

mod code;
pub use code::Code;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
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

/// The most characters of a message shown on one line. Values are cut where they are put into
/// messages, so only a message carrying a huge value by mistake reaches this; our own longest
/// (an unsupported claim listing every signal looked for, team rules included) must never be cut
/// mid-sentence, as one was at 400 (issue 18).
const MAX_SHOWN_MESSAGE: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be scored; `check` exits 2.
    Error,
    /// The file is scored, but something deserves a look; `--deny-warnings` makes it fail.
    Warning,
    /// Worth knowing, never a problem: not counted as a warning and never fails a gate (a
    /// warning that a waiver holds, shown with the waiver's reason).
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// One finding. `rule` is a stable kebab-case id that scripts and docs can refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `None` when the problem is the file itself (missing, unreadable).
    pub pos: Option<Pos>,
    pub message: String,
    pub rule: Code,
    /// The dimension the problem belongs to, when it belongs to one.
    pub dimension: Option<&'static str>,
    /// The file the position is in, when it is not the file being checked (a problem of the
    /// questionnaire file an answers file names).
    pub file: Option<String>,
}

impl Diagnostic {
    pub fn error(pos: Pos, rule: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pos: Some(pos),
            message: message.into(),
            rule,
            dimension: None,
            file: None,
        }
    }

    pub fn warning(pos: Pos, rule: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(pos, rule, message)
        }
    }

    /// Information for the reader; never fails a gate.
    pub fn note(pos: Pos, rule: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(pos, rule, message)
        }
    }

    /// A problem with the file as a whole, reported without a position.
    pub fn file(rule: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pos: None,
            message: message.into(),
            rule,
            dimension: None,
            file: None,
        }
    }

    /// Places the diagnostic in another file than the one checked.
    pub fn in_file(self, file: impl Into<String>) -> Self {
        Diagnostic {
            file: Some(file.into()),
            ..self
        }
    }

    /// The file the position is in: its own, or else `checked`.
    pub fn file_or<'a>(&'a self, checked: &'a str) -> &'a str {
        self.file.as_deref().unwrap_or(checked)
    }

    /// Ties the diagnostic to a dimension, so reports can show it beside that answer.
    pub fn in_dimension(self, id: &'static str) -> Self {
        Diagnostic {
            dimension: Some(id),
            ..self
        }
    }

    /// `PATH:LINE:COL: severity: message [rule]`, the shape compilers and actionlint use.
    ///
    /// One line whatever the path and message hold: both go through [`untrusted::shown`], so
    /// a line break or control character in a value shows as an escape, and a message that
    /// somehow embeds a huge value is cut (values are cut to fewer characters where they are
    /// put into messages).
    pub fn display<'a>(&'a self, path: &'a str) -> impl fmt::Display + 'a {
        struct Shown<'a>(&'a Diagnostic, &'a str);
        impl fmt::Display for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let Shown(d, path) = self;
                let path = untrusted::shown(d.file_or(path));
                match d.pos {
                    Some(pos) => write!(f, "{path}:{pos}: ")?,
                    None => write!(f, "{path}: ")?,
                }
                let message = untrusted::shown_within(&d.message, MAX_SHOWN_MESSAGE);
                write!(f, "{}: {message} [{}]", d.severity, d.rule)
            }
        }
        Shown(self, path)
    }
}

/// Sorts diagnostics by position so they read top to bottom, file-level ones first.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.pos, d.severity));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_whatever_the_path_and_message_hold() {
        let d = Diagnostic::error(
            Pos { line: 3, col: 3 },
            Code::UnknownKey,
            format!(
                "unknown key `{}`",
                "k\n::error::X".to_string() + &"x".repeat(5000)
            ),
        );
        let shown = d.display("a\r::add-mask::b.yaml").to_string();
        assert!(!shown.contains(['\n', '\r']), "{shown}");
        assert!(shown.starts_with(r"a\r::add-mask::b.yaml:3:3: error: unknown key `k\n::error::X"));
        assert!(shown.ends_with("… [unknown-key]"), "{shown}");
        assert!(shown.chars().count() < MAX_SHOWN_MESSAGE + 60);
    }

    /// Regression (issue 18): a long message of ours was cut at 400 characters, mid-sentence.
    #[test]
    fn a_long_message_of_ours_is_shown_whole() {
        let message = format!("looked for {}: or lower the answer", "signal, ".repeat(200));
        let d = Diagnostic::error(Pos::START, Code::UnsupportedClaim, message.clone());
        let shown = d.display("a.yaml").to_string();
        assert!(
            shown.ends_with(&format!("{message} [unsupported-claim]")),
            "{shown}"
        );
    }
}
