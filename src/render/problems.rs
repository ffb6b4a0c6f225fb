//! What a command found wrong, for stderr: one line per diagnostic and a closing count, in colour when asked.
//!
//! These lines come after the report on purpose: a terminal shows the end of the output, so the
//! problems are what stays on screen instead of scrolling away above a 25-line report.

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::text::plural;
use crate::untrusted;

/// ANSI SGR codes, or nothing when colour is off.
fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Bold red, yellow, cyan: the colours compilers and linters give these words.
fn severity_code(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

/// `PATH:LINE:COL: severity: message [rule]` (see [`Diagnostic::display`]) with the severity in
/// its colour and the rule dimmed.
pub fn line(d: &Diagnostic, path: &str, color: bool) -> String {
    let plain = d.display(path).to_string();
    if !color {
        return plain;
    }
    // Rebuilt from the same parts as `display`, so a path that holds `: error: ` is not taken
    // for the severity.
    let shown = untrusted::shown(d.file_or(path));
    let at = match d.pos {
        Some(pos) => format!("{shown}:{pos}: "),
        None => format!("{shown}: "),
    };
    let word = format!("{}: ", d.severity);
    let rule = format!(" [{}]", d.rule);
    let message = plain
        .strip_prefix(&at)
        .and_then(|r| r.strip_prefix(&word))
        .and_then(|r| r.strip_suffix(&rule));
    match message {
        Some(message) => format!(
            "{at}{}: {message}{}",
            paint(true, severity_code(d.severity), &d.severity.to_string()),
            paint(true, "2", &rule)
        ),
        None => plain,
    }
}

/// `llmops-maturity: WORD: message`, the binary's own lines (`error`, `note`).
pub fn own(word: &str, message: &str, color: bool) -> String {
    let severity = match word {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Info,
    };
    format!(
        "llmops-maturity: {}: {message}",
        paint(color, severity_code(severity), word)
    )
}

/// The closing line for a file: how many errors (it is invalid) or warnings it has; `None` when
/// there is nothing to count.
pub fn summary(path: &str, diagnostics: &[Diagnostic], color: bool) -> Option<String> {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count() as u32;
    let path = untrusted::shown(path);
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if errors > 0 {
        return Some(format!(
            "{path}: {}: {} found",
            paint(color, severity_code(Severity::Error), "invalid"),
            plural(errors, "error")
        ));
    }
    (warnings > 0).then(|| {
        format!(
            "{path}: valid, with {}",
            paint(
                color,
                severity_code(Severity::Warning),
                &plural(warnings, "warning")
            )
        )
    })
}

/// `PATH: gate failed: why`, with "gate failed" in red.
pub fn gate(path: &str, failure: &str, color: bool) -> String {
    format!(
        "{}: {}: {failure}",
        untrusted::shown(path),
        paint(color, severity_code(Severity::Error), "gate failed")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Pos};

    #[test]
    fn colour_paints_the_severity_and_the_rule_and_nothing_else() {
        let d = Diagnostic::error(
            Pos { line: 3, col: 1 },
            Code::UnknownKey,
            "unknown key `x: error: y [z]`",
        );
        let plain = line(&d, "b: error: a.yaml", false);
        assert_eq!(
            plain,
            "b: error: a.yaml:3:1: error: unknown key `x: error: y [z]` [unknown-key]"
        );
        let coloured = line(&d, "b: error: a.yaml", true);
        assert_eq!(
            coloured,
            "b: error: a.yaml:3:1: \x1b[1;31merror\x1b[0m: unknown key `x: error: y [z]`\x1b[2m [unknown-key]\x1b[0m"
        );
    }

    #[test]
    fn the_summary_counts_errors_else_warnings() {
        let w = Diagnostic::error(Pos::START, Code::UnknownKey, "w");
        let warning = Diagnostic {
            severity: Severity::Warning,
            ..w.clone()
        };
        assert_eq!(summary("a", &[], false), None);
        assert_eq!(
            summary("a", &[warning.clone(), warning.clone()], false).unwrap(),
            "a: valid, with 2 warnings"
        );
        assert_eq!(
            summary("a", &[warning, w], false).unwrap(),
            "a: invalid: 1 error found"
        );
    }
}
