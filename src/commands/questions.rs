//! `questions`: print a questionnaire, as text, Markdown, a questionnaire file or JSON.

use std::io;
use std::path::Path;

use crate::cli::{QuestionsArgs, QuestionsFormat};
use crate::exit::{Exit, Io};
use crate::questionnaire::{yaml, Questionnaire};
use crate::render::{markdown, text};
use crate::{escape, schema};

/// `questions`'s checked configuration.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub format: QuestionsFormat,
    pub questionnaire: &'static Questionnaire,
}

impl Config {
    /// A questionnaire path is relative to the current folder.
    pub fn new(args: QuestionsArgs) -> Result<Config, String> {
        Ok(Config {
            format: args.format,
            questionnaire: super::questionnaire(
                args.questionnaire.questionnaire.as_deref(),
                Path::new(""),
            )?,
        })
    }
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let q = config.questionnaire;
    match config.format {
        QuestionsFormat::Text => write!(io.stdout, "{}", text::questions(q))?,
        QuestionsFormat::Markdown => write!(io.stdout, "{}", markdown::questions(q))?,
        QuestionsFormat::Yaml => write!(io.stdout, "{}", yaml::file(q))?,
        QuestionsFormat::Json => writeln!(io.stdout, "{}", escape::json(&schema::json_schema(q))?)?,
    }
    Ok(Exit::Ok)
}
