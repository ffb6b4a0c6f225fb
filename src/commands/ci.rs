//! `ci`: the action's command; its flags (also read from `LLMOPS_MATURITY_*`) become `github::ci::Settings`.

use std::io;
use std::path::PathBuf;

use super::Env;
use crate::cli::CiArgs;
use crate::exit::{Exit, Io};
use crate::gate::Gates;
use crate::github::ci::{self, Settings};
use crate::github::log::Log;
use crate::github::publish::CommentSettings;
use crate::scan::evidence::Mode as EvidenceMode;

/// `ci`'s checked configuration.
pub type Config = Settings;

impl Settings {
    pub fn new(args: CiArgs, env: &Env) -> Settings {
        Settings {
            config: args
                .config
                .unwrap_or_else(|| PathBuf::from("llmops-maturity.yaml")),
            gates: Gates {
                min_level: args.min_level,
                deny_warnings: false,
                deny_unsupported: args.evidence == EvidenceMode::Deny,
                fail_on_regression: args.fail_on_regression,
                fail_on_evidence_loss: args.fail_on_evidence_loss,
            },
            comment: CommentSettings {
                mode: args.comment,
                required: args.comment_required,
                explicit_pr: args.pr_number.is_some(),
            },
            summary: args.summary,
            annotations: args.annotations,
            base_ref: args.base_ref,
            pr_number: args.pr_number,
            api_timeout: args.api_timeout,
            dry_run: args.dry_run,
            evidence: args.evidence,
            today: args.today.or(env.today),
        }
    }
}

/// Exit codes are `check`'s: 0 ok, 1 a gate failed, 2 an invalid file, or a comment that could
/// not be written with `--comment-required`.
pub fn run(config: &Config, env: &Env, io: &mut Io) -> io::Result<Exit> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Workflow commands are for a runner; anywhere else they would only be noise in a
    // terminal (or, worse, run by whatever reads the output next).
    let mut log = if env.github.in_runner {
        Log::new(&mut *io.commands)
    } else {
        Log::plain(&mut *io.stdout)
    };
    let outcome = runtime.block_on(ci::run(config, &env.github, &mut log));
    log.finish()?;
    let outcome = outcome?;
    let comment_failed = outcome.comment_failed && config.comment.required;
    Ok(if !outcome.scored || comment_failed {
        Exit::Invalid
    } else if outcome.passed {
        Exit::Ok
    } else {
        Exit::Gate
    })
}
