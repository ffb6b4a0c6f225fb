//! The commands layer: each command's arguments become a checked configuration, and its `run` is the one place that decides the exit code.
//!
//! ripgrep's `LowArgs` -> `HiArgs` is the model: `cli` holds what clap parsed, each module here
//! turns it into a `Config` (defaults applied, values checked) and runs it with the process's
//! environment and writers handed in. Domain modules below take values, never clap types.

pub mod badge;
pub mod check;
pub mod ci;
pub mod diff;
pub mod history;
pub mod init;
pub mod org;
pub mod questions;
pub mod scan;
pub mod schema;

use std::io;
use std::path::Path;

use jiff::civil::Date;

use crate::cli::Command;
use crate::exit::{Exit, Io};
use crate::github::env::GithubEnv;
use crate::questionnaire::Questionnaire;
use crate::untrusted;
use crate::validate::QuestionnaireError;

/// What a command may read of the process around it, read once by `main`.
#[derive(Debug, Clone)]
pub struct Env {
    /// The runner's `GITHUB_*` variables (empty outside a runner).
    pub github: GithubEnv,
    /// Today in UTC: the one reading of the clock, so a run can be replayed on any day with
    /// `--today`.
    pub today: Date,
    /// How many threads scoring may use.
    pub threads: usize,
}

impl Env {
    /// The environment of this process.
    pub fn from_process() -> Env {
        Env {
            github: GithubEnv::from_env(),
            today: jiff::tz::TimeZone::UTC
                .to_datetime(jiff::Timestamp::now())
                .date(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Runs one command.
pub fn run(command: Command, env: &Env, io: &mut Io) -> io::Result<Exit> {
    match command {
        Command::Check(args) => check::run(&check::Config::new(args, env), io),
        Command::Diff(args) => match diff::Config::new(args, env) {
            Ok(config) => diff::run(&config, io),
            Err(message) => fail(io, &message),
        },
        Command::Init(args) => match init::Config::new(args) {
            Ok(config) => init::run(&config, io),
            Err(message) => fail(io, &message),
        },
        Command::Questions(args) => match questions::Config::new(args) {
            Ok(config) => questions::run(&config, io),
            Err(message) => fail(io, &message),
        },
        Command::Schema(args) => match schema::Config::new(args) {
            Ok(config) => schema::run(&config, io),
            Err(message) => fail(io, &message),
        },
        Command::Scan(args) => match scan::Config::new(args) {
            Ok(config) => scan::run(&config, io),
            Err(message) => fail(io, &message),
        },
        Command::Ci(args) => ci::run(&ci::Config::new(args, env), env, io),
        Command::Org(args) => match org::Config::new(args, env) {
            Ok(config) => org::run(&config, env, io),
            Err(message) => fail(io, &message),
        },
        Command::History(args) => history::run(&history::Config::new(args)?, io),
        Command::Badge(args) => badge::run(&badge::Config::new(args), io),
    }
}

/// The questionnaire `value` names: a built-in id, or a file's path relative to `dir` (inside the
/// repository around it, read as every repository file is); `Err` is the message to print, with
/// the file's problems one per line.
fn questionnaire(value: Option<&str>, dir: &Path) -> Result<&'static Questionnaire, String> {
    let Some(value) = value else {
        return Ok(crate::questionnaire::builtin());
    };
    if !crate::validate::is_questionnaire_path(value) {
        return crate::questionnaire::find(value).ok_or_else(|| {
            let known: Vec<&str> = crate::questionnaire::all().iter().map(|q| q.id).collect();
            format!(
                "unknown questionnaire `{}`; the built-ins are {}, or pass the path of a questionnaire file",
                untrusted::shown(value),
                known.join(", ")
            )
        });
    }
    let root = crate::load::default_repo_root(&dir.join(value));
    let shown = crate::load::normalize(&dir.join(value))
        .display()
        .to_string();
    crate::load::questionnaire_file(dir, value, &root).map_err(|e| match e {
        QuestionnaireError::Unreadable(why) => format!("{}: {why}", untrusted::shown(&shown)),
        QuestionnaireError::Invalid(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|d| d.display(&shown).to_string())
                .collect();
            format!(
                "{} is not a valid questionnaire file ({}):\n{}",
                untrusted::shown(&shown),
                crate::render::text::plural(problems.len() as u32, "problem"),
                lines.join("\n")
            )
        }
    })
}

/// What a rules file that cannot be used says: its problems one per line, as a questionnaire
/// file's are.
fn rules_problems(e: &crate::load::RulesError) -> String {
    match e {
        crate::load::RulesError::Unreadable(shown, why) => {
            format!("{}: {why}", untrusted::shown(shown))
        }
        crate::load::RulesError::Invalid(shown, problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|d| d.display(shown).to_string())
                .collect();
            format!(
                "{} is not a valid rules file ({}):\n{}",
                untrusted::shown(shown),
                crate::render::text::plural(problems.len() as u32, "problem"),
                lines.join("\n")
            )
        }
    }
}

/// `llmops-maturity: error: MESSAGE` on stderr, and exit 2.
fn fail(io: &mut Io, message: &str) -> io::Result<Exit> {
    let line = crate::render::problems::own("error", message, io.stderr_color);
    writeln!(io.stderr, "{line}")?;
    Ok(Exit::Invalid)
}

/// A path from the command line, shown on one line.
fn shown_path(path: &Path) -> String {
    untrusted::shown(&path.to_string_lossy()).into_owned()
}
