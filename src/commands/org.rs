//! `org`: every repository's answers file of a user or organization, scored and rolled up into one dashboard.
//!
//! Exit codes: 0 when the roll-up was produced, however many files are invalid or missing (they
//! are data, not failures); 2 when it could not be: no token, an unknown owner, an API that
//! cannot be reached or answers without data, a `--previous` file that cannot be read or is not
//! a roll-up of this owner, or a usage error.

use std::io;
use std::path::PathBuf;

use jiff::civil::Date;

use super::Env;
use crate::capped;
use crate::cli::{OrgArgs, OrgFormat};
use crate::exit::{Exit, Io};
use crate::github::api::{Client, Token};
use crate::github::outputs;
use crate::org::movement::{self, Movement, Previous};
use crate::org::{self, html, render, rollup, Outcome, Request};
use crate::output::{self, Written};
use crate::{escape, untrusted};

/// `org`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub request: Request,
    pub token: Token,
    pub format: OrgFormat,
    pub json_out: Option<PathBuf>,
    /// An earlier JSON roll-up to compare with.
    pub previous: Option<PathBuf>,
    /// The GitHub web host the page may link to (from `GITHUB_SERVER_URL`); empty for none.
    pub host: String,
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
            previous: args.previous,
            host: web_host(env.github.server_url.as_deref()),
            summary: args.summary,
            api_timeout: args.api_timeout,
            today: args.today.or(env.today),
        })
    }
}

/// The host of `GITHUB_SERVER_URL` (github.com without one), or empty when it is not https: the
/// page links only to `https://` on the GitHub the run talked to.
fn web_host(server_url: Option<&str>) -> String {
    let url = server_url.unwrap_or("https://github.com");
    url.strip_prefix("https://")
        .map(|rest| rest.split('/').next().unwrap_or("").to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads and checks the `--previous` roll-up; `Err` is the message to print (exit 2).
fn read_previous(path: &std::path::Path, owner: &str) -> Result<Previous, String> {
    let shown = super::shown_path(path);
    let mut bytes = Vec::new();
    // A roll-up of 10,000 repositories is a few MiB.
    capped::read(path, 64 * 1024 * 1024, &mut bytes).map_err(|e| {
        let why = match e {
            capped::ReadError::NotFound => "no such file".to_string(),
            capped::ReadError::NotAFile(kind) => format!("is {kind}, not a file"),
            capped::ReadError::TooLarge(n) => format!("is {n} bytes, more than 64 MiB"),
            capped::ReadError::Io(e) => e.to_string(),
        };
        format!("--previous {shown}: cannot read it: {why}")
    })?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("--previous {shown}: is not UTF-8 text"))?;
    let previous = movement::parse(&text)
        .map_err(|e| format!("--previous {shown}: {}", untrusted::shown_within(&e, 400)))?;
    if !previous.owner.eq_ignore_ascii_case(owner) {
        return Err(format!(
            "--previous {shown}: is the roll-up of `{}`, not of `{}`",
            untrusted::shown(&previous.owner),
            untrusted::shown(owner)
        ));
    }
    Ok(previous)
}

pub fn run(config: &Config, env: &Env, io: &mut Io) -> io::Result<Exit> {
    // Read before any request, so a wrong file costs no API call.
    let previous = match &config.previous {
        None => None,
        Some(path) => match read_previous(path, &config.request.owner) {
            Ok(p) => Some(p),
            Err(message) => return super::fail(io, &message),
        },
    };
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
    let moved: Option<Movement> = previous.as_ref().map(|p| movement::movement(result, p));
    let markdown = render::markdown(result, config.today, moved.as_ref());
    // Through `escape::json`: a `##[` in a name must not become `##\[`, an invalid escape, when
    // the line writer breaks it.
    let json = escape::json(&render::json(result, moved.as_ref()))?;
    write!(
        io.stdout,
        "{}",
        formatted(config, result, moved.as_ref(), &markdown, &json)
    )?;
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

/// The roll-up in the format asked for (the Markdown and the JSON are made anyway, for the job
/// summary and `--json-out`).
fn formatted(
    config: &Config,
    result: &rollup::Rollup,
    moved: Option<&Movement>,
    markdown: &str,
    json: &str,
) -> String {
    match config.format {
        OrgFormat::Markdown => markdown.to_string(),
        OrgFormat::Json => format!("{json}\n"),
        OrgFormat::Csv => render::csv(result, config.today),
        OrgFormat::Html => html::html(&html::View {
            rollup: result,
            today: config.today,
            host: &config.host,
            movement: moved,
        }),
    }
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
        contents_reads(outcome),
        result.scores().count(),
        result.invalid(),
        result.missing(),
        untrusted::shown(&request.path),
    )
}

/// `" and 3 contents API reads (1 of a file cut short, 2 of questionnaire files)"`, or nothing.
fn contents_reads(outcome: &Outcome) -> String {
    let (cut, questionnaires) = (outcome.refetched, outcome.questionnaires);
    let mut parts = Vec::new();
    if cut > 0 {
        parts.push(format!(
            "{cut} of {}",
            if cut == 1 {
                "a file cut short"
            } else {
                "files cut short"
            }
        ));
    }
    if questionnaires > 0 {
        parts.push(format!(
            "{questionnaires} of {}",
            if questionnaires == 1 {
                "a questionnaire file"
            } else {
                "questionnaire files"
            }
        ));
    }
    match cut + questionnaires {
        0 => String::new(),
        n => format!(
            " and {n} contents API {} ({})",
            if n == 1 { "read" } else { "reads" },
            parts.join(", ")
        ),
    }
}
