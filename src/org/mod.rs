//! The `org` command: every repository's answers file of a user or organization, scored and rolled up into one dashboard.

pub mod fetch;
pub mod html;
pub mod movement;
pub mod query;
pub mod render;
pub mod rollup;

use crate::github::api::Client;
use crate::untrusted;

/// What to roll up: whose repositories, which file in each, and which repositories count.
#[derive(Debug, Clone)]
pub struct Request {
    /// The organization or user login, trimmed and not empty.
    pub owner: String,
    /// The answers file's path inside each repository, as git names it.
    pub path: String,
    pub filter: rollup::Filter,
    /// How many threads scoring may use.
    pub threads: usize,
}

/// The roll-up and what it cost.
#[derive(Debug)]
pub struct Outcome {
    pub rollup: rollup::Rollup,
    /// Repositories listed before the filter.
    pub listed: usize,
    /// GraphQL requests made, contents API reads of files GraphQL cut short, and of the
    /// questionnaire files answers files name by path.
    pub pages: u32,
    pub refetched: u32,
    pub questionnaires: u32,
    pub rate_limit: Option<query::RateLimit>,
}

/// Lists the owner's repositories, reads each one's answers file, and scores them; `Err` says
/// why the roll-up could not be made (the listing failed), ready to print.
pub async fn roll_up(client: &Client, request: &Request) -> Result<Outcome, String> {
    let topic = request.filter.topic.is_some();
    let mut fetched = fetch::list(client, &request.owner, &request.path, topic)
        .await
        .map_err(|e| {
            format!(
                "{}: cannot list the repositories: {}",
                untrusted::shown(&request.owner),
                untrusted::shown_within(&e.to_string(), 400)
            )
        })?;
    let listed = fetched.repositories.len();
    let (kept, left_out) =
        rollup::select(std::mem::take(&mut fetched.repositories), &request.filter);
    fetched.repositories = kept;
    fetch::complete_truncated(client, &request.path, &mut fetched).await;
    fetch::read_questionnaires(client, &request.path, &mut fetched).await;
    let rollup = rollup::rollup(
        &request.owner,
        &request.path,
        &fetched.repositories,
        left_out,
        std::mem::take(&mut fetched.unattributed),
        request.threads,
    );
    Ok(Outcome {
        rollup,
        listed,
        pages: fetched.pages,
        refetched: fetched.refetched,
        questionnaires: fetched.questionnaires,
        rate_limit: fetched.rate_limit,
    })
}

/// The answers file's path inside a repository, as git names it: no `./`, no leading `/`.
pub fn repo_path(config: &str) -> Option<String> {
    let parts: Vec<&str> = config
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    (!parts.is_empty() && !parts.contains(&"..")).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_paths_are_made_repository_relative() {
        assert_eq!(
            repo_path("./llmops-maturity.yaml").as_deref(),
            Some("llmops-maturity.yaml")
        );
        assert_eq!(repo_path("/teams//a.yaml").as_deref(), Some("teams/a.yaml"));
        assert_eq!(repo_path("../x.yaml"), None);
        assert_eq!(repo_path("./"), None);
    }
}
