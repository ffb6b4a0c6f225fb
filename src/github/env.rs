//! Reads the runner's `GITHUB_*` variables and event payload once, into values the rest of `ci` takes.
//!
//! Nothing else in the crate reads these variables, so tests build a [`GithubEnv`] by hand and
//! the binary behaves the same on a laptop as on a runner.

use std::path::PathBuf;

use serde::Deserialize;

use std::time::Duration;

use crate::github::api::{self, Repo, Token};

/// What the runner tells a step about its job
/// (<https://docs.github.com/actions/reference/variables-reference#default-environment-variables>).
/// Empty variables count as unset.
#[derive(Debug, Clone, Default)]
pub struct GithubEnv {
    pub event_name: Option<String>,
    pub event_path: Option<PathBuf>,
    /// `owner/name` of the repository the workflow runs in.
    pub repository: Option<String>,
    pub api_url: Option<String>,
    pub graphql_url: Option<String>,
    pub server_url: Option<String>,
    pub run_id: Option<String>,
    pub step_summary: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub workspace: Option<PathBuf>,
    pub token: Option<Token>,
    /// `GITHUB_ACTIONS=true`: a runner reads the output, so workflow commands are meant for it.
    pub in_runner: bool,
}

impl GithubEnv {
    /// The API client's settings for this runner: its endpoints, `token`, and `api_timeout`
    /// seconds per request (connecting may take at most 10 of them).
    pub fn api_config(&self, token: Token, api_timeout: u64, dry_run: bool) -> api::Config {
        api::Config {
            api_url: self
                .api_url
                .clone()
                .unwrap_or_else(|| api::DEFAULT_API_URL.to_string()),
            graphql_url: self.graphql_url.clone(),
            token,
            timeouts: api::Timeouts {
                connect: Duration::from_secs(api_timeout.min(10)),
                read: Duration::from_secs(api_timeout),
            },
            retry: api::RetryPolicy::default(),
            dry_run,
        }
    }

    /// Reads the process environment.
    pub fn from_env() -> GithubEnv {
        GithubEnv::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup`, for tests and for [`GithubEnv::from_env`].
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> GithubEnv {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        GithubEnv {
            event_name: get("GITHUB_EVENT_NAME"),
            event_path: get("GITHUB_EVENT_PATH").map(PathBuf::from),
            repository: get("GITHUB_REPOSITORY"),
            api_url: get("GITHUB_API_URL"),
            graphql_url: get("GITHUB_GRAPHQL_URL"),
            server_url: get("GITHUB_SERVER_URL"),
            run_id: get("GITHUB_RUN_ID"),
            step_summary: get("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: get("GITHUB_OUTPUT").map(PathBuf::from),
            workspace: get("GITHUB_WORKSPACE").map(PathBuf::from),
            token: get("GITHUB_TOKEN").map(Token::new),
            in_runner: get("GITHUB_ACTIONS").is_some_and(|v| v == "true"),
        }
    }

    pub fn repo(&self) -> Option<Repo> {
        self.repository.as_deref().and_then(Repo::parse)
    }

    /// The run's page, where the job summary is: `SERVER/REPO/actions/runs/RUN_ID`.
    pub fn run_url(&self) -> Option<String> {
        let server = self.server_url.as_deref().unwrap_or("https://github.com");
        Some(format!(
            "{}/{}/actions/runs/{}",
            server.trim_end_matches('/'),
            self.repository.as_deref()?,
            self.run_id.as_deref()?
        ))
    }

    /// Whether the event is one of a pull request's (the only ones that get a comment).
    pub fn is_pull_request_event(&self) -> bool {
        matches!(
            self.event_name.as_deref(),
            Some("pull_request" | "pull_request_target")
        )
    }

    /// `pull_request_target` runs with the base's workflow and a write token, so the head's
    /// files must never be taken from a checkout the workflow may have made of untrusted code:
    /// the head file is read through the API instead.
    pub fn is_pull_request_target(&self) -> bool {
        self.event_name.as_deref() == Some("pull_request_target")
    }
}

/// The part of a pull request event this tool needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    pub number: u64,
    pub base_sha: String,
    pub head_sha: String,
    /// `owner/name` of the head repository; differs from the base's for a fork. `None` when
    /// the fork was deleted.
    pub head_repo: Option<String>,
}

#[derive(Deserialize)]
struct Payload {
    pull_request: Option<PrPayload>,
}

#[derive(Deserialize)]
struct PrPayload {
    number: u64,
    base: Side,
    head: Side,
}

#[derive(Deserialize)]
struct Side {
    sha: String,
    repo: Option<SideRepo>,
}

#[derive(Deserialize)]
struct SideRepo {
    full_name: String,
}

/// The pull request of an event payload (`GITHUB_EVENT_PATH`), if the event has one.
pub fn pull_request(payload: &[u8]) -> Result<Option<PullRequest>, String> {
    let payload: Payload = serde_json::from_slice(payload)
        .map_err(|e| format!("the event payload is not the expected JSON: {e}"))?;
    Ok(payload.pull_request.map(|pr| PullRequest {
        number: pr.number,
        base_sha: pr.base.sha,
        head_sha: pr.head.sha,
        head_repo: pr.head.repo.map(|r| r.full_name),
    }))
}

/// The environment variable each `ci` flag is also read from: `--min-level` is
/// `LLMOPS_MATURITY_MIN_LEVEL`.
pub const INPUT_PREFIX: &str = "LLMOPS_MATURITY_";

/// Removes empty `LLMOPS_MATURITY_*` variables before clap reads them: the action passes `''`
/// for every input the user did not set, and clap would take `''` as a value (and reject it for
/// `--min-level`) instead of using the default.
pub fn drop_empty_inputs() {
    for (name, value) in std::env::vars_os() {
        let is_input = name.to_str().is_some_and(|n| n.starts_with(INPUT_PREFIX));
        if is_input && value.to_str().is_some_and(|v| v.trim().is_empty()) {
            std::env::remove_var(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(name: &str) -> Vec<u8> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/github/payloads")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn pull_request_payloads_give_number_and_shas() {
        let pr = pull_request(&payload("pull_request.opened.payload.json"))
            .unwrap()
            .unwrap();
        assert!(pr.number > 0);
        assert_eq!(pr.base_sha.len(), 40);
        assert_eq!(pr.head_sha.len(), 40);
        assert!(pr.head_repo.is_some());
    }

    #[test]
    fn a_push_has_no_pull_request() {
        assert_eq!(pull_request(&payload("push.payload.json")).unwrap(), None);
    }

    #[test]
    fn a_broken_payload_is_an_error_not_a_panic() {
        assert!(pull_request(b"{").is_err());
        assert!(pull_request(br#"{"pull_request": {"number": "x"}}"#).is_err());
    }

    #[test]
    fn empty_variables_are_unset() {
        let env = GithubEnv::from_lookup(|name| match name {
            "GITHUB_TOKEN" => Some(String::new()),
            "GITHUB_REPOSITORY" => Some("o/r".into()),
            "GITHUB_RUN_ID" => Some("42".into()),
            _ => None,
        });
        assert!(env.token.is_none());
        assert_eq!(
            env.run_url().as_deref(),
            Some("https://github.com/o/r/actions/runs/42")
        );
    }
}
