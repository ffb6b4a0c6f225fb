//! `schema`: print the JSON Schema of the answers file (for a questionnaire) or of the questionnaire file format, for editors.

use std::io;
use std::path::Path;

use crate::cli::SchemaArgs;
use crate::exit::{Exit, Io};
use crate::questionnaire::Questionnaire;
use crate::{escape, schema};

/// `schema`'s checked configuration.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// `None`: the questionnaire file format's schema.
    pub answers_of: Option<&'static Questionnaire>,
    /// The rules file's schema instead.
    pub rules_file: bool,
}

impl Config {
    pub fn new(args: SchemaArgs) -> Result<Config, String> {
        if args.questionnaire_file || args.rules_file {
            return Ok(Config {
                answers_of: None,
                rules_file: args.rules_file,
            });
        }
        let q = super::questionnaire(args.questionnaire.questionnaire.as_deref(), Path::new(""))?;
        Ok(Config {
            answers_of: Some(q),
            rules_file: false,
        })
    }
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let value = match config.answers_of {
        Some(q) => schema::json_schema(q),
        None if config.rules_file => schema::rules_schema(),
        None => schema::questionnaire_schema(),
    };
    writeln!(io.stdout, "{}", escape::json(&value)?)?;
    Ok(Exit::Ok)
}
