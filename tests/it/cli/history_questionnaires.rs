//! `history` of an answers file that moves from the built-in questionnaire to a team's own file and then to a new version of it: each version scored with the questionnaire file as it was at that commit, read from git.

use std::path::Path;

use serde_json::Value;

use super::gitrepo::{answers, Repo};
use super::history::history;
use super::mermaid;
use super::{stderr, stdout};

const FILE: &str = "llmops-maturity.yaml";
const RUBRIC: &str = "rubrics/acme-mlops.yaml";
/// The three-dimension rubric of the questionnaire-file fixtures, version 2026.1 (levels
/// Starting 3-5, Repeatable 6-7, Automated 8).
const ACME: &str = include_str!("../../../fixtures/questionnaires/valid/acme-mlops.yaml");

/// Answers to the rubric at `RUBRIC`.
fn acme(data: u8, training: u8, serving: u8) -> String {
    format!("version: 1\nquestionnaire: {RUBRIC}\nanswers:\n  data: {data}\n  training: {training}\n  serving: {serving}\n")
}

/// The rubric at version 2026.2, whose bands moved: Repeatable from 5, Automated from 7.
fn acme_2026_2() -> String {
    let text = ACME.replace("version: \"2026.1\"", "version: \"2026.2\"");
    let text = text.replacen("    min: 3\n    max: 5\n", "    min: 3\n    max: 4\n", 1);
    let text = text.replacen("    min: 6\n    max: 7\n", "    min: 5\n    max: 6\n", 1);
    let text = text.replacen("    min: 8\n    max: 8\n", "    min: 7\n    max: 8\n", 1);
    assert_ne!(text, ACME.replace("2026.1", "2026.2"), "the bands moved");
    text
}

/// c1 built-in; c2 the team's rubric; c3 an answer up; c4 the rubric alone moves to 2026.2
/// (the answers file does not change, so it is no version); c5 an answer up, scored on 2026.2;
/// c6 an answer up on 2026.2.
fn repo() -> (Repo, [String; 5]) {
    let r = Repo::new();
    r.write(FILE, &answers([2; 7]));
    let c1 = r.commit("first");
    r.write(RUBRIC, ACME);
    r.write(FILE, &acme(2, 2, 1));
    let c2 = r.commit("answer our own rubric");
    r.write(FILE, &acme(3, 2, 1));
    let c3 = r.commit("data 3");
    r.write(RUBRIC, &acme_2026_2());
    r.commit("rubric 2026.2");
    r.write(FILE, &acme(3, 3, 1));
    let c5 = r.commit("training 3");
    r.write(FILE, &acme(3, 3, 2));
    let c6 = r.commit("serving 2");
    (r, [c6, c5, c3, c2, c1])
}

fn json(dir: &Path) -> Value {
    let o = history(dir, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON")
}

#[test]
fn each_version_is_scored_with_the_questionnaire_file_as_it_was_at_its_commit() {
    let (r, commits) = repo();
    let v = json(&r.path());
    let versions = v["versions"].as_array().unwrap();
    let listed: Vec<&str> = versions
        .iter()
        .map(|x| x["commit"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed, commits,
        "versions are the commits that changed the answers file"
    );
    let row = |x: &Value| {
        (
            x["score"].as_u64().unwrap(),
            x["level_name"].as_str().unwrap().to_string(),
            format!(
                "{} {}",
                x["questionnaire"]["id"].as_str().unwrap(),
                x["questionnaire"]["version"].as_str().unwrap()
            ),
            x["questionnaire_changed"].as_bool().unwrap(),
        )
    };
    let rows: Vec<_> = versions.iter().map(row).collect();
    let q = |s: &str| s.to_string();
    assert_eq!(
        rows,
        [
            (8, q("Automated"), q("acme-mlops 2026.2"), false),
            // 7 is Repeatable on 2026.1 and Automated on 2026.2: the rubric of that commit.
            (7, q("Automated"), q("acme-mlops 2026.2"), true),
            (6, q("Repeatable"), q("acme-mlops 2026.1"), false),
            (5, q("Starting"), q("acme-mlops 2026.1"), true),
            (14, q("Defined"), q("llmops-2024 2024.1"), false),
        ]
    );
    // Compared within a questionnaire, never across one.
    let deltas: Vec<&Value> = versions.iter().map(|x| &x["score_delta"]).collect();
    assert_eq!(
        deltas,
        [
            &Value::from(1),
            &Value::Null,
            &Value::from(1),
            &Value::Null,
            &Value::Null
        ]
    );
}

#[test]
fn markdown_draws_a_chart_per_questionnaire_and_marks_each_switch() {
    let (r, _) = repo();
    let o = history(&r.path(), &["--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    let charts: Vec<mermaid::Chart> = mermaid::blocks(&md)
        .iter()
        .map(|c| mermaid::parse(c).unwrap_or_else(|e| panic!("{e}\n{c}")))
        .collect();
    let titles: Vec<&str> = charts.iter().map(|c| c.title.as_deref().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Score on llmops-2024 2024.1, oldest to newest",
            "Score on acme-mlops 2026.1, oldest to newest",
            "Score on acme-mlops 2026.2, oldest to newest",
        ],
        "{md}"
    );
    let scores: Vec<&Vec<f64>> = charts.iter().map(|c| c.series.last().unwrap()).collect();
    assert_eq!(scores, [&vec![14.0], &vec![5.0, 6.0], &vec![7.0, 8.0]]);
    // Each chart's y-axis and bands are its own questionnaire's.
    assert_eq!(charts[1].y_range, Some((3.0, 8.0)));
    assert_eq!(charts[1].series[0][0], 6.0, "Repeatable from 6 on 2026.1");
    assert_eq!(charts[2].series[0][0], 5.0, "Repeatable from 5 on 2026.2");
    let row = |subject: &str| {
        md.lines()
            .find(|l| l.starts_with("| <code>") && l.contains(subject))
            .unwrap_or_else(|| panic!("no row for {subject}:\n{md}"))
            .to_string()
    };
    assert!(
        row("answer our own rubric").contains(
            "| 5 | 🟧 1 · Starting | questionnaire changed from llmops-2024 2024.1 to acme-mlops 2026.1: not compared |"
        ),
        "{}",
        row("answer our own rubric")
    );
    assert!(
        row("training 3").contains(
            "| 7 | 🟩 3 · Automated | questionnaire changed from acme-mlops 2026.1 to acme-mlops 2026.2: not compared |"
        ),
        "{}",
        row("training 3")
    );
    assert!(row("data 3").contains("Data management 2 → 3 (+1)"));
    assert!(row("serving 2").contains("Serving 1 → 2 (+1)"));
    assert!(
        !md.contains("rubric 2026.2"),
        "a commit of the rubric alone is no version"
    );
}

#[test]
fn a_questionnaire_file_missing_or_invalid_at_a_commit_makes_that_version_invalid() {
    let r = Repo::new();
    r.write(FILE, &acme(2, 2, 1));
    r.commit("names a rubric not committed yet");
    r.write(RUBRIC, &ACME.replace("    min: 6\n", "    min: 7\n"));
    r.write(FILE, &acme(2, 2, 2));
    r.commit("rubric with a gap");
    r.write(RUBRIC, ACME);
    r.write(FILE, &acme(3, 2, 2));
    r.commit("rubric fixed");
    let v = json(&r.path());
    let first_error = |i: usize| {
        v["versions"][i]["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(v["versions"][0]["status"], "valid");
    assert_eq!(v["versions"][0]["score"], 7);
    assert_eq!(v["versions"][1]["status"], "invalid");
    assert!(
        first_error(1).starts_with(&format!(
            "questionnaire `{RUBRIC}` is not a valid questionnaire file"
        )),
        "{}",
        first_error(1)
    );
    assert_eq!(v["versions"][2]["status"], "invalid");
    assert_eq!(
        first_error(2),
        format!("questionnaire `{RUBRIC}`: file not found at that commit (the path is relative to the answers file)")
    );
}
