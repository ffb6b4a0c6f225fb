//! Command-line definitions (clap); `main.rs` turns them into actions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::Format;

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
    Ci(crate::github::ci::CiArgs),
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
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The answers file before the change (e.g. from the base branch).
    pub base: PathBuf,
    /// The answers file after the change.
    pub head: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the starter file.
    #[arg(default_value = "llmops-maturity.yaml")]
    pub path: PathBuf,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// `text` or `markdown` (`json` prints the schema's view of the questions).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
