//! One way to find the answers file (issue 18, item 6): every command reads the current folder's
//! `llmops-maturity.yaml`, else the repository root's; a `.yml` is suggested; outputs make their
//! folders.

use std::path::Path;
use std::process::Output;

use super::gitrepo::{answers, Repo};
use super::{bin, stderr, stdout};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

/// A repository with the answers at its root and a folder two levels down.
fn repo() -> Repo {
    let r = Repo::new();
    r.write("llmops-maturity.yaml", &answers([3, 2, 2, 2, 2, 2, 2]));
    r.write("services/chat/main.py", "print()\n");
    r.commit("answers");
    r
}

/// Regression: in a subfolder `check` said "file not found" and `badge` wrote an "invalid"
/// badge while `history` found the file at the repository root.
#[test]
fn every_command_finds_the_root_file_from_a_subfolder() {
    let r = repo();
    let sub = r.path().join("services/chat");
    let check = run_in(&sub, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stdout(&check).starts_with("../../llmops-maturity.yaml: level 2 · Defined (15/28 points)"),
        "{}",
        stdout(&check)
    );
    let badge = run_in(&sub, &["badge", "--format", "shields"]);
    assert_eq!(badge.status.code(), Some(0), "{}", stderr(&badge));
    assert!(
        stdout(&badge).contains("\"message\": \"2 · Defined\""),
        "{}",
        stdout(&badge)
    );
    let history = run_in(&sub, &["history", "--format", "json"]);
    assert_eq!(history.status.code(), Some(0), "{}", stderr(&history));
    let diff = run_in(&sub, &["diff", "HEAD"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    let ci = run_in(&sub, &["ci", "--dry-run"]);
    assert_eq!(ci.status.code(), Some(0), "{}{}", stdout(&ci), stderr(&ci));
    assert!(!stdout(&ci).contains("file not found"), "{}", stdout(&ci));
}

#[test]
fn a_file_in_the_current_folder_comes_before_the_roots() {
    let r = repo();
    let sub = r.path().join("services/chat");
    r.write("services/chat/llmops-maturity.yaml", &answers([4; 7]));
    let check = run_in(&sub, &["check"]);
    assert!(
        stdout(&check).starts_with("llmops-maturity.yaml: level 4"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn a_yml_file_is_suggested() {
    let r = Repo::new();
    r.write("llmops-maturity.yml", &answers([2; 7]));
    r.write("src/app.py", "\n");
    r.commit("answers, misnamed");
    for dir in [r.path(), r.path().join("src")] {
        let o = run_in(&dir, &["check"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("error: file not found; did you mean `llmops-maturity.yml`?"),
            "{}",
            stderr(&o)
        );
    }
    let given = run_in(&r.path(), &["badge", "llmops-maturity.yaml"]);
    assert!(
        stderr(&given).contains("did you mean `llmops-maturity.yml`?"),
        "{}",
        stderr(&given)
    );
}

/// Regression: `badge --output site/x.svg` failed when `site/` did not exist.
#[test]
fn an_output_makes_its_folders() {
    let r = repo();
    let o = run_in(&r.path(), &["badge", "--output", "site/badges/x.svg"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(r.path().join("site/badges/x.svg")).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
}
