//! `org`: every repository's answers file of a user or organization, scored and rolled up into one dashboard.
//!
//! Exit codes: 0 when the roll-up was produced, however many files are invalid or missing (they
//! are data, not failures); 2 when it could not be: no token, an unknown owner, an API that
//! cannot be reached or answers without data, or a usage error.

use std::io;
use std::path::PathBuf;

use jiff::civil::Date;

use super::Env;
use crate::cli::{OrgArgs, OrgFormat};
use crate::exit::{Exit, Io};
use crate::github::api::{Client, Token};
use crate::github::outputs;
use crate::org::{self, render, rollup, Outcome, Request};
use crate::output::{self, Written};
use crate::{escape, untrusted};

/// `org`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub request: Request,
    pub token: Token,
    pub format: OrgFormat,
    pub json_out: Option<PathBuf>,
    pub summary: bool,
    pub api_timeout: u64,
    /// "Days since assessed" is counted from here.
    pub today: Date,
}

impl Config {
    /// Checks the owner, the path and the token; `Err` is the message to print (exit 2).
    pub fn new(args: OrgArgs, env: &Env) -> Result<Config, String> {
        let owner = args.owner.trim();
        if owner.is_empty() {
            return Err("the owner is empty: pass the organization or user login".into());
        }
        let Some(path) = org::repo_path(&args.config) else {
            return Err(format!(
                "--config `{}` is not a path inside a repository",
                untrusted::shown(&args.config)
            ));
        };
        let Some(token) = env.github.token.clone() else {
            return Err("GITHUB_TOKEN is not set: `org` reads every repository through the GitHub API. Set it to a token that can read the owner's repositories (in a workflow: `env: GITHUB_TOKEN: ${{ secrets.ORG_READ_TOKEN }}`).".into());
        };
        let topic = args
            .topic
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_ascii_lowercase);
        Ok(Config {
            request: Request {
                owner: owner.to_string(),
                path,
                filter: rollup::Filter {
                    include_archived: args.include_archived,
                    include_forks: args.include_forks,
                    topic,
                },
                threads: env.threads,
            },
            token,
            format: args.format,
            json_out: args.json_out,
            summary: args.summary,
            api_timeout: args.api_timeout,
            today: args.today.or(env.today),
        })
    }
}

pub fn run(config: &Config, env: &Env, io: &mut Io) -> io::Result<Exit> {
    let api = env
        .github
        .api_config(config.token.clone(), config.api_timeout, false);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // The client's connection pool needs the runtime that runs it.
    let outcome = runtime.block_on(async {
        let client = Client::new(api).map_err(|message| untrusted::shown(&message).into_owned())?;
        org::roll_up(&client, &config.request).await
    });
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(message) => return super::fail(io, &message),
    };
    report_progress(&outcome, &config.request, io)?;
    let result = &outcome.rollup;
    let markdown = render::markdown(result, config.today);
    // Through `escape::json`: a `##[` in a name must not become `##\[`, an invalid escape, when
    // the line writer breaks it.
    let json = escape::json(&render::json(result))?;
    match config.format {
        OrgFormat::Markdown => write!(io.stdout, "{markdown}")?,
        OrgFormat::Json => writeln!(io.stdout, "{json}")?,
        OrgFormat::Csv => write!(io.stdout, "{}", render::csv(result, config.today))?,
    }
    if config.summary {
        if let Some(summary) = &env.github.step_summary {
            if let Err(e) = outputs::append(summary, &outputs::cap_summary(&markdown)) {
                writeln!(
                    io.stderr,
                    "llmops-maturity: warning: cannot write the job summary: {e}"
                )?;
            }
        }
    }
    let Some(json_out) = &config.json_out else {
        return Ok(Exit::Ok);
    };
    match output::write(json_out, format!("{json}\n").as_bytes(), true) {
        Ok(Written::File) => {}
        Ok(Written::ReplacedLink) => writeln!(
            io.stderr,
            "llmops-maturity: note: {} was a symbolic link; it is replaced by the roll-up, and what it pointed to is untouched",
            super::shown_path(json_out)
        )?,
        Err(e) => {
            let message = format!("cannot write {}: {e}", super::shown_path(json_out));
            return super::fail(io, &message);
        }
    }
    if let Some(output) = &env.github.output {
        let line = outputs::output("json", &json_out.display().to_string());
        if let Err(e) = outputs::append(output, &line) {
            writeln!(
                io.stderr,
                "llmops-maturity: warning: cannot write the step outputs: {e}"
            )?;
        }
    }
    Ok(Exit::Ok)
}

/// What GitHub reported and what the roll-up cost, on stderr.
fn report_progress(outcome: &Outcome, request: &Request, io: &mut Io) -> io::Result<()> {
    let result = &outcome.rollup;
    for message in &result.unattributed {
        writeln!(
            io.stderr,
            "llmops-maturity: warning: GitHub reported a problem: {}",
            untrusted::shown(message)
        )?;
    }
    let rate = outcome.rate_limit.as_ref().map_or(String::new(), |r| {
        format!(
            "; rate limit: {} points left, resets {}",
            r.remaining,
            untrusted::shown(&r.reset_at)
        )
    });
    let pages = outcome.pages;
    writeln!(
        io.stderr,
        "{}: {} repositories listed in {pages} GraphQL {}{}{rate}; {} assessed, {} invalid, {} without {}",
        untrusted::shown(&request.owner),
        outcome.listed,
        if pages == 1 { "request" } else { "requests" },
        if outcome.refetched > 0 {
            format!(" and {} contents API reads", outcome.refetched)
        } else {
            String::new()
        },
        result.scores().count(),
        result.invalid(),
        result.missing(),
        untrusted::shown(&request.path),
    )
}
