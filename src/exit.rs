//! What every command shares with `main`: the writers it is handed and the exit code it returns.

use std::io::{self, IsTerminal, Write};

/// The process exit codes, decided here and documented in docs/src/commands.md.
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
    /// Colour on stdout (the text reports), decided by [`color`].
    pub color: bool,
    /// Colour on stderr (the problems and the binary's own messages), decided the same way for
    /// stderr: either stream may be a terminal while the other is piped.
    pub stderr_color: bool,
}

impl Io<'_> {
    /// Whether stdout and stderr get colour, from this process's terminal and environment.
    pub fn color_from_env() -> (bool, bool) {
        let var = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
        let (no_color, force) = (var("NO_COLOR"), var("CLICOLOR_FORCE"));
        (
            color(
                io::stdout().is_terminal(),
                no_color.as_deref(),
                force.as_deref(),
            ),
            color(
                io::stderr().is_terminal(),
                no_color.as_deref(),
                force.as_deref(),
            ),
        )
    }
}

/// Colour for a stream: never when `NO_COLOR` is set and not empty (<https://no-color.org>, which
/// wins over everything), always when `CLICOLOR_FORCE` is set and not `0`
/// (<https://bixense.com/clicolors/>: for a pager or a CI log that shows colour), else only on a
/// terminal.
pub fn color(terminal: bool, no_color: Option<&str>, clicolor_force: Option<&str>) -> bool {
    if no_color.is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if clicolor_force.is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    terminal
}

#[cfg(test)]
mod tests {
    use super::color;

    #[test]
    fn no_color_wins_then_clicolor_force_then_the_terminal() {
        assert!(color(true, None, None));
        assert!(!color(false, None, None));
        assert!(!color(true, Some("1"), Some("1")), "NO_COLOR wins");
        assert!(color(true, Some(""), None), "an empty NO_COLOR is unset");
        assert!(color(false, None, Some("1")));
        assert!(!color(false, None, Some("0")));
        assert!(!color(false, None, Some("")));
    }
}
