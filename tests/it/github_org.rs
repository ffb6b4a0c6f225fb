//! End-to-end tests of `llmops-maturity org`: the real binary against a fake GitHub GraphQL endpoint that answers pages.
//!
//! Every GraphQL request the binary sends is validated against GitHub's published schema
//! (`tests/data/github/schema.graphql`) by the fake, variables included, and the query text itself
//! is validated here, so a field GitHub would reject fails a test first.

#[path = "github_org/dashboard.rs"]
mod dashboard;
#[path = "github_org/questionnaires.rs"]
mod questionnaires;
use crate::support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use llmops_maturity::org::query::REPOSITORIES;
use serde_json::{json, Value as Json};
use support::fake::{error, FakeFile, FakeGitHub, FakeRepo, TOKEN};
use support::graphql;
use wiremock::ResponseTemplate;

const OWNER: &str = "acme";

/// An answers file with these levels, in questionnaire order, and an optional `assessed-at`.
fn answers(levels: [u8; 7], assessed_at: Option<&str>) -> String {
    let dimensions = llmops_maturity::questionnaire::builtin().dimensions;
    let mut yaml = String::from("version: 1\n");
    if let Some(date) = assessed_at {
        yaml.push_str(&format!(
            "assessment:\n  team: Widgets\n  assessed-at: {date}\n"
        ));
    }
    yaml.push_str("answers:\n");
    for (d, level) in dimensions.iter().zip(levels) {
        yaml.push_str(&format!("  {}: {level}\n", d.id));
    }
    yaml
}

/// The day every run is judged on (`LLMOPS_MATURITY_TODAY`), so "days since assessed" is stable.
const TODAY: &str = "2026-11-27";

/// `TODAY` minus `days`.
fn days_ago(days: i64) -> String {
    let today: jiff::civil::Date = TODAY.parse().unwrap();
    today
        .checked_sub(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// What one run left behind.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: String,
    elapsed: Duration,
}

impl Outcome {
    fn json(&self) -> Json {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Every line printed, on both streams.
    fn lines(&self) -> impl Iterator<Item = &str> {
        self.stdout.lines().chain(self.stderr.lines())
    }
}

struct Run {
    args: Vec<String>,
    env: Vec<(String, String)>,
    token: bool,
}

impl Run {
    fn new(fake: &FakeGitHub, args: &[&str]) -> Run {
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![
                ("GITHUB_API_URL".into(), fake.api_url()),
                ("GITHUB_GRAPHQL_URL".into(), fake.graphql_url()),
                ("LLMOPS_MATURITY_TODAY".into(), TODAY.into()),
            ],
            token: true,
        }
    }

    fn env(mut self, name: &str, value: &str) -> Run {
        self.env.retain(|(k, _)| k != name);
        self.env.push((name.into(), value.into()));
        self
    }

    fn without(mut self, name: &str) -> Run {
        self.env.retain(|(k, _)| k != name);
        self
    }

    fn no_token(mut self) -> Run {
        self.token = false;
        self
    }

    /// Runs the binary in a scrubbed environment, as a runner would start it.
    fn go(self) -> Outcome {
        let runner = tempfile::tempdir().unwrap();
        let summary = runner.path().join("summary.md");
        let output = runner.path().join("output.txt");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_llmops-maturity"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .current_dir(runner.path())
            .arg("org")
            .args(&self.args)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &output)
            .env("LLMOPS_MATURITY_API_TIMEOUT", "5")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if self.token {
            cmd.env("GITHUB_TOKEN", TOKEN);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let start = Instant::now();
        let out = cmd.output().expect("the binary runs");
        let outcome = Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
            summary: std::fs::read_to_string(&summary).unwrap_or_default(),
            outputs: std::fs::read_to_string(&output).unwrap_or_default(),
            elapsed: start.elapsed(),
        };
        let everything = format!(
            "{}{}{}{}",
            outcome.stdout, outcome.stderr, outcome.summary, outcome.outputs
        );
        assert!(!everything.contains(TOKEN), "the token leaked");
        for line in outcome.lines() {
            let body = line.trim_start();
            assert!(
                !body.starts_with("::") && !body.starts_with("##["),
                "a printed line can start a workflow command: {line}"
            );
        }
        outcome
    }
}

async fn graphql_requests(fake: &FakeGitHub) -> usize {
    fake.requests()
        .await
        .iter()
        .filter(|r| r.starts_with("POST ") && r.contains("graphql"))
        .count()
}

/// wiremock serves the fake from its own thread, so the test may block on the binary.
async fn run(r: Run) -> Outcome {
    r.go()
}

#[test]
fn the_query_is_valid_against_githubs_schema() {
    assert_eq!(graphql::check_query(REPOSITORIES), Vec::<String>::new());
}

#[test]
fn a_field_github_would_reject_fails_the_schema_check() {
    for (from, to) in [
        ("isFork", "isFork isForked"),
        ("byteSize", "byteSize size"),
        ("ownerAffiliations: [OWNER]", "ownerAffiliations: [MEMBER]"),
        ("$owner: String!", "$owner: Int!"),
        ("repositoryTopics(first: 20)", "topics(first: 20)"),
    ] {
        let broken = REPOSITORIES.replacen(from, to, 1);
        assert_ne!(broken, REPOSITORIES, "{from} is in the query");
        assert!(
            !graphql::check_query(&broken).is_empty(),
            "GitHub would reject `{to}`, the check did not"
        );
    }
    let request = |variables: Json| {
        graphql::check_request(
            serde_json::to_vec(&json!({"query": REPOSITORIES, "variables": variables}))
                .unwrap()
                .as_slice(),
        )
    };
    assert!(
        request(json!({"owner": "acme", "expression": "HEAD:x", "withTopics": false})).is_empty()
    );
    assert!(!request(json!({"owner": "acme", "expression": "HEAD:x"})).is_empty());
    assert!(!request(json!({"owner": 5, "expression": "HEAD:x", "withTopics": true})).is_empty());
}

/// 1,000 repositories: 10 requests of 100, each repository in the JSON exactly once.
#[tokio::test]
async fn a_thousand_repositories_cost_ten_requests() {
    let fake = FakeGitHub::start().await;
    let mut repos = Vec::new();
    for i in 0..1000 {
        let name = format!("{OWNER}/repo-{i:04}");
        repos.push(match i % 4 {
            0 => FakeRepo::new(&name, FakeFile::None),
            1 => FakeRepo::text(&name, "version: 1\nanswers: {}\n"),
            _ => FakeRepo::text(&name, &answers([(i % 4) as u8 + 1; 7], None)),
        });
    }
    fake.add_repos(OWNER, repos);
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(graphql_requests(&fake).await, 10);
    let json = out.json();
    let names: Vec<&str> = json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 1000);
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), 1000);
    assert_eq!(json["missing"], 250);
    assert_eq!(json["invalid"], 250);
    assert_eq!(json["levels"], json!({"1": 0, "2": 0, "3": 250, "4": 250}));
    assert!(
        out.stderr
            .contains("1000 repositories listed in 10 GraphQL requests"),
        "{}",
        out.stderr
    );
    fake.assert_requests_conform().await;
}

fn mixed() -> Vec<FakeRepo> {
    let mut archived = FakeRepo::text("acme/old", &answers([1; 7], None));
    archived.archived = true;
    let mut fork = FakeRepo::text("acme/upstream-copy", &answers([2; 7], None));
    fork.fork = true;
    let mut tagged = FakeRepo::text("acme/chatbot", &answers([4, 4, 3, 3, 3, 2, 2], None));
    tagged.topics = vec!["llm".into(), "python".into()];
    let mut other = FakeRepo::text("acme/web", &answers([2, 2, 2, 2, 2, 1, 1], None));
    other.topics = vec!["frontend".into()];
    vec![
        archived,
        tagged,
        fork,
        FakeRepo::new("acme/plain", FakeFile::None),
        other,
    ]
}

fn names(json: &Json) -> Vec<String> {
    json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn archived_repositories_and_forks_are_left_out_unless_asked() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, mixed());
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        names(&out.json()),
        ["acme/chatbot", "acme/plain", "acme/web"]
    );

    let out = run(Run::new(
        &fake,
        &[OWNER, "--format", "json", "--include-archived"],
    ))
    .await;
    assert_eq!(
        names(&out.json()),
        ["acme/old", "acme/chatbot", "acme/plain", "acme/web"]
    );

    // The action passes flags as variables.
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])
        .env("LLMOPS_MATURITY_INCLUDE_ARCHIVED", "true")
        .env("LLMOPS_MATURITY_INCLUDE_FORKS", "true"))
    .await;
    assert_eq!(names(&out.json()).len(), 5);
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn a_topic_keeps_only_the_repositories_that_have_it() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, mixed());
    let out = run(Run::new(
        &fake,
        &[OWNER, "--format", "json", "--topic", "LLM"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(names(&out.json()), ["acme/chatbot"]);
    // Still one request: the topics come in the same query.
    assert_eq!(graphql_requests(&fake).await, 1);
    let out = run(Run::new(&fake, &[OWNER, "--topic", "none-has-it"])).await;
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .contains("left out: 1 archived, 1 fork, 3 without the topic"),
        "{}",
        out.stdout
    );
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn a_repository_github_cannot_read_is_reported_and_the_rest_goes_on() {
    let fake = FakeGitHub::start().await;
    let mut broken = FakeRepo::text("acme/b-broken", &answers([3; 7], None));
    broken.error = Some((
        false,
        "Something went wrong while executing your query.".into(),
    ));
    let mut blocked = FakeRepo::text("acme/c-blocked", &answers([3; 7], None));
    blocked.error = Some((true, "Repository access blocked".into()));
    fake.add_repos(
        OWNER,
        vec![
            FakeRepo::text("acme/a-fine", &answers([3; 7], None)),
            broken,
            blocked,
            FakeRepo::text("acme/d-fine", &answers([2; 7], None)),
        ],
    );
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(
        names(&json),
        ["acme/a-fine", "acme/b-broken", "acme/d-fine"]
    );
    assert_eq!(json["repositories"][1]["status"], "invalid");
    assert_eq!(
        json["repositories"][1]["errors"][0]["message"],
        "GitHub could not read this repository's file: Something went wrong while executing your query."
    );
    assert_eq!(json["levels"], json!({"1": 0, "2": 1, "3": 1, "4": 0}));
    assert!(
        out.stderr
            .contains("warning: GitHub reported a problem: Repository access blocked"),
        "{}",
        out.stderr
    );
    let md = run(Run::new(&fake, &[OWNER])).await;
    assert!(
        md.stdout.contains("> - Repository access blocked"),
        "{}",
        md.stdout
    );
    assert!(md
        .stdout
        .contains("GitHub could not read this repository's file"));
}

#[tokio::test]
async fn an_unknown_owner_is_a_clear_error() {
    let fake = FakeGitHub::start().await;
    let out = run(Run::new(&fake, &["nobody-here"])).await;
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(
            "nobody-here: cannot list the repositories: no user or organization `nobody-here`"
        ),
        "{}",
        out.stderr
    );
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn without_a_token_nothing_is_sent() {
    let fake = FakeGitHub::start().await;
    let out = run(Run::new(&fake, &[OWNER]).no_token()).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("GITHUB_TOKEN is not set"),
        "{}",
        out.stderr
    );
    assert!(fake.requests().await.is_empty());
}

#[tokio::test]
async fn an_unreachable_api_fails_fast() {
    let fake = FakeGitHub::start().await;
    // Port 1 on the loopback refuses connections at once.
    let out = run(Run::new(&fake, &[OWNER])
        .env("GITHUB_API_URL", "http://127.0.0.1:1")
        .without("GITHUB_GRAPHQL_URL"))
    .await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("acme: cannot list the repositories: POST /graphql: connection failed"),
        "{}",
        out.stderr
    );
    assert!(out.elapsed < Duration::from_secs(5), "{:?}", out.elapsed);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, mixed());
    fake.script(
        "POST",
        "graphql",
        ResponseTemplate::new(200).set_delay(Duration::from_secs(60)),
    );
    let out = run(Run::new(&fake, &[OWNER]).env("LLMOPS_MATURITY_API_TIMEOUT", "1")).await;
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("timed out"), "{}", out.stderr);
    assert!(out.elapsed < Duration::from_secs(10), "{:?}", out.elapsed);
}

#[tokio::test]
async fn a_bad_gateway_is_retried_like_ci_does() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, mixed());
    fake.script("POST", "graphql", error(502, "Server Error"));
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(graphql_requests(&fake).await, 2);
}

#[tokio::test]
async fn a_file_github_cuts_short_is_read_whole_or_never_scored() {
    let fake = FakeGitHub::start().await;
    // The levels are at the end of the file: the cut text alone would not parse.
    let long = format!("# {}\n{}", "x".repeat(600), answers([4; 7], None));
    let cut = |name: &str| {
        FakeRepo::new(
            name,
            FakeFile::Text {
                bytes: long.as_bytes().to_vec(),
                cut: Some(500),
            },
        )
    };
    fake.add_repos(
        OWNER,
        vec![
            cut("acme/big"),
            cut("acme/big-gone"),
            FakeRepo::new("acme/binary", FakeFile::Binary(2048)),
            FakeRepo::new("acme/folder", FakeFile::Tree),
            FakeRepo::new("acme/huge", FakeFile::Binary(5 * 1024 * 1024)),
        ],
    );
    fake.state().files.remove(&(
        "acme/big-gone".into(),
        "main".into(),
        "llmops-maturity.yaml".into(),
    ));
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let status: Vec<(&str, &str)> = json["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap(),
                r["errors"][0]["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("ok", ""),
            // Gone between the two reads: no file, never the cut text.
            ("missing", ""),
            ("invalid", "is binary, expected a YAML text file"),
            ("invalid", "is a tree in git, expected an answers file"),
            (
                "invalid",
                "file is 5242880 bytes, larger than the 1 MiB limit; an answers file is a few KiB"
            ),
        ]
    );
    assert_eq!(json["repositories"][0]["level"], 4);
    let requests = fake.requests().await;
    assert!(
        requests
            .contains(&"GET /repos/acme/big/contents/llmops-maturity.yaml?ref=main".to_string()),
        "{requests:?}"
    );
    fake.assert_requests_conform().await;
}

/// The JSON shape of issue 10, whole.
#[tokio::test]
async fn the_json_roll_up_has_the_documented_shape() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(
        OWNER,
        vec![
            FakeRepo::text(
                "acme/bad",
                &answers([4, 3, 1, 1, 1, 1, 1], None).replace("models: 4", "models: 9"),
            ),
            FakeRepo::new("acme/empty", FakeFile::None),
            FakeRepo::text(
                "acme/widgets",
                &answers([4, 3, 1, 1, 1, 1, 1], Some("2026-11-01")),
            ),
        ],
    );
    let out = run(Run::new(&fake, &[OWNER, "--format", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected = json!({
        "schema_version": 1,
        "owner": "acme",
        "repositories": [
            {"name": "acme/bad", "status": "invalid", "level": null, "score": null, "weakest": [], "assessed_at": null,
             "errors": [{"severity": "error", "line": 3, "col": 11, "message": "level 9 for `models` is out of range, expected 1 to 4", "rule": "level-out-of-range", "url": "https://llmops-maturity.github.io/llmops-maturity/diagnostics/#level-out-of-range", "dimension": null}],
             "questionnaire": null},
            {"name": "acme/empty", "status": "missing", "level": null, "score": null, "weakest": [], "assessed_at": null, "errors": [], "questionnaire": null},
            {"name": "acme/widgets", "status": "ok", "level": 2, "score": 12, "weakest": ["evaluation", "deployment", "monitoring", "responsible-ai", "asset-management"], "assessed_at": "2026-11-01", "errors": [],
             "questionnaire": {"id": "llmops-2024", "version": "2024.1"}},
        ],
        "levels": {"1": 0, "2": 1, "3": 0, "4": 0},
        "missing": 1,
        "invalid": 1,
        // One entry per questionnaire the scored files answer (issue 19), its own level counts.
        "questionnaires": [
            {"id": "llmops-2024", "version": "2024.1", "title": "LLMOps maturity (llmops-2024)", "repositories": 1,
             "levels": {"1": 0, "2": 1, "3": 0, "4": 0}},
        ],
    });
    assert_eq!(out.json(), expected, "{}", out.stdout);
}

fn dashboard_repos() -> Vec<FakeRepo> {
    let mut hostile = FakeRepo::text(
        "acme/hostile",
        &format!(
            "{}  \"<img src=x>\\n::error::pwned @octocat | #1\": 2\n",
            answers([2; 7], None)
        ),
    );
    hostile.topics = vec!["llm".into()];
    vec![
        FakeRepo::text(
            "acme/chatbot",
            &answers([4, 4, 3, 3, 3, 2, 2], Some(&days_ago(30))),
        ),
        hostile,
        FakeRepo::new("acme/landing-page", FakeFile::None),
        FakeRepo::text("acme/search", &answers([2, 2, 2, 2, 2, 1, 1], None)),
        FakeRepo::text("acme/top", &answers([4; 7], Some(&days_ago(0)))),
    ]
}

#[tokio::test]
async fn the_markdown_dashboard() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, dashboard_repos());
    let out = run(Run::new(&fake, &[OWNER])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let version = env!("CARGO_PKG_VERSION");
    let stable = out.stdout.replace(version, "VERSION");
    insta::assert_snapshot!("org_dashboard", stable);
    // The job summary gets the same dashboard.
    assert_eq!(out.summary, out.stdout);
    assert!(!out.stdout.contains("<img"));
}

#[tokio::test]
async fn the_csv_has_one_row_per_repository() {
    let fake = FakeGitHub::start().await;
    fake.add_repos(OWNER, dashboard_repos());
    let out = run(Run::new(&fake, &[OWNER, "--format", "csv"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected = format!(
        "repository,status,level,level_name,score,max_score,weakest,assessed_at,days_since_assessed,first_error\n\
         acme/chatbot,ok,3,Managed,21,28,responsible-ai asset-management,{},30,\n\
         acme/hostile,invalid,,,,,,,,\"line 10, col 3: unknown key `<img src=x>\\n::error::pwned @octocat | #1` in `answers`, expected one of `models`, `prompt-engineering`, `evaluation`, `deployment`, `monitoring`, `responsible-ai` or `asset-management`\"\n\
         acme/landing-page,missing,,,,,,,,\n\
         acme/search,ok,2,Defined,12,28,responsible-ai asset-management,,,\n\
         acme/top,ok,4,Optimized,28,28,,{},0,\n",
        days_ago(30),
        days_ago(0)
    );
    assert_eq!(out.stdout, expected);
}

#[tokio::test]
async fn in_a_workflow_the_json_file_is_an_output_and_ghes_works() {
    let fake = FakeGitHub::start_with_prefix("/api/v3").await;
    fake.add_repos(OWNER, dashboard_repos());
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("org.json");
    // Only GITHUB_API_URL: the GraphQL endpoint is derived from it (GHES: /api/graphql).
    let out = run(
        Run::new(&fake, &["--json-out", json_path.to_str().unwrap()])
            .without("GITHUB_GRAPHQL_URL")
            .env("LLMOPS_MATURITY_OWNER", OWNER),
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out
        .summary
        .starts_with("## LLMOps maturity across <code>acme</code>"));
    assert_eq!(out.outputs, format!("json={}\n", json_path.display()));
    let written: Json =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(written["owner"], OWNER);
    assert_eq!(written["repositories"].as_array().unwrap().len(), 5);
    let requests = fake.requests().await;
    assert!(
        requests.iter().all(|r| r == "POST /api/graphql"),
        "{requests:?}"
    );
    fake.assert_requests_conform().await;
}

/// Regression: a 200 answer that echoes the token (in `errors[].message`, on one file or on
/// none, and in `rateLimit.resetAt`) printed it on stderr, in the dashboard, the job summary and
/// the `--json-out` file; only HTTP error bodies were scrubbed.
#[tokio::test]
async fn a_token_echoed_in_a_successful_answer_is_scrubbed_everywhere() {
    let fake = FakeGitHub::start().await;
    fake.state().reset_at = Some(format!("soon, {TOKEN}"));
    let mut on_file = FakeRepo::text("acme/b-file", &answers([3; 7], None));
    on_file.error = Some((false, format!("bad credentials {TOKEN}")));
    let mut on_node = FakeRepo::text("acme/c-node", &answers([3; 7], None));
    on_node.error = Some((true, format!("token {TOKEN} may not read this")));
    fake.add_repos(
        OWNER,
        vec![
            FakeRepo::text("acme/a-fine", &answers([3; 7], None)),
            on_file,
            on_node,
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let json_out = dir.path().join("rollup.json");
    for format in ["markdown", "json", "csv"] {
        // `go` fails the test if the token is in stdout, stderr, the summary or the outputs.
        let out = run(Run::new(
            &fake,
            &[
                OWNER,
                "--format",
                format,
                "--json-out",
                json_out.to_str().unwrap(),
            ],
        ))
        .await;
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("resets soon, ***"), "{}", out.stderr);
        assert!(
            out.stderr.contains("token *** may not read this"),
            "{}",
            out.stderr
        );
        let written = std::fs::read_to_string(&json_out).unwrap();
        assert!(!written.contains(TOKEN), "{written}");
        assert!(written.contains("bad credentials ***"), "{written}");
    }
}

/// Regression: `org` accepted an `http://` API URL and sent the token over it.
#[tokio::test]
async fn a_plain_http_api_url_off_this_machine_is_refused_before_anything_is_sent() {
    let fake = FakeGitHub::start().await;
    for url in ["http://github.example.com/api/v3", "http://10.0.0.1/api/v3"] {
        let out = run(Run::new(&fake, &[OWNER])
            .env("GITHUB_API_URL", url)
            .without("GITHUB_GRAPHQL_URL"))
        .await;
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("plain http would send the token unencrypted; use https"),
            "{}",
            out.stderr
        );
    }
    assert_eq!(graphql_requests(&fake).await, 0);
}
