//! `org --format html` and `org --previous` against the GraphQL fake: the page's structure, its numbers against the JSON roll-up, hostile text as text only, movement in every format, and the page in headless Chromium.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;

use super::support::browser::{self, Server};
use super::support::fake::{FakeFile, FakeGitHub, FakeRepo};
use super::{answers, graphql_requests, run, Run, OWNER};

/// What a script that ran would do: the tests assert the title never says so.
const PWNED: &str = "document.title='pwned'";

/// Repositories whose names, URLs and answers files carry markup, a `javascript:` link and a
/// bidirectional override, beside ordinary ones, two questionnaires, targets, waivers and a stale
/// assessment.
fn hostile_repos() -> Vec<FakeRepo> {
    let committed = answers([2, 3, 2, 2, 1, 2, 3], Some("2026-11-01")).replace(
        "answers:\n",
        "  review-every: 10\nanswers:\n",
    ) + &format!(
        "waivers:\n  - dimension: monitoring\n    reason: \"<script>{PWNED}</script> [x](javascript:alert(1))\"\n    approved-by: \"\\\"><img src=x onerror={PWNED}>\"\n    expires: 2026-12-15\ntargets:\n  - level: 3\n    by: 2027-01-01\n"
    );
    let mut script = FakeRepo::text(
        &format!("acme/<script>{PWNED}</script>"),
        &answers([1; 7], None),
    );
    script.url = Some(format!("javascript:{PWNED}"));
    let mut other_host = FakeRepo::text("acme/other-host", &answers([2; 7], None));
    other_host.url = Some("https://evil.example/acme/other-host".into());
    let genai = answers([3, 3, 3, 2, 2, 2, 2], None)
        .replace("version: 1\n", "version: 1\nquestionnaire: genaiops-2025\n");
    vec![
        FakeRepo::text("acme/chatbot", &committed),
        script,
        FakeRepo::text(
            &format!("acme/\"><img src=x onerror=\"{PWNED}\">"),
            &format!("version: 1\nanswers:\n  \"<script>{PWNED}</script>\": 2\n"),
        ),
        FakeRepo::text("acme/evil\u{202e}lmth.exe", &answers([3; 7], None)),
        FakeRepo::text("acme/genai", &genai),
        FakeRepo::new("acme/landing-page", FakeFile::None),
        other_host,
    ]
}

fn xml(html: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(html, options)
        .unwrap_or_else(|e| panic!("the page is not well-formed ({e})"))
}

/// Every `(data-key, data-count)` of the level bars in one group's section, by questionnaire.
fn bars(doc: &roxmltree::Document) -> BTreeMap<String, BTreeMap<String, u64>> {
    doc.descendants()
        .filter(|n| n.attribute("data-questionnaire").is_some())
        .map(|section| {
            let counts = section
                .descendants()
                .filter(|n| n.attribute("class") == Some("bar"))
                .map(|g| {
                    let count = g.attribute("data-count").unwrap().parse().unwrap();
                    (g.attribute("data-key").unwrap().to_string(), count)
                })
                .collect();
            (
                section.attribute("data-questionnaire").unwrap().to_string(),
                counts,
            )
        })
        .collect()
}

/// The same numbers as the JSON roll-up gives them.
fn json_bars(json: &Json) -> BTreeMap<String, BTreeMap<String, u64>> {
    json["questionnaires"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let counts = q["levels"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
                .collect();
            (
                format!(
                    "{}@{}",
                    q["id"].as_str().unwrap(),
                    q["version"].as_str().unwrap()
                ),
                counts,
            )
        })
        .collect()
}

/// The JSON's names as the page writes them: a bidi control as visible `[U+XXXX]` text.
fn json_names(json: &Json) -> Vec<String> {
    super::names(json)
        .into_iter()
        .map(|n| n.replace('\u{202e}', "[U+202E]"))
        .collect()
}

/// Writes `html` as `name` into `LLMOPS_DASHBOARD_OUT` when it is set, for
/// `scripts/screenshot-dashboard.sh`.
fn keep(name: &str, html: &str) {
    if let Some(dir) = std::env::var_os("LLMOPS_DASHBOARD_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), html).unwrap();
    }
}

#[tokio::test]
async fn the_html_page_has_one_row_per_repository_and_the_numbers_of_the_json() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, hostile_repos());
    let page = run(Run::new(&fake, &[OWNER, "--format", "html"])).await;
    assert_eq!(page.code, 0, "{}", page.stderr);
    let json = run(Run::new(&fake, &[OWNER, "--format", "json"]))
        .await
        .json();
    keep("org-hostile.html", &page.stdout);
    let doc = xml(&page.stdout);
    let rows: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("data-repo"))
        .collect();
    let mut names = json_names(&json);
    let mut seen: Vec<String> = rows.iter().map(|s| s.to_string()).collect();
    names.sort();
    seen.sort();
    assert_eq!(seen, names, "one row per repository, each once");
    assert_eq!(bars(&doc), json_bars(&json));
    assert_eq!(bars(&doc).len(), 2, "two questionnaires, two distributions");
    // The heatmap of each group: a row per repository and one of means.
    for section in doc
        .descendants()
        .filter(|n| n.attribute("data-questionnaire").is_some())
    {
        let heat_rows = section
            .descendants()
            .filter(|n| n.attribute("class") == Some("row"))
            .count();
        let table_rows = section
            .descendants()
            .filter(|n| n.attribute("data-repo").is_some())
            .count();
        assert_eq!(heat_rows, table_rows + 1);
        // Each repository's cells add up to its score in the JSON.
        let mut sums: Vec<u64> = section
            .descendants()
            .filter(|n| n.attribute("class") == Some("row"))
            .skip(1)
            .map(|row| {
                row.descendants()
                    .filter(|n| n.attribute("class") == Some("num"))
                    .filter_map(|n| n.text())
                    .flat_map(|t| t.chars())
                    .filter_map(|c| c.to_digit(10))
                    .map(u64::from)
                    .sum()
            })
            .collect();
        let group = section.attribute("data-questionnaire").unwrap();
        let mut scores: Vec<u64> = json["repositories"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                let q = &r["questionnaire"];
                q.is_object()
                    && format!(
                        "{}@{}",
                        q["id"].as_str().unwrap(),
                        q["version"].as_str().unwrap()
                    ) == group
            })
            .map(|r| r["score"].as_u64().unwrap())
            .collect();
        sums.sort_unstable();
        scores.sort_unstable();
        assert_eq!(
            sums, scores,
            "{group}: the heatmap's cells add up to the scores"
        );
    }
    let csp = doc
        .descendants()
        .find(|n| n.attribute("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|n| n.attribute("content"))
        .expect("a CSP meta");
    assert!(csp.starts_with("default-src 'none'; "), "{csp}");
    assert!(page.stdout.contains("<caption>"));
    assert!(doc
        .descendants()
        .any(|n| n.tag_name().name() == "th" && n.attribute("scope") == Some("col")));
}

#[tokio::test]
async fn hostile_names_and_answers_are_text_and_link_nowhere() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, hostile_repos());
    let page = run(Run::new(&fake, &[OWNER, "--format", "html"])).await;
    assert_eq!(page.code, 0, "{}", page.stderr);
    let doc = xml(&page.stdout);
    let scripts: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "script")
        .collect();
    assert_eq!(scripts.len(), 1, "only the page's own script");
    assert_eq!(scripts[0].text(), Some(llmops_maturity::dashboard::SCRIPT));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        assert!(
            !matches!(tag, "img" | "iframe" | "object" | "embed" | "form" | "base"),
            "a <{tag}> element"
        );
        for a in node.attributes() {
            assert!(
                !a.name().starts_with("on"),
                "an event handler: {}",
                a.name()
            );
        }
        if let Some(href) = node.attribute("href") {
            let icon = tag == "link" && href == "data:,";
            assert!(
                icon || href.starts_with("https://github.com/acme/"),
                "{href}"
            );
        }
    }
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    for shown in [
        format!("acme/<script>{PWNED}</script>"),
        format!("<script>{PWNED}</script> [x](javascript:alert(1))"),
        format!("\"><img src=x onerror={PWNED}>"),
        "acme/evil[U+202E]lmth.exe".to_string(),
    ] {
        assert!(text.contains(&shown), "{shown:?} is not shown as text");
    }
    assert!(!page.stdout.contains('\u{202e}'), "a raw bidi override");
    // The stale assessment, the target and the waiver are there, in words.
    assert!(text.contains("· stale"));
    assert!(
        text.contains("overall level 3 · Managed by 2027-01-01: pending"),
        "{text}"
    );
    assert!(text.contains("Monitoring until 2026-12-15: active"));
}

/// The first run, and what changed by the second: up, down, newly invalid, new and gone.
fn before() -> Vec<FakeRepo> {
    vec![
        FakeRepo::text("acme/assistant", &answers([2; 7], Some("2026-10-01"))),
        FakeRepo::text("acme/chatbot", &answers([3; 7], Some("2026-09-15"))),
        FakeRepo::text("acme/rag-api", &answers([2, 2, 3, 2, 2, 1, 2], None)),
        FakeRepo::new("acme/landing-page", FakeFile::None),
        FakeRepo::text("acme/retired", &answers([1; 7], None)),
        FakeRepo::text("acme/search", &answers([1, 2, 1, 2, 1, 1, 2], None)),
    ]
}

fn after() -> Vec<FakeRepo> {
    let targets = "targets:\n  - level: 4\n    by: 2027-06-30\n  - dimension: monitoring\n    level: 3\n    by: 2026-12-15\nwaivers:\n  - dimension: responsible-ai\n    reason: Reviewed by the RAI board outside this repository\n    approved-by: \"@acme/rai-board\"\n    expires: 2027-03-31\n";
    let genai = answers([3, 3, 4, 3, 2, 3, 3], Some("2026-11-20"))
        .replace("version: 1\n", "version: 1\nquestionnaire: genaiops-2025\n");
    vec![
        FakeRepo::text(
            "acme/assistant",
            &(answers([3, 3, 3, 3, 2, 3, 3], Some("2026-11-20")) + targets),
        ),
        FakeRepo::text(
            "acme/chatbot",
            &answers([2, 3, 2, 2, 2, 2, 2], Some("2026-09-15"))
                .replace("answers:\n", "  review-every: 60\nanswers:\n"),
        ),
        FakeRepo::text("acme/evaluation-kit", &genai),
        FakeRepo::new("acme/landing-page", FakeFile::None),
        FakeRepo::text("acme/rag-api", "version: 1\nanswers:\n  models: 5\n"),
        FakeRepo::text("acme/search", &answers([1, 2, 1, 2, 1, 1, 2], None)),
        FakeRepo::text(
            "acme/summariser",
            &answers([4, 4, 3, 4, 3, 3, 4], Some("2026-11-02")),
        ),
    ]
}

/// Runs `org --format json` on `before()` into a file; the fake that then serves `after()`.
async fn previous_roll_up(dir: &Path) -> (FakeGitHub, std::path::PathBuf) {
    let first = FakeGitHub::start().await;
    first.add_repos(OWNER, before());
    let out = run(Run::new(&first, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = dir.join("previous.json");
    std::fs::write(&path, &out.stdout).unwrap();
    let second = FakeGitHub::start().await;
    second.add_repos(OWNER, after());
    (second, path)
}

#[tokio::test]
async fn previous_adds_movement_to_json_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let (fake, previous) = previous_roll_up(dir.path()).await;
    let previous = previous.to_str().unwrap();
    let json = run(Run::new(
        &fake,
        &[OWNER, "--format", "json", "--previous", previous],
    ))
    .await;
    assert_eq!(json.code, 0, "{}", json.stderr);
    let json = json.json();
    let moves: BTreeMap<String, String> = json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = r["name"].as_str().unwrap().to_string();
            (name, r["movement"]["change"].as_str().unwrap().to_string())
        })
        .collect();
    let expected: BTreeMap<String, String> = [
        ("acme/assistant", "up"),
        ("acme/chatbot", "down"),
        ("acme/evaluation-kit", "new"),
        ("acme/landing-page", "same"),
        ("acme/rag-api", "newly-invalid"),
        ("acme/search", "same"),
        ("acme/summariser", "new"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(moves, expected);
    assert_eq!(json["repositories"][0]["movement"]["previous_level"], 2);
    assert_eq!(json["gone"], serde_json::json!(["acme/retired"]));

    let md = run(Run::new(&fake, &[OWNER, "--previous", previous])).await;
    assert!(md.stdout.contains("| ▲ up from 2 |"), "{}", md.stdout);
    assert!(md.stdout.contains("| ▼ down from 3 |"));
    assert!(md.stdout.contains("| newly invalid |"));
    assert!(md.stdout.contains("### Gone since last run (1)"));

    let page = run(Run::new(
        &fake,
        &[OWNER, "--format", "html", "--previous", previous],
    ))
    .await;
    assert_eq!(page.code, 0, "{}", page.stderr);
    keep("org.html", &page.stdout);
    let doc = xml(&page.stdout);
    let count = |kind: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == "li" && n.attribute("data-move") == Some(kind))
            .and_then(|n| n.first_element_child())
            .and_then(|b| b.text())
            .unwrap_or_else(|| panic!("no count of {kind}"))
            .to_string()
    };
    assert_eq!(
        [
            count("up"),
            count("down"),
            count("new"),
            count("newly-invalid"),
            count("gone")
        ],
        ["1", "1", "2", "1", "1"]
    );
    let cells = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "td" && n.attribute("data-move").is_some())
        .count();
    assert_eq!(cells, 7, "a movement cell in every row");
}

#[tokio::test]
async fn a_bad_or_absent_previous_file_is_a_clear_error_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, before());
    let absent = dir.path().join("absent.json");
    let not_json = dir.path().join("notes.json");
    std::fs::write(&not_json, "previous run: fine\n").unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        r#"{"schema_version": 1, "owner": "globex", "repositories": []}"#,
    )
    .unwrap();
    for (file, says) in [
        (&absent, "cannot read it: no such file"),
        (&not_json, "is not the JSON of `org --format json`"),
        (&other, "is the roll-up of `globex`, not of `acme`"),
        (&dir.path().to_path_buf(), "cannot read it: is a directory"),
    ] {
        let out = run(Run::new(
            &fake,
            &[
                OWNER,
                "--format",
                "html",
                "--previous",
                file.to_str().unwrap(),
            ],
        ))
        .await;
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("error: --previous "), "{}", out.stderr);
        assert!(out.stderr.contains(says), "{says}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    assert_eq!(
        graphql_requests(&fake).await,
        0,
        "nothing is asked of GitHub"
    );
}

/// Pairs `data-key="K" data-count="N"` as they stand in a page or a dumped DOM.
fn bar_pairs(html: &str) -> Vec<(String, String)> {
    html.match_indices("data-key=\"")
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            let key = rest.split('"').next().unwrap().to_string();
            let count = rest.split("data-count=\"").nth(1).unwrap();
            (key, count.split('"').next().unwrap().to_string())
        })
        .collect()
}

#[tokio::test]
async fn in_chromium_the_page_loads_nothing_and_runs_only_its_own_script() {
    let Some(chromium) =
        browser::chromium("in_chromium_the_page_loads_nothing_and_runs_only_its_own_script")
    else {
        return;
    };
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, hostile_repos());
    let page = run(Run::new(&fake, &[OWNER, "--format", "html"])).await;
    assert_eq!(page.code, 0, "{}", page.stderr);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.html");
    std::fs::write(&file, &page.stdout).unwrap();
    let server = Server::start(page.stdout.clone().into_bytes());
    let from_file = browser::dump_dom(&chromium, &format!("file://{}", file.display()));
    let from_server = browser::dump_dom(&chromium, &server.url);
    for dom in [&from_file, &from_server] {
        assert!(
            dom.contains("<title>LLMOps maturity across acme</title>"),
            "{dom}"
        );
        assert!(!dom.contains("<img"), "an injected element: {dom}");
        assert_eq!(dom.matches("<tr data-repo=").count(), 7);
        assert_eq!(bar_pairs(dom), bar_pairs(&page.stdout));
        // The page's own script ran (the policy allows it by its hash): headers became buttons
        // and the filter box is shown.
        assert!(
            dom.contains("<th scope=\"col\"><button type=\"button\">Repository</button>"),
            "{dom}"
        );
        assert!(dom.contains("<p id=\"filter\">"), "{dom}");
    }
    assert_eq!(
        server.requests(),
        ["GET /page.html HTTP/1.1"],
        "the page asked for more"
    );
}
