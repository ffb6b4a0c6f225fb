//! Command-line definitions (clap); `main.rs` turns them into actions.

use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};
use jiff::civil::Date;

use crate::commitments::parse_date;
use crate::github::comment::Mode;
use crate::render::Format;
use crate::scan::evidence::Mode as EvidenceMode;

/// Validate, score and report an LLMOps maturity self-assessment (llmops-maturity.yaml).
#[derive(Debug, Parser)]
#[command(name = "llmops-maturity", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 ok, 1 gate failed (below --min-level, a warning with --deny-warnings, or a level regression), 2 invalid file or usage error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate and score an answers file, print the report, and gate on the level.
    Check(CheckArgs),
    /// Show what changed between two answers files: per dimension, score and level.
    Diff(DiffArgs),
    /// Write a starter answers file that lists every question and option.
    Init(InitArgs),
    /// Print the questionnaire.
    Questions(QuestionsArgs),
    /// Print the JSON Schema (draft-07) of the answers file, for editors.
    Schema,
    /// Inside a GitHub Actions job: check, compare with the pull request's base, and report as a
    /// job summary, step outputs, annotations and a pull request comment.
    Ci(CiArgs),
    /// Look through a repository for LLMOps practices and report, per dimension, the level its
    /// files support, with file and line.
    Scan(ScanArgs),
    /// Read the answers file of every repository of an organization or user through the GitHub
    /// API, score each, and print a roll-up dashboard (needs GITHUB_TOKEN).
    Org(OrgArgs),
    /// The score of every version of the answers file along the first-parent history of HEAD.
    History(crate::history::HistoryArgs),
    /// Write a badge for the level: an SVG image or a shields.io endpoint JSON.
    Badge(crate::badge::BadgeArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The answers file.
    #[arg(default_value = "llmops-maturity.yaml")]
    pub path: PathBuf,
    /// Exit 1 when the level is below this (1-4).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub min_level: Option<u8>,
    /// Exit 1 when there is any warning (such as an evidence path that does not exist).
    #[arg(long)]
    pub deny_warnings: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Where evidence paths are looked up [default: the git top level, else the file's folder].
    #[arg(long)]
    pub repo_root: Option<PathBuf>,
    /// Hold each answer against what `scan` finds in the repository root: `warn` reports an
    /// answer nothing backs (`unsupported-claim`), `deny` also fails the gate (exit 1).
    #[arg(long, value_enum, default_value_t = EvidenceMode::Off)]
    pub evidence: EvidenceMode,
    #[command(flatten)]
    pub today: Today,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The answers file before the change (e.g. from the base branch).
    pub base: PathBuf,
    /// The answers file after the change.
    pub head: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub today: Today,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the starter file.
    #[arg(default_value = "llmops-maturity.yaml")]
    pub path: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Scan the repository (the git top level around PATH) and start each answer at the level
    /// its files support, with the signals as comments.
    #[arg(long)]
    pub from_scan: bool,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// `text` or `markdown` (`json` prints the schema's view of the questions).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Flags of `ci`; each is also read from `LLMOPS_MATURITY_<FLAG>`, which is how the action
/// passes its inputs (through `env:`, never interpolated into a script).
#[derive(Debug, Args)]
pub struct CiArgs {
    /// The answers file, relative to GITHUB_WORKSPACE (else the current folder) [default: llmops-maturity.yaml]
    #[arg(long, env = "LLMOPS_MATURITY_CONFIG")]
    pub config: Option<PathBuf>,
    /// Fail (exit 1) when the level is below this (1-4).
    #[arg(long, env = "LLMOPS_MATURITY_MIN_LEVEL", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub min_level: Option<u8>,
    /// Fail (exit 1) when the level is lower than the base's.
    #[arg(long, env = "LLMOPS_MATURITY_FAIL_ON_REGRESSION", value_parser = BoolishValueParser::new())]
    pub fail_on_regression: bool,
    /// When to write the pull request comment.
    #[arg(long, env = "LLMOPS_MATURITY_COMMENT", value_enum, default_value_t = Mode::OnChange)]
    pub comment: Mode,
    /// Fail (exit 2) when the comment cannot be written, instead of warning.
    #[arg(long, env = "LLMOPS_MATURITY_COMMENT_REQUIRED", value_parser = BoolishValueParser::new())]
    pub comment_required: bool,
    /// Append the report to the job summary.
    #[arg(long, env = "LLMOPS_MATURITY_SUMMARY", default_value_t = true, action = ArgAction::Set, value_parser = BoolishValueParser::new())]
    pub summary: bool,
    /// Annotate the answers file with its problems.
    #[arg(long, env = "LLMOPS_MATURITY_ANNOTATIONS", default_value_t = true, action = ArgAction::Set, value_parser = BoolishValueParser::new())]
    pub annotations: bool,
    /// Compare with the file at this commit or ref instead of the pull request's base.
    #[arg(long, env = "LLMOPS_MATURITY_BASE_REF")]
    pub base_ref: Option<String>,
    /// Comment on this pull request instead of the event's.
    #[arg(long, env = "LLMOPS_MATURITY_PR_NUMBER")]
    pub pr_number: Option<u64>,
    /// Seconds each GitHub API request may take (slow GitHub Enterprise Server, or tests).
    #[arg(long, env = "LLMOPS_MATURITY_API_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub api_timeout: u64,
    /// Read from GitHub but write nothing there; print each write instead.
    #[arg(long, env = "LLMOPS_MATURITY_DRY_RUN", value_parser = BoolishValueParser::new())]
    pub dry_run: bool,
    /// Hold each answer against what `scan` finds in the workspace (`warn`: report answers
    /// nothing backs; `deny`: also fail the job).
    #[arg(long, env = "LLMOPS_MATURITY_EVIDENCE", value_enum, default_value_t = EvidenceMode::Off)]
    pub evidence: EvidenceMode,
    #[command(flatten)]
    pub today: Today,
}

/// The day targets, waivers and the review cadence are judged on.
#[derive(Debug, Clone, Copy, Args)]
pub struct Today {
    /// Judge targets, waivers and `review-every` as on this day (YYYY-MM-DD) [default: today in UTC]
    #[arg(long = "today", env = "LLMOPS_MATURITY_TODAY", value_name = "YYYY-MM-DD", value_parser = today_date)]
    pub date: Option<Date>,
}

impl Today {
    /// The date given, else today's date in UTC: the one place the tool reads the clock, so
    /// the core never does and a run can be replayed on any day.
    pub fn resolve(self) -> Date {
        self.date.unwrap_or_else(|| {
            jiff::tz::TimeZone::UTC
                .to_datetime(jiff::Timestamp::now())
                .date()
        })
    }
}

fn today_date(text: &str) -> Result<Date, String> {
    parse_date(text.trim()).ok_or_else(|| {
        "expected a date that exists, written YYYY-MM-DD, such as 2026-11-01".to_string()
    })
}

/// The output formats of `org`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrgFormat {
    Markdown,
    Json,
    Csv,
}

/// Flags of `org`; those the action sets are also read from `LLMOPS_MATURITY_<FLAG>`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 the roll-up was produced (invalid or missing files are part of it), 2 it could not be (no GITHUB_TOKEN, unknown owner, GitHub unreachable) or usage error."
)]
pub struct OrgArgs {
    /// The organization or user login.
    #[arg(env = "LLMOPS_MATURITY_OWNER")]
    pub owner: String,
    /// The answers file's path inside each repository.
    #[arg(
        long,
        env = "LLMOPS_MATURITY_CONFIG",
        default_value = "llmops-maturity.yaml"
    )]
    pub config: String,
    /// Include archived repositories.
    #[arg(long, env = "LLMOPS_MATURITY_INCLUDE_ARCHIVED", value_parser = BoolishValueParser::new())]
    pub include_archived: bool,
    /// Include forks.
    #[arg(long, env = "LLMOPS_MATURITY_INCLUDE_FORKS", value_parser = BoolishValueParser::new())]
    pub include_forks: bool,
    /// Keep only repositories with this topic.
    #[arg(long, env = "LLMOPS_MATURITY_TOPIC")]
    pub topic: Option<String>,
    #[arg(long, value_enum, default_value_t = OrgFormat::Markdown)]
    pub format: OrgFormat,
    /// Also write the JSON roll-up to this file, and set the step output `json` to its path.
    #[arg(long)]
    pub json_out: Option<PathBuf>,
    /// Append the Markdown dashboard to the job summary (GITHUB_STEP_SUMMARY), when there is one.
    #[arg(long, env = "LLMOPS_MATURITY_SUMMARY", default_value_t = true, action = ArgAction::Set, value_parser = BoolishValueParser::new())]
    pub summary: bool,
    /// Seconds each GitHub API request may take.
    #[arg(long, env = "LLMOPS_MATURITY_API_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub api_timeout: u64,
    #[command(flatten)]
    pub today: Today,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The repository folder [default: the git top level of the current folder].
    pub root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// List the rules scan applies instead of scanning.
    #[arg(long)]
    pub rules: bool,
}
