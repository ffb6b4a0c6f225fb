//! `scan`: the LLMOps practices a repository's files show, per dimension, or the list of rules.

use std::io;
use std::path::{Path, PathBuf};

use crate::cli::ScanArgs;
use crate::exit::{Exit, Io};
use crate::questionnaire::Questionnaire;
use crate::render::{scan as render, Format};
use crate::{escape, load, scan, untrusted};

/// `scan`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder to scan, and how it is named in the report.
    pub root: PathBuf,
    pub shown: String,
    pub format: Format,
    /// List the rules instead of scanning.
    pub rules: bool,
    /// The team's rules file, when given (else the default path under the root, if any).
    pub rules_file: Option<PathBuf>,
    /// The questionnaire whose dimensions the rules speak to.
    pub questionnaire: &'static Questionnaire,
}

impl Config {
    /// Without a root, the git top level of the current folder.
    pub fn new(args: ScanArgs) -> Result<Config, String> {
        let (root, shown) = match args.root {
            Some(root) => {
                let shown = root.display().to_string();
                (root, shown)
            }
            None => {
                let cwd =
                    std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
                scan::default_root(&cwd)
            }
        };
        let questionnaire =
            super::questionnaire(args.questionnaire.questionnaire.as_deref(), Path::new(""))?;
        Ok(Config {
            root,
            shown,
            format: args.format,
            rules: args.rules,
            rules_file: args.rules_file,
            questionnaire,
        })
    }
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let q = config.questionnaire;
    let rules = match load::catalogue(&config.root, config.rules_file.as_deref(), q) {
        Ok(rules) => rules,
        Err(e) => return super::fail(io, &super::rules_problems(&e)),
    };
    if config.rules {
        match config.format {
            Format::Text => write!(io.stdout, "{}", render::rules_text(rules))?,
            Format::Markdown => write!(io.stdout, "{}", render::rules_markdown(rules))?,
            Format::Json => writeln!(io.stdout, "{}", escape::json(&render::rules_json(rules))?)?,
        }
        return Ok(Exit::Ok);
    }
    let overlay = scan::walk::Overlay::new();
    let found = match scan::scan_with(&config.root, &config.shown, &overlay, rules) {
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
