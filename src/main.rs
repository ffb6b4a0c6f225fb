//! The `llmops-maturity` binary: parses the command line, runs it, and turns the outcome into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use llmops_maturity::cli::Cli;
use llmops_maturity::commands::{self, Env};
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
    let (color, stderr_color) = Io::color_from_env();
    let mut io = Io {
        stdout: &mut stdout,
        stderr: &mut stderr,
        commands: &mut commands,
        color,
        stderr_color,
    };
    let name = cli.command.name();
    let result = commands::run(cli.command, &Env::from_process(), &mut io)
        .and_then(|exit| stdout.finish().map(|()| exit))
        .and_then(|exit| stderr.finish().map(|()| exit))
        .with_context(|| format!("`{name}` stopped"));
    ExitCode::from(exit_for(result) as u8)
}

/// The one place an error becomes a message: the command's own exit, or exit 2 with the error
/// and its context on stderr (`llmops-maturity: error: `check` stopped: No space left on device`).
fn exit_for(result: anyhow::Result<Exit>) -> Exit {
    let error = match result {
        Ok(exit) => return exit,
        Err(error) => error,
    };
    let broken_pipe = error
        .root_cause()
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe);
    // A closed pipe (`check | head`) is the reader's choice, not a failure (as in ripgrep).
    if broken_pipe {
        return Exit::Ok;
    }
    let message = format!("llmops-maturity: error: {error:#}");
    let _ = writeln!(io::stderr(), "{}", untrusted::line(&message));
    Exit::Invalid
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
