//! The diagnostics of the file as one GitHub alert, with our code spans kept as code.

use std::fmt::Write;

use crate::diagnostic::{Diagnostic, Severity};
use crate::escape;
use crate::render::text::plural;

/// The alert, nothing when there is no diagnostic.
pub(super) fn problems(out: &mut String, path: &str, diagnostics: &[&Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let notes = diagnostics.len() - errors - warnings;
    let kind = match (errors, warnings) {
        (0, 0) => "NOTE",
        (0, _) => "WARNING",
        _ => "CAUTION",
    };
    let mut counts = Vec::new();
    if errors > 0 {
        counts.push(plural(errors as u32, "error"));
    }
    if warnings > 0 {
        counts.push(plural(warnings as u32, "warning"));
    }
    if notes > 0 {
        counts.push(plural(notes as u32, "note"));
    }
    let _ = writeln!(
        out,
        "> [!{kind}]\n> {} in {}\n>",
        counts.join(" and "),
        escape::markdown_code(path)
    );
    for d in diagnostics {
        let at = d.pos.map_or("file".to_string(), |p| {
            format!("line {}, col {}", p.line, p.col)
        });
        let _ = writeln!(
            out,
            "> - **{at}** ({}): {} <sub>{}</sub>",
            d.severity,
            escape::message(&d.message, false),
            escape::code_span(d.rule.id(), false)
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn a_waived_claim_is_a_note_not_a_warning() {
        let pos = crate::config::Pos { line: 9, col: 5 };
        let mut waived = Diagnostic::warning(
            pos,
            Code::UnsupportedClaim,
            "waived until 2027-01-31: RAI board",
        );
        waived.severity = Severity::Info;
        let mut out = String::new();
        problems(&mut out, "a.yaml", &[&waived]);
        assert!(
            out.starts_with("> [!NOTE]\n> 1 note in <code>a.yaml</code>"),
            "{out}"
        );
        assert!(
            out.contains("(info): waived until 2027-01-31\\: RAI board"),
            "{out}"
        );
        let warning = Diagnostic::warning(pos, Code::StaleAssessment, "old");
        let mut out = String::new();
        problems(&mut out, "a.yaml", &[&warning, &waived]);
        assert!(
            out.starts_with("> [!WARNING]\n> 1 warning and 1 note in"),
            "{out}"
        );
    }
}
