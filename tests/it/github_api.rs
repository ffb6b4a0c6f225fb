//! The GitHub client against a fake GitHub on 127.0.0.1: paging, writes, retries, timeouts, faults.

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use llmops_maturity::github::api::{Client, Config, Repo, RetryPolicy, Timeouts, Token};
use llmops_maturity::github::comment::{self, Identity};
use llmops_maturity::github::error::ErrorKind;
use support::fake::{error, FakeGitHub, BOT, TOKEN};
use wiremock::ResponseTemplate;

/// A client for the fake whose sleeps are recorded instead of slept.
fn client(fake: &FakeGitHub, dry_run: bool) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let slept = Arc::new(Mutex::new(Vec::new()));
    let record = slept.clone();
    let retry = RetryPolicy {
        sleep: Arc::new(move |d| {
            record.lock().unwrap().push(d);
            Box::pin(async {})
        }),
        now: Arc::new(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
        ..RetryPolicy::default()
    };
    let config = Config {
        api_url: fake.api_url(),
        graphql_url: Some(fake.graphql_url()),
        token: Token::new(TOKEN),
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            read: Duration::from_secs(1),
        },
        retry,
        dry_run,
    };
    (Client::new(config).unwrap(), slept)
}

fn repo() -> Repo {
    Repo::parse("octo-org/hello-world").unwrap()
}

const MARKER: &str = "<!-- llmops-maturity: llmops-maturity.yaml -->";

#[tokio::test]
async fn the_sticky_comment_on_page_3_of_250_is_found() {
    let fake = FakeGitHub::start().await;
    for i in 0..249 {
        let (login, kind) = if i % 3 == 0 {
            (BOT, "Bot")
        } else {
            ("alice", "User")
        };
        fake.add_comment(7, login, kind, &format!("comment {i}"));
    }
    let sticky = fake.add_comment(7, BOT, "Bot", &format!("{MARKER}\nreport"));
    fake.add_comment(8, BOT, "Bot", &format!("{MARKER}\nanother pull request"));
    let (client, _) = client(&fake, false);

    let comments = client.list_comments(&repo(), 7).await.unwrap();

    assert_eq!(comments.len(), 250);
    let identity = Identity::from_viewer(&client.viewer_login().await.unwrap());
    let found: Vec<u64> = comment::stickies(&comments, MARKER, &identity)
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(found, [sticky]);
    let requests = fake.requests().await;
    let lists: Vec<&String> = requests
        .iter()
        .filter(|r| r.contains("/comments"))
        .collect();
    assert_eq!(lists.len(), 3, "{requests:#?}");
    assert!(lists[0].ends_with("/issues/7/comments?per_page=100"));
    assert!(lists[2].ends_with("page=3"));
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn writes_create_patch_and_delete_comments() {
    let fake = FakeGitHub::start().await;
    let (client, _) = client(&fake, false);

    let id = client
        .create_comment(&repo(), 7, "first")
        .await
        .unwrap()
        .unwrap();
    client.update_comment(&repo(), id, "second").await.unwrap();
    assert_eq!(fake.bodies(7), [(id, "second".to_string())]);
    client.delete_comment(&repo(), id).await.unwrap();
    assert!(fake.bodies(7).is_empty());
    // Deleting what a concurrent run already deleted is not an error.
    client.delete_comment(&repo(), id).await.unwrap();

    let methods: Vec<String> = fake
        .requests()
        .await
        .iter()
        .map(|r| r.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(methods, ["POST", "PATCH", "DELETE", "DELETE"]);
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn enterprise_server_paths_keep_the_api_prefix() {
    let fake = FakeGitHub::start_with_prefix("/api/v3").await;
    fake.add_comment(7, BOT, "Bot", "x");
    let (client, _) = client(&fake, false);

    assert_eq!(client.viewer_login().await.unwrap(), "github-actions");
    assert_eq!(client.list_comments(&repo(), 7).await.unwrap().len(), 1);
    client.create_comment(&repo(), 7, "y").await.unwrap();

    let requests = fake.requests().await;
    assert_eq!(requests[0], "POST /api/graphql");
    assert!(requests[1].starts_with("GET /api/v3/repos/octo-org/hello-world/issues/7/comments"));
    assert!(requests[2].starts_with("POST /api/v3/repos/"));
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn two_502s_then_success_is_a_success() {
    let fake = FakeGitHub::start().await;
    fake.add_comment(7, BOT, "Bot", "x");
    fake.script("GET", "/comments", error(502, "Server Error"));
    fake.script("GET", "/comments", error(502, "Server Error"));
    let (client, slept) = client(&fake, false);

    let comments = client.list_comments(&repo(), 7).await.unwrap();

    assert_eq!(comments.len(), 1);
    assert_eq!(fake.requests().await.len(), 3);
    assert_eq!(
        *slept.lock().unwrap(),
        [Duration::from_secs(1), Duration::from_secs(2)]
    );
}

#[tokio::test]
async fn server_errors_stop_after_four_attempts() {
    let fake = FakeGitHub::start().await;
    for _ in 0..5 {
        fake.script("POST", "/comments", error(503, "Unavailable"));
    }
    let (client, slept) = client(&fake, false);

    let err = client.create_comment(&repo(), 7, "x").await.unwrap_err();

    assert_eq!(
        err.kind,
        ErrorKind::Http {
            status: 503,
            message: "Unavailable".into()
        }
    );
    assert_eq!(
        err.request,
        "POST /repos/octo-org/hello-world/issues/7/comments"
    );
    assert_eq!(fake.requests().await.len(), 4);
    assert_eq!(slept.lock().unwrap().len(), 3);
    assert!(fake.bodies(7).is_empty());
}

#[tokio::test]
async fn a_429_waits_as_long_as_retry_after_says() {
    let fake = FakeGitHub::start().await;
    fake.script(
        "PATCH",
        "/comments/",
        error(429, "Too Many Requests").insert_header("retry-after", "3"),
    );
    let id = fake.add_comment(7, BOT, "Bot", "old");
    let (client, slept) = client(&fake, false);

    client.update_comment(&repo(), id, "new").await.unwrap();

    assert_eq!(*slept.lock().unwrap(), [Duration::from_secs(3)]);
    assert_eq!(fake.bodies(7), [(id, "new".to_string())]);
}

#[tokio::test]
async fn a_spent_quota_waits_for_the_reset_and_a_far_reset_gives_up() {
    let fake = FakeGitHub::start().await;
    // The client's clock is pinned at 1_700_000_000.
    fake.script(
        "GET",
        "/comments",
        error(403, "API rate limit exceeded")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", "1700000010"),
    );
    let (client, slept) = client(&fake, false);
    client.list_comments(&repo(), 7).await.unwrap();
    assert_eq!(*slept.lock().unwrap(), [Duration::from_secs(11)]);

    fake.script(
        "GET",
        "/comments",
        error(403, "API rate limit exceeded")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", "1700003600"),
    );
    let err = client.list_comments(&repo(), 7).await.unwrap_err();
    assert!(matches!(err.kind, ErrorKind::RateLimited { .. }), "{err}");
    assert_eq!(slept.lock().unwrap().len(), 1, "no wait beyond the cap");
}

#[tokio::test]
async fn a_secondary_rate_limit_is_retried() {
    let fake = FakeGitHub::start().await;
    fake.script(
        "POST",
        "/comments",
        error(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
            .insert_header("retry-after", "5"),
    );
    let (client, slept) = client(&fake, false);

    client.create_comment(&repo(), 7, "x").await.unwrap();

    assert_eq!(*slept.lock().unwrap(), [Duration::from_secs(5)]);
    assert_eq!(fake.bodies(7).len(), 1);
}

#[tokio::test]
async fn a_hung_server_times_out() {
    let fake = FakeGitHub::start().await;
    fake.script(
        "GET",
        "/comments",
        ResponseTemplate::new(200).set_delay(Duration::from_secs(8)),
    );
    let (client, _) = client(&fake, false);

    let started = Instant::now();
    let err = client.list_comments(&repo(), 7).await.unwrap_err();

    assert!(matches!(err.kind, ErrorKind::Timeout(_)), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_forks_read_only_token_is_forbidden_without_retries() {
    let fake = FakeGitHub::start().await;
    fake.state().read_only = true;
    let (client, slept) = client(&fake, false);

    let err = client.create_comment(&repo(), 7, "x").await.unwrap_err();

    assert_eq!(
        err.kind,
        ErrorKind::Forbidden("Resource not accessible by integration".into())
    );
    assert_eq!(fake.requests().await.len(), 1);
    assert!(slept.lock().unwrap().is_empty());
}

#[tokio::test]
async fn files_are_read_at_a_ref_and_a_missing_one_is_none() {
    let fake = FakeGitHub::start().await;
    let yaml = "version: 1\nanswers:\n  models: 2\n".repeat(20);
    fake.add_file(
        "octo-org/hello-world",
        "abc123",
        "teams/ml/llmops-maturity.yaml",
        yaml.as_bytes(),
    );
    let (client, _) = client(&fake, false);

    let found = client
        .file_at(&repo(), "teams/ml/llmops-maturity.yaml", "abc123")
        .await
        .unwrap();
    assert_eq!(found.as_deref(), Some(yaml.as_bytes()));
    let other_ref = client
        .file_at(&repo(), "teams/ml/llmops-maturity.yaml", "def456")
        .await
        .unwrap();
    assert_eq!(other_ref, None);

    let requests = fake.requests().await;
    assert_eq!(
        requests[0],
        "GET /repos/octo-org/hello-world/contents/teams/ml/llmops-maturity.yaml?ref=abc123"
    );
    fake.assert_requests_conform().await;
}

#[tokio::test]
async fn dry_run_reads_but_sends_no_writes() {
    let fake = FakeGitHub::start().await;
    let id = fake.add_comment(7, BOT, "Bot", "x");
    let (client, _) = client(&fake, true);

    assert_eq!(client.list_comments(&repo(), 7).await.unwrap().len(), 1);
    assert_eq!(client.create_comment(&repo(), 7, "y").await.unwrap(), None);
    client.update_comment(&repo(), id, "z").await.unwrap();
    client.delete_comment(&repo(), id).await.unwrap();

    let requests = fake.requests().await;
    assert!(
        requests.iter().all(|r| r.starts_with("GET ")),
        "{requests:#?}"
    );
    assert_eq!(fake.bodies(7), [(id, "x".to_string())]);
    // The client prints nothing itself: the caller shows what was not sent, through its log.
    assert_eq!(
        client.take_dry_run_writes(),
        [
            "POST /repos/octo-org/hello-world/issues/7/comments".to_string(),
            format!("PATCH /repos/octo-org/hello-world/issues/comments/{id}"),
            format!("DELETE /repos/octo-org/hello-world/issues/comments/{id}"),
        ]
    );
    assert!(client.take_dry_run_writes().is_empty());
}

#[tokio::test]
async fn an_unknown_viewer_is_an_error_not_a_guess() {
    let fake = FakeGitHub::start().await;
    fake.state().viewer = None;
    let (client, _) = client(&fake, false);

    let err = client.viewer_login().await.unwrap_err();

    assert!(matches!(err.kind, ErrorKind::InvalidResponse(_)), "{err}");
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let config = Config {
        api_url: format!("http://127.0.0.1:{port}"),
        graphql_url: None,
        token: Token::new(TOKEN),
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            read: Duration::from_secs(1),
        },
        retry: RetryPolicy::default(),
        dry_run: false,
    };
    let client = Client::new(config).unwrap();

    let err = client.list_comments(&repo(), 7).await.unwrap_err();

    assert!(matches!(err.kind, ErrorKind::Transport(_)), "{err}");
    assert!(!err.to_string().contains(TOKEN));
}
