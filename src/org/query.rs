//! The one GraphQL query of `org` and the plain serde types of its answer, turned into listed repositories.
//!
//! One request asks for a page of 100 repositories, each with its answers file's text at the
//! default branch (`HEAD:PATH`) and, when `--topic` is given, its topics; so 1,000 repositories
//! cost 10 requests. The query text is validated against GitHub's schema by a test
//! (`tests/data/github/schema.graphql`), so a field GitHub would reject fails here first.

use serde::Deserialize;
use serde_json::{json, Value as Json};

/// Repositories per page: the most a GraphQL connection gives
/// (<https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api#node-limit>).
pub const PAGE_SIZE: usize = 100;

/// Topics asked per repository: GitHub allows at most 20 topics on a repository
/// (<https://docs.github.com/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/classifying-your-repository-with-topics>),
/// so the list is always complete and `--topic` can filter without the search API.
pub const TOPICS: usize = 20;

/// The query. `ownerAffiliations: [OWNER]` keeps a user's collaborations out (the default also
/// lists repositories the user only collaborates on); `@include` asks for topics only when a
/// topic filter needs them.
pub const REPOSITORIES: &str = r#"query OrgAnswersFiles($owner: String!, $after: String, $expression: String!, $withTopics: Boolean!) {
  rateLimit { cost remaining resetAt }
  repositoryOwner(login: $owner) {
    login
    repositories(first: 100, after: $after, ownerAffiliations: [OWNER], orderBy: {field: NAME, direction: ASC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        nameWithOwner
        url
        isArchived
        isFork
        defaultBranchRef { name }
        repositoryTopics(first: 20) @include(if: $withTopics) { nodes { topic { name } } }
        object(expression: $expression) {
          __typename
          ... on Blob { text isTruncated isBinary byteSize }
        }
      }
    }
  }
}"#;

/// The request body for one page.
pub fn request(owner: &str, after: Option<&str>, path: &str, with_topics: bool) -> Json {
    json!({
        "query": REPOSITORIES,
        "variables": {
            "owner": owner,
            "after": after,
            "expression": format!("HEAD:{path}"),
            "withTopics": with_topics,
        },
    })
}

/// The whole answer: `data` may be partial when `errors` is not empty.
#[derive(Debug, Deserialize)]
pub struct Answer {
    #[serde(default)]
    pub data: Option<Data>,
    #[serde(default)]
    pub errors: Vec<GraphQlError>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Data {
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
    /// `null` without an error when no user or organization has that login.
    #[serde(default)]
    pub repository_owner: Option<Owner>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    pub cost: u32,
    pub remaining: u32,
    pub reset_at: String,
}

#[derive(Debug, Deserialize)]
pub struct Owner {
    pub login: String,
    pub repositories: Connection,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub page_info: PageInfo,
    /// An entry is `null` when GitHub could not resolve that repository (its error says why).
    #[serde(default)]
    pub nodes: Vec<Option<Node>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    pub name_with_owner: String,
    pub url: String,
    pub is_archived: bool,
    pub is_fork: bool,
    #[serde(default)]
    pub default_branch_ref: Option<BranchRef>,
    #[serde(default)]
    pub repository_topics: Option<Topics>,
    #[serde(default)]
    pub object: Option<GitObject>,
}

#[derive(Debug, Deserialize)]
pub struct BranchRef {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Topics {
    #[serde(default)]
    pub nodes: Vec<Option<TopicNode>>,
}

#[derive(Debug, Deserialize)]
pub struct TopicNode {
    pub topic: Topic,
}

#[derive(Debug, Deserialize)]
pub struct Topic {
    pub name: String,
}

/// The object at `HEAD:PATH`: a blob (the file), or a tree when the path is a folder.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GitObject {
    #[serde(rename = "__typename")]
    pub typename: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub is_truncated: Option<bool>,
    #[serde(default)]
    pub is_binary: Option<bool>,
    #[serde(default)]
    pub byte_size: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GraphQlError {
    #[serde(default)]
    pub message: String,
    /// Where in `data` the error belongs, e.g. `["repositoryOwner", "repositories", "nodes", 3, "object"]`.
    #[serde(default)]
    pub path: Vec<Json>,
    /// `NOT_FOUND`, `FORBIDDEN`, `RATE_LIMITED`... (GitHub's extension to the spec).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

impl GraphQlError {
    /// The index of the repository the error belongs to, when its path points into `nodes`.
    pub fn node_index(&self) -> Option<usize> {
        match self.path.as_slice() {
            [owner, repos, nodes, index, ..]
                if owner == "repositoryOwner" && repos == "repositories" && nodes == "nodes" =>
            {
                index.as_u64().map(|i| i as usize)
            }
            _ => None,
        }
    }
}

/// What the answer says about one repository's answers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remote {
    /// The whole text of the file.
    Text(String),
    /// No file at that path on the default branch (or no default branch: an empty repository).
    Missing,
    /// Something that is not a file: a folder or a submodule.
    NotAFile(String),
    /// GitHub says the file is binary.
    Binary,
    /// Larger than an answers file may be; not fetched.
    TooLarge(u64),
    /// GitHub cut the text; the whole file must come from the contents API.
    Truncated { branch: Option<String> },
    /// GitHub could not read this repository or its file; its message.
    Unreadable(String),
}

/// One repository of the owner, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// `owner/name`.
    pub name: String,
    pub url: String,
    pub archived: bool,
    pub fork: bool,
    /// `None` when topics were not asked for.
    pub topics: Option<Vec<String>>,
    /// The default branch's name: `None` for an empty repository.
    pub branch: Option<String>,
    pub file: Remote,
    /// The questionnaire file the answers file names (by repository path) and what the contents
    /// API gave for it on the same branch; filled by the shell once the answers are listed, since
    /// the path is known only from the file's text.
    pub questionnaire: Option<(String, Remote)>,
}

/// One page, parsed.
#[derive(Debug, Default)]
pub struct Page {
    pub repositories: Vec<Listed>,
    /// Errors that are not about a listed repository's file: a node that came back `null`, a
    /// field other than the file, a cursor.
    pub unattributed: Vec<String>,
    pub next: Option<String>,
    pub rate_limit: Option<RateLimit>,
}

/// Why a page gives no repositories at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// `repositoryOwner` is `null`: there is no such user or organization (or the token cannot see it).
    #[error("no user or organization `{0}` on this GitHub (or the token cannot see it)")]
    UnknownOwner(String),
    /// GitHub answered without the data asked for.
    #[error("GitHub answered without data: {0}")]
    NoData(String),
}

/// Turns one answer into listed repositories; `max_bytes` is the largest file that is read.
pub fn parse_page(answer: Answer, owner: &str, max_bytes: usize) -> Result<Page, PageError> {
    let errors_text = || {
        let messages: Vec<&str> = answer.errors.iter().map(|e| e.message.as_str()).collect();
        if messages.is_empty() {
            "no `data.repositoryOwner`".to_string()
        } else {
            messages.join("; ")
        }
    };
    let Some(data) = &answer.data else {
        return Err(PageError::NoData(errors_text()));
    };
    let Some(found) = &data.repository_owner else {
        // GitHub answers an unknown login with `null` and, depending on the server, a NOT_FOUND
        // error; any other error is something else (rate limit, SAML) and says so.
        let other = answer
            .errors
            .iter()
            .any(|e| e.kind.as_deref() != Some("NOT_FOUND"));
        return Err(if other {
            PageError::NoData(errors_text())
        } else {
            PageError::UnknownOwner(owner.to_string())
        });
    };
    let mut page = Page {
        next: found
            .repositories
            .page_info
            .has_next_page
            .then(|| found.repositories.page_info.end_cursor.clone())
            .flatten(),
        rate_limit: data.rate_limit.clone(),
        ..Page::default()
    };
    for (i, node) in found.repositories.nodes.iter().enumerate() {
        let errors: Vec<&GraphQlError> = answer
            .errors
            .iter()
            .filter(|e| e.node_index() == Some(i))
            .collect();
        let Some(node) = node else {
            for e in errors {
                page.unattributed.push(e.message.clone());
            }
            continue;
        };
        let listed = listed(node, &errors, max_bytes, &mut page.unattributed);
        page.repositories.push(listed);
    }
    // Errors that point nowhere in the list (a bad cursor, a field of the owner) are not lost.
    for e in &answer.errors {
        if e.node_index().is_none() {
            page.unattributed.push(e.message.clone());
        }
    }
    Ok(page)
}

/// One repository of the page, with the errors GitHub reported on it: an error on the file
/// makes it unreadable, the others are kept in `unattributed` with the repository's name.
fn listed(
    node: &Node,
    errors: &[&GraphQlError],
    max_bytes: usize,
    unattributed: &mut Vec<String>,
) -> Listed {
    // An error on the file (or the whole node) makes the file unreadable; one on another
    // field (topics, default branch) is reported, and the file is still scored.
    let on_file = errors
        .iter()
        .position(|e| e.path.len() == 4 || e.path.get(4).is_some_and(|f| f == "object"));
    let file = match on_file {
        Some(i) => Remote::Unreadable(errors[i].message.clone()),
        None => remote(node, max_bytes),
    };
    for (j, e) in errors.iter().enumerate() {
        if Some(j) != on_file {
            unattributed.push(format!("{}: {}", node.name_with_owner, e.message));
        }
    }
    Listed {
        name: node.name_with_owner.clone(),
        url: node.url.clone(),
        archived: node.is_archived,
        fork: node.is_fork,
        topics: node.repository_topics.as_ref().map(|t| {
            t.nodes
                .iter()
                .flatten()
                .map(|n| n.topic.name.clone())
                .collect()
        }),
        branch: node.default_branch_ref.as_ref().map(|b| b.name.clone()),
        file,
        questionnaire: None,
    }
}

fn remote(node: &Node, max_bytes: usize) -> Remote {
    let Some(object) = &node.object else {
        return Remote::Missing;
    };
    if object.typename != "Blob" {
        return Remote::NotAFile(object.typename.clone());
    }
    let size = object.byte_size.unwrap_or(0);
    if size > max_bytes as u64 {
        return Remote::TooLarge(size);
    }
    if object.is_binary == Some(true) {
        return Remote::Binary;
    }
    match (&object.text, object.is_truncated) {
        (Some(text), Some(false)) => Remote::Text(text.clone()),
        (_, Some(true)) => Remote::Truncated {
            branch: node.default_branch_ref.as_ref().map(|b| b.name.clone()),
        },
        // No text and not said to be truncated: GitHub gives no text for binary content.
        (None, _) => Remote::Binary,
        // `isTruncated` missing: the text cannot be trusted to be whole.
        (Some(_), None) => Remote::Truncated {
            branch: node.default_branch_ref.as_ref().map(|b| b.name.clone()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(value: Json) -> Result<Page, PageError> {
        parse_page(serde_json::from_value(value).unwrap(), "acme", 1024 * 1024)
    }

    fn node(name: &str, object: Json) -> Json {
        json!({
            "nameWithOwner": name, "url": format!("https://github.com/{name}"),
            "isArchived": false, "isFork": false,
            "defaultBranchRef": {"name": "main"}, "object": object,
        })
    }

    #[test]
    fn an_unknown_owner_is_null_without_an_error_or_with_not_found() {
        let none = json!({"data": {"rateLimit": null, "repositoryOwner": null}});
        assert_eq!(
            page(none).unwrap_err(),
            PageError::UnknownOwner("acme".into())
        );
        let not_found = json!({"data": {"repositoryOwner": null},
            "errors": [{"type": "NOT_FOUND", "message": "Could not resolve to a RepositoryOwner"}]});
        assert!(matches!(
            page(not_found).unwrap_err(),
            PageError::UnknownOwner(_)
        ));
        let limited = json!({"data": {"repositoryOwner": null},
            "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]});
        assert_eq!(
            page(limited).unwrap_err(),
            PageError::NoData("API rate limit exceeded".into())
        );
    }

    #[test]
    fn each_kind_of_object_becomes_what_it_is() {
        let blob = |text: Json, truncated: bool, binary: bool, size: u64| json!({"__typename": "Blob", "text": text, "isTruncated": truncated, "isBinary": binary, "byteSize": size});
        let p = page(json!({"data": {"repositoryOwner": {"login": "acme", "repositories": {
            "pageInfo": {"hasNextPage": true, "endCursor": "Y3Vyc29yOjI="},
            "nodes": [
                node("acme/a", blob(json!("version: 1\n"), false, false, 11)),
                node("acme/b", Json::Null),
                node("acme/c", json!({"__typename": "Tree"})),
                node("acme/d", blob(Json::Null, false, true, 10)),
                node("acme/e", blob(json!("version"), true, false, 600_000)),
                node("acme/f", blob(Json::Null, true, false, 2_000_000)),
                null_node(),
                node("acme/h", Json::Null),
            ]}}},
            "errors": [
                {"message": "Repository access blocked", "path": ["repositoryOwner", "repositories", "nodes", 6]},
                {"message": "timeout", "path": ["repositoryOwner", "repositories", "nodes", 7, "object"]},
                {"message": "no topics", "path": ["repositoryOwner", "repositories", "nodes", 0, "repositoryTopics"]},
            ]}))
        .unwrap();
        let files: Vec<&Remote> = p.repositories.iter().map(|r| &r.file).collect();
        assert_eq!(
            files,
            [
                &Remote::Text("version: 1\n".into()),
                &Remote::Missing,
                &Remote::NotAFile("Tree".into()),
                &Remote::Binary,
                &Remote::Truncated {
                    branch: Some("main".into())
                },
                &Remote::TooLarge(2_000_000),
                &Remote::Unreadable("timeout".into()),
            ]
        );
        // A field other than the file does not stop the file from being scored.
        assert_eq!(
            p.unattributed,
            ["acme/a: no topics", "Repository access blocked"]
        );
        assert_eq!(p.next.as_deref(), Some("Y3Vyc29yOjI="));
    }

    fn null_node() -> Json {
        Json::Null
    }

    #[test]
    fn the_request_asks_for_the_file_at_the_default_branch() {
        let r = request("acme", None, "teams/llmops-maturity.yaml", true);
        assert_eq!(
            r["variables"]["expression"],
            "HEAD:teams/llmops-maturity.yaml"
        );
        assert_eq!(r["variables"]["after"], Json::Null);
        assert!(REPOSITORIES.contains(&format!("first: {PAGE_SIZE}")));
        assert!(REPOSITORIES.contains(&format!("repositoryTopics(first: {TOPICS})")));
    }
}
