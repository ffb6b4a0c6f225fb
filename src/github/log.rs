//! The job log of `ci`: its human text and its workflow commands in one ordered stream, the text with command processing stopped.
//!
//! Two layers keep text from a pull request from running as a workflow command. Every human line
//! is [`uncommand`]ed (as everywhere, see `untrusted.rs`); and around the human text the runner
//! is told to stop processing commands, with `::stop-commands::TOKEN` ... `::TOKEN::`
//! (<https://docs.github.com/actions/using-workflow-commands-for-github-actions#stopping-and-starting-workflow-commands>),
//! so even a line the first layer missed would be shown, not run. Intended commands
//! (annotations, warnings) resume processing first and are written between stopped stretches.
//!
//! Everything goes to stdout: the runner reads stdout and stderr through two pipes with no
//! order between them, so a stop marker on one stream cannot fence text on the other, and an
//! annotation on stdout could land inside a stretch stopped on stderr and be ignored. One stream
//! keeps the order the tool wrote.
//!
//! The token is 128 bits from the operating system's random source: text in an answers file
//! cannot guess it to resume processing early (and could not print it as a command anyway, by
//! the first layer). A fresh token is drawn for each stretch. When the process is killed in the
//! middle of a stretch, the resume line is never printed: the rest of that step's output is
//! then shown, not run, which is the safe way to fail, and the `ci` step of action.yml prints
//! nothing after the tool. Without a random source the stop markers are left out and the first
//! layer alone holds.

use std::io::{self, Write};

use crate::untrusted::uncommand;

/// Writes `ci`'s log: [`Write`] for human text, [`Log::command`] for workflow commands.
pub struct Log<'a> {
    out: &'a mut dyn Write,
    /// A human line not yet ended.
    pending: Vec<u8>,
    /// The token while command processing is stopped.
    stopped: Option<String>,
    token: Box<dyn FnMut() -> Option<String> + 'a>,
    /// Outside a runner: commands are shown as plain lines, never written as commands.
    plain: bool,
}

impl<'a> Log<'a> {
    /// A log on `out` with tokens from the operating system's random source.
    pub fn new(out: &'a mut dyn Write) -> Self {
        Self::with_tokens(out, Box::new(random_token))
    }

    /// A log with tokens from `token` (tests use a fixed one; `None` means no stop markers).
    pub fn with_tokens(
        out: &'a mut dyn Write,
        token: Box<dyn FnMut() -> Option<String> + 'a>,
    ) -> Self {
        Log {
            out,
            pending: Vec::new(),
            stopped: None,
            token,
            plain: false,
        }
    }

    /// A log for a terminal or a file, outside a runner: nothing is written as a workflow
    /// command; a `::warning::message` is shown as `warning: message`, and annotations, which
    /// repeat the diagnostic lines already shown, are left out.
    pub fn plain(out: &'a mut dyn Write) -> Self {
        Log {
            plain: true,
            ..Self::with_tokens(out, Box::new(|| None))
        }
    }

    /// Writes workflow commands as they are (built by `github::outputs`, so already escaped),
    /// with command processing on.
    pub fn command(&mut self, commands: &str) -> io::Result<()> {
        if self.plain {
            for line in commands.lines().filter_map(as_text) {
                self.end_pending()?;
                self.human_line(line.as_bytes(), b"\n")?;
            }
            return Ok(());
        }
        self.end_pending()?;
        self.resume()?;
        self.out.write_all(commands.as_bytes())
    }

    /// Ends the log: a last unfinished line, and command processing back on.
    pub fn finish(&mut self) -> io::Result<()> {
        self.end_pending()?;
        self.resume()?;
        self.out.flush()
    }

    fn end_pending(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let line = std::mem::take(&mut self.pending);
        self.human_line(&line, b"\n")
    }

    fn resume(&mut self) -> io::Result<()> {
        if let Some(token) = self.stopped.take() {
            writeln!(self.out, "::{token}::")?;
        }
        Ok(())
    }

    fn human_line(&mut self, line: &[u8], end: &[u8]) -> io::Result<()> {
        if self.stopped.is_none() {
            if let Some(token) = (self.token)() {
                writeln!(self.out, "::stop-commands::{token}")?;
                self.stopped = Some(token);
            }
        }
        let text = String::from_utf8_lossy(line);
        self.out.write_all(uncommand(&text).as_bytes())?;
        self.out.write_all(end)
    }
}

/// A workflow command as a person reads it: `::warning title=T::a%0Ab` is `warning: a b`;
/// `None` for an annotation (it has a `file=`) and for anything that is not a command.
fn as_text(line: &str) -> Option<String> {
    let rest = line.strip_prefix("::")?;
    let (head, data) = rest.split_once("::")?;
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    if props.split(',').any(|p| p.starts_with("file=")) {
        return None;
    }
    let data = data
        .replace("%0D", " ")
        .replace("%0A", " ")
        .replace("%25", "%");
    Some(format!("{name}: {data}"))
}

impl Write for Log<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|b| matches!(b, b'\n' | b'\r')) {
            let mut line = std::mem::take(&mut self.pending);
            line.extend_from_slice(&rest[..at]);
            self.human_line(&line, &rest[at..=at])?;
            rest = &rest[at + 1..];
        }
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// 128 random bits as hex, or `None` when the system has no random source to give.
fn random_token() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counting() -> Box<dyn FnMut() -> Option<String>> {
        let mut n = 0;
        Box::new(move || {
            n += 1;
            Some(format!("t{n}"))
        })
    }

    #[test]
    fn human_text_is_fenced_and_commands_are_outside() {
        let mut out = Vec::new();
        {
            let mut log = Log::with_tokens(&mut out, counting());
            writeln!(log, "a.yaml:1:1: error: bad\n::error::X [rule]").unwrap();
            log.command("::error file=a.yaml::bad\n").unwrap();
            log.command("::notice::n\n").unwrap();
            write!(log, "report ##[add-mask]x").unwrap();
            log.finish().unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::stop-commands::t1\na.yaml:1:1: error: bad\n\\::error::X [rule]\n::t1::\n\
             ::error file=a.yaml::bad\n::notice::n\n\
             ::stop-commands::t2\nreport ##\\[add-mask]x\n::t2::\n"
        );
    }

    /// Regression: outside a runner, `ci` printed raw `::notice::` and `::stop-commands::` lines.
    #[test]
    fn outside_a_runner_commands_are_plain_lines() {
        let mut out = Vec::new();
        {
            let mut log = Log::plain(&mut out);
            writeln!(log, "a.yaml:1:1: error: bad").unwrap();
            log.command("::error file=a.yaml,line=1::bad\n").unwrap();
            log.command("::notice::GITHUB_TOKEN is not set%0Aso%25\n")
                .unwrap();
            log.command("::warning title=llmops-maturity%3A comment::No comment\n")
                .unwrap();
            log.finish().unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a.yaml:1:1: error: bad\nnotice: GITHUB_TOKEN is not set so%\nwarning: No comment\n"
        );
    }

    #[test]
    fn without_a_random_source_the_lines_are_still_inert() {
        let mut out = Vec::new();
        {
            let mut log = Log::with_tokens(&mut out, Box::new(|| None));
            writeln!(log, "::add-mask::Managed").unwrap();
            log.finish().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "\\::add-mask::Managed\n");
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
