//! Publishes the sticky pull request comment through the API: finds it, writes it as the plan says, repairs races.
//!
//! The decisions are `comment.rs`'s (pure); this file carries them out and turns every failure
//! into a `comment-action` and a message that says what to do, so `ci` can go on without it.

use std::io::{self, Write};

use crate::github::api::{Client, Repo};
use crate::github::comment::{self, Identity, Mode, Plan, Wanted};
use crate::github::env::GithubEnv;
use crate::github::error::{ApiError, ErrorKind};
use crate::github::log::Log;
use crate::github::outputs;
use crate::untrusted;

/// What happened to the sticky comment, as the `comment-action` output says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentAction {
    Created,
    Updated,
    Unchanged,
    Skipped,
    /// The token may not write (a fork's read-only token).
    Forbidden,
    /// This run's new comment lost a race to an older one and was removed; `comment-id` is the
    /// one kept.
    Deleted,
}

impl CommentAction {
    pub fn as_str(self) -> &'static str {
        match self {
            CommentAction::Created => "created",
            CommentAction::Updated => "updated",
            CommentAction::Unchanged => "unchanged",
            CommentAction::Skipped => "skipped",
            CommentAction::Forbidden => "forbidden",
            CommentAction::Deleted => "deleted",
        }
    }
}

/// How the run wants the sticky comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentSettings {
    pub mode: Mode,
    /// A comment that cannot be written fails the run (exit 2) instead of warning.
    pub required: bool,
    /// A pull request number was given, so there is one to comment on whatever the event.
    pub explicit_pr: bool,
}

/// What the comment step needs to know about the run.
pub struct CommentStep<'a> {
    pub settings: CommentSettings,
    pub env: &'a GithubEnv,
    pub client: Option<&'a Client>,
    pub repo: Option<&'a Repo>,
    pub pr_number: Option<u64>,
    /// Whether the answers differ from the base; `None` when the base could not be read.
    pub changed: Option<bool>,
}

impl CommentStep<'_> {
    /// Runs the comment step, logs what happened, and pushes `comment-id` and `comment-action`
    /// to the outputs; returns whether the comment failed (an error with `--comment-required`).
    pub async fn publish_and_report(
        &self,
        repo_path: &str,
        report: &str,
        out: &mut Vec<(&str, String)>,
        log: &mut Log<'_>,
    ) -> io::Result<bool> {
        let result = self.run(repo_path, report).await;
        let writes = self
            .client
            .map(Client::take_dry_run_writes)
            .unwrap_or_default();
        for write in &writes {
            writeln!(log, "dry-run: {}", untrusted::shown(write))?;
        }
        // What a reviewer would read, so a dry run previews the comment, not just its URL.
        if writes
            .iter()
            .any(|w| w.starts_with("POST") || w.starts_with("PATCH"))
        {
            writeln!(log, "dry-run: the comment's body:")?;
            writeln!(log, "{report}")?;
        }
        let (action, comment_id, failed) = match result {
            Ok((action, id)) => (action, id, false),
            Err((action, message)) => {
                let level = if self.settings.required {
                    "error"
                } else {
                    "warning"
                };
                log.command(&outputs::titled(
                    level,
                    "llmops-maturity: comment",
                    &message,
                ))?;
                (action, None, true)
            }
        };
        match comment_id {
            Some(id) => writeln!(log, "pull request comment {id}: {}", action.as_str())?,
            None => writeln!(log, "pull request comment: {}", action.as_str())?,
        }
        out.push((
            "comment-id",
            comment_id.map(|id| id.to_string()).unwrap_or_default(),
        ));
        out.push(("comment-action", action.as_str().into()));
        Ok(failed)
    }

    /// Writes the sticky comment if it is wanted; `Err` holds the `comment-action` and a
    /// message saying why it could not be written and what to do.
    async fn run(
        &self,
        repo_path: &str,
        report: &str,
    ) -> Result<(CommentAction, Option<u64>), (CommentAction, String)> {
        let settings = self.settings;
        let on_pull_request = self.env.is_pull_request_event() || settings.explicit_pr;
        if settings.mode == Mode::Never || !on_pull_request {
            return Ok((CommentAction::Skipped, None));
        }
        let cannot = |why: &str| {
            Err((
                CommentAction::Skipped,
                format!("No pull request comment: {why}."),
            ))
        };
        let Some(client) = self.client else {
            // The notice about the missing token already said it; only a required comment fails.
            if settings.required {
                return cannot("GITHUB_TOKEN is not set");
            }
            return Ok((CommentAction::Skipped, None));
        };
        let Some(repo) = self.repo else {
            return cannot("GITHUB_REPOSITORY is not set or not OWNER/NAME");
        };
        let Some(number) = self.pr_number else {
            return cannot("the event has no pull request number; pass --pr-number");
        };
        if self.changed.is_none() && settings.mode != Mode::Always {
            return cannot("the base could not be read, so whether the answers changed is unknown");
        }
        let marker = comment::marker(repo_path);
        let run_url = self.env.run_url().unwrap_or_default();
        let body = comment::fit(&format!("{marker}\n{report}"), &run_url);
        let wanted = Wanted {
            mode: settings.mode,
            changed: self.changed.unwrap_or(false),
            body: &body,
            // The report's diff already says when the answers match the base again.
            reverted_body: &body,
        };
        publish(client, repo, number, &marker, wanted)
            .await
            .map_err(|e| failure(&e))
    }
}

/// Finds the sticky comment, then creates, updates or leaves it, and repairs a creation race.
async fn publish(
    client: &Client,
    repo: &Repo,
    number: u64,
    marker: &str,
    wanted: Wanted<'_>,
) -> Result<(CommentAction, Option<u64>), ApiError> {
    // Without the login, only the Actions token's bot is assumed: never a person, nor another
    // app whose marked comment would then be overwritten.
    let identity = match client.viewer_login().await {
        Ok(login) => Identity::from_viewer(&login),
        Err(_) => Identity::actions(),
    };
    let comments = client.list_comments(repo, number).await?;
    match comment::plan(&comments, marker, &identity, wanted) {
        Plan::Skip { .. } => Ok((CommentAction::Skipped, None)),
        Plan::Unchanged { id } => Ok((CommentAction::Unchanged, Some(id))),
        Plan::Update { id, body } => {
            client.update_comment(repo, id, &body).await?;
            Ok((CommentAction::Updated, Some(id)))
        }
        Plan::Create { body } => {
            let Some(id) = client.create_comment(repo, number, &body).await? else {
                return Ok((CommentAction::Created, None)); // dry run
            };
            let again = client.list_comments(repo, number).await?;
            let fix = comment::dedupe(&again, marker, &identity, id, &body);
            if let Some(body) = &fix.update {
                client.update_comment(repo, fix.keep, body).await?;
            }
            for stale in &fix.delete {
                client.delete_comment(repo, *stale).await?;
            }
            let action = if fix.keep == id {
                CommentAction::Created
            } else {
                CommentAction::Deleted
            };
            Ok((action, Some(fix.keep)))
        }
    }
}

/// The `comment-action` and message for a failed comment: a read-only token gets the fix.
fn failure(e: &ApiError) -> (CommentAction, String) {
    match &e.kind {
        ErrorKind::Forbidden(_) => (
            CommentAction::Forbidden,
            format!(
                "Cannot write the pull request comment: the token is read-only ({e}). \
                 A pull request from a fork gets a read-only GITHUB_TOKEN on `pull_request` events; the report is in the job summary. \
                 For pull requests from branches, give the job `permissions: pull-requests: write`."
            ),
        ),
        _ => (
            CommentAction::Skipped,
            format!("Cannot write the pull request comment: {e}. The report is in the job summary."),
        ),
    }
}
