//! The `org` command: every repository's answers file of a user or organization, scored and rolled up into one dashboard.
//!
//! Exit codes: 0 when the roll-up was produced, however many files are invalid or missing (they
//! are data, not failures); 2 when it could not be: no token, an unknown owner, an API that
//! cannot be reached or answers without data, or a usage error.

pub mod fetch;
pub mod query;
pub mod render;
pub mod rollup;

use std::io;

use jiff::civil::Date;

use crate::cli::{OrgArgs, OrgFormat};
use crate::exit::{Exit, Io};
use crate::github::api::Client;
use crate::github::env::GithubEnv;
use crate::github::outputs;
use crate::untrusted;

/// Runs `org` with the runner's environment and today's date handed in.
pub fn run(args: &OrgArgs, env: &GithubEnv, today: Date, io: &mut Io<'_>) -> io::Result<Exit> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run_async(args, env, today, io))
}

fn fail(io: &mut Io<'_>, message: &str) -> io::Result<Exit> {
    writeln!(io.stderr, "llmops-maturity: error: {message}")?;
    Ok(Exit::Invalid)
}

/// The answers file's path inside a repository, as git names it: no `./`, no leading `/`.
fn repo_path(config: &str) -> Option<String> {
    let parts: Vec<&str> = config
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    (!parts.is_empty() && !parts.contains(&"..")).then(|| parts.join("/"))
}

async fn run_async(
    args: &OrgArgs,
    env: &GithubEnv,
    today: Date,
    io: &mut Io<'_>,
) -> io::Result<Exit> {
    let owner = args.owner.trim();
    if owner.is_empty() {
        return fail(
            io,
            "the owner is empty: pass the organization or user login",
        );
    }
    let Some(path) = repo_path(&args.config) else {
        return fail(
            io,
            &format!(
                "--config `{}` is not a path inside a repository",
                untrusted::shown(&args.config)
            ),
        );
    };
    let Some(token) = &env.token else {
        return fail(
            io,
            "GITHUB_TOKEN is not set: `org` reads every repository through the GitHub API. Set it to a token that can read the owner's repositories (in a workflow: `env: GITHUB_TOKEN: ${{ secrets.ORG_READ_TOKEN }}`).",
        );
    };
    let client = match Client::new(env.api_config(token.clone(), args.api_timeout, false)) {
        Ok(client) => client,
        Err(message) => return fail(io, &untrusted::shown(&message)),
    };

    let topic = args
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let mut fetched = match fetch::list(&client, owner, &path, topic.is_some()).await {
        Ok(fetched) => fetched,
        Err(e) => {
            return fail(
                io,
                &format!(
                    "{}: cannot list the repositories: {}",
                    untrusted::shown(owner),
                    untrusted::shown_within(&e.to_string(), 400)
                ),
            )
        }
    };
    let filter = rollup::Filter {
        include_archived: args.include_archived,
        include_forks: args.include_forks,
        topic: topic.map(str::to_ascii_lowercase),
    };
    let listed = fetched.repositories.len();
    let (kept, left_out) = rollup::select(std::mem::take(&mut fetched.repositories), &filter);
    fetched.repositories = kept;
    fetch::complete_truncated(&client, &path, &mut fetched).await;
    let result = rollup::rollup(
        owner,
        &path,
        &fetched.repositories,
        left_out,
        std::mem::take(&mut fetched.unattributed),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );

    for message in &result.unattributed {
        writeln!(
            io.stderr,
            "llmops-maturity: warning: GitHub reported a problem: {}",
            untrusted::shown(message)
        )?;
    }
    let rate = fetched.rate_limit.as_ref().map_or(String::new(), |r| {
        format!(
            "; rate limit: {} points left, resets {}",
            r.remaining,
            untrusted::shown(&r.reset_at)
        )
    });
    writeln!(
        io.stderr,
        "{}: {listed} repositories listed in {} GraphQL {}{}{rate}; {} assessed, {} invalid, {} without {}",
        untrusted::shown(owner),
        fetched.pages,
        if fetched.pages == 1 { "request" } else { "requests" },
        if fetched.refetched > 0 {
            format!(" and {} contents API reads", fetched.refetched)
        } else {
            String::new()
        },
        result.scores().count(),
        result.invalid(),
        result.missing(),
        untrusted::shown(&path),
    )?;

    let markdown = render::markdown(&result, today);
    let json = serde_json::to_string_pretty(&render::json(&result))?;
    match args.format {
        OrgFormat::Markdown => write!(io.stdout, "{markdown}")?,
        OrgFormat::Json => writeln!(io.stdout, "{json}")?,
        OrgFormat::Csv => write!(io.stdout, "{}", render::csv(&result, today))?,
    }
    if args.summary {
        if let Some(summary) = &env.step_summary {
            if let Err(e) = outputs::append(summary, &outputs::cap_summary(&markdown)) {
                writeln!(
                    io.stderr,
                    "llmops-maturity: warning: cannot write the job summary: {e}"
                )?;
            }
        }
    }
    if let Some(json_out) = &args.json_out {
        if let Err(e) = std::fs::write(json_out, format!("{json}\n")) {
            return fail(
                io,
                &format!(
                    "cannot write {}: {e}",
                    untrusted::shown(&json_out.display().to_string())
                ),
            );
        }
        if let Some(output) = &env.output {
            let line = outputs::output("json", &json_out.display().to_string());
            if let Err(e) = outputs::append(output, &line) {
                writeln!(
                    io.stderr,
                    "llmops-maturity: warning: cannot write the step outputs: {e}"
                )?;
            }
        }
    }
    Ok(Exit::Ok)
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
