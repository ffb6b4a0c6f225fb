//! What a terminal shows (issue 18, item 7): the report first and the problems last, messages
//! whole, and colour on stderr as on stdout, with `NO_COLOR` and `CLICOLOR_FORCE` respected.

use std::io::{Read, Seek};
use std::path::Path;
use std::process::{Command, Output};

use super::{bin, stderr, stdout, HOSTILE};

/// Every answer at 4 in a repository with nothing in it: nothing backs any of them.
const ALL_FOUR: &str = "version: 1\nanswers:\n  models: 4\n  prompt-engineering: 4\n  evaluation: 4\n  \
                        deployment: 4\n  monitoring: 4\n  responsible-ai: 4\n  asset-management: 4\n";

fn repo(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("llmops-maturity.yaml"), yaml).unwrap();
    dir
}

fn check(dir: &Path, env: &[(&str, &str)]) -> Command {
    let mut cmd = bin();
    cmd.current_dir(dir).args(["check", "--evidence", "warn"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// stdout and stderr into one file, as a terminal or a CI log interleaves them.
fn interleaved(mut cmd: Command) -> String {
    let mut file = tempfile::tempfile().unwrap();
    let status = cmd
        .stdout(file.try_clone().unwrap())
        .stderr(file.try_clone().unwrap())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    file.rewind().unwrap();
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn the_report_comes_first_and_the_problems_last() {
    let dir = repo(ALL_FOUR);
    let all = interleaved(check(dir.path(), &[]));
    let lines: Vec<&str> = all.lines().collect();
    assert!(
        lines[0].starts_with("llmops-maturity.yaml: level 4 · Optimized"),
        "{all}"
    );
    let first_warning = lines
        .iter()
        .position(|l| l.contains(": warning: "))
        .unwrap();
    let last_report_line = lines
        .iter()
        .rposition(|l| l.contains("Asset management"))
        .unwrap();
    assert!(last_report_line < first_warning, "{all}");
    assert_eq!(
        lines.last(),
        Some(&"llmops-maturity.yaml: valid, with 7 warnings"),
        "{all}"
    );
}

/// Regression: "... or lower the ... [unsupported-claim]" was cut at 400 characters.
#[test]
fn a_long_message_is_never_cut() {
    let dir = repo(ALL_FOUR);
    let o = check(dir.path(), &[]).output().unwrap();
    let err = stderr(&o);
    let claims: Vec<&str> = err
        .lines()
        .filter(|l| l.ends_with("[unsupported-claim]"))
        .collect();
    assert_eq!(claims.len(), 7, "{err}");
    for line in claims {
        assert!(!line.contains('…'), "{line}");
        assert!(
            line.ends_with(": add the evidence, list it under `evidence:`, or lower the answer [unsupported-claim]"),
            "{line}"
        );
    }
}

fn has_ansi(o: &Output) -> (bool, bool) {
    (stdout(o).contains('\x1b'), stderr(o).contains('\x1b'))
}

#[test]
fn clicolor_force_colours_both_streams_and_no_color_wins() {
    let dir = repo(ALL_FOUR);
    let run = |env: &[(&str, &str)]| check(dir.path(), env).output().unwrap();
    assert_eq!(has_ansi(&run(&[])), (false, false), "not a terminal");
    let forced = run(&[("CLICOLOR_FORCE", "1")]);
    assert_eq!(has_ansi(&forced), (true, true));
    assert!(
        stderr(&forced).contains("\x1b[1;33mwarning\x1b[0m: `models` is answered 4"),
        "{}",
        stderr(&forced)
    );
    assert!(stderr(&forced).ends_with("valid, with \x1b[1;33m7 warnings\x1b[0m\n"));
    assert_eq!(
        has_ansi(&run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])),
        (false, false),
        "NO_COLOR wins"
    );
    assert_eq!(has_ansi(&run(&[("CLICOLOR_FORCE", "0")])), (false, false));
    let error = bin()
        .current_dir(dir.path())
        .args(["check", "missing.yaml"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        stderr(&error).contains("\x1b[1;31merror\x1b[0m: file not found"),
        "{}",
        stderr(&error)
    );
}

#[test]
fn coloured_lines_still_start_no_workflow_command() {
    let dir = repo(HOSTILE);
    for format in ["text", "markdown", "json"] {
        let o = check(dir.path(), &[("CLICOLOR_FORCE", "1")])
            .args(["--format", format])
            .output()
            .unwrap();
        for stream in [stdout(&o), stderr(&o)] {
            assert_eq!(
                super::runner::commands(&stream),
                Vec::<String>::new(),
                "{format}:\n{stream}"
            );
        }
    }
}
