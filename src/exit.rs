//! What every command shares with `main`: the writers it is handed and the exit code it returns.

use std::io::{self, IsTerminal, Write};

/// The process exit codes, decided here and documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Valid, and every gate passed.
    Ok = 0,
    /// Valid, but a gate failed: below `--min-level`, a warning with `--deny-warnings`, a regression.
    Gate = 1,
    /// The file is invalid or unreadable, or the command line is wrong (for `org`, also a
    /// `--previous` roll-up that cannot be read or is not an `org --format json` of that owner).
    Invalid = 2,
}

/// Where a command writes; handed in so tests can capture it.
///
/// `stdout` and `stderr` are for what every command prints: `main` hands them in wrapped in
/// [`crate::untrusted::Lines`], so no line on them can be a workflow command, whatever it holds.
/// `commands` is the same stdout unwrapped, for the one command whose job is to print workflow
/// commands (`ci`, through `github::log::Log`, which also stops commands around its human text).
pub struct Io<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub commands: &'a mut dyn Write,
    /// Colour for text output: a terminal, and `NO_COLOR` unset or empty.
    pub color: bool,
}

impl Io<'_> {
    /// Colour only when stdout is a terminal and `NO_COLOR` (https://no-color.org) is unset or empty.
    pub fn color_from_env() -> bool {
        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    }
}
