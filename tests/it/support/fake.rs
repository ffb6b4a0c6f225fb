//! A stateful fake of the GitHub API on 127.0.0.1: issue comments, file contents, GraphQL `viewer` and repository pages.
//!
//! One catch-all wiremock responder routes requests by method and path and keeps comments in
//! memory, so a test sees the effect of every write the way GitHub would show it. Scripted
//! answers (502, 429, a hang) can be queued in front of the normal handling.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Value as Json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::openapi;

/// The repository shown in the fake answers' URLs (they are never followed).
const REPO_FOR_URLS: &str = "octo-org/octo-repo";

pub const TOKEN: &str = "ghs_fakeTOKENvalue0123456789";
pub const BOT: &str = "github-actions[bot]";

/// The fake's memory.
pub struct State {
    /// `(issue number, comment)` in creation order.
    pub comments: Vec<(u64, Json)>,
    next_id: u64,
    /// `(owner/repo, ref, path)` -> bytes.
    pub files: HashMap<(String, String, String), Vec<u8>>,
    /// GraphQL's `viewer.login`; `None` answers with a GraphQL error.
    pub viewer: Option<String>,
    /// Writes answer 403 "Resource not accessible by integration", as for a fork's token.
    pub read_only: bool,
    /// Delay for listing comments, to make concurrent runs overlap.
    pub list_delay: Duration,
    /// GraphQL's `rateLimit.resetAt`, when a test wants a server that echoes something there.
    pub reset_at: Option<String>,
    /// Each pull request's changed files, as the pull request files API lists them
    /// (`diff-entry`: `filename`, `status`, `previous_filename`).
    pub pr_files: HashMap<u64, Vec<Json>>,
    /// Answers served before normal handling: (method, path fragment, answer).
    script: VecDeque<(String, String, ResponseTemplate)>,
    /// `""` for github.com, `/api/v3` for GitHub Enterprise Server.
    pub prefix: String,
    /// GraphQL `repositoryOwner(login:)`: login -> repositories, in the order GitHub lists them.
    pub owners: HashMap<String, Vec<FakeRepo>>,
    base_url: String,
    /// Requests that depart from GitHub's API description; checked when the fake is dropped.
    violations: Vec<String>,
}

/// The fake server and its state.
pub struct FakeGitHub {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
}

impl FakeGitHub {
    pub async fn start() -> FakeGitHub {
        Self::start_with_prefix("").await
    }

    /// A fake whose REST API lives under `prefix` (`/api/v3` for GHES).
    pub async fn start_with_prefix(prefix: &str) -> FakeGitHub {
        // Parse GitHub's GraphQL schema (1.2 MB) before serving, so the first GraphQL request
        // is not slowed by it and no client timeout depends on how busy the machine is.
        let _ = super::graphql::schema();
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            comments: Vec::new(),
            next_id: 1000,
            files: HashMap::new(),
            viewer: Some("github-actions".into()),
            read_only: false,
            list_delay: Duration::ZERO,
            reset_at: None,
            pr_files: HashMap::new(),
            script: VecDeque::new(),
            prefix: prefix.to_string(),
            owners: HashMap::new(),
            base_url: server.uri(),
            violations: Vec::new(),
        }));
        Mock::given(any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        FakeGitHub { server, state }
    }

    /// `GITHUB_API_URL` for this fake.
    pub fn api_url(&self) -> String {
        format!("{}{}", self.server.uri(), self.state().prefix)
    }

    /// `GITHUB_GRAPHQL_URL` for this fake.
    pub fn graphql_url(&self) -> String {
        let prefix = if self.state().prefix.is_empty() {
            "/graphql"
        } else {
            "/api/graphql"
        };
        format!("{}{prefix}", self.server.uri())
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Adds a comment as GitHub would store it; returns its id.
    pub fn add_comment(&self, issue: u64, login: &str, kind: &str, body: &str) -> u64 {
        self.state().insert_comment(issue, login, kind, body)
    }

    /// The bodies of an issue's comments, oldest first.
    pub fn bodies(&self, issue: u64) -> Vec<(u64, String)> {
        self.state()
            .comments
            .iter()
            .filter(|(i, _)| *i == issue)
            .map(|(_, c)| {
                (
                    c["id"].as_u64().unwrap(),
                    c["body"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    pub fn add_file(&self, repo: &str, git_ref: &str, path: &str, bytes: &[u8]) {
        self.state().files.insert(
            (repo.to_string(), git_ref.to_string(), path.to_string()),
            bytes.to_vec(),
        );
    }

    /// Serves `answer` to the next request whose method is `method` and whose path contains
    /// `path_part`, before normal handling; queued answers are used in order.
    pub fn script(&self, method: &str, path_part: &str, answer: ResponseTemplate) {
        self.state()
            .script
            .push_back((method.to_string(), path_part.to_string(), answer));
    }

    /// Every request received so far, as `METHOD /path?query`.
    pub async fn requests(&self) -> Vec<String> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| {
                let q = r.url.query().map(|q| format!("?{q}")).unwrap_or_default();
                format!("{} {}{q}", r.method, r.url.path())
            })
            .collect()
    }

    /// Panics unless every request received conforms to GitHub's API description and carried
    /// the token.
    pub async fn assert_requests_conform(&self) {
        let prefix = self.state().prefix.clone();
        let requests = self.server.received_requests().await.unwrap_or_default();
        let mut problems = Vec::new();
        for r in &requests {
            let path = r.url.path();
            let path = if path.starts_with("/api/graphql") {
                path
            } else {
                path.strip_prefix(prefix.as_str()).unwrap_or(path)
            };
            problems.extend(openapi::check(&openapi::Seen {
                method: r.method.as_str(),
                path,
                query: r
                    .url
                    .query_pairs()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
                body: &r.body,
            }));
            let auth = r.headers.get("authorization").and_then(|v| v.to_str().ok());
            if auth != Some(&format!("Bearer {TOKEN}")) {
                problems.push(format!("{} {path}: no bearer token", r.method));
            }
        }
        assert!(
            problems.is_empty(),
            "requests that GitHub would reject:\n{}",
            problems.join("\n")
        );
    }
}

/// Every test that starts a fake checks every request against the API description, even a
/// test that asserts nothing about requests.
impl Drop for FakeGitHub {
    fn drop(&mut self) {
        let violations = std::mem::take(&mut self.state().violations);
        if !violations.is_empty() && !std::thread::panicking() {
            panic!(
                "requests that GitHub would reject:\n{}",
                violations.join("\n")
            );
        }
    }
}

impl State {
    fn insert_comment(&mut self, issue: u64, login: &str, kind: &str, body: &str) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.comments.push((
            issue,
            json!({
                "id": id,
                "node_id": format!("IC_{id}"),
                "body": body,
                "user": { "login": login, "id": 41898282, "type": kind },
                "created_at": format!("2026-11-26T10:{:02}:{:02}Z", (id / 60) % 60, id % 60),
                "html_url": format!("https://github.com/o/r/pull/{issue}#issuecomment-{id}"),
            }),
        ));
        id
    }
}

struct Responder(Arc<Mutex<State>>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.0.lock().unwrap();
        let method = request.method.as_str();
        let full_path = request.url.path().to_string();
        let described_path = if full_path.starts_with("/api/graphql") {
            full_path.as_str()
        } else {
            full_path
                .strip_prefix(state.prefix.as_str())
                .unwrap_or(&full_path)
        };
        let problems = openapi::check(&openapi::Seen {
            method,
            path: described_path,
            query: request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            body: &request.body,
        });
        if !problems.is_empty() {
            // GitHub answers a malformed request with 404 or 422; so does the fake, and it
            // remembers, so the test fails even if the code under test shrugs the error off.
            state.violations.extend(problems.iter().cloned());
            return error(422, &problems.join("; "));
        }
        let scripted = state
            .script
            .iter()
            .position(|(m, p, _)| m == method && full_path.contains(p.as_str()));
        if let Some(i) = scripted {
            return state.script.remove(i).unwrap().2;
        }
        let auth = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok());
        if auth != Some(&format!("Bearer {TOKEN}")) {
            return error(401, "Bad credentials");
        }
        if full_path == "/graphql" || full_path == "/api/graphql" {
            let body: Json = serde_json::from_slice(&request.body).unwrap_or_default();
            if body["query"]
                .as_str()
                .is_some_and(|q| q.contains("repositoryOwner"))
            {
                return ok(state.owner_page(&body["variables"]));
            }
            return match &state.viewer {
                Some(login) => ok(json!({ "data": { "viewer": { "login": login } } })),
                None => ok(
                    json!({ "errors": [{ "message": "Resource not accessible by integration" }] }),
                ),
            };
        }
        let Some(path) = full_path.strip_prefix(state.prefix.as_str()) else {
            return error(404, "Not Found");
        };
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        match (method, segments.as_slice()) {
            ("GET", ["repos", o, r, "issues", n, "comments"]) => {
                let Ok(issue) = n.parse::<u64>() else {
                    return error(404, "Not Found");
                };
                state.list(&format!("{o}/{r}"), issue, &query)
            }
            ("POST", ["repos", _, _, "issues", n, "comments"]) => {
                if state.read_only {
                    return forbidden();
                }
                let (Ok(issue), Some(body)) = (n.parse::<u64>(), body_of(request)) else {
                    return error(422, "Validation Failed");
                };
                let id = state.insert_comment(issue, BOT, "Bot", &body);
                let comment = state.comments.iter().find(|(_, c)| c["id"] == id).unwrap();
                ResponseTemplate::new(201).set_body_json(comment.1.clone())
            }
            ("PATCH", ["repos", _, _, "issues", "comments", id]) => {
                if state.read_only {
                    return forbidden();
                }
                let Some(body) = body_of(request) else {
                    return error(422, "Validation Failed");
                };
                match state.find(id) {
                    Some(i) => {
                        state.comments[i].1["body"] = Json::String(body);
                        ok(state.comments[i].1.clone())
                    }
                    None => error(404, "Not Found"),
                }
            }
            ("DELETE", ["repos", _, _, "issues", "comments", id]) => {
                if state.read_only {
                    return forbidden();
                }
                match state.find(id) {
                    Some(i) => {
                        state.comments.remove(i);
                        ResponseTemplate::new(204)
                    }
                    None => error(404, "Not Found"),
                }
            }
            ("GET", ["repos", o, r, "pulls", n, "files"]) => {
                let Ok(number) = n.parse::<u64>() else {
                    return error(404, "Not Found");
                };
                let files = state.pr_files.get(&number).cloned().unwrap_or_default();
                state.page(
                    files,
                    &format!("/repos/{o}/{r}/pulls/{number}/files"),
                    &query,
                )
            }
            ("GET", ["repos", o, r, "contents", rest @ ..]) => {
                let key = (
                    format!("{o}/{r}"),
                    query.get("ref").cloned().unwrap_or_default(),
                    rest.join("/"),
                );
                match state.files.get(&key) {
                    Some(bytes) => ok(content_json(&key.2, bytes)),
                    None => error(404, "Not Found"),
                }
            }
            _ => error(404, "Not Found"),
        }
    }
}

/// What `HEAD:PATH` is in a fake repository.
#[derive(Debug, Clone)]
pub enum FakeFile {
    None,
    /// A file; GraphQL cuts its text after `cut` bytes (`isTruncated`), as GitHub does for big blobs.
    Text {
        bytes: Vec<u8>,
        cut: Option<usize>,
    },
    Binary(u64),
    /// A folder at that path.
    Tree,
}

/// A repository as `repositoryOwner.repositories` lists it.
#[derive(Debug, Clone)]
pub struct FakeRepo {
    /// `owner/name`.
    pub name: String,
    pub archived: bool,
    pub fork: bool,
    pub topics: Vec<String>,
    /// The answers file's path in this repository.
    pub path: String,
    pub file: FakeFile,
    /// A GraphQL error for this repository: `(whole node, message)`; the node (or its `object`)
    /// is `null` and `errors` says why, in a 200 answer.
    pub error: Option<(bool, String)>,
    /// The `url` GitHub reports, when not `https://github.com/NAME` (a hostile server's).
    pub url: Option<String>,
}

impl FakeRepo {
    pub fn new(name: &str, file: FakeFile) -> FakeRepo {
        FakeRepo {
            name: name.to_string(),
            archived: false,
            fork: false,
            topics: Vec::new(),
            path: "llmops-maturity.yaml".into(),
            file,
            error: None,
            url: None,
        }
    }

    pub fn text(name: &str, yaml: &str) -> FakeRepo {
        FakeRepo::new(
            name,
            FakeFile::Text {
                bytes: yaml.as_bytes().to_vec(),
                cut: None,
            },
        )
    }
}

impl FakeGitHub {
    /// Says pull request `number` changes `files`: `(path, status, previous path)`, with the
    /// statuses GitHub uses (`added`, `removed`, `modified`, `renamed`).
    pub fn set_pr_files(&self, number: u64, files: &[(&str, &str, Option<&str>)]) {
        let entries = files
            .iter()
            .enumerate()
            .map(|(i, (path, status, previous))| {
                let mut entry = json!({
                    "sha": format!("{i:040x}"),
                    "filename": path,
                    "status": status,
                    "additions": 1, "deletions": 1, "changes": 2,
                    "blob_url": format!("https://github.com/{REPO_FOR_URLS}/blob/x/{path}"),
                    "raw_url": format!("https://github.com/{REPO_FOR_URLS}/raw/x/{path}"),
                    "contents_url": format!("https://api.github.com/repos/{REPO_FOR_URLS}/contents/{path}"),
                });
                if let Some(previous) = previous {
                    entry["previous_filename"] = json!(previous);
                }
                entry
            })
            .collect();
        self.state().pr_files.insert(number, entries);
    }

    /// Adds `repos` to `owner`'s listing (and each cut file to the contents API, whole).
    pub fn add_repos(&self, owner: &str, repos: Vec<FakeRepo>) {
        let mut state = self.state();
        for r in &repos {
            if let FakeFile::Text {
                bytes,
                cut: Some(_),
            } = &r.file
            {
                state.files.insert(
                    (r.name.clone(), "main".into(), r.path.clone()),
                    bytes.clone(),
                );
            }
        }
        state
            .owners
            .entry(owner.to_string())
            .or_default()
            .extend(repos);
    }
}

/// Cursors are opaque to clients; GitHub's look like base64 of `cursor:N`.
fn cursor(n: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("cursor:{n}"))
}

fn from_cursor(c: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(c).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("cursor:")?
        .parse()
        .ok()
}

impl State {
    /// One page of `repositoryOwner.repositories(first: 100, after:)`, shaped as GitHub answers.
    fn owner_page(&self, variables: &Json) -> Json {
        let login = variables["owner"].as_str().unwrap_or_default();
        let reset_at = self.reset_at.as_deref().unwrap_or("2026-11-27T08:00:00Z");
        let rate = json!({"cost": 1, "remaining": 4999, "resetAt": reset_at});
        let Some(repos) = self
            .owners
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(login))
            .map(|(_, v)| v)
        else {
            // GitHub answers an unknown login with `null` and no error.
            return json!({"data": {"rateLimit": rate, "repositoryOwner": null}});
        };
        let start = match variables["after"].as_str() {
            None => 0,
            Some(c) => match from_cursor(c) {
                Some(n) => n + 1,
                None => {
                    return json!({"data": null, "errors": [{"message": format!("`{c}` does not appear to be a valid cursor."), "locations": [{"line": 1, "column": 1}]}]})
                }
            },
        };
        let expression = variables["expression"].as_str().unwrap_or_default();
        let with_topics = variables["withTopics"].as_bool().unwrap_or(false);
        let mut nodes = Vec::new();
        let mut errors = Vec::new();
        let page: Vec<&FakeRepo> = repos.iter().skip(start).take(100).collect();
        for (i, r) in page.iter().enumerate() {
            let at = |tail: Option<&str>| {
                let mut path = json!(["repositoryOwner", "repositories", "nodes", i]);
                if let Some(t) = tail {
                    path.as_array_mut().unwrap().push(json!(t));
                }
                path
            };
            if let Some((true, message)) = &r.error {
                errors.push(json!({"type": "FORBIDDEN", "path": at(None), "message": message, "locations": [{"line": 8, "column": 7}]}));
                nodes.push(Json::Null);
                continue;
            }
            let object = if let Some((false, message)) = &r.error {
                errors.push(json!({"type": "INTERNAL", "path": at(Some("object")), "message": message, "locations": [{"line": 15, "column": 9}]}));
                Json::Null
            } else if expression != format!("HEAD:{}", r.path) {
                Json::Null
            } else {
                match &r.file {
                    FakeFile::None => Json::Null,
                    FakeFile::Tree => json!({"__typename": "Tree"}),
                    FakeFile::Binary(size) => {
                        json!({"__typename": "Blob", "text": null, "isTruncated": false, "isBinary": true, "byteSize": size})
                    }
                    FakeFile::Text { bytes, cut } => {
                        let shown = &bytes[..cut.unwrap_or(bytes.len()).min(bytes.len())];
                        json!({"__typename": "Blob", "text": String::from_utf8_lossy(shown), "isTruncated": cut.is_some(), "isBinary": false, "byteSize": bytes.len()})
                    }
                }
            };
            let mut node = json!({
                "nameWithOwner": r.name,
                "url": r.url.clone().unwrap_or_else(|| format!("https://github.com/{}", r.name)),
                "isArchived": r.archived,
                "isFork": r.fork,
                "defaultBranchRef": {"name": "main"},
                "object": object,
            });
            if with_topics {
                node["repositoryTopics"] = json!({"nodes": r.topics.iter().map(|t| json!({"topic": {"name": t}})).collect::<Vec<_>>()});
            }
            nodes.push(node);
        }
        let end = start + page.len();
        let mut answer = json!({"data": {
            "rateLimit": rate,
            "repositoryOwner": {"login": login, "repositories": {
                "pageInfo": {
                    "hasNextPage": end < repos.len(),
                    "endCursor": if page.is_empty() { Json::Null } else { json!(cursor(end - 1)) },
                },
                "nodes": nodes,
            }},
        }});
        if !errors.is_empty() {
            answer["errors"] = Json::Array(errors);
        }
        answer
    }

    fn find(&self, id: &str) -> Option<usize> {
        let id: u64 = id.parse().ok()?;
        self.comments.iter().position(|(_, c)| c["id"] == id)
    }

    /// A page of comments with GitHub's `Link` header.
    fn list(&self, repo: &str, issue: u64, query: &HashMap<String, String>) -> ResponseTemplate {
        let all: Vec<Json> = self
            .comments
            .iter()
            .filter(|(i, _)| *i == issue)
            .map(|(_, c)| c.clone())
            .collect();
        self.page(
            all,
            &format!("/repos/{repo}/issues/{issue}/comments"),
            query,
        )
        .set_delay(self.list_delay)
    }

    /// One page of `all` as GitHub paginates: `per_page` (default 30, at most 100), `page`,
    /// and `Link` headers to the next, last, previous and first pages.
    fn page(
        &self,
        all: Vec<Json>,
        path: &str,
        query: &HashMap<String, String>,
    ) -> ResponseTemplate {
        let per_page: usize = query
            .get("per_page")
            .and_then(|v| v.parse().ok())
            .unwrap_or(30)
            .clamp(1, 100);
        let page: usize = query
            .get("page")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1)
            .max(1);
        let last = all.len().div_ceil(per_page).max(1);
        let items: Vec<Json> = all
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .collect();
        let url = |p: usize| {
            format!(
                "{}{}{path}?per_page={per_page}&page={p}",
                self.base_url, self.prefix
            )
        };
        let mut links = Vec::new();
        if page < last {
            links.push(format!("<{}>; rel=\"next\"", url(page + 1)));
            links.push(format!("<{}>; rel=\"last\"", url(last)));
        }
        if page > 1 {
            links.push(format!("<{}>; rel=\"prev\"", url(page - 1)));
            links.push(format!("<{}>; rel=\"first\"", url(1)));
        }
        let mut answer = ok(Json::Array(items));
        if !links.is_empty() {
            answer = answer.insert_header("link", links.join(", ").as_str());
        }
        answer
    }
}

fn body_of(request: &Request) -> Option<String> {
    let v: Json = serde_json::from_slice(&request.body).ok()?;
    v["body"].as_str().map(str::to_string)
}

fn ok(body: Json) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

pub fn error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "message": message,
        "documentation_url": "https://docs.github.com/rest",
        "status": status.to_string(),
    }))
}

fn forbidden() -> ResponseTemplate {
    error(403, "Resource not accessible by integration")
}

/// The contents API's answer for a file: base64 in lines of 60, as GitHub sends it.
fn content_json(path: &str, bytes: &[u8]) -> Json {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let content = encoded
        .as_bytes()
        .chunks(60)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    json!({
        "type": "file",
        "encoding": "base64",
        "size": bytes.len(),
        "name": path.rsplit('/').next().unwrap_or(path),
        "path": path,
        "content": content,
        "sha": "3d21ec53a331a6f037a91c368710b99387d012c1",
    })
}
