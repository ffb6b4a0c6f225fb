//! The `llmops-maturity` binary: parses the command line, runs it, and turns the outcome into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use llmops_maturity::app;
use llmops_maturity::cli::Cli;
use llmops_maturity::exit::{Exit, Io};

fn main() -> ExitCode {
    llmops_maturity::github::env::drop_empty_inputs();
    // clap prints usage errors itself and exits 2, the code documented for usage errors.
    let cli = Cli::parse();
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    let mut io = Io {
        stdout: &mut stdout,
        stderr: &mut stderr,
        color: Io::color_from_env(),
    };
    let exit = match app::run(cli.command, &mut io) {
        Ok(exit) => exit,
        // A closed pipe (`check | head`) is the reader's choice, not a failure (as in ripgrep).
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            let _ = writeln!(stderr, "llmops-maturity: error: {e}");
            Exit::Invalid
        }
    };
    ExitCode::from(exit as u8)
}
