//! Hostile repository contents for `scan` and `check --evidence`: ignore files that are devices,
//! FIFOs, links out of the repository or huge; each once exhausted memory, hung, or leaked.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::{bin, stderr, stdout};

/// Runs `scan ROOT` under a 512 MiB address-space limit and a 20 s deadline: a scan that reads
/// `/dev/zero` or waits on a FIFO fails one or the other instead of taking the machine down.
fn scan_bounded(root: &Path) -> Output {
    let exe = bin().get_program().to_owned();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 524288 && exec \"$0\" scan --format json \"$1\"")
        .arg(&exe)
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("scan did not finish in 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A repository with one LLM dependency, so a scan that works sees `llm-sdk`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "openai\n").unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    dir
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

fn notes(v: &serde_json::Value) -> Vec<String> {
    v["notes"]
        .as_array()
        .map(|n| n.iter().map(|x| x.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn sees_the_sdk(v: &serde_json::Value) -> bool {
    v.to_string().contains("\"llm-sdk\"")
}

/// Regression: `docs/.gitignore -> /dev/zero` grew the scan by about 1.3 GB a second.
#[test]
fn an_ignore_file_linked_to_dev_zero_is_not_read() {
    let dir = repo();
    symlink("/dev/zero", dir.path().join(".gitignore")).unwrap();
    symlink("/dev/zero", dir.path().join("docs/.ignore")).unwrap();
    let v = json(&scan_bounded(dir.path()));
    assert!(sees_the_sdk(&v), "{v}");
    assert_eq!(
        notes(&v),
        [
            ".gitignore: a link that leads outside the repository (or nowhere); not read",
            "docs/.ignore: a link that leads outside the repository (or nowhere); not read",
        ]
    );
}

/// Regression: a FIFO named `.gitignore` hung the scan for ever.
#[test]
fn a_fifo_named_like_an_ignore_file_does_not_hang_the_scan() {
    let dir = repo();
    let fifo = dir.path().join("docs/.llmops-maturity-ignore");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let v = json(&scan_bounded(dir.path()));
    assert!(sees_the_sdk(&v), "{v}");
    assert_eq!(
        notes(&v),
        ["docs/.llmops-maturity-ignore: a FIFO (named pipe), not an ignore file; not read"]
    );
}

/// Regression: a `.gitignore` linked to a file outside the root was read and its patterns
/// applied, so a pull request could hide the repository's files with a runner's file.
#[test]
fn an_ignore_file_linked_out_of_the_root_is_not_applied() {
    let dir = repo();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("patterns"), "requirements.txt\n").unwrap();
    symlink(
        outside.path().join("patterns"),
        dir.path().join(".gitignore"),
    )
    .unwrap();
    let v = json(&scan_bounded(dir.path()));
    assert!(sees_the_sdk(&v), "the outside patterns were applied: {v}");
    // The same patterns committed in the repository are applied.
    std::fs::remove_file(dir.path().join(".gitignore")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "requirements.txt\n").unwrap();
    let v = json(&scan_bounded(dir.path()));
    assert!(!sees_the_sdk(&v), "{v}");
    assert!(notes(&v).is_empty(), "{v}");
}

/// Regression: a 6 MiB `.gitignore` of `ab*` lines took the scan past 1 GiB (1 MiB: 1.1 GB and
/// 5 s). The file is read up to its cap and the patterns up to the budget; the scan goes on.
#[test]
fn a_huge_ignore_file_is_applied_up_to_its_cap_and_the_budget() {
    let dir = repo();
    let lines: String = (0..1_500_000).map(|i| format!("ab{i}*\n")).collect();
    std::fs::write(dir.path().join(".gitignore"), lines).unwrap();
    let start = Instant::now();
    let v = json(&scan_bounded(dir.path()));
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(sees_the_sdk(&v), "{v}");
    let notes = notes(&v);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].starts_with(".gitignore: larger than 256 KiB"),
        "{notes:?}"
    );
    assert!(
        notes[1].contains("more patterns than are applied"),
        "{notes:?}"
    );
}

/// `check --evidence` says what the scan could not apply, on stderr, and goes on.
#[test]
fn check_with_evidence_shows_the_scans_notes() {
    let dir = repo();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    symlink("/dev/zero", dir.path().join(".gitignore")).unwrap();
    let file = dir.path().join("llmops-maturity.yaml");
    std::fs::write(&file, super::gitrepo::answers([1; 7])).unwrap();
    let o = bin()
        .args(["check", "--evidence", "warn", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "llmops-maturity: note: .gitignore: a link that leads outside the repository"
        ),
        "{}",
        stderr(&o)
    );
}

/// An answers file that is a FIFO was opened, and `check` waited for a writer for ever.
#[test]
fn an_answers_file_that_is_a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("llmops-maturity.yaml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut child = bin()
        .args(["check", fifo.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("check waited on the FIFO");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: is a FIFO (named pipe), expected an answers file [file]"),
        "{}",
        stderr(&o)
    );
}

/// Regression: `badge --format shields` printed its JSON through the writer that breaks `##[`.
#[test]
fn a_shields_badge_stays_json_whatever_the_label() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, super::gitrepo::answers([2; 7])).unwrap();
    let o = bin()
        .args(["badge", "--format", "shields", "--label", "##[x] maturity"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["label"], "##[x] maturity");
}

/// Regression: `badge --output` wrote through a symbolic link at the output path.
#[test]
fn badge_output_replaces_a_link_instead_of_writing_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, super::gitrepo::answers([2; 7])).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    let out = dir.path().join("site/badge.svg");
    std::fs::create_dir(dir.path().join("site")).unwrap();
    symlink(&victim, &out).unwrap();
    let o = bin()
        .arg("badge")
        .arg(&file)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<svg"));
    assert!(
        stderr(&o).contains("was a symbolic link; it is replaced by the badge"),
        "{}",
        stderr(&o)
    );
    // A folder that does not exist yet is made.
    let deeper = dir.path().join("new/dir/badge.svg");
    let o = bin()
        .arg("badge")
        .arg(&file)
        .arg("--output")
        .arg(&deeper)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(deeper.is_file());
}

/// Regression: `init --force` wrote through a symbolic link at the path.
#[test]
fn init_force_replaces_a_link_instead_of_writing_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    let path = dir.path().join("llmops-maturity.yaml");
    symlink(&victim, &path).unwrap();
    let o = bin().arg("init").arg(&path).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "without --force a link is an existing file"
    );
    let o = bin()
        .arg("init")
        .arg("--force")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert!(std::fs::read_to_string(&path).unwrap().contains("answers:"));
}
