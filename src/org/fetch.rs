//! Reads every repository of an owner, page by page, through the GitHub client (the shell of `org`).
//!
//! Retries, timeouts and error names are the client's (`github/api.rs`, `github/retry.rs`), the
//! same as `ci`'s. A file GitHub cut short is read again, whole, through the contents API, and so
//! is a questionnaire file an answers file names by path, from the same branch.

use crate::config::MAX_FILE_BYTES;
use crate::github::api::{Client, Repo};
use crate::github::error::ApiError;

use super::query::{self, Answer, Listed, PageError, RateLimit, Remote};

/// Pages followed at most: 100,000 repositories, far beyond any owner, so a server that always
/// says `hasNextPage` cannot keep the command running forever.
const MAX_PAGES: u32 = 1000;

/// Everything listed, and what it cost.
#[derive(Debug)]
pub struct Fetched {
    pub repositories: Vec<Listed>,
    pub unattributed: Vec<String>,
    /// GraphQL requests sent (one per page).
    pub pages: u32,
    /// Contents API requests sent for files GitHub cut short.
    pub refetched: u32,
    /// Contents API requests sent for questionnaire files the answers files name.
    pub questionnaires: u32,
    /// As of the last page.
    pub rate_limit: Option<RateLimit>,
}

/// Why nothing could be rolled up.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("{0}")]
    Page(#[from] PageError),
    #[error("GitHub kept answering `hasNextPage` after {MAX_PAGES} pages")]
    TooManyPages,
}

/// Lists every repository of `owner` with its file at `HEAD:path`; topics only when `with_topics`.
pub async fn list(
    client: &Client,
    owner: &str,
    path: &str,
    with_topics: bool,
) -> Result<Fetched, FetchError> {
    let mut fetched = Fetched {
        repositories: Vec::new(),
        unattributed: Vec::new(),
        pages: 0,
        refetched: 0,
        questionnaires: 0,
        rate_limit: None,
    };
    let mut after: Option<String> = None;
    loop {
        if fetched.pages >= MAX_PAGES {
            return Err(FetchError::TooManyPages);
        }
        let answer: Answer = client
            .graphql(query::request(owner, after.as_deref(), path, with_topics))
            .await?;
        fetched.pages += 1;
        let page = query::parse_page(answer, owner, MAX_FILE_BYTES)?;
        fetched.repositories.extend(page.repositories);
        fetched.unattributed.extend(page.unattributed);
        fetched.rate_limit = page.rate_limit.or(fetched.rate_limit.take());
        match page.next {
            // A cursor that does not move would page forever.
            Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
            _ => break,
        }
    }
    Ok(fetched)
}

/// Reads again, through the contents API, each file that GitHub's GraphQL text cut short; one
/// that still cannot be read whole says why, and is never scored from its cut text.
pub async fn complete_truncated(client: &Client, path: &str, fetched: &mut Fetched) {
    for repo in &mut fetched.repositories {
        let Remote::Truncated { branch } = &repo.file else {
            continue;
        };
        let Some(id) = Repo::parse(&repo.name) else {
            repo.file = Remote::Unreadable(format!("`{}` is not owner/name", repo.name));
            continue;
        };
        // The default branch by name: the contents API's own default is the same branch, but
        // naming it keeps the two reads on one ref.
        let git_ref = branch.clone().unwrap_or_else(|| "HEAD".into());
        fetched.refetched += 1;
        repo.file = match client.file_at(&id, path, &git_ref).await {
            Err(e) => Remote::Unreadable(format!(
                "the file was cut short, and reading it whole failed: {}",
                e.kind
            )),
            read => contents(read),
        };
    }
}

/// Reads, through the contents API, the questionnaire file each answers file names by path
/// (`questionnaire: ./acme-mlops.yaml`), from the repository's default branch, where the answers
/// file was read: the path is known only once the answers file's text is, so GraphQL cannot ask
/// for it in the same query. One request per repository that names one; none for a built-in id.
pub async fn read_questionnaires(client: &Client, path: &str, fetched: &mut Fetched) {
    for repo in &mut fetched.repositories {
        let Remote::Text(text) = &repo.file else {
            continue;
        };
        let Some(wanted) = crate::at_commit::named_questionnaire(path, text.as_bytes()) else {
            continue;
        };
        let (Some(id), Some(branch)) = (Repo::parse(&repo.name), &repo.branch) else {
            continue;
        };
        fetched.questionnaires += 1;
        let read = match client.file_at(&id, &wanted, branch).await {
            Err(e) => Remote::Unreadable(e.kind.to_string()),
            read => contents(read),
        };
        repo.questionnaire = Some((wanted, read));
    }
}

/// What a contents API read gave, as the roll-up judges files.
fn contents(read: Result<Option<Vec<u8>>, ApiError>) -> Remote {
    match read {
        Ok(Some(bytes)) if bytes.len() > MAX_FILE_BYTES => Remote::TooLarge(bytes.len() as u64),
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => Remote::Text(text),
            Err(_) => Remote::Binary,
        },
        Ok(None) => Remote::Missing,
        Err(e) => Remote::Unreadable(e.kind.to_string()),
    }
}
