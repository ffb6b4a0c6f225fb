//! `badge`: score the answers file and write a badge for its level, to stdout or a file.

use std::io;
use std::path::PathBuf;

use crate::badge::render;
use crate::cli::{BadgeArgs, BadgeFormat};
use crate::diagnostic::Severity;
use crate::exit::{Exit, Io};
use crate::output::{self, Written};
use crate::{escape, load, untrusted};

/// `badge`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub format: BadgeFormat,
    pub output: Option<PathBuf>,
    pub label: String,
}

impl Config {
    pub fn new(args: BadgeArgs) -> Config {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Config {
            path: load::answers_path(args.path.as_deref(), &cwd),
            format: args.format,
            output: args.output,
            label: args.label,
        }
    }
}

/// Writes the badge; an invalid file gets the "invalid" badge and exit 2, so a workflow that
/// publishes it still has it while the job says something is wrong.
pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let eval = load::evaluate_file(&config.path, &load::default_repo_root(&config.path));
    // Evidence paths decide no level: only the errors are worth a line here.
    for d in eval
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let line = crate::render::problems::line(d, &eval.path, io.stderr_color);
        writeln!(io.stderr, "{}", untrusted::line(&line))?;
    }
    let badge = render::Badge::new(&config.label, eval.score.as_ref());
    let body = match config.format {
        BadgeFormat::Svg => render::svg(&badge),
        BadgeFormat::Shields => format!("{}\n", escape::json(&render::shields(&badge))?),
    };
    match &config.output {
        None => io.stdout.write_all(body.as_bytes())?,
        Some(path) => match output::write(path, body.as_bytes(), true) {
            Ok(Written::File) => {}
            Ok(Written::ReplacedLink) => writeln!(
                io.stderr,
                "llmops-maturity: note: {} was a symbolic link; it is replaced by the badge, and what it pointed to is untouched",
                super::shown_path(path)
            )?,
            Err(e) => {
                let message = format!("cannot write {}: {e}", super::shown_path(path));
                return super::fail(io, &message);
            }
        },
    }
    if badge.invalid {
        writeln!(
            io.stderr,
            "{}: invalid: the badge says \"invalid\" until the errors above are fixed",
            untrusted::line(&eval.path)
        )?;
        return Ok(Exit::Invalid);
    }
    Ok(Exit::Ok)
}
