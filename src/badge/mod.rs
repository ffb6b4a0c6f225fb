//! `badge`: scores the answers file and writes a badge for its level, to stdout or a file.

pub mod render;
pub mod verdana;

use std::io;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::check;
use crate::diagnostic::Severity;
use crate::exit::{Exit, Io};
use crate::untrusted;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BadgeFormat {
    /// A self-contained SVG image.
    Svg,
    /// The JSON a shields.io endpoint badge reads.
    Shields,
}

#[derive(Debug, Args)]
pub struct BadgeArgs {
    /// The answers file.
    #[arg(default_value = "llmops-maturity.yaml")]
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = BadgeFormat::Svg)]
    pub format: BadgeFormat,
    /// Write the badge to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The text left of the level.
    #[arg(long, default_value = render::DEFAULT_LABEL, value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub label: String,
}

/// Writes the badge; an invalid file gets the "invalid" badge and exit 2, so a workflow that
/// publishes it still has it while the job says something is wrong.
pub fn run(args: &BadgeArgs, io: &mut Io) -> io::Result<Exit> {
    let eval = check::evaluate_file(&args.path, &check::default_repo_root(&args.path));
    // Evidence paths decide no level: only the errors are worth a line here.
    for d in eval
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        writeln!(
            io.stderr,
            "{}",
            untrusted::line(&d.display(&eval.path).to_string())
        )?;
    }
    let badge = render::Badge::new(&args.label, eval.score.as_ref());
    let body = match args.format {
        BadgeFormat::Svg => render::svg(&badge),
        BadgeFormat::Shields => format!(
            "{}\n",
            serde_json::to_string_pretty(&render::shields(&badge))?
        ),
    };
    match &args.output {
        None => io.stdout.write_all(body.as_bytes())?,
        Some(path) => {
            if let Err(e) = std::fs::write(path, &body) {
                writeln!(
                    io.stderr,
                    "llmops-maturity: error: cannot write {}: {e}",
                    path.display()
                )?;
                return Ok(Exit::Invalid);
            }
        }
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
