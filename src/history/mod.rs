//! `history`: reads every version of the answers file from git, scores each, and prints the timeline.

pub mod git;
pub mod render;
pub mod timeline;

use std::io;
use std::path::PathBuf;

use clap::Args;

use crate::exit::{Exit, Io};
use crate::render::Format;
use crate::untrusted;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The answers file: relative to the current folder or, when there is none there, to the
    /// repository's top level.
    #[arg(default_value = "llmops-maturity.yaml")]
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show at most this many versions, the newest.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

pub fn run(args: &HistoryArgs, io: &mut Io) -> io::Result<Exit> {
    let cwd = std::env::current_dir()?;
    let log = match git::read_versions(&args.path, &cwd, args.limit as usize) {
        Ok(log) => log,
        Err(e) => {
            writeln!(
                io.stderr,
                "llmops-maturity: error: {}",
                untrusted::line(&e.to_string())
            )?;
            return Ok(Exit::Invalid);
        }
    };
    if log.shallow {
        writeln!(io.stderr, "llmops-maturity: note: {}", render::SHALLOW_NOTE)?;
    }
    if log.versions.is_empty() {
        writeln!(
            io.stderr,
            "llmops-maturity: error: no commit on the first-parent history of HEAD has {}; commit the file first",
            untrusted::shown(&log.file)
        )?;
        return Ok(Exit::Invalid);
    }
    // Scoring runs on every core: on a long history it is most of the time.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let t = timeline::build(log, threads);
    match args.format {
        Format::Text => write!(io.stdout, "{}", render::text(&t))?,
        Format::Markdown => write!(io.stdout, "{}", render::markdown(&t))?,
        Format::Json => writeln!(io.stdout, "{}", render::json(&t))?,
    }
    Ok(Exit::Ok)
}
