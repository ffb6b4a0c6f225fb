//! End-to-end tests of `llmops-maturity ci`: the real binary, real event payloads, a fake GitHub.
//!
//! Each run gets a scrubbed environment (only the variables a test sets, as a runner would set
//! them), a temporary workspace, and fresh summary and output files, so what is asserted is what
//! a user would see in the job log, the summary, the outputs and the pull request.

use crate::support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::fake::{error, FakeGitHub, BOT, TOKEN};
use wiremock::ResponseTemplate;

const REPO: &str = "Codertocat/Hello-World";
/// `pull_request.base.sha`, `.head.sha` and `.number` of the `pull_request.*` payloads.
const BASE_SHA: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const HEAD_SHA: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const PR: u64 = 2;
const CONFIG: &str = "llmops-maturity.yaml";
const MARKER: &str = "<!-- llmops-maturity: llmops-maturity.yaml -->";

/// An answers file with these levels, in questionnaire order.
fn answers(levels: [u8; 7]) -> String {
    let dimensions = llmops_maturity::questionnaire::builtin().dimensions;
    let mut yaml = String::from("version: 1\nanswers:\n");
    for (d, level) in dimensions.iter().zip(levels) {
        yaml.push_str(&format!("  {}: {level}\n", d.id));
    }
    yaml
}

/// Level 2 (12 points).
const BASE_LEVELS: [u8; 7] = [4, 3, 1, 1, 1, 1, 1];
/// Level 3 (18 points): four answers went up.
const HEAD_LEVELS: [u8; 7] = [4, 4, 4, 2, 1, 1, 2];

fn payload(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/github/payloads")
        .join(name)
}

/// What one run left behind.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: BTreeMap<String, String>,
    elapsed: Duration,
}

impl Outcome {
    fn output(&self, name: &str) -> &str {
        self.outputs
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no output {name}: {:?}", self.outputs))
    }

    /// Everything the run showed anywhere, to search for leaks.
    fn everything(&self) -> String {
        format!(
            "{}\n{}\n{}\n{:?}",
            self.stdout, self.stderr, self.summary, self.outputs
        )
    }
}

/// A job: a workspace holding the head's answers file, and the runner's variables.
struct Job {
    workspace: tempfile::TempDir,
    runner: tempfile::TempDir,
    event: String,
    event_path: PathBuf,
    api: Option<(String, String)>,
    token: bool,
    env: Vec<(String, String)>,
}

impl Job {
    /// A `pull_request` event (`opened` payload) for a workspace whose file has `levels`.
    fn pull_request(levels: [u8; 7], fake: &FakeGitHub) -> Job {
        let job = Job {
            workspace: tempfile::tempdir().unwrap(),
            runner: tempfile::tempdir().unwrap(),
            event: "pull_request".into(),
            event_path: payload("pull_request.opened.payload.json"),
            api: Some((fake.api_url(), fake.graphql_url())),
            token: true,
            env: Vec::new(),
        };
        job.write_head(&answers(levels));
        job
    }

    fn write_head(&self, yaml: &str) {
        std::fs::write(self.workspace.path().join(CONFIG), yaml).unwrap();
    }

    fn env(mut self, name: &str, value: &str) -> Job {
        self.env.push((name.into(), value.into()));
        self
    }

    fn command(&self, args: &[&str], n: usize) -> Command {
        let summary = self.runner.path().join(format!("summary-{n}.md"));
        let output = self.runner.path().join(format!("output-{n}.txt"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_llmops-maturity"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .current_dir(self.workspace.path())
            .arg("ci")
            .args(args)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", &self.event)
            .env("GITHUB_EVENT_PATH", &self.event_path)
            .env("GITHUB_REPOSITORY", REPO)
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_RUN_ID", "4242")
            .env("GITHUB_WORKSPACE", self.workspace.path())
            .env("GITHUB_STEP_SUMMARY", summary)
            .env("GITHUB_OUTPUT", output)
            // The fake answers quickly; a real hang is tested on its own.
            .env("LLMOPS_MATURITY_API_TIMEOUT", "5")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some((api, graphql)) = &self.api {
            cmd.env("GITHUB_API_URL", api)
                .env("GITHUB_GRAPHQL_URL", graphql);
        }
        if self.token {
            cmd.env("GITHUB_TOKEN", TOKEN);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    fn spawn(&self, args: &[&str], n: usize) -> (Child, Instant) {
        (self.command(args, n).spawn().unwrap(), Instant::now())
    }

    fn finish(&self, child: Child, started: Instant, n: usize) -> Outcome {
        let out: Output = child.wait_with_output().unwrap();
        let elapsed = started.elapsed();
        let read = |name: String| {
            std::fs::read_to_string(self.runner.path().join(name)).unwrap_or_default()
        };
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
            summary: read(format!("summary-{n}.md")),
            outputs: parse_outputs(&read(format!("output-{n}.txt"))),
            elapsed,
        }
    }

    fn run(&self, args: &[&str]) -> Outcome {
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let (child, started) = self.spawn(args, n);
        self.finish(child, started, n)
    }
}

/// Reads `GITHUB_OUTPUT` the way the runner does: `name=value`, or `name<<DELIM` ... `DELIM`.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delim)) = line.split_once("<<") {
            let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delim).collect();
            map.insert(name.to_string(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            map.insert(name.to_string(), value.to_string());
        }
    }
    map
}

/// The fake with the base's file at the base commit.
async fn fake_with_base(levels: [u8; 7]) -> FakeGitHub {
    let fake = FakeGitHub::start().await;
    fake.add_file(REPO, BASE_SHA, CONFIG, answers(levels).as_bytes());
    fake
}

fn writes(requests: &[String]) -> Vec<&String> {
    requests
        .iter()
        .filter(|r| {
            r.starts_with("PATCH")
                || r.starts_with("DELETE")
                || (r.starts_with("POST") && r.contains("/comments"))
        })
        .collect()
}

#[tokio::test]
async fn first_run_creates_the_comment_with_the_deltas() {
    let fake = fake_with_base(BASE_LEVELS).await;
    fake.add_comment(PR, "alice", "User", "Nice change!");
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    let comments = fake.bodies(PR);
    assert_eq!(comments.len(), 2);
    let (id, body) = &comments[1];
    assert!(body.starts_with(MARKER), "{body}");
    assert!(body.contains("level 3 of 4"), "{body}");
    assert_eq!(run.output("comment-action"), "created");
    assert_eq!(run.output("comment-id"), id.to_string());
    assert_eq!(run.output("level"), "3");
    assert_eq!(run.output("level-name"), "Managed");
    assert_eq!(run.output("score"), "18");
    assert_eq!(run.output("max-score"), "28");
    assert_eq!(run.output("base-level"), "2");
    assert_eq!(run.output("base-score"), "12");
    assert_eq!(run.output("changed"), "true");
    assert_eq!(run.output("passed"), "true");
    assert!(run.summary.contains("level 3 of 4"), "{}", run.summary);
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn the_comment_for_a_typical_change() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    let (_, body) = fake.bodies(PR).pop().expect("a comment");
    insta::assert_snapshot!("comment_typical_change", body);
}

#[tokio::test]
async fn a_report_too_long_for_a_comment_is_cut_with_a_link_to_the_run() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    let note = "We wrote a very long note. ".repeat(3000);
    let yaml = answers(HEAD_LEVELS).replace(
        "  models: 4\n",
        &format!("  models:\n    level: 4\n    notes: \"{note}\"\n"),
    );
    job.write_head(&yaml);

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    let (_, body) = fake.bodies(PR).pop().expect("a comment");
    assert!(body.chars().count() <= 65_536, "{}", body.chars().count());
    assert!(body.starts_with(MARKER));
    assert!(
        body.trim_end()
            .ends_with("(https://github.com/Codertocat/Hello-World/actions/runs/4242)."),
        "{}",
        &body[body.len() - 300..]
    );
    assert!(
        run.summary.contains(note.trim_end()),
        "the summary keeps the whole note"
    );
    // The note sits in the evidence `<details>`: the cut closes it, so the notice is not folded
    // away with the section.
    assert_eq!(
        body.matches("<details>").count(),
        body.matches("</details>").count(),
        "{}",
        &body[body.len() - 600..]
    );
    let notice = body.find("**The report is too long").unwrap();
    assert!(body.rfind("</details>").unwrap() < notice);
}

#[tokio::test]
async fn a_rerun_with_no_change_writes_nothing() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    let first = job.run(&[]);
    assert_eq!(first.output("comment-action"), "created");
    let before = fake.requests().await.len();

    let again = job.run(&[]);

    assert_eq!(again.code, 0, "{}", again.stdout);
    assert_eq!(again.output("comment-action"), "unchanged");
    assert_eq!(again.output("comment-id"), first.output("comment-id"));
    let requests = fake.requests().await;
    assert!(
        writes(&requests[before..]).is_empty(),
        "{:#?}",
        &requests[before..]
    );
    assert_eq!(fake.bodies(PR).len(), 1);
}

#[tokio::test]
async fn changed_answers_update_the_same_comment_in_place() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    let first = job.run(&[]);
    let id = first.output("comment-id").to_string();

    job.write_head(&answers([4, 4, 4, 4, 4, 1, 2]));
    let second = job.run(&[]);

    assert_eq!(second.output("comment-action"), "updated");
    assert_eq!(second.output("comment-id"), id);
    let comments = fake.bodies(PR);
    assert_eq!(comments.len(), 1);
    assert!(comments[0].1.contains("level 4 of 4"), "{}", comments[0].1);
    let requests = fake.requests().await;
    assert!(requests
        .iter()
        .any(|r| r == &format!("PATCH /repos/{REPO}/issues/comments/{id}")));
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn reverted_answers_update_the_comment_to_say_they_match() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    job.run(&[]);

    job.write_head(&answers(BASE_LEVELS));
    let run = job.run(&[]);

    assert_eq!(run.output("changed"), "false");
    assert_eq!(run.output("comment-action"), "updated");
    let comments = fake.bodies(PR);
    assert_eq!(comments.len(), 1);
    assert!(
        comments[0].1.contains("The answers match the base branch"),
        "{}",
        comments[0].1
    );
}

#[tokio::test]
async fn on_change_without_a_change_posts_nothing() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(BASE_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.code, 0);
    assert_eq!(run.output("changed"), "false");
    assert_eq!(run.output("comment-action"), "skipped");
    assert!(fake.bodies(PR).is_empty());
    assert!(run.summary.contains("The answers match the base branch"));
}

#[tokio::test]
async fn the_sticky_comment_on_page_3_of_250_is_updated() {
    let fake = fake_with_base(BASE_LEVELS).await;
    for i in 0..240 {
        fake.add_comment(PR, "alice", "User", &format!("review comment {i}"));
    }
    // A person quoting the marker must not be mistaken for the sticky comment.
    fake.add_comment(PR, "mallory", "User", &format!("{MARKER}\nfake report"));
    let sticky = fake.add_comment(PR, BOT, "Bot", &format!("{MARKER}\nold report"));
    for i in 0..8 {
        fake.add_comment(PR, "bob", "User", &format!("later {i}"));
    }
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.output("comment-action"), "updated");
    assert_eq!(run.output("comment-id"), sticky.to_string());
    let comments = fake.bodies(PR);
    assert_eq!(comments.len(), 250);
    assert!(comments
        .iter()
        .any(|(_, b)| b == &format!("{MARKER}\nfake report")));
    let requests = fake.requests().await;
    assert!(
        requests.iter().any(|r| r.ends_with("page=3")),
        "{requests:#?}"
    );
    assert!(!requests.iter().any(|r| r.starts_with("POST /repos")));
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn two_concurrent_runs_leave_one_comment() {
    let fake = fake_with_base(BASE_LEVELS).await;
    // Both runs list the comments before either creates one: the race that duplicates.
    fake.state().list_delay = Duration::from_millis(1500);
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let (a, a_started) = job.spawn(&[], 9001);
    let (b, b_started) = job.spawn(&[], 9002);
    let a = job.finish(a, a_started, 9001);
    let b = job.finish(b, b_started, 9002);

    assert_eq!((a.code, b.code), (0, 0), "{}\n{}", a.stdout, b.stdout);
    let comments = fake.bodies(PR);
    assert_eq!(comments.len(), 1, "{comments:#?}");
    let requests = fake.requests().await;
    let creates = requests
        .iter()
        .filter(|r| r.starts_with("POST /repos"))
        .count();
    assert_eq!(creates, 2, "the runs did not race: {requests:#?}");
    let kept = comments[0].0.to_string();
    assert_eq!(a.output("comment-id"), kept);
    assert_eq!(b.output("comment-id"), kept);
    let mut actions = [a.output("comment-action"), b.output("comment-action")];
    actions.sort();
    assert_eq!(actions, ["created", "deleted"]);
}

#[tokio::test]
async fn a_forks_read_only_token_warns_and_the_job_passes() {
    let fake = fake_with_base(BASE_LEVELS).await;
    fake.state().read_only = true;
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&["--min-level", "2"]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("comment-action"), "forbidden");
    assert_eq!(run.output("passed"), "true");
    let warning = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::warning title=llmops-maturity%3A comment::"))
        .unwrap_or_else(|| panic!("no warning: {}", run.stdout));
    assert!(warning.contains("fork"), "{warning}");
    assert!(warning.contains("pull-requests: write"), "{warning}");
    assert!(run.summary.contains("level 3 of 4"));
}

#[tokio::test]
async fn a_fork_with_comment_required_fails_with_2() {
    let fake = fake_with_base(BASE_LEVELS).await;
    fake.state().read_only = true;
    let job = Job::pull_request(HEAD_LEVELS, &fake).env("LLMOPS_MATURITY_COMMENT_REQUIRED", "true");

    let run = job.run(&[]);

    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("::error title=llmops-maturity%3A comment::"),
        "{}",
        run.stdout
    );
    assert_eq!(run.output("comment-action"), "forbidden");
    assert!(!run.summary.is_empty());
}

#[tokio::test]
async fn two_502s_then_success_still_comments() {
    let fake = fake_with_base(BASE_LEVELS).await;
    fake.script("GET", "/comments", error(502, "Bad Gateway"));
    fake.script("GET", "/comments", error(502, "Bad Gateway"));
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("comment-action"), "created");
    // The backoff waits 1 s, then 2 s.
    assert!(run.elapsed >= Duration::from_secs(3), "{:?}", run.elapsed);
}

#[tokio::test]
async fn a_429_waits_for_retry_after() {
    let fake = fake_with_base(BASE_LEVELS).await;
    fake.script(
        "POST",
        "/comments",
        error(429, "Too Many Requests").insert_header("retry-after", "2"),
    );
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.output("comment-action"), "created");
    assert!(run.elapsed >= Duration::from_secs(2), "{:?}", run.elapsed);
    assert_eq!(fake.bodies(PR).len(), 1);
}

#[tokio::test]
async fn a_hung_server_times_out_and_the_report_survives() {
    let fake = fake_with_base(BASE_LEVELS).await;
    fake.script(
        "GET",
        "/comments",
        ResponseTemplate::new(200).set_delay(Duration::from_secs(20)),
    );
    let job = Job::pull_request(HEAD_LEVELS, &fake).env("LLMOPS_MATURITY_API_TIMEOUT", "1");

    let run = job.run(&["--min-level", "4"]);

    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
    assert_eq!(run.code, 1, "the gate still decides: {}", run.stdout);
    assert!(run.stdout.contains("timed out"), "{}", run.stdout);
    assert_eq!(run.output("comment-action"), "skipped");
    assert_eq!(run.output("passed"), "false");
    assert!(run.summary.contains("level 3 of 4"));
}

#[tokio::test]
async fn a_base_without_the_file_is_a_new_assessment() {
    let fake = FakeGitHub::start().await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("base-level"), "");
    assert_eq!(run.output("changed"), "true");
    assert_eq!(run.output("comment-action"), "created");
    assert!(fake.bodies(PR)[0].1.contains("New assessment"));
    let requests = fake.requests().await;
    let contents: Vec<_> = requests
        .iter()
        .filter(|r| r.contains("/contents/"))
        .collect();
    assert_eq!(
        contents,
        [&format!(
            "GET /repos/{REPO}/contents/{CONFIG}?ref={BASE_SHA}"
        )]
    );
}

#[tokio::test]
async fn the_base_is_read_from_local_git_when_the_commit_is_there() {
    let fake = FakeGitHub::start().await;
    let job = Job::pull_request(BASE_LEVELS, &fake);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(job.workspace.path())
            .env_remove("GIT_DIR")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    git(&["init", "-q"]);
    git(&["add", CONFIG]);
    git(&["commit", "-qm", "base"]);
    let base = git(&["rev-parse", "HEAD"]);
    job.write_head(&answers(HEAD_LEVELS));

    let run = job.run(&["--base-ref", &base]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("base-level"), "2");
    assert_eq!(run.output("changed"), "true");
    let requests = fake.requests().await;
    assert!(
        !requests.iter().any(|r| r.contains("/contents/")),
        "{requests:#?}"
    );
}

#[tokio::test]
async fn a_push_reports_and_gates_without_touching_comments() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let mut job = Job::pull_request(HEAD_LEVELS, &fake);
    job.event = "push".into();
    job.event_path = payload("push.payload.json");

    let run = job.run(&["--min-level", "4"]);

    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.output("passed"), "false");
    assert_eq!(run.output("level"), "3");
    assert_eq!(run.output("changed"), "false");
    assert_eq!(run.output("comment-action"), "skipped");
    assert!(run.summary.contains("level 3 of 4"));
    assert!(
        run.stdout.contains("below the minimum level 4"),
        "{}",
        run.stdout
    );
    assert!(fake.requests().await.is_empty());
}

#[tokio::test]
async fn pull_request_target_reads_the_head_file_from_the_api() {
    let fake = fake_with_base(BASE_LEVELS).await;
    // The workspace holds the base's checkout; the head's answers live only in the head commit.
    let mut job = Job::pull_request(BASE_LEVELS, &fake);
    job.event = "pull_request_target".into();
    fake.add_file(REPO, HEAD_SHA, CONFIG, answers(HEAD_LEVELS).as_bytes());

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("level"), "3");
    assert_eq!(run.output("comment-action"), "created");
    let requests = fake.requests().await;
    assert!(requests.contains(&format!(
        "GET /repos/{REPO}/contents/{CONFIG}?ref={HEAD_SHA}"
    )));
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn pull_request_target_does_not_report_the_heads_evidence_as_missing() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let mut job = Job::pull_request(BASE_LEVELS, &fake);
    job.event = "pull_request_target".into();
    // Evidence the pull request adds: it exists in the head commit, not in the base's workspace.
    let head = answers(HEAD_LEVELS).replace(
        "  evaluation: 4\n",
        "  evaluation:\n    level: 4\n    evidence: [evals/added-by-this-pr/]\n",
    );
    assert!(head.contains("evals/added-by-this-pr/"), "{head}");
    fake.add_file(REPO, HEAD_SHA, CONFIG, head.as_bytes());

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("evidence-not-found"), "{}", run.stdout);
    assert!(!run.stdout.contains("::warning file="), "{}", run.stdout);
}

#[tokio::test]
async fn an_invalid_file_is_annotated_and_exits_2() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    job.write_head("version: 1\nanswers:\n  models: 9\n  prompt-engineering: two\n");

    let run = job.run(&[]);

    assert_eq!(run.code, 2);
    let annotations: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error file="))
        .collect();
    assert!(annotations.len() >= 2, "{}", run.stdout);
    assert!(
        annotations
            .iter()
            .any(|a| a.starts_with("::error file=llmops-maturity.yaml,line=3,col=")),
        "{}",
        run.stdout
    );
    assert_eq!(run.output("passed"), "false");
    assert_eq!(run.output("level"), "");
    assert!(run.summary.contains("is not valid"), "{}", run.summary);
    // The reviewers are told too: a broken file is news, whatever the base said.
    assert_eq!(run.output("comment-action"), "created");
    let bodies = fake.bodies(PR);
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].1.starts_with(MARKER), "{}", bodies[0].1);
    assert!(bodies[0].1.contains("is not valid"), "{}", bodies[0].1);
    assert!(
        bodies[0].1.contains("**line 3, col 11** (error): level 9"),
        "{}",
        bodies[0].1
    );
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn a_sticky_showing_an_old_score_is_replaced_when_the_file_breaks() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    assert_eq!(job.run(&[]).output("comment-action"), "created");
    let (id, before) = fake.bodies(PR).remove(0);
    assert!(before.contains("level 3 of 4"), "{before}");

    job.write_head("version: 1\nanswers: {}\n");
    let run = job.run(&[]);

    assert_eq!(run.code, 2);
    assert_eq!(run.output("comment-action"), "updated");
    assert_eq!(run.output("comment-id"), id.to_string());
    let bodies = fake.bodies(PR);
    assert_eq!(bodies.len(), 1, "still one sticky comment");
    assert!(!bodies[0].1.contains("level 3 of 4"), "{}", bodies[0].1);
    assert!(bodies[0].1.contains("is not valid"), "{}", bodies[0].1);
}

#[tokio::test]
async fn annotations_stop_at_ten_and_the_summary_lists_every_problem() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    let mut yaml = String::from("version: 1\nanswers:\n");
    for i in 0..12 {
        yaml.push_str(&format!("  no-such-dimension-{i}: 2\n"));
    }
    job.write_head(&yaml);

    let run = job.run(&[]);

    assert_eq!(run.code, 2);
    let errors = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error file="))
        .count();
    assert_eq!(errors, 10, "{}", run.stdout);
    assert!(run.stdout.contains("::notice::"), "{}", run.stdout);
    for i in 0..12 {
        assert!(
            run.summary.contains(&format!("no-such-dimension-{i}")),
            "{i}: {}",
            run.summary
        );
    }
}

#[tokio::test]
async fn annotations_can_be_turned_off() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    job.write_head("version: 1\nanswers:\n  models: 9\n");

    let run = job.run(&["--annotations", "false", "--summary", "false"]);

    assert_eq!(run.code, 2);
    assert!(!run.stdout.contains("::error"), "{}", run.stdout);
    assert!(run.summary.is_empty());
}

#[tokio::test]
async fn dry_run_prints_writes_and_sends_none() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake).env("LLMOPS_MATURITY_DRY_RUN", "true");

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains(&format!("dry-run: POST /repos/{REPO}/issues/{PR}/comments")),
        "{}",
        run.stdout
    );
    assert!(writes(&fake.requests().await).is_empty());
    assert!(fake.bodies(PR).is_empty());
}

#[tokio::test]
async fn empty_inputs_from_the_action_count_as_unset() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let mut job = Job::pull_request(HEAD_LEVELS, &fake);
    for input in [
        "CONFIG",
        "MIN_LEVEL",
        "FAIL_ON_REGRESSION",
        "COMMENT",
        "COMMENT_REQUIRED",
        "SUMMARY",
        "ANNOTATIONS",
        "BASE_REF",
        "PR_NUMBER",
        "DRY_RUN",
    ] {
        job = job.env(&format!("LLMOPS_MATURITY_{input}"), "");
    }

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("comment-action"), "created");
    assert!(!run.summary.is_empty());
}

#[tokio::test]
async fn inputs_come_from_the_environment() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake)
        .env("LLMOPS_MATURITY_MIN_LEVEL", "4")
        .env("LLMOPS_MATURITY_COMMENT", "never");

    let run = job.run(&[]);

    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.output("comment-action"), "skipped");
    assert!(fake.bodies(PR).is_empty());
}

#[tokio::test]
async fn a_regression_fails_only_when_asked() {
    let fake = fake_with_base(HEAD_LEVELS).await;
    let job = Job::pull_request(BASE_LEVELS, &fake);

    assert_eq!(job.run(&[]).code, 0);
    let run = job.run(&["--fail-on-regression"]);

    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.output("passed"), "false");
    assert_eq!(run.output("base-level"), "3");
}

#[tokio::test]
async fn without_a_token_the_api_is_skipped_with_a_notice() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let mut job = Job::pull_request(HEAD_LEVELS, &fake);
    job.token = false;

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("::notice::GITHUB_TOKEN is not set"),
        "{}",
        run.stdout
    );
    assert_eq!(run.output("comment-action"), "skipped");
    assert_eq!(run.output("level"), "3");
    assert!(fake.requests().await.is_empty());
}

#[tokio::test]
async fn a_required_comment_without_a_token_fails_with_2() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let mut job = Job::pull_request(HEAD_LEVELS, &fake);
    job.token = false;

    let run = job.run(&["--comment-required"]);

    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("::error title=llmops-maturity%3A comment::No pull request comment: GITHUB_TOKEN is not set"), "{}", run.stdout);
    assert!(!run.summary.is_empty());
}

#[tokio::test]
async fn an_unreadable_base_skips_an_on_change_comment_but_not_an_always_one() {
    let fake = FakeGitHub::start().await;
    fake.script(
        "GET",
        "/contents/",
        error(403, "Resource not accessible by integration"),
    );
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let on_change = job.run(&[]);

    assert_eq!(on_change.code, 0, "{}", on_change.stdout);
    assert_eq!(on_change.output("comment-action"), "skipped");
    assert!(
        on_change.stdout.contains("cannot read the base file"),
        "{}",
        on_change.stdout
    );
    assert!(
        on_change
            .stdout
            .contains("whether the answers changed is unknown"),
        "{}",
        on_change.stdout
    );
    assert!(fake.bodies(PR).is_empty());

    fake.script(
        "GET",
        "/contents/",
        error(403, "Resource not accessible by integration"),
    );
    let always = job.run(&["--comment", "always"]);

    assert_eq!(
        always.output("comment-action"),
        "created",
        "{}",
        always.stdout
    );
    assert_eq!(always.output("base-level"), "");
    assert_eq!(fake.bodies(PR).len(), 1);
}

#[tokio::test]
async fn enterprise_server_urls_work_unchanged() {
    let fake = FakeGitHub::start_with_prefix("/api/v3").await;
    fake.add_file(REPO, BASE_SHA, CONFIG, answers(BASE_LEVELS).as_bytes());
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let run = job.run(&[]);

    assert_eq!(run.output("comment-action"), "created", "{}", run.stdout);
    assert_eq!(run.output("base-level"), "2");
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn the_token_appears_in_no_output() {
    let fake = fake_with_base(BASE_LEVELS).await;
    fake.script("GET", "/comments", error(502, "Bad Gateway"));
    fake.script("POST", "/comments", error(401, "Bad credentials"));
    let job = Job::pull_request(HEAD_LEVELS, &fake);

    let failing = job.run(&["--comment-required"]);
    fake.state().read_only = true;
    let forbidden = job.run(&["--dry-run"]);
    let mut unreachable = Job::pull_request(HEAD_LEVELS, &fake);
    unreachable.api = Some((
        "http://127.0.0.1:9".into(),
        "http://127.0.0.1:9/graphql".into(),
    ));
    let refused = unreachable.run(&[]);

    assert_eq!(failing.code, 2, "{}", failing.stdout);
    for run in [&failing, &forbidden, &refused] {
        assert!(!run.everything().contains(TOKEN), "{}", run.everything());
        assert!(
            !run.everything().contains(&TOKEN[4..]),
            "a part of the token leaked"
        );
    }
}

#[test]
fn outputs_parse_like_the_runner() {
    let parsed = parse_outputs("a=1\nb<<EOF_0\nx\ny\nEOF_0\nc=\n");
    assert_eq!(parsed["a"], "1");
    assert_eq!(parsed["b"], "x\ny");
    assert_eq!(parsed["c"], "");
}

#[tokio::test]
async fn evidence_deny_annotates_unsupported_claims_and_fails_the_job() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake).env("LLMOPS_MATURITY_EVIDENCE", "deny");
    // The workspace shows an evaluation framework and a prompt file, nothing else.
    let ws = job.workspace.path();
    std::fs::create_dir_all(ws.join("prompts")).unwrap();
    std::fs::write(ws.join("requirements.txt"), "openai\nragas\n").unwrap();
    std::fs::write(ws.join("prompts/system.txt"), "You answer briefly.\n").unwrap();

    let run = job.run(&["--comment", "never"]);

    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.output("passed"), "false");
    assert!(
        run.stdout
            .contains("::warning file=llmops-maturity.yaml,line=")
            && run
                .stdout
                .contains("title=llmops-maturity%3A unsupported-claim::"),
        "{}",
        run.stdout
    );
    // The log for humans (stdout, inside stop-commands) says why the job fails.
    assert!(
        run.stdout
            .contains("gate failed: 4 unsupported claims and evidence is deny"),
        "{}",
        run.stdout
    );
    assert!(run.summary.contains("| Evidence |"), "{}", run.summary);
    assert!(run.summary.contains("⚠️ unsupported"), "{}", run.summary);
    // On a pull request, a verified signal links to its line in the head commit.
    assert!(
        run.summary.contains("✅ verified: [<code>prompts/system.txt:1</code>](https://github.com/Codertocat/Hello-World/blob/ec26c3e57ca3a959ca5aad62de7213c562f8c821/prompts/system.txt#L1) |"),
        "{}",
        run.summary
    );
}

/// The head's answers are the base's; only a waiver is added. Reviewers must see it.
#[tokio::test]
async fn a_pull_request_that_only_adds_a_waiver_is_commented_with_it() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(BASE_LEVELS, &fake).env("LLMOPS_MATURITY_TODAY", "2026-12-01");
    job.write_head(&format!(
        "{}waivers:\n  - dimension: responsible-ai\n    reason: \"Minuted by the RAI board <b>@octocat</b>\"\n    approved-by: \"@contoso/rai-board\"\n    expires: 2027-01-31\n",
        answers(BASE_LEVELS)
    ));

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("changed"), "true");
    assert_eq!(run.output("comment-action"), "created");
    let (_, body) = fake.bodies(PR).pop().expect("a comment");
    let changed = body
        .split("### What changed")
        .nth(1)
        .expect("a What changed part");
    assert!(
        changed.contains("⚠️ **New waiver** for Responsible AI until 2027-01-31, approved by @&#8203;contoso/rai-board: Minuted by the RAI board &lt;b&gt;@&#8203;octocat&lt;/b&gt;"),
        "{body}"
    );
    assert!(!body.contains("nothing to review"), "{body}");
    // The job summary shows the waiver with its status.
    assert!(
        run.summary.contains("| Responsible AI | Minuted by the RAI board &lt;b&gt;@&#8203;octocat&lt;/b&gt; | @&#8203;contoso/rai-board | 2027-01-31 · ⏳ active, in 61 days |"),
        "{}",
        run.summary
    );
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn a_missed_target_fails_the_job_naming_the_target_and_date() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(BASE_LEVELS, &fake).env("LLMOPS_MATURITY_TODAY", "2026-12-01");
    let with_target = |by: &str| {
        format!(
            "{}targets:\n  - level: 3\n    by: {by}\n",
            answers(BASE_LEVELS)
        )
    };
    job.write_head(&with_target("2026-11-30"));

    let run = job.run(&[]);

    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.output("passed"), "false");
    assert!(
        run.stdout.contains("llmops-maturity.yaml: gate failed: target overall level 3 · Managed was due by 2026-11-30 and is missed (1 day ago)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with(
            "::warning file=llmops-maturity.yaml,line=12,col=9,title=llmops-maturity%3A target-missed::"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.summary
            .contains("| Overall level 3 · Managed | 2026-11-30 | ❌ **missed** | 1 day ago |"),
        "{}",
        run.summary
    );

    // On its last day the target is due soon, and the job passes.
    job.write_head(&with_target("2026-12-01"));
    let due = job.run(&[]);
    assert_eq!(due.code, 0, "{}", due.stdout);
    assert_eq!(due.output("passed"), "true");
}

#[tokio::test]
async fn an_invalid_today_fails_ci_as_a_usage_error() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake).env("LLMOPS_MATURITY_TODAY", "2026-13-01");

    let run = job.run(&[]);

    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("written YYYY-MM-DD"), "{}", run.stderr);
    assert!(fake.requests().await.is_empty());
}

/// An answers file whose own words try to print workflow commands (issue 7, section 2).
fn hostile_but_valid() -> String {
    answers(HEAD_LEVELS)
        .replace(
            "answers:\n",
            "assessment:\n  team: \"Support\\n::error::X\"\n  owners: [\"a\\r::add-mask::Managed\"]\nanswers:\n",
        )
        .replace(
            "  evaluation: 4\n",
            "  evaluation:\n    level: 4\n    evidence: [\"docs/x ##[add-mask]Managed\"]\n",
        )
}

#[tokio::test]
async fn user_text_in_the_log_never_runs_as_a_workflow_command() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let mut job = Job::pull_request(HEAD_LEVELS, &fake);
    job.event = "push".into();
    job.event_path = payload("push.payload.json");
    job.write_head(&hostile_but_valid());

    let run = job.run(&[]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stderr, "",
        "ci writes its whole log, in order, on stdout"
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.contains(&"team Support\\n::error::X · owners a\\r::add-mask::Managed"),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&"llmops-maturity.yaml:10:16: warning: evidence path `docs/x ##\\[add-mask]Managed` does not exist in the repository; expected a path relative to the repository root [evidence-not-found]"),
        "{}",
        run.stdout
    );
    // What a runner acts on: the one intended annotation, nothing from the file.
    let acted = support::runner::acted_on(&run.stdout);
    assert_eq!(acted.len(), 1, "{acted:#?}\n{}", run.stdout);
    assert!(
        acted[0].starts_with("warning evidence path `docs/x ##\\[add-mask]Managed`"),
        "{acted:?}"
    );
    // The human text sits inside stop-commands fences with unguessable tokens.
    let fences: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("::stop-commands::"))
        .collect();
    assert!(fences.len() >= 2, "{}", run.stdout);
    for token in &fences {
        assert_eq!(token.len(), 32, "{token}");
        assert!(
            lines.contains(&format!("::{token}::").as_str()),
            "{token} never resumed"
        );
    }
    assert_ne!(fences[0], fences[1]);
    assert!(
        lines.last().unwrap().starts_with("::") && lines.last().unwrap().ends_with("::"),
        "the log ends with commands on again: {}",
        run.stdout
    );
}

#[tokio::test]
async fn keys_with_line_breaks_and_huge_keys_are_escaped_and_shortened() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let mut job = Job::pull_request(HEAD_LEVELS, &fake);
    job.event = "push".into();
    job.event_path = payload("push.payload.json");
    let huge = "k".repeat(65 * 1024);
    job.write_head(&answers(HEAD_LEVELS).replace(
        "answers:\n",
        // An explicit key (`? `): YAML caps implicit keys at 1024 characters.
        &format!("assessment:\n  \"k\\n::error::X\": 1\n  ? {huge}\n  : 2\nanswers:\n"),
    ));

    let run = job.run(&[]);

    assert_eq!(run.code, 2, "{}", run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.iter().any(|l| l.starts_with(
            "llmops-maturity.yaml:3:3: error: unknown key `k\\n::error::X` in `assessment`, expected one of"
        )),
        "{}",
        run.stdout
    );
    let long = lines
        .iter()
        .find(|l| l.starts_with("llmops-maturity.yaml:4:5: error: unknown key `kkk"))
        .unwrap_or_else(|| panic!("{}", &run.stdout[..2000.min(run.stdout.len())]));
    assert!(long.contains("k…` in `assessment`"), "{long}");
    assert!(
        long.chars().count() < 400,
        "{} characters",
        long.chars().count()
    );
    assert!(
        run.stdout.len() < 10_000,
        "{} bytes of log",
        run.stdout.len()
    );
    for command in support::runner::acted_on(&run.stdout) {
        assert!(command.starts_with("error unknown key `k"), "{command}");
        assert!(!command.ends_with(" X"), "{command}");
    }
}

#[tokio::test]
async fn a_server_echoing_the_token_never_puts_it_in_the_log() {
    let fake = fake_with_base(BASE_LEVELS).await;
    // A JSON error whose message repeats the credentials, then a raw page that does the same.
    fake.script(
        "POST",
        "/comments",
        ResponseTemplate::new(422).set_body_json(serde_json::json!({
            "message": format!("Validation Failed for Authorization: Bearer {TOKEN}"),
            "errors": [{ "echo": TOKEN }],
        })),
    );
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    let run = job.run(&[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("comment-action"), "skipped");
    let warning = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::warning title=llmops-maturity%3A comment::"))
        .unwrap_or_else(|| panic!("no warning: {}", run.stdout));
    assert!(
        warning.ends_with(&format!(
            "Cannot write the pull request comment: POST /repos/{REPO}/issues/{PR}/comments: HTTP 422: Validation Failed for Authorization: Bearer ***. The report is in the job summary."
        )),
        "{warning}"
    );
    assert!(!run.everything().contains(TOKEN), "{}", run.everything());

    fake.script(
        "POST",
        "/comments",
        ResponseTemplate::new(400).set_body_string(format!(
            "<html><pre>POST /comments\nAuthorization: Bearer {TOKEN}\n::error::X</pre></html>"
        )),
    );
    let run = job.run(&[]);
    assert!(
        run.stdout
            .contains("comments: HTTP 400: Bad Request. The report"),
        "{}",
        run.stdout
    );
    assert!(!run.everything().contains(TOKEN), "{}", run.everything());
    assert!(!run.stdout.contains("<html>"), "{}", run.stdout);
}

#[tokio::test]
async fn marked_comments_by_others_are_never_adopted_whatever_the_viewer_lookup_says() {
    for viewer in [Some("github-actions"), None] {
        let fake = fake_with_base(BASE_LEVELS).await;
        fake.state().viewer = viewer.map(str::to_string);
        let person = fake.add_comment(
            PR,
            "github-actions",
            "User",
            &format!("{MARKER}\nby a person"),
        );
        let other_app = fake.add_comment(
            PR,
            "some-app[bot]",
            "Bot",
            &format!("{MARKER}\nby another app"),
        );
        let job = Job::pull_request(HEAD_LEVELS, &fake);

        let run = job.run(&[]);

        assert_eq!(run.code, 0, "{}", run.stdout);
        assert_eq!(
            run.output("comment-action"),
            "created",
            "{viewer:?}: {}",
            run.stdout
        );
        let bodies = fake.bodies(PR);
        assert_eq!(bodies.len(), 3, "{viewer:?}: {bodies:#?}");
        assert_eq!(bodies[0], (person, format!("{MARKER}\nby a person")));
        assert_eq!(bodies[1], (other_app, format!("{MARKER}\nby another app")));
        let ours = run.output("comment-id").parse::<u64>().unwrap();
        assert!(ours != person && ours != other_app);
        fake.assert_requests_conform().await;
    }
}

#[cfg(unix)]
#[tokio::test]
async fn an_answers_file_linked_out_of_the_workspace_is_never_read() {
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(HEAD_LEVELS, &fake);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("runner-secret.yaml");
    std::fs::write(
        &secret,
        answers(HEAD_LEVELS).replace(
            "answers:\n",
            "assessment:\n  team: SECRET-VALUE\nanswers:\n",
        ),
    )
    .unwrap();
    let config = job.workspace.path().join(CONFIG);
    std::fs::remove_file(&config).unwrap();
    std::os::unix::fs::symlink(&secret, &config).unwrap();

    let run = job.run(&[]);

    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.lines().any(|l| l == "llmops-maturity.yaml: error: is a symbolic link that leads outside the repository, which is never followed; commit the answers file itself [file]"),
        "{}",
        run.stdout
    );
    assert!(
        !run.everything().contains("SECRET-VALUE"),
        "{}",
        run.everything()
    );
    let (_, body) = fake
        .bodies(PR)
        .pop()
        .expect("the comment says the file is invalid");
    assert!(!body.contains("SECRET-VALUE"));
}

// ---------------------------------------------------------------------------------------------
// The review loop: what a pull request does to the evidence (issue: evidence lost, re-confirm).

/// Answers where only `evaluation` claims something: 3, in CI on every change.
const EVAL_3: [u8; 7] = [1, 1, 3, 1, 1, 1, 1];

/// An LLM application whose evaluation runs in CI on pull requests (eval-in-ci, level 3).
const EVAL_WORKFLOW: &str = "name: evaluate\non:\n  pull_request:\njobs:\n  eval:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npx promptfoo eval -c promptfooconfig.yaml\n";
const PROMPTFOO: &str = "prompts:\n  - file://prompts/answer.txt\ntests:\n  - vars: {q: hi}\n    assert:\n      - type: llm-rubric\n        value: polite\n        threshold: 0.8\n";

impl Job {
    fn write(&self, path: &str, text: &str) {
        let file = self.workspace.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(self.workspace.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }
}

/// The head's workspace: the application without its evaluation workflow; the fake serves the
/// base's answers and its workflow at the base commit, and lists the removed workflow as the
/// pull request's change. This is what `actions/checkout` with fetch-depth 1 leaves.
async fn workflow_deleted(answers_yaml: &str) -> (FakeGitHub, Job) {
    let fake = FakeGitHub::start().await;
    fake.add_file(REPO, BASE_SHA, CONFIG, answers_yaml.as_bytes());
    fake.add_file(
        REPO,
        BASE_SHA,
        ".github/workflows/evaluate.yml",
        EVAL_WORKFLOW.as_bytes(),
    );
    fake.set_pr_files(PR, &[(".github/workflows/evaluate.yml", "removed", None)]);
    let job = Job::pull_request(EVAL_3, &fake);
    job.write_head(answers_yaml);
    job.write("requirements.txt", "openai==1.50.0\npromptfoo-helpers\n");
    job.write("promptfooconfig.yaml", PROMPTFOO);
    (fake, job)
}

#[tokio::test]
async fn deleting_the_evaluation_workflow_is_evidence_lost_with_fetch_depth_1() {
    let (fake, job) = workflow_deleted(&answers(EVAL_3)).await;

    let run = job.run(&["--evidence", "warn"]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.output("evidence-lost"),
        "evaluation",
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.output("reconfirm"), "");
    // The answers did not change, but the evidence did: that is a change to comment on.
    assert_eq!(run.output("changed"), "true");
    assert_eq!(run.output("comment-action"), "created");
    let body = &fake.bodies(PR)[0].1;
    let lost = body
        .lines()
        .find(|l| l.contains("**Evidence lost**"))
        .unwrap_or_else(|| panic!("{body}"));
    assert!(lost.contains("**Evaluation** is answered 3"), "{lost}");
    assert!(lost.contains(".github/workflows/evaluate.yml</code>](https://github.com/Codertocat/Hello-World/blob/f95f852bd8fca8fcc58a9a2d6c842781e32a215e/.github/workflows/evaluate.yml) (removed)"), "{lost}");
    assert!(lost.contains("now supports level 2 (was 3)"), "{lost}");
    // First in the comment: before the tables.
    assert!(
        body.find("Needs your review").unwrap() < body.find("| Dimension").unwrap(),
        "{body}"
    );
    // An annotation on the answer's line (evaluation is line 5).
    assert!(
        run.stdout.contains("::warning file=llmops-maturity.yaml,line=5,col=3,title=llmops-maturity%3A evidence-lost::"),
        "{}",
        run.stdout
    );
    let requests = fake.requests().await;
    assert!(
        requests.contains(&format!("GET /repos/{REPO}/pulls/{PR}/files?per_page=100")),
        "{requests:?}"
    );
    assert!(requests.contains(&format!(
        "GET /repos/{REPO}/contents/.github/workflows/evaluate.yml?ref={BASE_SHA}"
    )));
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn evidence_lost_fails_the_gate_only_when_asked_and_not_under_a_waiver() {
    let (_fake, job) = workflow_deleted(&answers(EVAL_3)).await;
    let run = job.run(&["--evidence", "warn", "--fail-on-evidence-loss"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.output("passed"), "false");
    assert!(
        run.stdout
            .contains("gate failed: this change removes the evidence of Evaluation"),
        "{}",
        run.stdout
    );

    let waived = format!(
        "{}waivers:\n  - dimension: evaluation\n    reason: The evaluation moves to the platform repository\n    expires: 2027-01-31\n",
        answers(EVAL_3)
    );
    let (fake, job) = workflow_deleted(&waived).await;
    let run = job.env("LLMOPS_MATURITY_TODAY", "2026-12-01").run(&[
        "--evidence",
        "warn",
        "--fail-on-evidence-loss",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("evidence-lost"), "evaluation");
    assert!(
        run.stdout.contains("waived until 2027-01-31"),
        "{}",
        run.stdout
    );
    assert!(fake.bodies(PR)[0].1.contains("**Evidence lost**"));
}

#[tokio::test]
async fn with_the_base_in_git_no_base_file_is_fetched() {
    let (fake, job) = workflow_deleted(&answers(EVAL_3)).await;
    job.git(&["init", "-q", "-b", "main", "."]);
    job.write(".github/workflows/evaluate.yml", EVAL_WORKFLOW);
    job.git(&["add", "-A"]);
    job.git(&["commit", "-q", "-m", "base"]);
    let base = job.git(&["rev-parse", "HEAD"]);
    job.git(&["rm", "-q", ".github/workflows/evaluate.yml"]);
    job.git(&["commit", "-q", "-m", "head"]);

    let run = job.run(&["--evidence", "warn", "--base-ref", &base]);

    assert_eq!(
        run.output("evidence-lost"),
        "evaluation",
        "{}{}",
        run.stdout,
        run.stderr
    );
    let requests = fake.requests().await;
    assert!(
        !requests.iter().any(|r| r.contains("/contents/")),
        "{requests:?}"
    );
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn editing_the_promptfoo_threshold_asks_to_reconfirm_the_answer() {
    let fake = FakeGitHub::start().await;
    fake.add_file(REPO, BASE_SHA, CONFIG, answers(EVAL_3).as_bytes());
    fake.add_file(REPO, BASE_SHA, "promptfooconfig.yaml", PROMPTFOO.as_bytes());
    fake.set_pr_files(PR, &[("promptfooconfig.yaml", "modified", None)]);
    let job = Job::pull_request(EVAL_3, &fake);
    job.write("requirements.txt", "openai==1.50.0\n");
    job.write(".github/workflows/evaluate.yml", EVAL_WORKFLOW);
    job.write("promptfooconfig.yaml", &PROMPTFOO.replace("0.8", "0.6"));

    let run = job.run(&["--evidence", "warn"]);

    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("evidence-lost"), "");
    assert_eq!(run.output("reconfirm"), "evaluation");
    assert_eq!(run.output("changed"), "true");
    let body = &fake.bodies(PR)[0].1;
    assert!(
        body.contains("🔁 **Re-confirm**: **Evaluation** stays at 3 while this change edits what backs it: [<code>promptfooconfig.yaml</code>](https://github.com/Codertocat/Hello-World/blob/ec26c3e57ca3a959ca5aad62de7213c562f8c821/promptfooconfig.yaml) (changed)"),
        "{body}"
    );
    // A pull request that changes the answer itself needs no re-confirmation.
    job.write_head(&answers([1, 1, 2, 1, 1, 1, 1]));
    let run = job.run(&["--evidence", "warn"]);
    assert_eq!(run.output("reconfirm"), "");
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn a_fork_pull_request_still_reports_the_lost_evidence() {
    let (fake, job) = workflow_deleted(&answers(EVAL_3)).await;
    fake.state().read_only = true;
    let run = job.run(&["--evidence", "warn"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.output("comment-action"), "forbidden");
    assert_eq!(run.output("evidence-lost"), "evaluation");
    assert!(run.summary.contains("**Evidence lost**"), "{}", run.summary);
}

#[tokio::test]
async fn pull_request_target_compares_no_evidence() {
    let (fake, mut job) = workflow_deleted(&answers(EVAL_3)).await;
    job.event = "pull_request_target".into();
    fake.add_file(REPO, HEAD_SHA, CONFIG, answers(EVAL_3).as_bytes());
    let run = job.run(&["--evidence", "warn"]);
    assert_eq!(run.output("evidence-lost"), "", "{}", run.stdout);
    let requests = fake.requests().await;
    assert!(
        !requests.iter().any(|r| r.contains("/files")),
        "{requests:?}"
    );
}

#[tokio::test]
async fn dry_run_prints_the_body_it_would_post() {
    let (fake, job) = workflow_deleted(&answers(EVAL_3)).await;
    let run = job.run(&["--evidence", "warn", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run
        .stdout
        .contains(&format!("dry-run: POST /repos/{REPO}/issues/{PR}/comments")));
    assert!(
        run.stdout.contains("dry-run: the comment's body:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("### Needs your review"),
        "{}",
        run.stdout
    );
    assert!(fake.bodies(PR).is_empty());
}

/// Regression: outside a runner, `ci` printed raw `::notice::` and `::stop-commands::` lines.
#[tokio::test]
async fn outside_a_runner_ci_prints_no_workflow_command() {
    let (_fake, job) = workflow_deleted(&answers(EVAL_3)).await;
    let run = job
        .env("GITHUB_ACTIONS", "")
        .run(&["--evidence", "warn", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    for line in run.stdout.lines() {
        assert!(!line.trim_start().starts_with("::"), "{line}");
    }
    assert!(run.stdout.contains("llmops-maturity.yaml:5:3: warning: `evaluation` is answered 3, and this change removes"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// A team's own questionnaire (issue 19): read from the base commit like the answers file.

const ACME: &str = "acme-mlops.yaml";

fn acme() -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/questionnaires/valid")
            .join(ACME),
    )
    .unwrap()
}

/// Answers to acme-mlops's three dimensions (data, training, serving).
fn acme_answers(data: u8, training: u8, serving: u8) -> String {
    format!("version: 1\nquestionnaire: ./{ACME}\nanswers:\n  data: {data}\n  training: {training}\n  serving: {serving}\n")
}

#[tokio::test]
async fn a_teams_own_questionnaire_is_read_at_the_base_commit_and_levels_are_compared() {
    // fetch-depth 1: the base commit is not in the workspace, so both files come from the API.
    let fake = FakeGitHub::start().await;
    fake.add_file(REPO, BASE_SHA, CONFIG, acme_answers(1, 2, 1).as_bytes());
    fake.add_file(REPO, BASE_SHA, ACME, &acme());
    let job = Job::pull_request(BASE_LEVELS, &fake);
    job.write_head(&acme_answers(3, 3, 2));
    std::fs::write(job.workspace.path().join(ACME), acme()).unwrap();

    let run = job.run(&["--fail-on-regression", "--min-level", "Automated"]);

    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.output("level"), "3");
    assert_eq!(run.output("level-name"), "Automated");
    assert_eq!(run.output("max-score"), "8");
    assert_eq!(run.output("base-level"), "1");
    assert_eq!(run.output("base-score"), "4");
    let (_, body) = fake.bodies(PR).pop().expect("a comment");
    assert!(body.contains("level 3 of 3 · Automated"), "{body}");
    assert!(body.contains("up from level 1 · Starting"), "{body}");
    assert!(!body.contains("changes the questionnaire"), "{body}");
    assert!(body.contains("questionnaire `acme-mlops 2026.1`"), "{body}");
    assert!(
        fake.requests()
            .await
            .iter()
            .any(|r| r.starts_with("GET") && r.contains("/contents/acme-mlops.yaml")),
        "the questionnaire was not read at the base commit"
    );
}

#[tokio::test]
async fn a_pull_request_that_changes_the_questionnaire_says_so_and_does_not_fail_on_regression() {
    // llmops-2024 at 12 points (level 2) to acme-mlops at 3 points (its level 1): not a regression.
    let fake = fake_with_base(BASE_LEVELS).await;
    let job = Job::pull_request(BASE_LEVELS, &fake);
    job.write_head(&acme_answers(1, 1, 1));
    std::fs::write(job.workspace.path().join(ACME), acme()).unwrap();

    let run = job.run(&["--fail-on-regression"]);

    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.output("passed"), "true");
    assert_eq!(run.output("changed"), "true");
    let (_, body) = fake.bodies(PR).pop().expect("a comment");
    let note = "> This pull request changes the questionnaire from `llmops-2024 2024.1` to `acme-mlops 2026.1`. Levels and points of two questionnaires are not compared, so `fail-on-regression` does not fire on this change.";
    let at = body.find(note).unwrap_or_else(|| panic!("{body}"));
    assert!(body.find("What changed").is_some_and(|w| w > at), "{body}");
    assert!(!body.contains("down from level"), "{body}");
}

/// The base is scanned with the base's rules file (see `base_evidence::base_rules`): a pull
/// request that switches a built-in rule off shows the evidence it loses, where applying the
/// head's rules file to both sides would hide it.
#[tokio::test]
async fn a_pull_request_that_disables_a_builtin_rule_loses_its_evidence() {
    let fake = FakeGitHub::start().await;
    let answers_yaml = answers(EVAL_3);
    fake.add_file(REPO, BASE_SHA, CONFIG, answers_yaml.as_bytes());
    fake.set_pr_files(PR, &[(".llmops-maturity/rules.yaml", "added", None)]);
    let job = Job::pull_request(EVAL_3, &fake);
    job.write_head(&answers_yaml);
    job.write("requirements.txt", "openai==1.50.0\npromptfoo-helpers\n");
    job.write("promptfooconfig.yaml", PROMPTFOO);
    job.write(".github/workflows/evaluate.yml", EVAL_WORKFLOW);
    job.write(
        ".llmops-maturity/rules.yaml",
        "disable:\n  - rule: eval-in-ci\n    reason: the workflow is only a demo\n",
    );

    let run = job.run(&["--evidence", "warn", "--fail-on-evidence-loss"]);

    assert_eq!(
        run.output("evidence-lost"),
        "evaluation",
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    // Without the rules file the same pull request loses nothing.
    std::fs::remove_file(job.workspace.path().join(".llmops-maturity/rules.yaml")).unwrap();
    let run = job.run(&["--evidence", "warn", "--fail-on-evidence-loss"]);
    assert_eq!(run.output("evidence-lost"), "", "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// A rules file with a problem is an invalid run (exit 2), its problems annotated where they are.
#[tokio::test]
async fn a_bad_rules_file_is_an_invalid_run() {
    let (_fake, job) = workflow_deleted(&answers(EVAL_3)).await;
    job.write(
        ".llmops-maturity/rules.yaml",
        "rules:\n  - id: acme\n    dimension: evalution\n    level: 2\n    kind: file\n    glob: x\n    explanation: y\n",
    );
    let run = job.run(&["--evidence", "warn"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains(".llmops-maturity/rules.yaml:3:16: error: unknown dimension `evalution`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("::error file=.llmops-maturity/rules.yaml,line=3,col=16,title=llmops-maturity%3A unknown-dimension::"),
        "{}",
        run.stdout
    );
}
