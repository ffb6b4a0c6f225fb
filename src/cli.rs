//! Command-line definitions (clap): the raw arguments, which `commands` turns into checked configurations.

use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};
use jiff::civil::Date;

use crate::commitments::parse_date;
use crate::gate::MinLevel;
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
    /// Print the JSON Schema (draft-07) of the answers file, or of the questionnaire file
    /// format, for editors.
    Schema(SchemaArgs),
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
    History(HistoryArgs),
    /// Write a badge for the level: an SVG image or a shields.io endpoint JSON.
    Badge(BadgeArgs),
}

impl Command {
    /// The subcommand's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Check(_) => "check",
            Command::Diff(_) => "diff",
            Command::Init(_) => "init",
            Command::Questions(_) => "questions",
            Command::Schema(_) => "schema",
            Command::Ci(_) => "ci",
            Command::Scan(_) => "scan",
            Command::Org(_) => "org",
            Command::History(_) => "history",
            Command::Badge(_) => "badge",
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The answers file [default: llmops-maturity.yaml in the current folder, else at the
    /// repository root]
    pub path: Option<PathBuf>,
    /// Exit 1 when the level is below this: a level number (1-4) or a level name (Managed) of the file's questionnaire.
    #[arg(long, value_name = "LEVEL")]
    pub min_level: Option<MinLevel>,
    /// Exit 1 when there is any warning (such as an evidence path that does not exist).
    #[arg(long)]
    pub deny_warnings: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Where evidence paths are looked up [default: the git top level, else the file's folder].
    #[arg(long)]
    pub repo_root: Option<PathBuf>,
    /// The team's evidence rules, inside the repository [default: .llmops-maturity/rules.yaml
    /// under the repository root, when it exists]; read with `--evidence`.
    #[arg(long, value_name = "PATH")]
    pub rules_file: Option<PathBuf>,
    /// Hold each answer against what `scan` finds in the repository root: `warn` reports an
    /// answer nothing backs (`unsupported-claim`), `deny` also fails the gate (exit 1).
    #[arg(long, value_enum, default_value_t = EvidenceMode::Off)]
    pub evidence: EvidenceMode,
    #[command(flatten)]
    pub today: Today,
}

#[derive(Debug, Args)]
#[command(
    after_help = "BASE and HEAD are each a file, a git revision (the answers file at that commit: `main`, `HEAD~1`, `origin/main`), or REV:PATH (`origin/main:teams/a.yaml`). `diff main --format markdown` prints the comment `ci` would post for a pull request from here into main.\n\nExit codes: 0 compared, 1 --fail-on-evidence-loss and evidence was lost, 2 a side is invalid or cannot be read, or usage error."
)]
pub struct DiffArgs {
    /// The answers before the change: a file, a git revision, or REV:PATH.
    pub base: String,
    /// The answers after the change: a file, a git revision, or REV:PATH [default: the answers
    /// file in the work tree].
    pub head: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Hold the answers against the repository, and compare the evidence of the two sides
    /// (evidence lost, answers to re-confirm) when both are git revisions or the work tree.
    #[arg(long, value_enum, default_value_t = EvidenceMode::Warn)]
    pub evidence: EvidenceMode,
    /// Exit 1 when the change removes the evidence of an answer (no active waiver for it).
    #[arg(long)]
    pub fail_on_evidence_loss: bool,
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
    /// The questionnaire to answer: a built-in id, or a questionnaire file's path relative to
    /// the answers file (as the answers file will name it) [default: llmops-2024]
    #[arg(long, value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// `text`, `markdown`, `yaml` (a questionnaire file to start a rubric of your own from) or
    /// `json` (the answers schema's view of the questions).
    #[arg(long, value_enum, default_value_t = QuestionsFormat::Text)]
    pub format: QuestionsFormat,
    #[command(flatten)]
    pub questionnaire: QuestionnaireArg,
}

/// The output formats of `questions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QuestionsFormat {
    Text,
    Markdown,
    Yaml,
    Json,
}

/// Which questionnaire a command works with.
#[derive(Debug, Clone, Args)]
pub struct QuestionnaireArg {
    /// A built-in questionnaire id (`llmops-2024`, `genaiops-2025`) or the path of a
    /// questionnaire file [default: llmops-2024]
    #[arg(long, value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of the questionnaire file format instead of the answers file.
    #[arg(long, conflicts_with = "questionnaire")]
    pub questionnaire_file: bool,
    /// The schema of the team rules file (`.llmops-maturity/rules.yaml`) instead.
    #[arg(long, conflicts_with_all = ["questionnaire", "questionnaire_file"])]
    pub rules_file: bool,
    #[command(flatten)]
    pub questionnaire: QuestionnaireArg,
}

/// Flags of `ci`; each is also read from `LLMOPS_MATURITY_<FLAG>`, which is how the action
/// passes its inputs (through `env:`, never interpolated into a script).
#[derive(Debug, Args)]
pub struct CiArgs {
    /// The answers file, relative to GITHUB_WORKSPACE (else the current folder) [default: llmops-maturity.yaml]
    #[arg(long, env = "LLMOPS_MATURITY_CONFIG")]
    pub config: Option<PathBuf>,
    /// Fail (exit 1) when the level is below this: a level number (1-4) or a level name (Managed) of the file's questionnaire.
    #[arg(long, env = "LLMOPS_MATURITY_MIN_LEVEL", value_name = "LEVEL")]
    pub min_level: Option<MinLevel>,
    /// Fail (exit 1) when the level is lower than the base's.
    #[arg(long, env = "LLMOPS_MATURITY_FAIL_ON_REGRESSION", value_parser = BoolishValueParser::new())]
    pub fail_on_regression: bool,
    /// Fail (exit 1) when the pull request removes the evidence of an answer (it lowers the
    /// level the repository supports below the answer), unless an active waiver covers it.
    #[arg(long, env = "LLMOPS_MATURITY_FAIL_ON_EVIDENCE_LOSS", value_parser = BoolishValueParser::new())]
    pub fail_on_evidence_loss: bool,
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
    /// The date given, else `today` (read from the clock once, by `main`).
    pub fn or(self, today: Date) -> Date {
        self.date.unwrap_or(today)
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
    /// One self-contained web page: charts, a sortable table, nothing loaded from anywhere.
    Html,
}

/// Flags of `org`; those the action sets are also read from `LLMOPS_MATURITY_<FLAG>`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 the roll-up was produced (invalid or missing files are part of it), 2 it could not be (no GITHUB_TOKEN, unknown owner, GitHub unreachable, a --previous file that is missing or not a roll-up of this owner) or usage error."
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
    /// An earlier `--format json` roll-up of the same owner: every format then says what moved
    /// since (level up or down, new, gone, newly invalid).
    #[arg(long, env = "LLMOPS_MATURITY_PREVIOUS")]
    pub previous: Option<PathBuf>,
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
    /// List the rules scan applies instead of scanning (built-in, questionnaire and team
    /// rules, with where each comes from, and the built-ins the team disabled).
    #[arg(long)]
    pub rules: bool,
    /// The team's evidence rules, inside the repository [default: .llmops-maturity/rules.yaml
    /// under the root, when it exists].
    #[arg(long, value_name = "PATH")]
    pub rules_file: Option<PathBuf>,
    #[command(flatten)]
    pub questionnaire: QuestionnaireArg,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The answers file: relative to the current folder or, when there is none there, to the
    /// repository's top level.
    #[arg(default_value = "llmops-maturity.yaml")]
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
    pub format: HistoryFormat,
    /// Show at most this many versions, the newest.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

/// The output formats of `history`: those of the other commands, and a web page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    Text,
    Markdown,
    Json,
    /// One self-contained web page: the score along the commits and the table of versions.
    Html,
}

/// The output formats of `badge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BadgeFormat {
    /// A self-contained SVG image.
    Svg,
    /// The JSON a shields.io endpoint badge reads.
    Shields,
}

#[derive(Debug, Args)]
pub struct BadgeArgs {
    /// The answers file [default: llmops-maturity.yaml in the current folder, else at the
    /// repository root]
    pub path: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = BadgeFormat::Svg)]
    pub format: BadgeFormat,
    /// Write the badge to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The text left of the level.
    #[arg(long, default_value = crate::badge::render::DEFAULT_LABEL, value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub label: String,
}
