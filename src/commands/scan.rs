//! `scan`: the LLMOps practices a repository's files show, per dimension, or the list of rules.

use std::io;
use std::path::PathBuf;

use crate::cli::ScanArgs;
use crate::exit::{Exit, Io};
use crate::render::{scan as render, Format};
use crate::scan::rules::RULES;
use crate::{escape, questionnaire, scan, untrusted};

/// `scan`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder to scan, and how it is named in the report.
    pub root: PathBuf,
    pub shown: String,
    pub format: Format,
    /// List the rules instead of scanning.
    pub rules: bool,
}

impl Config {
    /// Without a root, the git top level of the current folder.
    pub fn new(args: ScanArgs) -> io::Result<Config> {
        let (root, shown) = match args.root {
            Some(root) => {
                let shown = root.display().to_string();
                (root, shown)
            }
            None => scan::default_root(&std::env::current_dir()?),
        };
        Ok(Config {
            root,
            shown,
            format: args.format,
            rules: args.rules,
        })
    }
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let q = questionnaire::builtin();
    if config.rules {
        match config.format {
            Format::Text => write!(io.stdout, "{}", render::rules_text(&RULES))?,
            Format::Markdown => write!(io.stdout, "{}", render::rules_markdown(&RULES))?,
            Format::Json => writeln!(io.stdout, "{}", escape::json(&render::rules_json(&RULES))?)?,
        }
        return Ok(Exit::Ok);
    }
    let found = match scan::scan(&config.root, &config.shown) {
        Ok(found) => found,
        Err(e) => return super::fail(io, &untrusted::shown(&e.to_string())),
    };
    match config.format {
        Format::Text => write!(io.stdout, "{}", render::text(&found, q))?,
        Format::Markdown => write!(io.stdout, "{}", render::markdown(&found, q, None))?,
        Format::Json => writeln!(io.stdout, "{}", escape::json(&render::json(&found, q))?)?,
    }
    Ok(Exit::Ok)
}
