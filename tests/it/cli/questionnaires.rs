//! The questionnaire an answers file uses, seen from the gate and from `diff`: `--min-level` by a
//! level's name, the 2025 bands at every edge, and a change of questionnaire that is not read as
//! progress or decline.

use std::path::Path;
use std::process::Output;

use super::gitrepo::{answers, Repo};
use super::{bin, run, stderr, stdout};

const FILE: &str = "llmops-maturity.yaml";

/// Answers to the seven built-in dimensions, naming `questionnaire`, that total `total` points.
fn answers_totalling(questionnaire: &str, total: u8) -> String {
    let mut levels = [1u8; 7];
    let mut left = total - 7;
    for level in levels.iter_mut() {
        let add = left.min(3);
        *level += add;
        left -= add;
    }
    answers(levels).replacen(
        "version: 1\n",
        &format!("version: 1\nquestionnaire: {questionnaire}\n"),
        1,
    )
}

fn in_dir(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn genaiops_2025_scores_every_band_edge_with_microsofts_2025_bands() {
    let dir = tempfile::tempdir().unwrap();
    // Initial 7-9, Defined 10-14, Managed 15-19, Optimized 20-28 (GenAIOps maturity, 2025-08-28).
    for (total, level, name) in [
        (7, 1, "Initial"),
        (9, 1, "Initial"),
        (10, 2, "Defined"),
        (14, 2, "Defined"),
        (15, 3, "Managed"),
        (19, 3, "Managed"),
        (20, 4, "Optimized"),
        (28, 4, "Optimized"),
    ] {
        std::fs::write(
            dir.path().join(FILE),
            answers_totalling("genaiops-2025", total),
        )
        .unwrap();
        let o = in_dir(dir.path(), &["check", FILE, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{total}: {}", stderr(&o));
        let v = json(&o);
        assert_eq!(v["score"], total, "{total}");
        assert_eq!(v["level"], level, "total {total}");
        assert_eq!(v["level_name"], name, "total {total}");
        assert_eq!(v["questionnaire"]["id"], "genaiops-2025");
        // The same answers under the 2024 bands: 12-16 is Defined there, so 10 is still Initial.
        let text = stdout(&in_dir(dir.path(), &["check", FILE]));
        assert!(
            text.contains(&format!("level {level} · {name} ({total}/28 points)")),
            "{total}: {text}"
        );
    }
}

#[test]
fn min_level_takes_a_level_name_of_the_files_questionnaire() {
    // score-17 is level 3 · Managed of llmops-2024; names match whatever their case.
    for name in ["Managed", "managed", " MANAGED "] {
        let at = run(&["check", "fixtures/valid/score-17.yaml", "--min-level", name]);
        assert_eq!(at.status.code(), Some(0), "{name}: {}", stderr(&at));
    }
    let below = run(&[
        "check",
        "fixtures/valid/score-16.yaml",
        "--min-level",
        "Managed",
    ]);
    assert_eq!(below.status.code(), Some(1), "{}", stderr(&below));
    assert!(
        stderr(&below).contains("gate failed: level 2 · Defined is below the minimum level 3"),
        "{}",
        stderr(&below)
    );
    // A team's own questionnaire has its own names: acme-mlops's second level is Repeatable.
    let own = "fixtures/valid/own-questionnaire.yaml";
    let o = run(&["check", own, "--min-level", "Repeatable"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["check", own, "--min-level", "Managed"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("gate failed: the minimum level Managed is not a level of the questionnaire acme-mlops 2026.1 (its levels: 1 Starting, 2 Repeatable,"),
        "{}",
        stderr(&o)
    );
}

/// A gate that cannot be met fails (exit 1) and says which levels there are: a mistyped name
/// must never let a pull request through. A value that is no level name at all is a usage error.
#[test]
fn min_level_that_names_no_level_fails_the_gate_and_lists_the_levels() {
    for (asked, shown) in [("5", "5"), ("Manged", "Manged")] {
        let o = run(&[
            "check",
            "fixtures/valid/score-28.yaml",
            "--min-level",
            asked,
        ]);
        assert_eq!(o.status.code(), Some(1), "{asked}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("gate failed: the minimum level {shown} is not a level of the questionnaire llmops-2024 2024.1 (its levels: 1 Initial, 2 Defined, 3 Managed, 4 Optimized)")),
            "{}",
            stderr(&o)
        );
    }
    for bad in ["0", "::error::x", ""] {
        let o = run(&["check", "fixtures/valid/score-28.yaml", "--min-level", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("--min-level"), "{}", stderr(&o));
        assert!(
            !stderr(&o).lines().any(|l| l.starts_with("::")),
            "{}",
            stderr(&o)
        );
    }
}

/// main answers llmops-2024 at 16 points (level 2 · Defined there); the branch moves to
/// genaiops-2025 with the same answers, where 16 points are level 3 · Managed.
fn switched() -> Repo {
    let repo = Repo::new();
    repo.write(FILE, &answers_totalling("llmops-2024", 16));
    repo.commit("answers on the 2024 bands");
    repo.git(&["checkout", "-q", "-b", "switch"]);
    repo.write(FILE, &answers_totalling("genaiops-2025", 16));
    repo.commit("follow Microsoft's 2025 bands");
    repo
}

#[test]
fn diff_across_a_questionnaire_change_compares_no_levels() {
    let repo = switched();
    let o = in_dir(&repo.path(), &["diff", "main", "HEAD", "--evidence", "off"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("Questionnaire: the questionnaire changes from llmops-2024 2024.1 to genaiops-2025 2025.08; levels are not compared (--fail-on-regression does not fire)\nBase: level 2 · Defined (16 points); head: level 3 · Managed (16 points)\n"),
        "{text}"
    );
    assert!(!text.contains("level up"), "{text}");

    let v = json(&in_dir(
        &repo.path(),
        &[
            "diff",
            "main",
            "HEAD",
            "--evidence",
            "off",
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["level_delta"], serde_json::Value::Null);
    assert_eq!(v["score_delta"], serde_json::Value::Null);
    assert_eq!(v["regressed"], false);
    assert_eq!(v["changed"], true);
    assert_eq!(
        v["questionnaire_changed"],
        serde_json::json!({"before": "llmops-2024 2024.1", "after": "genaiops-2025 2025.08"})
    );

    // Back again: 16 points fall from Managed to Defined, which is no regression either.
    let back = in_dir(
        &repo.path(),
        &[
            "diff",
            "HEAD",
            "main",
            "--evidence",
            "off",
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&back)["regressed"], false);
}

#[test]
fn the_comment_says_the_questionnaire_changed_before_anything_is_compared() {
    let repo = switched();
    let o = in_dir(
        &repo.path(),
        &["diff", "main", "--evidence", "off", "--format", "markdown"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    let note = "> [!IMPORTANT]\n> This pull request changes the questionnaire from `llmops-2024 2024.1` to `genaiops-2025 2025.08`. Levels and points of two questionnaires are not compared, so `fail-on-regression` does not fire on this change.";
    let at = md.find(note).unwrap_or_else(|| panic!("{md}"));
    assert!(
        md[..at].contains("the base was level 2 · Defined (16 points) of another questionnaire"),
        "{md}"
    );
    assert!(!md.contains("up from level"), "{md}");
    // The note comes before "What changed" and the tables.
    assert!(md.find("What changed").is_none_or(|w| w > at), "{md}");
}

/// `questions --format yaml` of each built-in, used as a team's own questionnaire file, scores
/// every valid fixture exactly as the built-in does: the built-ins are data like any other.
#[test]
fn each_builtin_printed_as_a_file_scores_every_fixture_as_the_builtin_does() {
    let fixtures = super::manifest_dir().join("fixtures/valid");
    let mut compared = 0;
    for builtin in ["llmops-2024", "genaiops-2025"] {
        let dir = tempfile::tempdir().unwrap();
        let printed = run(&["questions", "--questionnaire", builtin, "--format", "yaml"]);
        assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
        std::fs::write(dir.path().join("q.yaml"), stdout(&printed)).unwrap();
        for entry in std::fs::read_dir(&fixtures).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            if path.extension().is_none_or(|e| e != "yaml")
                || text.contains("own-questionnaire")
                || text.contains("questionnaire: ../")
            {
                continue;
            }
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with("questionnaire:"))
                .map(|l| format!("{l}\n"))
                .collect();
            let score = |questionnaire: &str| {
                let file = body.replacen(
                    "version: 1\n",
                    &format!("version: 1\nquestionnaire: {questionnaire}\n"),
                    1,
                );
                std::fs::write(dir.path().join(FILE), file).unwrap();
                let o = in_dir(
                    dir.path(),
                    &["check", FILE, "--format", "json", "--today", "2026-12-01"],
                );
                let mut v = json(&o);
                // Where the questionnaire came from is the one thing that may differ.
                v["questionnaire"].as_object_mut().unwrap().remove("file");
                v
            };
            let (as_builtin, as_file) = (score(builtin), score("./q.yaml"));
            assert_eq!(as_builtin["valid"], true, "{}", path.display());
            assert_eq!(as_builtin, as_file, "{builtin}: {}", path.display());
            compared += 1;
        }
    }
    assert!(compared >= 30, "only {compared} fixtures compared");
}
