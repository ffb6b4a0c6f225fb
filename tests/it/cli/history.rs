//! `history` against real git repositories made in the test: first-parent walks, invalid
//! versions, renames, deletions, shallow clones, the limit, paths, and the Markdown chart.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use super::gitrepo::{answers, git_in, Repo};
use super::mermaid;
use super::{bin, stderr, stdout};

pub(super) fn history(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .arg("history")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let o = history(dir, &all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("history --format json is JSON")
}

fn commits(v: &Value) -> Vec<String> {
    v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["commit"].as_str().unwrap().to_string())
        .collect()
}

const FILE: &str = "llmops-maturity.yaml";

/// main: c1 (14 points), c2 (16), then a merge of a branch with two commits (18, then 20):
/// only the merge is on the first-parent line, with the branch's last version.
fn repo_with_a_merge() -> (Repo, Vec<String>) {
    let r = Repo::new();
    r.write(FILE, &answers([2; 7]));
    let c1 = r.commit("first");
    r.write(FILE, &answers([2, 2, 4, 2, 2, 2, 2]));
    let c2 = r.commit("evaluation 4");
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(FILE, &answers([2, 2, 4, 4, 2, 2, 2]));
    r.commit("branch: deployment 4");
    r.write(FILE, &answers([2, 2, 4, 4, 4, 2, 2]));
    r.commit("branch: monitoring 4");
    r.git(&["checkout", "-q", "main"]);
    r.write("README.md", "unrelated\n");
    r.commit("unrelated change");
    r.git(&["merge", "-q", "--no-ff", "feature", "-m", "merge feature"]);
    let merge = r.head();
    (r, vec![merge, c2, c1])
}

#[test]
fn history_walks_the_first_parent_line_newest_first() {
    let (r, expected) = repo_with_a_merge();
    let v = json(&r.path(), &[]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["file"], FILE);
    assert_eq!(
        commits(&v),
        expected,
        "only first-parent commits that changed the file"
    );
    let scores: Vec<&Value> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| &x["score"])
        .collect();
    assert_eq!(scores, [20, 16, 14]);
    let newest = &v["versions"][0];
    assert_eq!(newest["level"], 3);
    assert_eq!(newest["valid"], true);
    assert_eq!(
        newest["date"], "2026-01-05",
        "the committer date of the merge"
    );
    // What the merge changed, per dimension, against the version before it on main.
    let changes: Vec<(&str, i64)> = newest["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["delta"].as_i64().unwrap()))
        .collect();
    assert_eq!(changes, [("deployment", 2), ("monitoring", 2)]);
    assert_eq!(v["shallow"], false);
    assert_eq!(v["truncated"], false);
}

#[test]
fn history_text_lists_each_version_with_what_changed() {
    let (r, c) = repo_with_a_merge();
    let o = history(&r.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "History of llmops-maturity.yaml along the first-parent history of HEAD: 3 versions, newest first"
    );
    assert!(lines[2].starts_with(&c[0][..7]), "{out}");
    assert!(
        lines[2].ends_with("20  3 · Managed    Deployment 2 -> 4 (+2); Monitoring 2 -> 4 (+2)"),
        "{out}"
    );
    assert!(
        lines[3].ends_with("16  2 · Defined    Evaluation 2 -> 4 (+2)"),
        "{out}"
    );
    assert!(
        lines[4].ends_with("14  2 · Defined    first version"),
        "{out}"
    );
}

#[test]
fn an_invalid_version_is_listed_without_a_score_not_skipped() {
    let r = Repo::new();
    r.write(FILE, &answers([3; 7]));
    r.commit("valid");
    r.write(FILE, "version: 1\nanswers:\n  models: 9\n");
    let bad = r.commit("broken");
    r.write(FILE, &answers([4, 3, 3, 3, 3, 3, 3]));
    r.commit("fixed");
    let v = json(&r.path(), &[]);
    let versions = v["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    let invalid = &versions[1];
    assert_eq!(invalid["commit"], bad.as_str());
    assert_eq!(
        (
            &invalid["valid"],
            &invalid["score"],
            &invalid["level"],
            &invalid["status"]
        ),
        (
            &Value::Bool(false),
            &Value::Null,
            &Value::Null,
            &Value::from("invalid")
        )
    );
    assert!(!invalid["errors"].as_array().unwrap().is_empty());
    // The fixed version compares with the last valid one: models 3 -> 4.
    assert_eq!(versions[0]["score_delta"], 1);

    let text = stdout(&history(&r.path(), &[]));
    assert!(
        text.contains("-  invalid        line 2: missing answer for `prompt-engineering`"),
        "{text}"
    );
    assert!(text.contains("(and 6 more errors)"), "{text}");
    assert!(text.contains("valid again; Models 3 -> 4 (+1)"), "{text}");
}

#[test]
fn history_follows_a_rename_and_lists_a_deletion() {
    let r = Repo::new();
    r.write("old.yaml", &answers([1; 7]));
    r.commit("create");
    r.git(&["mv", "old.yaml", FILE]);
    r.commit("rename");
    r.write(FILE, &answers([2, 1, 1, 1, 1, 1, 1]));
    r.commit("models 2");
    r.git(&["rm", "-q", FILE]);
    r.commit("delete");
    r.write(FILE, &answers([3; 7]));
    r.commit("create again");
    let v = json(&r.path(), &[]);
    let rows: Vec<(String, String, Value)> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["status"].as_str().unwrap().to_string(),
                x["path"].as_str().unwrap().to_string(),
                x["score"].clone(),
            )
        })
        .collect();
    let s = |status: &str, path: &str, score: Value| (status.to_string(), path.to_string(), score);
    assert_eq!(
        rows,
        [
            s("valid", FILE, 21.into()),
            s("deleted", FILE, Value::Null),
            s("valid", FILE, 8.into()),
            s("valid", FILE, 7.into()),
            s("valid", "old.yaml", 7.into()),
        ]
    );
    assert_eq!(v["versions"][3]["renamed_from"], "old.yaml");
    let text = stdout(&history(&r.path(), &[]));
    assert!(text.contains("deleted        file deleted"), "{text}");
    assert!(text.contains("created again; Models 2 -> 3 (+1)"), "{text}");
    assert!(
        text.contains("renamed from old.yaml; no answer changed"),
        "{text}"
    );
}

#[test]
fn limit_keeps_the_newest_versions_and_says_there_are_more() {
    let r = Repo::new();
    let mut ids = Vec::new();
    for level in 1..=4 {
        r.write(FILE, &answers([level; 7]));
        ids.push(r.commit(&format!("level {level}")));
    }
    ids.reverse();
    let v = json(&r.path(), &["--limit", "2"]);
    assert_eq!(commits(&v), ids[..2]);
    assert_eq!(v["truncated"], true);
    let all = json(&r.path(), &["--limit", "4"]);
    assert_eq!(commits(&all), ids);
    assert_eq!(all["truncated"], false);

    let text = stdout(&history(&r.path(), &["--limit", "2"]));
    assert!(
        text.contains("Only the newest 2 versions are shown; pass --limit"),
        "{text}"
    );
    assert!(
        text.contains("oldest version listed"),
        "not `first version`: {text}"
    );
    let zero = history(&r.path(), &["--limit", "0"]);
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn a_shallow_clone_lists_what_it_has_and_says_how_to_fetch_the_rest() {
    let r = Repo::new();
    for level in 1..=3 {
        r.write(FILE, &answers([level; 7]));
        r.commit(&format!("level {level}"));
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let out = git_in(clone.path())
        .args(["clone", "-q", "--depth", "2", &url, "shallow"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = clone.path().join("shallow");

    let o = history(&dir, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "a shallow clone is not an error");
    assert!(
        stderr(&o).starts_with("llmops-maturity: note: this is a shallow clone")
            && stderr(&o).contains("`fetch-depth: 0`"),
        "{}",
        stderr(&o)
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["shallow"], true);
    assert_eq!(v["versions"].as_array().unwrap().len(), 2);

    let md = stdout(&history(&dir, &["--format", "markdown"]));
    assert!(
        md.contains("> [!NOTE]\n> The score history may be incomplete: this is a shallow clone"),
        "{md}"
    );
    assert!(md.contains("oldest version listed"), "{md}");
}

#[test]
fn path_is_read_relative_to_the_current_folder_or_else_the_top_level() {
    let r = Repo::new();
    r.write(FILE, &answers([2; 7]));
    r.write("services/chat/llmops-maturity.yaml", &answers([3; 7]));
    r.commit("two files");
    let sub = r.path().join("services/chat");
    // The subfolder's own file.
    assert_eq!(
        json(&sub, &[])["file"],
        "services/chat/llmops-maturity.yaml"
    );
    assert_eq!(json(&sub, &[])["versions"][0]["score"], 21);
    // `../../` from the subfolder, and a path from the top level given in a subfolder.
    assert_eq!(json(&sub, &["../../llmops-maturity.yaml"])["file"], FILE);
    let other = r.path().join("services");
    assert_eq!(
        json(&other, &[FILE])["file"],
        FILE,
        "no file in services/: the top level's"
    );
    assert_eq!(
        json(&other, &["chat/llmops-maturity.yaml"])["versions"][0]["score"],
        21
    );
    // An absolute path.
    let abs = r.path().join(FILE);
    assert_eq!(json(&other, &[abs.to_str().unwrap()])["file"], FILE);
}

#[test]
fn a_path_outside_a_repository_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), answers([2; 7])).unwrap();
    let o = history(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "llmops-maturity: error: llmops-maturity.yaml is not inside a git repository; `history` needs the file's git history\n"
    );
    assert_eq!(stdout(&o), "");
}

#[test]
fn a_file_never_committed_and_an_empty_repository_are_clear_errors() {
    let r = Repo::new();
    let o = history(&r.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the repository has no commits yet"),
        "{}",
        stderr(&o)
    );
    r.write("other.txt", "x\n");
    r.commit("no answers file");
    let o = history(&r.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("no commit on the first-parent history of HEAD has llmops-maturity.yaml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn without_git_history_says_git_is_missing() {
    let r = Repo::new();
    let empty = tempfile::tempdir().unwrap();
    let o = bin()
        .current_dir(r.path())
        .env("PATH", empty.path())
        .arg("history")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "llmops-maturity: error: git is not installed or not on PATH; `history` reads the file's versions with git\n"
    );
}

#[test]
fn user_text_cannot_start_a_workflow_command() {
    let r = Repo::new();
    // A key with a line break and a workflow command after it: the error message quotes it.
    r.write(
        FILE,
        "version: 1\n\"x\\n::error::pwned\\n##[error]pwned\": 1\nanswers: {}\n",
    );
    r.commit("hostile");
    for format in ["text", "markdown", "json"] {
        let o = history(&r.path(), &["--format", format]);
        assert_eq!(o.status.code(), Some(0));
        for line in stdout(&o).lines().chain(stderr(&o).lines()) {
            let line = line.trim_start();
            assert!(
                !line.starts_with("::") && !line.starts_with("##["),
                "{format}: {line}"
            );
        }
    }
}

/// A repository whose commit ids never change: fixed names, dates and contents.
fn stable_repo() -> Repo {
    let r = Repo::new();
    r.write("old_<b>name.yaml", "version: [\n");
    r.commit("an invalid first version");
    // Renamed in a commit of its own: git follows a rename only when the content stays similar.
    r.git(&["mv", "old_<b>name.yaml", FILE]);
    r.commit("rename");
    r.write(FILE, &answers([1, 1, 2, 1, 1, 1, 2]));
    r.commit("start");
    r.write(FILE, &answers([2, 1, 2, 2, 1, 1, 2]));
    r.commit("models and deployment");
    r.write(FILE, "version: 1\nanswers: [\n");
    r.commit("broken");
    let notes = "version: 1\nassessment:\n  team: \"<b>@team</b> | #1\"\nanswers:\n  models: 3\n  prompt-engineering: 2\n  \
                 evaluation: {level: 3, notes: \"`rm -rf` *now*\"}\n  deployment: 2\n  monitoring: 2\n  responsible-ai: 1\n  asset-management: 2\n";
    r.write(FILE, notes);
    r.commit("fixed, more");
    r.git(&["mv", FILE, "maturity.yaml"]);
    r.commit("rename");
    r
}

#[test]
fn markdown_history_has_a_chart_and_a_table() {
    let r = stable_repo();
    let o = history(&r.path(), &["maturity.yaml", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    insta::assert_snapshot!("history_markdown", md);
    let charts = mermaid::blocks(&md);
    assert_eq!(charts.len(), 1);
    let chart = mermaid::parse(&charts[0]).unwrap_or_else(|e| panic!("{e}\n{}", charts[0]));
    // Oldest to newest, valid versions only; then a flat line where each level starts.
    assert_eq!(chart.series[3], [9.0, 11.0, 15.0, 15.0]);
    assert_eq!(&chart.series[..3], [[12.0; 4], [17.0; 4], [22.0; 4]]);
    assert_eq!(
        chart.titles,
        [
            "2 · Defined from 12",
            "3 · Managed from 17",
            "4 · Optimized from 22",
            "Score"
        ]
        .map(|t| Some(t.to_string()))
    );
    assert_eq!(chart.y_range, Some((7.0, 28.0)));
    assert_eq!(chart.categories.len(), 4);
    // Regression (issue 18): the line was Mermaid's default `#ECECFF` on white. Every series has
    // a colour of its own, the score's last (drawn on top).
    let init = chart.init.expect("an init directive gives the colours");
    let palette = init["themeVariables"]["xyChart"]["plotColorPalette"]
        .as_str()
        .unwrap();
    let colours: Vec<&str> = palette.split(", ").collect();
    assert_eq!(colours.len(), chart.series.len());
    assert_eq!(colours[3], "#0969da");
    assert_eq!(
        init["themeVariables"]["xyChart"]["backgroundColor"],
        "#ffffff"
    );
}

#[test]
fn markdown_rows_show_the_commit_subject_and_author_escaped() {
    let r = Repo::new();
    r.write(FILE, &answers([2; 7]));
    r.git(&["add", "-A"]);
    r.git(&[
        "commit",
        "-q",
        "--author=*Ann* & | @octocat Lee-Fitzgerald-Montgomery-Smythe <ann@example.com>",
        "-m",
        "raise `models` | see #12 and *www.example.com*",
    ]);
    let md = stdout(&history(&r.path(), &["--format", "markdown"]));
    let row = md
        .lines()
        .find(|l| l.starts_with("| <code>"))
        .expect("a row");
    assert_eq!(
        row.matches(" | ").count(),
        6,
        "one row of seven cells: {row}"
    );
    let html = super::gfm(&md);
    assert!(html.contains("<code>models</code>"), "{html}");
    assert!(!md.contains("\\`"), "no escaped backtick: {md}");
    assert!(!html.contains("<em>Ann"), "{html}");
    assert!(html.contains("*Ann* &amp;"), "{html}");
    assert!(!html.contains("href"), "nothing links: {html}");
    assert!(
        row.contains("@&#8203;octocat Lee-F…"),
        "the author is shortened: {row}"
    );
}

/// Issue 19: a switch from llmops-2024 to genaiops-2025 is a change of method, not progress.
#[test]
fn a_change_of_questionnaire_starts_a_new_chart_and_is_marked_in_the_table() {
    let r = Repo::new();
    r.write(FILE, &answers([2; 7]));
    r.commit("first");
    r.write(FILE, &answers([3, 2, 2, 2, 2, 2, 2]));
    r.commit("models 3");
    let genaiops = |levels| {
        answers(levels).replace("version: 1\n", "version: 1\nquestionnaire: genaiops-2025\n")
    };
    r.write(FILE, &genaiops([3, 2, 2, 2, 2, 2, 2]));
    r.commit("follow Microsoft's 2025 bands");
    r.write(FILE, &genaiops([3, 3, 2, 2, 2, 2, 2]));
    r.commit("prompts 3");
    let o = history(&r.path(), &["--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    insta::assert_snapshot!("history_questionnaire_change", md);
    let charts: Vec<mermaid::Chart> = mermaid::blocks(&md)
        .iter()
        .map(|c| mermaid::parse(c).unwrap_or_else(|e| panic!("{e}\n{c}")))
        .collect();
    assert_eq!(charts.len(), 2, "{md}");
    assert_eq!(charts[0].series[3], [14.0, 15.0]);
    assert_eq!(charts[1].series[3], [15.0, 16.0]);
    assert!(charts[0].title.as_deref().unwrap().contains("llmops-2024"));
    assert!(charts[1]
        .title
        .as_deref()
        .unwrap()
        .contains("genaiops-2025"));
    // Each chart's bands are its questionnaire's: Defined starts at 12 in 2024, 10 in 2025.
    assert_eq!(charts[0].series[0][0], 12.0);
    assert_eq!(charts[1].series[0][0], 10.0);
    let switch = md.lines().find(|l| l.contains("follow Microsoft")).unwrap();
    assert!(
        switch.contains("questionnaire changed from llmops-2024 2024.1 to genaiops-2025 2025.08"),
        "{switch}"
    );
    assert!(switch.contains("not compared"), "{switch}");
    let v = json(&r.path(), &[]);
    let switched = &v["versions"][1];
    assert_eq!(switched["questionnaire_changed"], true);
    assert_eq!(switched["questionnaire"]["id"], "genaiops-2025");
    assert_eq!(switched["score_delta"], serde_json::Value::Null);
    assert_eq!(v["versions"][0]["score_delta"], 1);
    assert_eq!(v["versions"][0]["questionnaire_changed"], false);
}

#[test]
fn markdown_of_a_file_that_was_never_valid_has_no_chart() {
    let r = Repo::new();
    r.write(FILE, "version: [\n");
    r.commit("broken");
    let md = stdout(&history(&r.path(), &["--format", "markdown"]));
    assert!(mermaid::blocks(&md).is_empty(), "{md}");
    assert!(md.contains("| ❌ invalid |"), "{md}");
}

/// Regression: a commit that deleted `llmops-maturity.yaml/inner.yaml` and added the file back
/// showed the newest version as "deleted"; a commit where the path was a folder was scored from a
/// file inside it (28 points). Only the file itself is its history.
#[test]
fn a_folder_of_the_same_name_is_not_the_file() {
    let repo = Repo::new();
    repo.write(&format!("{FILE}/inner.yaml"), &answers([4; 7]));
    let folder = repo.commit("a folder named like the file");
    std::fs::remove_dir_all(repo.path().join(FILE)).unwrap();
    repo.write(FILE, &answers([2; 7]));
    let file = repo.commit("the folder becomes the file");
    let v = json(&repo.path(), &[]);
    assert_eq!(commits(&v), [file.clone(), folder.clone()], "{v}");
    let newest = &v["versions"][0];
    assert_eq!(newest["status"], "valid", "{v}");
    assert_eq!(newest["score"], 14, "{v}");
    let oldest = &v["versions"][1];
    assert_eq!(oldest["status"], "invalid", "{v}");
    assert_eq!(oldest["score"], Value::Null, "{v}");
    let error = oldest["errors"][0]["message"].as_str().unwrap();
    assert!(error.contains("tree"), "{error}");
}

/// Regression: one commit dated after the year 9999 made the whole command exit 2
/// ("unexpected output from git log").
#[test]
fn a_commit_dated_after_the_year_9999_is_listed() {
    let repo = Repo::new();
    repo.write(FILE, &answers([1; 7]));
    repo.commit("first");
    repo.write(FILE, &answers([2; 7]));
    repo.git(&["add", "-A"]);
    let out = git_in(&repo.path())
        .env("GIT_COMMITTER_DATE", "@253402300800 +0000")
        .env("GIT_AUTHOR_DATE", "@253402300800 +0000")
        .args(["commit", "-q", "-m", "from the future"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&repo.path(), &[]);
    assert_eq!(v["versions"].as_array().unwrap().len(), 2, "{v}");
    assert!(
        v["versions"][0]["date"]
            .as_str()
            .unwrap()
            .starts_with("10000"),
        "{v}"
    );
}

/// Regression: `log.showRoot=false` in the user's git configuration silently dropped the first
/// version; `history` states the settings it needs on git's command line.
#[test]
fn the_users_git_configuration_does_not_drop_the_first_version() {
    let repo = stable_repo();
    let expected = commits(&json(&repo.path(), &[]));
    let config = repo.path().join("user.gitconfig");
    std::fs::write(
        &config,
        "[log]\n\tshowRoot = false\n\tshowSignature = true\n[diff]\n\trelative = true\n\trenames = false\n[color]\n\tui = always\n",
    )
    .unwrap();
    let o = bin()
        .current_dir(repo.path())
        .env("GIT_CONFIG_GLOBAL", &config)
        .args(["history", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(commits(&v), expected);
}

/// Regression: JSON was printed through the line writer that breaks `##[` into `##\[`, an
/// invalid JSON escape: a file once named `##[x].yaml` made every `history --format json` of
/// the repository unparsable. `##\u005b` reads back as `##[`.
#[test]
fn json_stays_json_when_a_path_holds_a_legacy_command() {
    let repo = Repo::new();
    repo.write("##[x].yaml", &answers([1; 7]));
    repo.commit("odd name");
    repo.git(&["mv", "##[x].yaml", FILE]);
    repo.commit("renamed");
    let o = history(&repo.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(r"##\u005bx].yaml"), "{}", stdout(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("history --format json is JSON");
    assert_eq!(v["versions"][0]["renamed_from"], "##[x].yaml");
}
