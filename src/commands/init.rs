//! `init`: write a starter answers file, blank or started from what `scan` finds.

use std::io;
use std::path::PathBuf;

use super::shown_path;
use crate::cli::InitArgs;
use crate::exit::{Exit, Io};
use crate::output::{self, Written};
use crate::questionnaire::Questionnaire;
use crate::{init, load, scan, untrusted};

/// `init`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub force: bool,
    pub from_scan: bool,
    pub questionnaire: &'static Questionnaire,
    /// How the answers file names it: the id, or the path as given.
    pub questionnaire_value: String,
}

impl Config {
    /// A questionnaire path is relative to the answers file, as the file will name it.
    pub fn new(args: InitArgs) -> Result<Config, String> {
        let dir = match args.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let questionnaire = super::questionnaire(args.questionnaire.as_deref(), &dir)?;
        Ok(Config {
            questionnaire_value: args
                .questionnaire
                .unwrap_or_else(|| questionnaire.id.to_string()),
            questionnaire,
            path: args.path,
            force: args.force,
            from_scan: args.from_scan,
        })
    }
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let q = config.questionnaire;
    let body = if config.from_scan {
        let root = load::default_repo_root(&config.path);
        match scan::scan(&root, &root.display().to_string()) {
            Ok(found) => init::from_scan(q, &config.questionnaire_value, &found),
            Err(e) => {
                let message = format!("--from-scan: {}", untrusted::shown(&e.to_string()));
                return super::fail(io, &message);
            }
        }
    } else {
        init::starter(q, &config.questionnaire_value)
    };
    let path = shown_path(&config.path);
    match output::write(&config.path, body.as_bytes(), config.force) {
        Ok(written) => {
            if written == Written::ReplacedLink {
                writeln!(
                    io.stderr,
                    "llmops-maturity: note: {path} was a symbolic link; it is replaced by the file, and what it pointed to is untouched"
                )?;
            }
            writeln!(
                io.stderr,
                "wrote {path}: answer each question, then run `llmops-maturity check {path}`"
            )?;
            Ok(Exit::Ok)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => super::fail(
            io,
            &format!("{path} already exists; pass --force to overwrite it"),
        ),
        Err(e) => super::fail(io, &format!("cannot write {path}: {e}")),
    }
}
