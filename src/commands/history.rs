//! `history`: the score of every version of the answers file along the first-parent history of HEAD.

use std::io;
use std::path::PathBuf;

use crate::cli::{HistoryArgs, HistoryFormat};
use crate::exit::{Exit, Io};
use crate::history::{git, html, render, timeline};
use crate::render::problems;
use crate::{escape, untrusted};

/// `history`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    /// The folder the path is relative to (the current one).
    pub cwd: PathBuf,
    pub format: HistoryFormat,
    pub limit: usize,
}

impl Config {
    pub fn new(args: HistoryArgs) -> io::Result<Config> {
        Ok(Config {
            path: args.path,
            cwd: std::env::current_dir()?,
            format: args.format,
            limit: args.limit as usize,
        })
    }
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let log = match git::read_versions(&config.path, &config.cwd, config.limit) {
        Ok(log) => log,
        Err(e) => return super::fail(io, &untrusted::line(&e.to_string())),
    };
    if log.versions.is_empty() {
        let message = format!(
            "no commit on the first-parent history of HEAD has {}; commit the file first",
            untrusted::shown(&log.file)
        );
        return super::fail(io, &message);
    }
    // Scoring runs on every core: on a long history it is most of the time.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let t = timeline::build(log, threads);
    match config.format {
        HistoryFormat::Text => write!(io.stdout, "{}", render::text(&t))?,
        HistoryFormat::Markdown => write!(io.stdout, "{}", render::markdown(&t))?,
        HistoryFormat::Json => writeln!(io.stdout, "{}", escape::json(&render::json(&t))?)?,
        HistoryFormat::Html => write!(io.stdout, "{}", html::html(&t))?,
    }
    // After the history, where a terminal still shows it.
    if t.shallow {
        let note = problems::own("note", render::SHALLOW_NOTE, io.stderr_color);
        writeln!(io.stderr, "{note}")?;
    }
    Ok(Exit::Ok)
}
