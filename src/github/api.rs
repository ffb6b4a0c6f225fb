//! The few GitHub REST and GraphQL calls the `ci` command makes, over octocrab, with timeouts and retries.
//!
//! Every request goes through [`Client::send`]: a deadline per attempt, then the fault policy of
//! `retry.rs` (retries for 5xx, 429 and rate limits, honouring `retry-after`, else
//! `x-ratelimit-reset`, and the mapping of GitHub's answers to [`ErrorKind`]). octocrab's raw
//! `_get`/`_post`/`_patch`/`_delete` are used instead of its typed helpers because those cannot
//! show us the headers we need, and its `update_comment` sends POST where the API is PATCH
//! (<https://docs.github.com/rest/issues/comments#update-an-issue-comment>).

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use http::Method;
use octocrab::Octocrab;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::error::{ApiError, ErrorKind};
use super::retry::{classify, clip, retry_wait, Reply};
pub use super::retry::{Clock, RetryPolicy, SleepFuture, Sleeper};
use super::scrub;
use crate::changed::{ChangedFile, FileStatus};

/// Where the public GitHub API lives when the runner does not say (`GITHUB_API_URL`).
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// Pages followed when listing comments; 200 pages of 100 is far beyond any real pull request,
/// and the bound keeps a server that always answers `rel="next"` from looping forever.
const MAX_PAGES: usize = 200;

/// A token that never shows up in `Debug` output or error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The secret itself, for the one place that hands it to octocrab (and for tests that check
    /// it never leaks).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// How long one request may take.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    /// Longest silence while waiting for the server; the whole attempt gets `connect + read`.
    pub read: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(30),
        }
    }
}

/// Everything needed to build a [`Client`].
#[derive(Debug, Clone)]
pub struct Config {
    /// REST base, e.g. `https://api.github.com` or `https://HOST/api/v3` (GitHub Enterprise Server).
    pub api_url: String,
    /// GraphQL endpoint; derived from `api_url` when the runner does not give it.
    pub graphql_url: Option<String>,
    pub token: Token,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
    /// Send reads, print writes instead of sending them.
    pub dry_run: bool,
}

/// An issue (or pull request) comment as the REST API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// A comment's author.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub login: String,
    /// `User`, `Bot` or `Organization`.
    #[serde(rename = "type", default)]
    pub kind: String,
}

/// The owner and name of a repository, validated once so paths can be built without surprises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    pub owner: String,
    pub name: String,
}

impl Repo {
    /// Parses `owner/name` as in `GITHUB_REPOSITORY` or `head.repo.full_name`.
    pub fn parse(full_name: &str) -> Option<Repo> {
        let (owner, name) = full_name.split_once('/')?;
        let ok = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        (ok(owner) && ok(name) && name != "." && name != "..").then(|| Repo {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }
}

impl fmt::Display for Repo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// One entry of a pull request's files (`diff-entry` in GitHub's description).
#[derive(Debug, serde::Deserialize)]
struct DiffEntry {
    filename: String,
    status: String,
    previous_filename: Option<String>,
}

impl DiffEntry {
    fn into_changed(self) -> ChangedFile {
        let status = match self.status.as_str() {
            "added" => FileStatus::Added,
            "removed" => FileStatus::Removed,
            "renamed" if self.previous_filename.is_some() => FileStatus::Renamed,
            // A copy leaves its source: for the evidence it is an added file.
            "copied" => FileStatus::Added,
            _ => FileStatus::Modified,
        };
        ChangedFile {
            path: self.filename,
            previous: (status == FileStatus::Renamed)
                .then_some(self.previous_filename)
                .flatten(),
            status,
        }
    }
}

/// A GitHub API client bound to one server and token.
pub struct Client {
    rest: Octocrab,
    graphql: Octocrab,
    graphql_path: String,
    timeouts: Timeouts,
    retry: RetryPolicy,
    dry_run: bool,
    /// Kept to scrub it from errors (see [`Client::scrub`]).
    token: Token,
    /// The writes a dry run did not send, for the caller to print through its log: the client
    /// never prints, so nothing it knows reaches the job log unescaped.
    dry_run_writes: std::sync::Mutex<Vec<String>>,
}

impl Client {
    /// Builds the client (inside a Tokio runtime); fails only on a URL that is not absolute.
    pub fn new(config: Config) -> Result<Client, String> {
        absolute(&config.api_url, "GITHUB_API_URL")?;
        let graphql_url = config
            .graphql_url
            .clone()
            .unwrap_or_else(|| default_graphql_url(&config.api_url));
        let (scheme, authority, graphql_path) = absolute(&graphql_url, "GITHUB_GRAPHQL_URL")?;
        // octocrab joins request paths onto the base path (`/api/v3` on GHES), while GraphQL on
        // GHES lives at `/api/graphql`: so GraphQL gets its own client rooted at the host.
        let graphql_base = format!("{scheme}://{authority}");
        let rest = build_octocrab(&config.api_url, &config, "GITHUB_API_URL")?;
        let graphql = build_octocrab(&graphql_base, &config, "GITHUB_GRAPHQL_URL")?;
        Ok(Client {
            rest,
            graphql,
            graphql_path,
            timeouts: config.timeouts,
            retry: config.retry,
            dry_run: config.dry_run,
            token: config.token.clone(),
            dry_run_writes: Default::default(),
        })
    }

    /// `e` with every copy of the token replaced by `***`: a server may echo what it was sent,
    /// and whatever an error holds can end up in the job log.
    fn scrub(&self, e: ApiError) -> ApiError {
        let token = self.token.expose();
        let clean = |s: String| scrub::text(&s, token);
        let kind = match e.kind {
            ErrorKind::Forbidden(m) => ErrorKind::Forbidden(clean(m)),
            ErrorKind::Http { status, message } => ErrorKind::Http {
                status,
                message: clean(message),
            },
            ErrorKind::Transport(m) => ErrorKind::Transport(clean(m)),
            ErrorKind::InvalidResponse(m) => ErrorKind::InvalidResponse(clean(m)),
            other => other,
        };
        ApiError {
            request: clean(e.request),
            kind,
        }
    }

    /// The login behind the token (`github-actions` for the Actions token).
    pub async fn viewer_login(&self) -> Result<String, ApiError> {
        self.viewer_login_raw().await.map_err(|e| self.scrub(e))
    }

    async fn viewer_login_raw(&self) -> Result<String, ApiError> {
        let request = format!("POST {}", self.graphql_path);
        let reply = self
            .send(
                Method::POST,
                Api::GraphQl,
                &self.graphql_path,
                Some(json!({ "query": "query { viewer { login } }" })),
            )
            .await?;
        let value: Json = parse_json(&reply.body, &request)?;
        value
            .pointer("/data/viewer/login")
            .and_then(Json::as_str)
            .map(str::to_string)
            .ok_or_else(|| {
                let detail = value
                    .pointer("/errors/0/message")
                    .and_then(Json::as_str)
                    .unwrap_or("no data.viewer.login");
                ApiError {
                    request,
                    kind: ErrorKind::InvalidResponse(clip(detail)),
                }
            })
    }

    /// Sends one GraphQL request (`{"query", "variables"}`) and decodes the answer, `errors`
    /// and partial `data` included: what a 200 with `errors` means is the caller's to decide.
    pub async fn graphql<T: serde::de::DeserializeOwned>(
        &self,
        request_body: Json,
    ) -> Result<T, ApiError> {
        let request = format!("POST {}", self.graphql_path);
        let reply = self
            .send(
                Method::POST,
                Api::GraphQl,
                &self.graphql_path,
                Some(request_body),
            )
            .await?;
        parse_json(&reply.body, &request)
    }

    /// Every comment on an issue or pull request, following `Link: rel="next"` through all pages.
    pub async fn list_comments(&self, repo: &Repo, issue: u64) -> Result<Vec<Comment>, ApiError> {
        let first = format!("{}/issues/{issue}/comments?per_page=100", repo_path(repo));
        self.pages(&first, "comments").await
    }

    /// The files a pull request changes (GitHub lists at most 3,000, in 30 pages of 100).
    pub async fn pull_request_files(
        &self,
        repo: &Repo,
        number: u64,
    ) -> Result<Vec<ChangedFile>, ApiError> {
        let first = format!("{}/pulls/{number}/files?per_page=100", repo_path(repo));
        let entries: Vec<DiffEntry> = self.pages(&first, "changed files").await?;
        Ok(entries.into_iter().map(DiffEntry::into_changed).collect())
    }

    /// Every item of a paginated list, following `Link: rel="next"`, at most [`MAX_PAGES`] pages.
    async fn pages<T: serde::de::DeserializeOwned>(
        &self,
        first: &str,
        what: &str,
    ) -> Result<Vec<T>, ApiError> {
        let mut next = Some(first.to_string());
        let mut items = Vec::new();
        let mut pages = 0;
        while let Some(uri) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(ApiError {
                    request: format!("GET {}", path_only(first)),
                    kind: ErrorKind::InvalidResponse(format!(
                        "more than {MAX_PAGES} pages of {what}"
                    )),
                });
            }
            let reply = self.send(Method::GET, Api::Rest, &uri, None).await?;
            let page: Vec<T> = parse_json(&reply.body, &format!("GET {}", path_only(&uri)))?;
            items.extend(page);
            next = reply
                .headers
                .get_all(http::header::LINK)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(next_link);
        }
        Ok(items)
    }

    /// Creates a comment; returns its id, or `None` in dry-run mode.
    pub async fn create_comment(
        &self,
        repo: &Repo,
        issue: u64,
        body: &str,
    ) -> Result<Option<u64>, ApiError> {
        let path = format!("{}/issues/{issue}/comments", repo_path(repo));
        if self.print_dry_run(&Method::POST, &path) {
            return Ok(None);
        }
        let reply = self
            .send(
                Method::POST,
                Api::Rest,
                &path,
                Some(json!({ "body": body })),
            )
            .await?;
        let comment: Comment = parse_json(&reply.body, &format!("POST {path}"))?;
        Ok(Some(comment.id))
    }

    /// Replaces a comment's body in place (PATCH, so the comment keeps its place and link).
    pub async fn update_comment(&self, repo: &Repo, id: u64, body: &str) -> Result<(), ApiError> {
        let path = format!("{}/issues/comments/{id}", repo_path(repo));
        if self.print_dry_run(&Method::PATCH, &path) {
            return Ok(());
        }
        self.send(
            Method::PATCH,
            Api::Rest,
            &path,
            Some(json!({ "body": body })),
        )
        .await?;
        Ok(())
    }

    /// Deletes a comment; one already gone counts as deleted.
    pub async fn delete_comment(&self, repo: &Repo, id: u64) -> Result<(), ApiError> {
        let path = format!("{}/issues/comments/{id}", repo_path(repo));
        if self.print_dry_run(&Method::DELETE, &path) {
            return Ok(());
        }
        match self.send(Method::DELETE, Api::Rest, &path, None).await {
            Err(ApiError {
                kind: ErrorKind::NotFound,
                ..
            }) => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// A file's bytes at a commit; `None` when the file (or the commit) does not exist.
    pub async fn file_at(
        &self,
        repo: &Repo,
        path: &str,
        git_ref: &str,
    ) -> Result<Option<Vec<u8>>, ApiError> {
        let uri = format!(
            "{}/contents/{}?ref={}",
            repo_path(repo),
            encode_path(path),
            encode_component(git_ref)
        );
        let request = format!("GET {}", path_only(&uri));
        let reply = match self.send(Method::GET, Api::Rest, &uri, None).await {
            Ok(reply) => reply,
            Err(ApiError {
                kind: ErrorKind::NotFound,
                ..
            }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let value: Json = parse_json(&reply.body, &request)?;
        let invalid = |message: &str| ApiError {
            request: request.clone(),
            kind: ErrorKind::InvalidResponse(message.to_string()),
        };
        if value.get("type").and_then(Json::as_str) != Some("file") {
            return Err(invalid("the path is not a file"));
        }
        match value.get("encoding").and_then(Json::as_str) {
            Some("base64") => {}
            // Files over 1 MB come back with `encoding: none`; ours are capped below that anyway.
            _ => return Err(invalid("the file is too large for the contents API")),
        }
        let content: String = value
            .get("content")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(content)
            .map(Some)
            .map_err(|_| invalid("the content is not valid base64"))
    }

    /// In dry-run mode, records the write instead of sending it and returns true.
    fn print_dry_run(&self, method: &Method, path: &str) -> bool {
        if self.dry_run {
            if let Ok(mut writes) = self.dry_run_writes.lock() {
                writes.push(format!("{method} {path}"));
            }
        }
        self.dry_run
    }

    /// The writes not sent in dry-run mode since the last call, as `METHOD /path`.
    pub fn take_dry_run_writes(&self) -> Vec<String> {
        self.dry_run_writes
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }

    /// Sends one request with the deadline and retry policy; a non-2xx final answer is an error,
    /// with the token scrubbed from it.
    async fn send(
        &self,
        method: Method,
        api: Api,
        uri: &str,
        body: Option<Json>,
    ) -> Result<Reply, ApiError> {
        self.send_unscrubbed(method, api, uri, body)
            .await
            .map_err(|e| self.scrub(e))
    }

    async fn send_unscrubbed(
        &self,
        method: Method,
        api: Api,
        uri: &str,
        body: Option<Json>,
    ) -> Result<Reply, ApiError> {
        let request = format!("{method} {}", path_only(uri));
        let deadline = self.timeouts.connect + self.timeouts.read;
        let mut waited = Duration::ZERO;
        let mut attempt = 1;
        loop {
            let mut reply = tokio::time::timeout(deadline, self.attempt(&method, api, uri, &body))
                .await
                .map_err(|_| ApiError {
                    request: request.clone(),
                    kind: ErrorKind::Timeout(deadline),
                })?
                .map_err(|kind| ApiError {
                    request: request.clone(),
                    kind,
                })?;
            // Before anything reads it, whatever the status: a successful answer can echo the
            // token as well as an error can.
            reply.body = scrub::body(&reply.body, self.token.expose());
            if reply.status.is_success() {
                return Ok(reply);
            }
            let now = (self.retry.now)();
            let wait = retry_wait(&reply, attempt, &self.retry, now).filter(|w| {
                attempt < self.retry.max_attempts && waited + *w <= self.retry.max_total_wait
            });
            match wait {
                Some(wait) => {
                    (self.retry.sleep)(wait).await;
                    waited += wait;
                    attempt += 1;
                }
                None => {
                    return Err(ApiError {
                        request,
                        kind: classify(&reply, now),
                    })
                }
            }
        }
    }

    /// One try: send, then read the whole body (a server can hang in either).
    async fn attempt(
        &self,
        method: &Method,
        api: Api,
        uri: &str,
        body: &Option<Json>,
    ) -> Result<Reply, ErrorKind> {
        let octo = match api {
            Api::Rest => &self.rest,
            Api::GraphQl => &self.graphql,
        };
        let response = match *method {
            Method::GET => octo._get(uri).await,
            Method::POST => octo._post(uri, body.as_ref()).await,
            Method::PATCH => octo._patch(uri, body.as_ref()).await,
            Method::DELETE => octo._delete(uri, body.as_ref()).await,
            _ => unreachable!("the client only sends GET, POST, PATCH and DELETE"),
        }
        .map_err(|e| transport_error(e, self.timeouts.read))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = octo
            .body_to_string(response)
            .await
            .map_err(|e| transport_error(e, self.timeouts.read))?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

/// Which of the two octocrab clients a request goes to.
#[derive(Debug, Clone, Copy)]
enum Api {
    Rest,
    GraphQl,
}

/// The scheme, host and path of an absolute http(s) URL, or a message naming the variable.
fn absolute(url: &str, what: &str) -> Result<(String, String, String), String> {
    let bad = || format!("{what} is not an absolute http(s) URL: {url}");
    let uri: http::Uri = url.parse().map_err(|_| bad())?;
    match (uri.scheme_str(), uri.authority()) {
        // The token travels in every request: in clear only to a server on this machine.
        (Some("http"), Some(authority)) if !is_loopback(authority.host()) => Err(format!(
            "{what} is {url}: plain http would send the token unencrypted; use https (http is accepted only for a server on this machine)"
        )),
        (Some(scheme @ ("http" | "https")), Some(authority)) => Ok((
            scheme.to_string(),
            authority.to_string(),
            uri.path().to_string(),
        )),
        _ => Err(bad()),
    }
}

/// `localhost`, `127.0.0.0/8` or `[::1]`.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn build_octocrab(base: &str, config: &Config, what: &str) -> Result<Octocrab, String> {
    Octocrab::builder()
        .base_uri(base.trim_end_matches('/'))
        .map_err(|_| format!("{what} is not a URL: {base}"))?
        .personal_token(config.token.expose().to_string())
        .set_connect_timeout(Some(config.timeouts.connect))
        .set_read_timeout(Some(config.timeouts.read))
        .set_write_timeout(Some(config.timeouts.read))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {}", error_chain(&e)))
}

/// GraphQL's address for a REST base: `https://HOST/api/v3` -> `https://HOST/api/graphql`
/// on GHES, `https://api.github.com` -> `https://api.github.com/graphql`.
pub fn default_graphql_url(api_url: &str) -> String {
    let api_url = api_url.trim_end_matches('/');
    match api_url.strip_suffix("/api/v3") {
        Some(host) => format!("{host}/api/graphql"),
        None => format!("{api_url}/graphql"),
    }
}

fn repo_path(repo: &Repo) -> String {
    format!(
        "/repos/{}/{}",
        encode_component(&repo.owner),
        encode_component(&repo.name)
    )
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Encodes a repository path segment by segment, keeping the slashes the contents API expects.
fn encode_path(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/")
}

/// The path and query of a URI, for messages: never the host, which is noise in logs.
fn path_only(uri: &str) -> &str {
    match uri.find("://") {
        Some(i) => uri[i + 3..].find('/').map_or("/", |j| &uri[i + 3 + j..]),
        None => uri,
    }
}

/// The `rel="next"` target of a `Link` header
/// (<https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api>).
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        params
            .split(';')
            .any(|p| {
                let p = p.trim();
                p == "rel=\"next\"" || p == "rel=next"
            })
            .then(|| url.to_string())
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &str, request: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError {
        request: request.to_string(),
        kind: ErrorKind::InvalidResponse(format!("body is not the expected JSON: {e}")),
    })
}

/// A failure below HTTP; hyper-timeout's read timeout surfaces here as an I/O "timed out".
fn transport_error(e: octocrab::Error, read_timeout: Duration) -> ErrorKind {
    let chain = error_chain(&e);
    if chain.to_ascii_lowercase().contains("timed out") || chain.contains("TimedOut") {
        ErrorKind::Timeout(read_timeout)
    } else {
        ErrorKind::Transport(chain)
    }
}

/// The messages of an error's causes. octocrab's own top-level message can carry a backtrace,
/// so it is used only when there is no cause.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = Vec::new();
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    if parts.is_empty() {
        parts.push(e.to_string().lines().next().unwrap_or_default().to_string());
    }
    clip(&parts.join(": "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_yield_the_next_page() {
        let link = r#"<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=3>; rel="last""#;
        assert_eq!(
            next_link(link).as_deref(),
            Some("https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2")
        );
        let last = r#"<https://x/y?page=1>; rel="prev", <https://x/y?page=1>; rel="first""#;
        assert_eq!(next_link(last), None);
    }

    // octocrab's client spawns its worker on the current runtime.
    #[tokio::test]
    async fn urls_must_be_absolute_http() {
        let config = |api: &str| Config {
            api_url: api.into(),
            graphql_url: None,
            token: Token::new("t"),
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            dry_run: false,
        };
        for bad in ["::::", "ftp://x", "http://", "relative/path", ""] {
            let err = Client::new(config(bad)).err().expect(bad);
            assert!(err.starts_with("GITHUB_API_URL is not"), "{err}");
        }
        assert!(Client::new(config("https://ghe.example.com/api/v3")).is_ok());
    }

    #[test]
    fn graphql_url_follows_the_rest_url() {
        assert_eq!(
            default_graphql_url("https://api.github.com"),
            "https://api.github.com/graphql"
        );
        assert_eq!(
            default_graphql_url("https://ghe.example.com/api/v3/"),
            "https://ghe.example.com/api/graphql"
        );
    }

    #[test]
    fn paths_are_encoded_segment_by_segment() {
        assert_eq!(
            encode_path("./teams/a b/llmops-maturity.yaml"),
            "teams/a%20b/llmops-maturity.yaml"
        );
        assert_eq!(encode_component("feature/x?y"), "feature%2Fx%3Fy");
        assert_eq!(
            path_only("https://h:1/api/v3/repos/a/b?page=2"),
            "/api/v3/repos/a/b?page=2"
        );
        assert_eq!(path_only("/repos/a/b"), "/repos/a/b");
    }

    #[test]
    fn repository_names_are_checked() {
        assert_eq!(
            Repo::parse("octo-org/hello.world").map(|r| r.to_string()),
            Some("octo-org/hello.world".into())
        );
        for bad in ["", "a", "a/", "/b", "a/b/c", "a/..", "a/b?x"] {
            assert_eq!(Repo::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_token_is_not_in_debug_output() {
        let config = Config {
            api_url: DEFAULT_API_URL.into(),
            graphql_url: None,
            token: Token::new("ghs_secret123"),
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            dry_run: false,
        };
        assert!(!format!("{config:?}").contains("ghs_secret123"));
    }
}
