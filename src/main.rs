//! The `llmops-maturity` binary: parses the command line, runs it, and turns the outcome into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use llmops_maturity::app;
use llmops_maturity::cli::Cli;
use llmops_maturity::exit::{Exit, Io};
use llmops_maturity::untrusted::{self, Lines};

fn main() -> ExitCode {
    llmops_maturity::github::env::drop_empty_inputs();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    // Human output passes through `Lines`, so no line on stdout or stderr can be a workflow
    // command; only `ci` writes commands, to the raw stdout. Both stdout handles share the one
    // process-wide buffer, and `Lines` hands over whole lines, so their order is kept.
    let mut stdout = Lines::new(io::stdout());
    let mut stderr = Lines::new(io::stderr());
    let mut commands = io::stdout();
    let mut io = Io {
        stdout: &mut stdout,
        stderr: &mut stderr,
        commands: &mut commands,
        color: Io::color_from_env(),
    };
    let result = app::run(cli.command, &mut io)
        .and_then(|exit| stdout.finish().map(|()| exit))
        .and_then(|exit| stderr.finish().map(|()| exit));
    let exit = match result {
        Ok(exit) => exit,
        // A closed pipe (`check | head`) is the reader's choice, not a failure (as in ripgrep).
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            let message = format!("llmops-maturity: error: {e}");
            let _ = writeln!(io::stderr(), "{}", untrusted::line(&message));
            Exit::Invalid
        }
    };
    ExitCode::from(exit as u8)
}

/// A usage error (exit 2, the code documented for usage errors), or `--help`/`--version` (exit 0),
/// printed through `Lines` like everything else: clap quotes the values it was given, and an
/// input of the action may carry text from a pull request.
fn usage(e: &clap::Error) -> ExitCode {
    let mut text = e.render().to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let written = if e.use_stderr() {
        let mut out = Lines::new(io::stderr());
        out.write_all(text.as_bytes()).and_then(|()| out.finish())
    } else {
        let mut out = Lines::new(io::stdout());
        out.write_all(text.as_bytes()).and_then(|()| out.finish())
    };
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => ExitCode::from(Exit::Invalid as u8),
        _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(Exit::Invalid as u8)),
    }
}
