//! `diff`: what changed between two versions of the answers (files or git revisions), per dimension, and what the change did to the evidence: the comment `ci` would post, locally.

use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::Env;
use crate::changed::{self, EvidenceChanges};
use crate::cli::DiffArgs;
use crate::diagnostic::{self, Code, Diagnostic, Severity};
use crate::evaluate::{self, Evaluation};
use crate::exit::{Exit, Io};
use crate::gate::{self, Gates, Surface};
use crate::questionnaire::Questionnaire;
use crate::render::{json, markdown, problems, text, Format};
use crate::scan::catalogue;
use crate::scan::evidence::Mode as EvidenceMode;
use crate::scan::Scan;
use crate::{diff, escape, load, revision, untrusted};

/// The answers file `ci` reads by default, relative to the repository's top level.
const DEFAULT_FILE: &str = "llmops-maturity.yaml";

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A file on disk (the work tree's, or any other).
    File(PathBuf),
    /// The answers file at a commit: the revision as typed, its commit, and the path (from
    /// the top level, `/`-separated).
    Revision {
        rev: String,
        commit: String,
        path: String,
    },
}

impl Side {
    /// How the side is named in messages: the path, or `REV:PATH`.
    fn shown(&self) -> String {
        match self {
            Side::File(p) => p.display().to_string(),
            Side::Revision { rev, path, .. } => format!("{rev}:{path}"),
        }
    }
}

/// `diff`'s checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub base: Side,
    pub head: Side,
    /// The top level of the git work tree around the current folder, when there is one.
    pub top: Option<PathBuf>,
    pub format: Format,
    pub evidence: EvidenceMode,
    pub gates: Gates,
    pub today: Date,
}

impl Config {
    /// Resolves each side: a file that exists, else a git revision (or `REV:PATH`); `Err` says
    /// why a side names neither (exit 2).
    pub fn new(args: DiffArgs, env: &Env) -> Result<Config, String> {
        let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
        let top = revision::toplevel(&cwd);
        let head_file = args.head.as_deref().map(Path::new).filter(|p| p.is_file());
        let default_path = match (&top, head_file) {
            (Some(top), Some(file)) => relative_to(top, &cwd.join(file)),
            (Some(top), None) => relative_to(top, &cwd.join(DEFAULT_FILE))
                .filter(|_| cwd.join(DEFAULT_FILE).is_file()),
            (None, _) => None,
        }
        .unwrap_or_else(|| DEFAULT_FILE.to_string());
        let base = resolve(&args.base, top.as_deref(), &default_path)?;
        let head = match &args.head {
            Some(spec) => resolve(spec, top.as_deref(), &default_path)?,
            None => Side::File(match &top {
                Some(top) => top.join(&default_path),
                None => PathBuf::from(DEFAULT_FILE),
            }),
        };
        Ok(Config {
            base,
            head,
            top,
            format: args.format,
            evidence: args.evidence,
            gates: Gates {
                fail_on_evidence_loss: args.fail_on_evidence_loss,
                ..Gates::default()
            },
            today: args.today.or(env.today),
        })
    }
}

/// A file that exists, else `REV:PATH` or `REV` in the git repository.
fn resolve(spec: &str, top: Option<&Path>, default_path: &str) -> Result<Side, String> {
    if Path::new(spec).is_file() {
        return Ok(Side::File(PathBuf::from(spec)));
    }
    let shown = untrusted::shown(spec);
    let Some(top) = top else {
        return Err(format!(
            "{shown}: file not found, and this is not a git repository to read it as a revision"
        ));
    };
    if let Some((rev, path)) = spec.split_once(':') {
        if let Some(commit) = revision::commit(top, rev) {
            let path = path.trim_start_matches("./").trim_start_matches('/');
            return Ok(Side::Revision {
                rev: rev.to_string(),
                commit,
                path: path.to_string(),
            });
        }
    }
    match revision::commit(top, spec) {
        Some(commit) => Ok(Side::Revision {
            rev: spec.to_string(),
            commit,
            path: default_path.to_string(),
        }),
        None => Err(format!(
            "{shown}: neither a file nor a git revision; pass a file, a revision such as `main` or `HEAD~1`, or REV:PATH such as `origin/main:llmops-maturity.yaml`"
        )),
    }
}

/// `path` relative to `top`, `/`-separated, when it is under it.
fn relative_to(top: &Path, path: &Path) -> Option<String> {
    let top = std::fs::canonicalize(top).ok()?;
    let dir = std::fs::canonicalize(path.parent()?).ok()?;
    let rel = dir.join(path.file_name()?);
    let rel = rel.strip_prefix(&top).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

pub fn run(config: &Config, io: &mut Io) -> io::Result<Exit> {
    let root = config.top.clone().unwrap_or_else(|| PathBuf::from("."));
    let base = read_side(&config.base, &root).map(|b| evaluate::judge(b, config.today, false));
    let head = read_side(&config.head, &root).unwrap_or_else(|| missing(&config.head));
    let (mut head, head_scan) = with_evidence(head, config, &root, io)?;
    // Evidence warnings belong to `check`; a diff reports what stops it and what it changed.
    print_errors(base.as_ref(), io)?;
    print_errors(Some(&head), io)?;
    let Some(head_score) = head.score.clone() else {
        return cannot_compare(io);
    };
    let base_score = match &base {
        None => None,
        Some(b) => match &b.score {
            Some(score) => Some(score),
            None => return cannot_compare(io),
        },
    };
    let scan_notes = head_scan.as_ref().map_or(Vec::new(), |s| s.notes.clone());
    let d = diff::diff(base_score, &head_score);
    let changes = match (&config.base, &config.top, head_scan) {
        (Side::Revision { commit, .. }, Some(top), Some(head_scan)) => {
            evidence_changes(config, top, commit, &head_score, &d, &head_scan, &head.path)
        }
        _ => None,
    };
    if let Some(changes) = &changes {
        head.diagnostics
            .extend(changed::diagnostics(changes, &head_score));
        diagnostic::sort(&mut head.diagnostics);
    }
    let failures = gate::failures(
        &head,
        &head_score,
        &config.gates,
        Some(&d),
        changes.as_ref(),
    );
    let gate: Vec<String> = failures.iter().map(|f| f.message(Surface::Cli)).collect();
    write_report(config, &head, &head_score, &d, changes.as_ref(), &gate, io)?;
    // After the report, so they are what a terminal still shows.
    for note in &scan_notes {
        let line = problems::own("note", &untrusted::shown(note), io.stderr_color);
        writeln!(io.stderr, "{line}")?;
    }
    if let Some(changes) = &changes {
        print_evidence_changes(&head, changes, io)?;
    }
    for failure in &gate {
        let line = problems::gate(&head.path, failure, io.stderr_color);
        writeln!(io.stderr, "{line}")?;
    }
    Ok(if failures.is_empty() {
        Exit::Ok
    } else {
        Exit::Gate
    })
}

/// A side's evaluation, not yet judged; `None` when a revision has no such file (a base
/// without it makes the head a new assessment).
fn read_side(side: &Side, root: &Path) -> Option<Evaluation> {
    let eval = match side {
        Side::File(path) => load::evaluate_file(path, &load::default_repo_root(path)),
        Side::Revision { commit, path, .. } => match revision::show(root, commit, path) {
            Some(Some(bytes)) => {
                let exists = |p: &str| load::lookup(root, Path::new(p));
                let fetch = |p: &str| revision::show(root, commit, p).flatten();
                load::evaluate_blob(path, &bytes, &exists, &fetch)
            }
            _ => return None,
        },
    };
    Some(Evaluation {
        path: side.shown(),
        ..eval
    })
}

/// The head when its revision has no such file.
fn missing(side: &Side) -> Evaluation {
    Evaluation {
        path: side.shown(),
        diagnostics: vec![Diagnostic::file(
            Code::File,
            "not found at that revision; pass REV:PATH to name the answers file",
        )],
        score: None,
        evidence: None,
    }
}

/// The head held against the tree it belongs to: the work tree, or a revision's tree read as
/// the work tree with that revision's versions of the files that differ.
fn with_evidence(
    mut head: Evaluation,
    config: &Config,
    root: &Path,
    io: &mut Io,
) -> io::Result<(Evaluation, Option<Scan>)> {
    if config.evidence == EvidenceMode::Off || head.score.is_none() {
        return Ok((evaluate::judge(head, config.today, false), None));
    }
    let q = head.score.as_ref().map(|s| s.assessment.questionnaire);
    let q = q.unwrap_or_else(crate::questionnaire::builtin);
    let found = match (&config.head, &config.top) {
        (Side::Revision { commit, .. }, Some(top)) => scan_at(top, commit, q),
        _ => scan_work_tree(root, q),
    };
    match found {
        Ok(found) => {
            // Its notes are printed after the report, with the other problems.
            load::hold_against(&mut head, &found, root);
            // Judged last: waivers act on the evidence check's diagnostics too.
            Ok((evaluate::judge(head, config.today, true), Some(found)))
        }
        Err(e) => {
            let message = format!("evidence not checked: {}", untrusted::shown(&e));
            writeln!(
                io.stderr,
                "{}",
                problems::own("warning", &message, io.stderr_color)
            )?;
            Ok((evaluate::judge(head, config.today, false), None))
        }
    }
}

/// The work tree's scan, with the rules `check --evidence` uses: the built-ins, the
/// questionnaire's and the team's rules file.
fn scan_work_tree(root: &Path, q: &'static Questionnaire) -> Result<Scan, String> {
    let rules = load::catalogue(root, None, q).map_err(rules_problem)?;
    let shown = root.display().to_string();
    crate::scan::scan_with(root, &shown, &crate::scan::walk::Overlay::new(), rules)
        .map_err(|e| e.to_string())
}

/// The scan of the tree at `commit`, from the work tree and the files that differ, with the
/// rules file as it is at that commit: each side is held against its own team rules, so a
/// change that switches a rule off shows as the evidence it loses (as in `ci`).
fn scan_at(top: &Path, commit: &str, q: &'static Questionnaire) -> Result<Scan, String> {
    let files = revision::changed_files(top, commit, None)?;
    let rules_file = revision::contents(top, commit, &[load::RULES_FILE.to_string()]);
    let rules = match rules_file.get(load::RULES_FILE) {
        None => catalogue::catalogue(q, None),
        Some(bytes) => load::catalogue_of(bytes, load::RULES_FILE, q)
            .map_err(|e| format!("at {commit}: {}", rules_problem(e)))?,
    };
    let wanted = changed::base_paths_to_read(&files, &*crate::scan::relevant_to(rules));
    let contents = revision::contents(top, commit, &wanted);
    load::base_scan(top, &files, &contents, rules).map_err(|e| e.to_string())
}

/// A rules file that cannot be used, in one line: its first problem.
fn rules_problem(e: load::RulesError) -> String {
    let problems = e.diagnostics();
    match problems.first() {
        Some(first) => {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let file = first.file.as_deref().unwrap_or(load::RULES_FILE);
            let at = first
                .pos
                .map_or(file.to_string(), |p| format!("{file}:{p}"));
            format!("{at}: {} [{}]{more}", first.message, first.rule)
        }
        None => "the rules file cannot be used".to_string(),
    }
}

/// What the change from the base commit to the head did to the evidence.
fn evidence_changes(
    config: &Config,
    top: &Path,
    base_commit: &str,
    head_score: &crate::score::Score,
    d: &diff::Diff,
    head_scan: &Scan,
    head_shown: &str,
) -> Option<EvidenceChanges> {
    let head_commit = match &config.head {
        Side::Revision { commit, .. } => Some(commit.as_str()),
        Side::File(_) => None,
    };
    let files = revision::changed_files(top, base_commit, head_commit).ok()?;
    let base_scan = scan_at(top, base_commit, head_score.assessment.questionnaire).ok()?;
    let answers = match &config.head {
        Side::Revision { path, .. } => path.clone(),
        Side::File(p) => relative_to(top, p).unwrap_or_else(|| head_shown.to_string()),
    };
    Some(changed::judge(
        head_score,
        Some(d),
        &files,
        &base_scan,
        head_scan,
        &answers,
    ))
}

/// The evidence lost and the answers to re-confirm, one line each, then what the comparison
/// could not see.
fn print_evidence_changes(
    head: &Evaluation,
    changes: &EvidenceChanges,
    io: &mut Io,
) -> io::Result<()> {
    for d in head.diagnostics.iter().filter(|d| {
        d.rule == diagnostic::Code::EvidenceLost || d.rule == diagnostic::Code::Reconfirm
    }) {
        writeln!(
            io.stderr,
            "{}",
            problems::line(d, &head.path, io.stderr_color)
        )?;
    }
    for note in &changes.notes {
        let line = problems::own("note", &untrusted::shown(note), io.stderr_color);
        writeln!(io.stderr, "{line}")?;
    }
    Ok(())
}

fn print_errors(eval: Option<&Evaluation>, io: &mut Io) -> io::Result<()> {
    for d in eval
        .into_iter()
        .flat_map(|e| e.diagnostics.iter().map(move |d| (e, d)))
    {
        let (e, d) = d;
        if d.severity == Severity::Error {
            writeln!(io.stderr, "{}", problems::line(d, &e.path, io.stderr_color))?;
        }
    }
    Ok(())
}

fn cannot_compare(io: &mut Io) -> io::Result<Exit> {
    writeln!(
        io.stderr,
        "llmops-maturity: cannot compare: fix the errors above first"
    )?;
    Ok(Exit::Invalid)
}

fn write_report(
    config: &Config,
    head: &Evaluation,
    score: &crate::score::Score,
    d: &diff::Diff,
    changes: Option<&EvidenceChanges>,
    gate: &[String],
    io: &mut Io,
) -> io::Result<()> {
    match config.format {
        Format::Json => {
            let mut value = json::diff(d);
            if let Some(changes) = changes {
                value["evidence_changes"] = serde_json::to_value(changes)?;
            }
            writeln!(io.stdout, "{}", escape::json(&value)?)?;
        }
        Format::Text => {
            write!(io.stdout, "{}", text::diff(d, io.color))?;
            if let Some(changes) = changes {
                write!(io.stdout, "{}", text::evidence_changes(changes))?;
            }
        }
        Format::Markdown => {
            // The very comment `ci` posts, from the same renderer (without the marker).
            let ctx = markdown::Context {
                path: match &config.head {
                    Side::Revision { path, .. } => path.clone(),
                    Side::File(_) => head.path.clone(),
                },
                ..Default::default()
            };
            let report = markdown::Report {
                diff: Some(d),
                evidence: head.evidence.as_ref(),
                changes,
                gate,
                ..markdown::Report::of(score, &head.diagnostics)
            };
            write!(io.stdout, "{}", markdown::report(&report, &ctx))?;
        }
    }
    Ok(())
}
