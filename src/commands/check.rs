//! `check`: validate and score one answers file, print the report, and gate on it.

use std::io;
use std::path::PathBuf;

use jiff::civil::Date;

use super::Env;
use crate::cli::CheckArgs;
use crate::evaluate::{self, Evaluation};
use crate::exit::{Exit, Io};
use crate::gate::{self, Gates, Surface};
use crate::render::{json, markdown, problems, text, Format};
use crate::scan::evidence::Mode as EvidenceMode;
use crate::{escape, load, untrusted};

/// `check`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    /// Where evidence paths are looked up and the scan runs.
    pub repo_root: PathBuf,
    pub format: Format,
    pub evidence: EvidenceMode,
    /// The team's rules file, when given (else the default path, when it exists).
    pub rules_file: Option<PathBuf>,
    pub gates: Gates,
    pub today: Date,
}

impl Config {
    pub fn new(args: CheckArgs, env: &Env) -> Config {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let path = load::answers_path(args.path.as_deref(), &cwd);
        let repo_root = args
            .repo_root
            .unwrap_or_else(|| load::default_repo_root(&path));
        Config {
            repo_root,
            format: args.format,
            evidence: args.evidence,
            rules_file: args.rules_file,
            gates: Gates {
                min_level: args.min_level,
                deny_warnings: args.deny_warnings,
                deny_unsupported: args.evidence == EvidenceMode::Deny,
                fail_on_regression: false,
                fail_on_evidence_loss: false,
            },
            today: args.today.or(env.today),
            path,
        }
    }
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let mut eval = load::evaluate_file(&config.path, &config.repo_root);
    let mut notes = Vec::new();
    if config.evidence != EvidenceMode::Off {
        match load::add_evidence(&mut eval, &config.repo_root, config.rules_file.as_deref()) {
            Ok(found) => notes = found.map(|s| s.notes).unwrap_or_default(),
            Err(e) => {
                let message = format!("--evidence: {}", untrusted::shown(&e.to_string()));
                return super::fail(io, &message);
            }
        }
    }
    // Waivers act on every diagnostic, the evidence check's included, so they are judged last.
    let evidence_evaluated = eval.evidence.is_some();
    let eval = evaluate::judge(eval, config.today, evidence_evaluated);
    let failures = match &eval.score {
        Some(score) => gate::failures(&eval, score, &config.gates, None, None),
        None => Vec::new(),
    };
    let gate: Vec<String> = failures.iter().map(|f| f.message(Surface::Cli)).collect();
    // The report first and the problems last, so they are what a terminal still shows.
    write_report(&eval, &gate, config.format, io)?;
    for note in &notes {
        let note = problems::own("note", &untrusted::shown(note), io.stderr_color);
        writeln!(io.stderr, "{note}")?;
    }
    print_diagnostics(&eval, io)?;
    if let Some(summary) = problems::summary(&eval.path, &eval.diagnostics, io.stderr_color) {
        writeln!(io.stderr, "{summary}")?;
    }
    if eval.score.is_none() {
        return Ok(Exit::Invalid);
    }
    for failure in &gate {
        writeln!(
            io.stderr,
            "{}",
            problems::gate(&eval.path, failure, io.stderr_color)
        )?;
    }
    Ok(if failures.is_empty() {
        Exit::Ok
    } else {
        Exit::Gate
    })
}

/// Every diagnostic on stderr, one line each.
fn print_diagnostics(eval: &Evaluation, io: &mut Io) -> io::Result<()> {
    for d in &eval.diagnostics {
        writeln!(
            io.stderr,
            "{}",
            problems::line(d, &eval.path, io.stderr_color)
        )?;
    }
    Ok(())
}

fn write_report(eval: &Evaluation, gate: &[String], format: Format, io: &mut Io) -> io::Result<()> {
    match format {
        Format::Json => writeln!(io.stdout, "{}", escape::json(&json::report(eval))?)?,
        Format::Markdown => {
            let ctx = markdown::Context {
                path: eval.path.clone(),
                ..Default::default()
            };
            let body = match &eval.score {
                Some(score) => {
                    let report = markdown::Report {
                        evidence: eval.evidence.as_ref(),
                        gate,
                        ..markdown::Report::of(score, &eval.diagnostics)
                    };
                    markdown::report(&report, &ctx)
                }
                None => markdown::invalid(&eval.path, &eval.diagnostics),
            };
            write!(io.stdout, "{body}")?;
        }
        Format::Text => {
            if let Some(score) = &eval.score {
                write!(
                    io.stdout,
                    "{}",
                    text::report(&eval.path, score, eval.evidence.as_ref(), io.color)
                )?;
            }
        }
    }
    Ok(())
}
