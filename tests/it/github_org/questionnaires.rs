//! `org` over repositories whose answers files name a questionnaire file of their own: each read from the same branch through the contents API, grouped apart from the built-in, and every way the file can be wrong shown as an invalid repository.

use serde_json::{json, Value as Json};

use super::support::fake::{FakeGitHub, FakeRepo};
use super::{answers, run, Run, OWNER};

/// The three-dimension rubric of the questionnaire-file fixtures (levels Starting 3-5,
/// Repeatable 6-7, Automated 8).
const ACME: &str = include_str!("../../../fixtures/questionnaires/valid/acme-mlops.yaml");
/// A questionnaire file with a gap between two levels.
const BAND_GAP: &str = include_str!("../../../fixtures/questionnaires/invalid/band-gap.yaml");

/// Answers to `ACME`, naming it at `path`.
fn acme_answers(path: &str, data: u8, training: u8, serving: u8) -> String {
    format!("version: 1\nquestionnaire: {path}\nanswers:\n  data: {data}\n  training: {training}\n  serving: {serving}\n")
}

/// Two repositories on the team's rubric (one keeps it in a folder), one on the built-in, and one
/// each with a path that leaves the repository, a file that is not there, and an invalid file.
async fn fake() -> FakeGitHub {
    let fake = FakeGitHub::start().await;
    fake.add_repos(
        OWNER,
        vec![
            FakeRepo::text("acme/a-custom", &acme_answers("./acme-mlops.yaml", 3, 2, 2)),
            FakeRepo::text("acme/b-builtin", &answers([2; 7], None)),
            FakeRepo::text(
                "acme/c-escapes",
                &acme_answers("../platform/acme-mlops.yaml", 3, 3, 2),
            ),
            FakeRepo::text(
                "acme/d-missing",
                &acme_answers("./acme-mlops.yaml", 1, 1, 1),
            ),
            FakeRepo::text("acme/e-invalid", &acme_answers("rubric.yaml", 1, 1, 1)),
            FakeRepo::text(
                "acme/f-custom",
                &acme_answers("rubrics/acme-mlops.yaml", 3, 3, 2),
            ),
        ],
    );
    fake.add_file("acme/a-custom", "main", "acme-mlops.yaml", ACME.as_bytes());
    fake.add_file("acme/e-invalid", "main", "rubric.yaml", BAND_GAP.as_bytes());
    fake.add_file(
        "acme/f-custom",
        "main",
        "rubrics/acme-mlops.yaml",
        ACME.as_bytes(),
    );
    // Elsewhere in the organization: a path out of the repository must not read it.
    fake.add_file("acme/platform", "main", "acme-mlops.yaml", ACME.as_bytes());
    fake
}

/// Each repository's status and first error message.
fn statuses(json: &Json) -> Vec<(String, String, String)> {
    json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["errors"][0]["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_questionnaire_file_is_read_from_each_repository_and_forms_its_own_group() {
    let fake = fake().await;
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let outside = "questionnaire `../platform/acme-mlops.yaml`: outside the repository; keep the questionnaire file in the repository, relative to the answers file";
    let missing = "questionnaire `./acme-mlops.yaml`: file not found on the default branch (the path is relative to the answers file)";
    let invalid = "questionnaire `rubric.yaml` is not a valid questionnaire file (its problems follow); fix it, or name a built-in id: `llmops-2024` or `genaiops-2025`";
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        statuses(&json),
        [
            s("acme/a-custom", "ok", ""),
            s("acme/b-builtin", "ok", ""),
            s("acme/c-escapes", "invalid", outside),
            s("acme/d-missing", "invalid", missing),
            s("acme/e-invalid", "invalid", invalid),
            s("acme/f-custom", "ok", ""),
        ]
    );
    // The invalid file's own problem is listed too, as `check` lists it (after the answers
    // file's, which come first by position).
    let problems = json["repositories"][4]["errors"].as_array().unwrap();
    assert_eq!(
        problems.last().unwrap()["message"],
        "totals 6 to 6 have no level: `Starting` ends at 5 and `Repeatable` starts at 7"
    );
    let custom = &json["repositories"][0];
    assert_eq!(
        (&custom["level"], &custom["score"], &custom["questionnaire"]),
        (
            &json!(2),
            &json!(7),
            &json!({"id": "acme-mlops", "version": "2026.1"})
        )
    );
    assert_eq!(json["repositories"][5]["level"], 3);
    assert_eq!(
        json["questionnaires"],
        json!([
            {"id": "acme-mlops", "version": "2026.1", "title": "ACME MLOps maturity", "repositories": 2,
             "levels": {"1": 0, "2": 1, "3": 1}},
            {"id": "llmops-2024", "version": "2024.1", "title": "LLMOps maturity (llmops-2024)", "repositories": 1,
             "levels": {"1": 0, "2": 1, "3": 0, "4": 0}},
        ])
    );
    // One GraphQL page, then one contents read per repository naming a file inside it; none
    // for the built-in, none for the path out of the repository.
    let requests = fake.requests().await;
    let contents: Vec<&str> = requests
        .iter()
        .filter(|r| r.contains("/contents/"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        contents,
        [
            "GET /repos/acme/a-custom/contents/acme-mlops.yaml?ref=main",
            "GET /repos/acme/d-missing/contents/acme-mlops.yaml?ref=main",
            "GET /repos/acme/e-invalid/contents/rubric.yaml?ref=main",
            "GET /repos/acme/f-custom/contents/rubrics/acme-mlops.yaml?ref=main",
        ]
    );
    assert!(
        out.stderr.contains("acme: 6 repositories listed in 1 GraphQL request and 4 contents API reads (4 of questionnaire files); rate limit: 4999 points left, resets 2026-11-27T08:00:00Z; 3 assessed, 3 invalid, 0 without llmops-maturity.yaml"),
        "{}",
        out.stderr
    );
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn the_markdown_gives_the_team_questionnaire_its_own_levels_and_columns() {
    let fake = fake().await;
    let out = run(Run::new(&fake, &[OWNER])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md = &out.stdout;
    let section = |title: &str| {
        let start = md
            .find(title)
            .unwrap_or_else(|| panic!("no `{title}` in:\n{md}"));
        let rest = &md[start + title.len()..];
        let end = rest.find("\n### ").unwrap_or(rest.len());
        rest[..end].to_string()
    };
    let acme = section("### ACME MLOps maturity 2026.1 (2 repositories)\n");
    for line in [
        "| 🟩\u{2060}🟩\u{2060}🟩&nbsp;3 · Automated | 1 |",
        "| 🟨\u{2060}🟨\u{2060}⬜&nbsp;2 · Repeatable | 1 |",
        "| 🟧\u{2060}⬜\u{2060}⬜&nbsp;1 · Starting | 0 |",
        "#### Answers per dimension",
        // Three columns: no dimension has more options; Serving has two.
        "| Dimension | 1 | 2 | 3 |",
        "| Data management | 0 | 0 | 2 |",
        "| Serving | 0 | 2 | — |",
        "| [<code>acme/a-custom</code>](https://github.com/acme/a-custom) | 🟨\u{2060}🟨\u{2060}⬜&nbsp;2 · Repeatable | 7/8 |",
        "| [<code>acme/f-custom</code>](https://github.com/acme/f-custom) | 🟩\u{2060}🟩\u{2060}🟩&nbsp;3 · Automated | 8/8 |",
    ] {
        assert!(acme.contains(line), "no `{line}` in:\n{acme}");
    }
    assert!(!acme.contains("b-builtin") && !acme.contains("Models"));
    // Parentheses are escaped in titles, which a team's file decides: GitHub shows them plain.
    let builtin = section("### LLMOps maturity \\(llmops-2024\\) 2024.1 (1 repository)\n");
    for line in [
        "| 🟥\u{2060}⬜\u{2060}⬜\u{2060}⬜&nbsp;1 · Initial | 0 |",
        "| Dimension | 1 | 2 | 3 | 4 |",
        "| Models | 0 | 1 | 0 | 0 |",
        "| [<code>acme/b-builtin</code>](https://github.com/acme/b-builtin) | 🟧\u{2060}🟧\u{2060}⬜\u{2060}⬜&nbsp;2 · Defined | 14/28 |",
    ] {
        assert!(builtin.contains(line), "no `{line}` in:\n{builtin}");
    }
    let invalid = section("### Invalid answers files (3)\n");
    for (repo, why) in [
        (
            "c-escapes",
            "questionnaire \\`../platform/acme-mlops.yaml\\`\\: outside the repository",
        ),
        ("d-missing", "file not found on the default branch"),
        (
            "e-invalid",
            "questionnaire \\`rubric.yaml\\` is not a valid questionnaire file",
        ),
    ] {
        let row = invalid
            .lines()
            .find(|l| l.contains(repo))
            .unwrap_or_else(|| panic!("no {repo} in:\n{invalid}"));
        assert!(row.contains(why), "{row}");
    }
    assert!(
        md.contains("levels: acme-mlops 2026.1: 1 Starting 3-5, 2 Repeatable 6-7, 3 Automated 8-8; llmops-2024 2024.1: 1 Initial 7-11, 2 Defined 12-16, 3 Managed 17-21, 4 Optimized 22-28</sub>"),
        "{md}"
    );
}

#[tokio::test]
async fn the_html_page_has_a_section_for_the_team_questionnaire() {
    let fake = fake().await;
    let out = run(Run::new(&fake, &[OWNER, "--format", "html"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sections: Vec<&str> = out
        .stdout
        .split("data-questionnaire=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(sections, ["acme-mlops@2026.1", "llmops-2024@2024.1"]);
    let acme = out.stdout.split("data-questionnaire=\"").nth(1).unwrap();
    let acme = &acme[..acme.find("</section>").unwrap()];
    for name in [
        "Data management",
        "Training",
        "Serving",
        "acme/a-custom",
        "acme/f-custom",
    ] {
        assert!(acme.contains(name), "no {name} in the ACME section");
    }
    assert!(!acme.contains("acme/b-builtin"));
}
