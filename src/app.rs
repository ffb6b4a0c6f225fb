//! Runs each command: the thin shell between the command line and the pure core.

use std::io::{self, Write};
use std::path::Path;

use crate::check::{self, Evaluation};
use crate::cli::{CheckArgs, Command, DiffArgs, InitArgs, QuestionsArgs, ScanArgs};
use crate::diagnostic::Diagnostic;
use crate::exit::{Exit, Io};
use crate::render::{json, markdown, text, Format};
use crate::scan::evidence::Mode as EvidenceMode;
use crate::{commitments, diff, init, questionnaire, schema, untrusted};

pub fn run(command: Command, io: &mut Io) -> io::Result<Exit> {
    match command {
        Command::Check(args) => run_check(&args, io),
        Command::Diff(args) => run_diff(&args, io),
        Command::Init(args) => run_init(&args, io),
        Command::Questions(args) => run_questions(&args, io),
        Command::Scan(args) => run_scan(&args, io),
        Command::Ci(args) => {
            crate::github::ci::run(&args, &crate::github::env::GithubEnv::from_env(), io)
        }
        Command::Org(args) => {
            // "Days since assessed" is counted from `--today`, else today in UTC.
            let today = args.today.resolve();
            crate::org::run(&args, &crate::github::env::GithubEnv::from_env(), today, io)
        }
        Command::History(args) => crate::history::run(&args, io),
        Command::Badge(args) => crate::badge::run(&args, io),
        Command::Schema => {
            let schema = schema::json_schema(questionnaire::builtin());
            writeln!(io.stdout, "{}", json_text(&schema)?)?;
            Ok(Exit::Ok)
        }
    }
}

fn print_diagnostics(eval: &Evaluation, io: &mut Io) -> io::Result<()> {
    for d in &eval.diagnostics {
        writeln!(io.stderr, "{}", d.display(&eval.path))?;
    }
    Ok(())
}

fn run_check(args: &CheckArgs, io: &mut Io) -> io::Result<Exit> {
    let root = args
        .repo_root
        .clone()
        .unwrap_or_else(|| check::default_repo_root(&args.path));
    let mut eval = check::evaluate_file(&args.path, &root);
    if args.evidence != EvidenceMode::Off {
        if let Err(e) = check::add_evidence(&mut eval, &root) {
            writeln!(
                io.stderr,
                "llmops-maturity: error: --evidence: {}",
                untrusted::shown(&e.to_string())
            )?;
            return Ok(Exit::Invalid);
        }
    }
    // Waivers act on every diagnostic, the evidence check's included, so they are judged last.
    let evidence_evaluated = eval.evidence.is_some();
    let eval = check::judge(eval, args.today.resolve(), evidence_evaluated);
    print_diagnostics(&eval, io)?;
    match args.format {
        Format::Json => {
            writeln!(io.stdout, "{}", json_text(&json::report(&eval))?)?;
        }
        Format::Markdown => {
            let ctx = markdown::Context {
                path: eval.path.clone(),
                blob_base: None,
            };
            let body = match &eval.score {
                Some(score) => {
                    markdown::report(score, &eval.diagnostics, None, eval.evidence.as_ref(), &ctx)
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
    let Some(score) = &eval.score else {
        writeln!(
            io.stderr,
            "{}: invalid: {} found",
            untrusted::shown(&eval.path),
            count(eval.errors(), "error")
        )?;
        return Ok(Exit::Invalid);
    };
    let mut exit = Exit::Ok;
    if let Some(min) = args.min_level {
        if score.level.number < min {
            writeln!(
                io.stderr,
                "{}: gate failed: level {} · {} is below the minimum level {min}",
                untrusted::shown(&eval.path),
                score.level.number,
                score.level.name
            )?;
            exit = Exit::Gate;
        }
    }
    if let Some(review) = &score.review {
        for missed in review.missed() {
            writeln!(
                io.stderr,
                "{}: gate failed: {}",
                untrusted::shown(&eval.path),
                commitments::gate_message(missed)
            )?;
            exit = Exit::Gate;
        }
    }
    if args.deny_warnings && eval.warnings() > 0 {
        writeln!(
            io.stderr,
            "{}: gate failed: {} and --deny-warnings is set",
            untrusted::shown(&eval.path),
            count(eval.warnings(), "warning")
        )?;
        exit = Exit::Gate;
    }
    let unsupported = eval.evidence.as_ref().map_or(0, |e| e.unsupported());
    if args.evidence == EvidenceMode::Deny && unsupported > 0 {
        writeln!(
            io.stderr,
            "{}: gate failed: {} and --evidence deny is set",
            eval.path,
            count(unsupported, "unsupported claim")
        )?;
        exit = Exit::Gate;
    }
    Ok(exit)
}

fn run_diff(args: &DiffArgs, io: &mut Io) -> io::Result<Exit> {
    let today = args.today.resolve();
    let evaluate = |p: &Path| {
        check::judge(
            check::evaluate_file(p, &check::default_repo_root(p)),
            today,
            false,
        )
    };
    let base = evaluate(&args.base);
    let head = evaluate(&args.head);
    // Evidence warnings belong to `check`; a diff reports only what stops it.
    let errors_only = |e: &Evaluation| Evaluation {
        diagnostics: e
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .cloned()
            .collect::<Vec<Diagnostic>>(),
        ..e.clone()
    };
    print_diagnostics(&errors_only(&base), io)?;
    print_diagnostics(&errors_only(&head), io)?;
    let (Some(base_score), Some(head_score)) = (&base.score, &head.score) else {
        writeln!(
            io.stderr,
            "llmops-maturity: cannot compare: fix the errors above first"
        )?;
        return Ok(Exit::Invalid);
    };
    let d = diff::diff(Some(base_score), head_score);
    match args.format {
        Format::Json => writeln!(io.stdout, "{}", json_text(&json::diff(&d))?)?,
        Format::Text => write!(io.stdout, "{}", text::diff(&d, io.color))?,
        Format::Markdown => {
            let ctx = markdown::Context {
                path: head.path.clone(),
                blob_base: None,
            };
            write!(
                io.stdout,
                "{}",
                markdown::report(head_score, &[], Some(&d), None, &ctx)
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn run_init(args: &InitArgs, io: &mut Io) -> io::Result<Exit> {
    let q = questionnaire::builtin();
    let body = if args.from_scan {
        let root = check::default_repo_root(&args.path);
        match crate::scan::scan(&root, &root.display().to_string()) {
            Ok(found) => init::from_scan(q, &found),
            Err(e) => {
                writeln!(
                    io.stderr,
                    "llmops-maturity: error: --from-scan: {}",
                    crate::untrusted::shown(&e.to_string())
                )?;
                return Ok(Exit::Invalid);
            }
        }
    } else {
        init::starter(q)
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        // create_new refuses atomically, so a file appearing meanwhile is not clobbered either.
        options.create_new(true);
    }
    match options.open(&args.path) {
        Ok(mut file) => {
            file.write_all(body.as_bytes())?;
            writeln!(
                io.stderr,
                "wrote {}: answer each question, then run `llmops-maturity check {}`",
                shown_path(&args.path),
                shown_path(&args.path)
            )?;
            Ok(Exit::Ok)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            writeln!(
                io.stderr,
                "llmops-maturity: error: {} already exists; pass --force to overwrite it",
                shown_path(&args.path)
            )?;
            Ok(Exit::Invalid)
        }
        Err(e) => {
            writeln!(
                io.stderr,
                "llmops-maturity: error: cannot write {}: {e}",
                shown_path(&args.path)
            )?;
            Ok(Exit::Invalid)
        }
    }
}

fn run_questions(args: &QuestionsArgs, io: &mut Io) -> io::Result<Exit> {
    let q = questionnaire::builtin();
    match args.format {
        Format::Text => write!(io.stdout, "{}", text::questions(q))?,
        Format::Markdown => write!(io.stdout, "{}", markdown::questions(q))?,
        Format::Json => writeln!(io.stdout, "{}", json_text(&schema::json_schema(q))?)?,
    }
    Ok(Exit::Ok)
}

fn run_scan(args: &ScanArgs, io: &mut Io) -> io::Result<Exit> {
    use crate::scan::{self, render, rules::RULES};
    let q = questionnaire::builtin();
    if args.rules {
        match args.format {
            Format::Text => write!(io.stdout, "{}", render::rules_text(RULES))?,
            Format::Markdown => write!(io.stdout, "{}", render::rules_markdown(RULES))?,
            Format::Json => writeln!(io.stdout, "{}", json_text(&render::rules_json(RULES))?)?,
        }
        return Ok(Exit::Ok);
    }
    let (root, shown) = match &args.root {
        Some(root) => (root.clone(), root.display().to_string()),
        None => scan::default_root(&std::env::current_dir()?),
    };
    let found = match scan::scan(&root, &shown) {
        Ok(found) => found,
        Err(e) => {
            writeln!(
                io.stderr,
                "llmops-maturity: error: {}",
                crate::untrusted::shown(&e.to_string())
            )?;
            return Ok(Exit::Invalid);
        }
    };
    match args.format {
        Format::Text => write!(io.stdout, "{}", render::text(&found, q))?,
        Format::Markdown => write!(io.stdout, "{}", render::markdown(&found, q, None))?,
        Format::Json => writeln!(io.stdout, "{}", json_text(&render::json(&found, q))?)?,
    }
    Ok(Exit::Ok)
}

/// JSON for stdout, where a runner would run a legacy `##[command]` found anywhere in a line:
/// inside a string (the only place `##` can be in our JSON) `[` is written `\u005b`, which every
/// JSON reader reads back as `[`, so the values are unchanged and no line holds a command.
fn json_text<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    Ok(serde_json::to_string_pretty(value)?.replace("##[", "##\\u005b"))
}

/// A path from the command line, shown on one line.
fn shown_path(path: &Path) -> String {
    untrusted::shown(&path.to_string_lossy()).into_owned()
}

fn count(n: usize, word: &str) -> String {
    text::plural(n as u32, word)
}
