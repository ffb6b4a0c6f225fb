//! What a step hands back to the runner: step outputs, the job summary, and workflow commands.
//!
//! The formats are GitHub's
//! (<https://docs.github.com/actions/reference/workflow-commands-for-github-actions>); the
//! functions that build text are pure, and only [`append`] touches a file.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};

/// GitHub drops a step's summary above 1 MiB; the margin leaves room for the cut notice.
pub const MAX_SUMMARY_BYTES: usize = 1024 * 1024 - 4096;

/// GitHub shows at most this many error and this many warning annotations per step.
pub const MAX_ANNOTATIONS: usize = 10;

/// Appends `text` to a runner file (`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`), which earlier
/// commands of the same step may already have written to.
pub fn append(path: &Path, text: &str) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// One step output in `GITHUB_OUTPUT` syntax; a value with a line break uses a heredoc whose
/// delimiter does not occur in the value, so the value cannot end it early or set other outputs.
pub fn output(name: &str, value: &str) -> String {
    if !value.contains(['\n', '\r']) {
        return format!("{name}={value}\n");
    }
    let delimiter = (0..)
        .map(|n| format!("LLMOPS_MATURITY_EOF_{n}"))
        .find(|d| !value.contains(d.as_str()))
        .expect("a value is finite, so some delimiter is absent from it");
    format!("{name}<<{delimiter}\n{value}\n{delimiter}\n")
}

/// Cuts a summary below [`MAX_SUMMARY_BYTES`] at a line break, saying so at the end.
pub fn cap_summary(text: &str) -> String {
    if text.len() <= MAX_SUMMARY_BYTES {
        return text.to_string();
    }
    let mut cut = MAX_SUMMARY_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let head = head.rfind('\n').map_or(head, |i| &head[..i]);
    format!(
        "{head}\n\n**The report was cut here: GitHub keeps at most 1 MiB of summary per step.**\n"
    )
}

/// Escapes a workflow command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as data, plus `:` and `,`, which would end it.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A workflow command without properties: `::warning::message`.
pub fn command(name: &str, message: &str) -> String {
    format!("::{name}::{}\n", escape_data(message))
}

/// A workflow command with a title: `::warning title=T::message`.
pub fn titled(name: &str, title: &str, message: &str) -> String {
    format!(
        "::{name} title={}::{}\n",
        escape_property(title),
        escape_data(message)
    )
}

/// Annotations for `diagnostics` on the file at `path` (relative to the repository root, so
/// GitHub can show them on the file): at most [`MAX_ANNOTATIONS`] per severity, then a notice
/// pointing at the summary, which lists every problem.
pub fn annotations(path: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        // GitHub's third annotation level is called `notice`.
        let name = match severity {
            Severity::Info => "notice".to_string(),
            other => other.to_string(),
        };
        let of_kind: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .collect();
        for d in of_kind.iter().take(MAX_ANNOTATIONS) {
            let mut props = format!("file={}", escape_property(d.file_or(path)));
            if let Some(pos) = d.pos {
                let _ = write!(props, ",line={},col={}", pos.line, pos.col);
            }
            let title = format!("llmops-maturity: {}", d.rule);
            let _ = writeln!(
                out,
                "::{name} {props},title={}::{}",
                escape_property(&title),
                escape_data(&d.message)
            );
        }
        let hidden = of_kind.len().saturating_sub(MAX_ANNOTATIONS);
        if hidden > 0 {
            out.push_str(&command(
                "notice",
                &format!(
                    "{hidden} more {name}s in {path} are not annotated (GitHub shows {MAX_ANNOTATIONS} per step); the job summary lists them all"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Pos;
    use crate::diagnostic::Code;

    #[test]
    fn single_line_outputs_are_plain() {
        assert_eq!(output("level", "3"), "level=3\n");
    }

    #[test]
    fn a_value_cannot_close_its_heredoc() {
        let value = "a\nLLMOPS_MATURITY_EOF_0\nlevel=4";
        let text = output("x", value);
        assert_eq!(
            text,
            "x<<LLMOPS_MATURITY_EOF_1\na\nLLMOPS_MATURITY_EOF_0\nlevel=4\nLLMOPS_MATURITY_EOF_1\n"
        );
    }

    #[test]
    fn commands_are_escaped_per_github() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            titled("warning", "x: y", "line1\nline2"),
            "::warning title=x%3A y::line1%0Aline2\n"
        );
    }

    #[test]
    fn annotations_carry_position_and_stop_at_ten_per_severity() {
        let mut ds: Vec<Diagnostic> = (1..=12)
            .map(|i| {
                Diagnostic::error(
                    Pos { line: i, col: 3 },
                    Code::LevelOutOfRange,
                    format!("e{i}"),
                )
            })
            .collect();
        ds.push(Diagnostic::warning(
            Pos { line: 2, col: 1 },
            Code::EvidenceNotFound,
            "missing, here",
        ));
        let text = annotations("teams/a,b.yaml", &ds);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=teams/a%2Cb.yaml,line=1,col=3,title=llmops-maturity%3A level-out-of-range::e1"
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("::error ")).count(),
            10
        );
        assert!(
            lines[10].starts_with("::notice::2 more errors"),
            "{}",
            lines[10]
        );
        assert_eq!(
            lines[11],
            "::warning file=teams/a%2Cb.yaml,line=2,col=1,title=llmops-maturity%3A evidence-not-found::missing, here"
        );
        assert_eq!(lines.len(), 12);
    }

    #[test]
    fn an_info_line_is_a_notice_annotation() {
        let mut waived =
            Diagnostic::warning(Pos { line: 9, col: 5 }, Code::UnsupportedClaim, "waived");
        waived.severity = Severity::Info;
        assert_eq!(
            annotations("a.yaml", &[waived]),
            "::notice file=a.yaml,line=9,col=5,title=llmops-maturity%3A unsupported-claim::waived\n"
        );
    }

    #[test]
    fn a_file_level_problem_has_no_line() {
        let text = annotations("a.yaml", &[Diagnostic::file(Code::File, "file not found")]);
        assert_eq!(
            text,
            "::error file=a.yaml,title=llmops-maturity%3A file::file not found\n"
        );
    }

    #[test]
    fn summaries_are_capped_below_a_mebibyte_at_a_line() {
        let line = "| row | é |\n";
        let text = line.repeat(2 * 1024 * 1024 / line.len());
        let capped = cap_summary(&text);
        assert!(capped.len() < 1024 * 1024);
        assert!(capped.contains("The report was cut here"));
        let kept = capped.split("\n\n**The report").next().unwrap();
        assert!(kept.ends_with("é |"));
        assert_eq!(cap_summary("short\n"), "short\n");
    }
}
