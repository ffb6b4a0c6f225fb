//! `diff` on real git repositories: revisions wherever a file is taken, renames, a base without
//! the file, and the evidence a change removes, previewed as the pull request comment.

use std::path::Path;
use std::process::Output;

use super::gitrepo::{answers, Repo};
use super::{bin, stderr, stdout};

const FILE: &str = "llmops-maturity.yaml";
const EVAL_WORKFLOW: &str = "on:\n  pull_request:\njobs:\n  eval:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx promptfoo eval\n";

fn diff(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// main: levels 2 and an evaluation workflow; a branch then raises models and deletes the
/// workflow, leaving `evaluation: 3` without its evidence.
fn repo() -> (Repo, String) {
    let repo = Repo::new();
    repo.write("requirements.txt", "openai\n");
    repo.write(".github/workflows/evaluate.yml", EVAL_WORKFLOW);
    repo.write(FILE, &answers([1, 1, 3, 1, 1, 1, 1]));
    let base = repo.commit("base");
    std::fs::remove_file(repo.path().join(".github/workflows/evaluate.yml")).unwrap();
    repo.write(FILE, &answers([2, 1, 3, 1, 1, 1, 1]));
    repo.commit("raise models, drop the evaluation workflow");
    (repo, base)
}

/// Regression: `diff` took only files: `diff HEAD~4 HEAD` said `HEAD~4: error: file not found`.
#[test]
fn revisions_are_taken_wherever_a_file_is() {
    let (repo, base) = repo();
    for args in [
        vec!["HEAD~1", "HEAD"],
        vec!["HEAD~1"],
        vec![base.as_str()],
        vec!["HEAD~1:llmops-maturity.yaml", FILE],
    ] {
        let o = diff(&repo.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("Models"), "{args:?}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("1 -> 2 (+1)"),
            "{args:?}: {}",
            stdout(&o)
        );
    }
    let o = diff(&repo.path(), &["no-such-rev"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no-such-rev: neither a file nor a git revision"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn markdown_is_the_comment_ci_would_post_with_the_evidence_lost() {
    let (repo, _) = repo();
    let o = diff(&repo.path(), &["HEAD~1", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("### Needs your review"), "{md}");
    assert!(
        md.contains("📉 **Evidence lost**: **Evaluation** is answered 3, and this change removes what backed it: <code>.github/workflows/evaluate.yml</code> (removed). The repository now supports level 1 (was 3)."),
        "{md}"
    );
    assert!(
        md.contains("| Models | 🟥\u{2060}⬜\u{2060}⬜\u{2060}⬜&nbsp;1 | 🟧\u{2060}🟧\u{2060}⬜\u{2060}⬜&nbsp;2 | ⬆️ +1 | ⚠️ unsupported |"),
        "{md}"
    );
    assert!(
        stderr(&o).contains("llmops-maturity.yaml:5:3: warning: `evaluation` is answered 3, and this change removes what backed it"),
        "{}",
        stderr(&o)
    );
    // The gate, when asked.
    let o = diff(&repo.path(), &["HEAD~1", "--fail-on-evidence-loss"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("gate failed: this change removes the evidence of Evaluation"));
    // Without the evidence check there is nothing to lose.
    let o = diff(
        &repo.path(),
        &["HEAD~1", "--evidence", "off", "--fail-on-evidence-loss"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn the_json_names_the_lost_evidence() {
    let (repo, _) = repo();
    let o = diff(&repo.path(), &["HEAD~1", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let lost = &v["evidence_changes"]["lost"][0];
    assert_eq!(lost["dimension"], "evaluation");
    assert_eq!(lost["files"][0]["path"], ".github/workflows/evaluate.yml");
    assert_eq!(lost["files"][0]["status"], "removed");
}

#[test]
fn a_renamed_answers_file_is_compared_by_revision_and_path() {
    let repo = Repo::new();
    repo.write("old.yaml", &answers([1; 7]));
    repo.commit("old name");
    repo.git(&["mv", "old.yaml", FILE]);
    repo.write(FILE, &answers([2, 1, 1, 1, 1, 1, 1]));
    repo.commit("renamed and raised");
    let o = diff(
        &repo.path(),
        &["HEAD~1:old.yaml", "HEAD", "--evidence", "off"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 -> 2 (+1)"), "{}", stdout(&o));
}

#[test]
fn a_base_without_the_file_is_a_new_assessment() {
    let repo = Repo::new();
    repo.write("README.md", "hello\n");
    repo.commit("before the assessment");
    repo.write(FILE, &answers([2; 7]));
    repo.commit("first assessment");
    let o = diff(&repo.path(), &["HEAD~1", "--evidence", "off"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("New assessment: level 2"),
        "{}",
        stdout(&o)
    );
    let o = diff(
        &repo.path(),
        &["HEAD~1", "--format", "markdown", "--evidence", "off"],
    );
    assert!(
        stdout(&o).contains("🆕 **New assessment**"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn two_files_are_still_compared_outside_git() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), answers([1; 7])).unwrap();
    std::fs::write(dir.path().join("b.yaml"), answers([2; 7])).unwrap();
    let o = diff(dir.path(), &["a.yaml", "b.yaml", "--evidence", "off"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("level 1 · Initial -> 2 · Defined"),
        "{}",
        stdout(&o)
    );
}

const TEAM_RULES: &str = r#"rules:
  - id: acme-eval-harness
    dimension: evaluation
    level: 3
    kind: content
    glob: "evals/**/*.py"
    pattern: 'acme_eval\.run\('
    explanation: the ACME evaluation harness runs the suite
"#;

/// main: `evaluation: 3`, backed only by a team rule (the house harness); the branch deletes
/// the harness run, then (another branch) switches the team rule off instead.
fn team_repo() -> (Repo, String) {
    let repo = Repo::new();
    repo.write(".llmops-maturity/rules.yaml", TEAM_RULES);
    repo.write("requirements.txt", "openai\n");
    repo.write(
        "evals/smoke.py",
        "import acme_eval\n\nacme_eval.run(suite)\n",
    );
    repo.write(FILE, &answers([1, 1, 3, 1, 1, 1, 1]));
    let base = repo.commit("base");
    (repo, base)
}

/// Regression: `diff` held both sides against the built-in rules only, so evidence from a team
/// rule was neither seen nor missed.
#[test]
fn a_change_that_removes_what_a_team_rule_sees_is_evidence_lost() {
    let (repo, _) = team_repo();
    std::fs::remove_file(repo.path().join("evals/smoke.py")).unwrap();
    repo.commit("drop the smoke evaluation");
    let o = diff(&repo.path(), &["HEAD~1", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let lost = &v["evidence_changes"]["lost"][0];
    assert_eq!(lost["dimension"], "evaluation", "{v:#}");
    assert_eq!(lost["files"][0]["path"], "evals/smoke.py");
    // A raise backed only by the team rule is verified in the comment's "What changed".
    let (repo, _) = team_repo();
    repo.write(FILE, &answers([1, 1, 2, 1, 1, 1, 1]));
    repo.commit("evaluation 2");
    repo.write(FILE, &answers([1, 1, 3, 1, 1, 1, 1]));
    let o = diff(&repo.path(), &["HEAD", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("| ⬆️ +1 | ✅ verified: <code>evals/smoke.py:3</code> |"),
        "{}",
        stdout(&o)
    );
}

/// Each side is held against its own rules file: switching the team rule off loses its
/// evidence, as deleting the files would.
#[test]
fn a_change_that_drops_a_team_rule_is_evidence_lost() {
    let (repo, _) = team_repo();
    repo.write(".llmops-maturity/rules.yaml", "rules: []\n");
    repo.commit("no team rules");
    let o = diff(&repo.path(), &["HEAD~1", "--fail-on-evidence-loss"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("gate failed: this change removes the evidence of Evaluation"),
        "{}",
        stderr(&o)
    );
}

/// A rules file that cannot be used says so and the diff still reports.
#[test]
fn an_invalid_rules_file_is_named_and_the_diff_still_reports() {
    let (repo, _) = team_repo();
    repo.write(".llmops-maturity/rules.yaml", "rules:\n  - id: Bad Id\n");
    let o = diff(&repo.path(), &["HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("evidence not checked: .llmops-maturity/rules.yaml:2:"),
        "{}",
        stderr(&o)
    );
}
