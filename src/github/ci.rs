//! The `ci` command: check the answers file, compare it with the pull request's base, and report in GitHub.
//!
//! Order matters for the promise that no API failure loses the report: the level, the summary
//! and the gate are settled from local data first; the comment comes last, its failures become
//! warnings (errors with `--comment-required`), and the outputs are written whatever happened.
//!
//! Outputs: `level`, `level-name`, `score`, `max-score`, `base-level` and `base-score` (empty
//! without a base), `changed`, `passed`, `comment-id` and `comment-action`
//! (`created|updated|unchanged|skipped|forbidden|deleted`). Exit codes are `check`'s: 0 ok,
//! 1 gate failed, 2 invalid file or usage, or a comment that could not be written with
//! `--comment-required`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::check::{self, Evaluation};
use crate::cli::CiArgs;
use crate::commitments;
use crate::diagnostic::Diagnostic;
use crate::diff::{self, Diff};
use crate::exit::{Exit, Io};
use crate::github::api::{Client, Repo};
use crate::github::env::{self, GithubEnv, PullRequest};
use crate::github::log::Log;
use crate::github::outputs;
use crate::github::publish::CommentStep;
use crate::render::{markdown, text};
use crate::scan::evidence::Mode as EvidenceMode;
use crate::score::Score;
use crate::untrusted;

/// The base side of the comparison.
enum Base {
    /// Not a pull request and no `--base-ref`: nothing to compare with.
    NotCompared,
    /// The base has no (valid) answers file: the head is a new assessment.
    Absent,
    Found(Box<Score>),
    /// The base could not be read (no token, API failure); the report goes without a diff.
    Unavailable,
}

/// Runs `ci` with the runner's environment handed in.
///
/// Everything goes to the job log through one [`Log`] on stdout: human text with workflow
/// commands stopped, intended commands between (see `log.rs` for why one stream).
pub fn run(args: &CiArgs, env: &GithubEnv, io: &mut Io<'_>) -> io::Result<Exit> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut log = Log::new(&mut *io.commands);
    let exit = runtime.block_on(run_async(args, env, &mut log));
    log.finish()?;
    exit
}

async fn run_async(args: &CiArgs, env: &GithubEnv, log: &mut Log<'_>) -> io::Result<Exit> {
    let workspace = env.workspace.clone().unwrap_or_else(|| PathBuf::from("."));
    let config = args
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("llmops-maturity.yaml"));
    let repo_path = repo_relative(&config, &workspace);
    let repo = env.repo();

    let pr = if env.is_pull_request_event() {
        read_pull_request(env, log)?
    } else {
        None
    };
    let pr_number = args.pr_number.or(pr.as_ref().map(|p| p.number));
    let base_ref = args
        .base_ref
        .clone()
        .or(pr.as_ref().map(|p| p.base_sha.clone()));

    let client = match &env.token {
        None => {
            log.command(&outputs::command(
                "notice",
                "GITHUB_TOKEN is not set: no pull request comment, and the base file is read only from local git. Pass `env: GITHUB_TOKEN: ${{ github.token }}` to the step.",
            ))?;
            None
        }
        Some(token) => {
            match Client::new(env.api_config(token.clone(), args.api_timeout, args.dry_run)) {
                Ok(client) => Some(client),
                Err(message) => {
                    log.command(&outputs::command("warning", &message))?;
                    None
                }
            }
        }
    };

    // 1. The head file.
    let head = if env.is_pull_request_target() {
        head_from_api(client.as_ref(), pr.as_ref(), &repo_path).await
    } else {
        check::evaluate_file(&workspace.join(&config), &workspace)
    };
    let mut head = Evaluation {
        path: repo_path.clone(),
        ..head
    };
    if args.evidence != EvidenceMode::Off {
        if env.is_pull_request_target() {
            // The workspace holds the base branch here, not the pull request's files.
            log.command(&outputs::command(
                "notice",
                "evidence is not checked on pull_request_target: the checkout is the base branch, not the pull request's files",
            ))?;
        } else if let Err(e) = check::add_evidence(&mut head, &workspace) {
            log.command(&outputs::command(
                "warning",
                &format!("evidence not checked: {e}"),
            ))?;
        }
    }
    // Judged last, on one day for head and base alike: waivers act on every diagnostic, the
    // evidence check's included.
    let today = args.today.resolve();
    let evidence_evaluated = head.evidence.is_some();
    let head = check::judge(head, today, evidence_evaluated);
    for d in &head.diagnostics {
        writeln!(log, "{}", d.display(&repo_path))?;
    }
    if args.annotations {
        log.command(&outputs::annotations(&repo_path, &head.diagnostics))?;
    }

    let comment_step = |changed: Option<bool>| CommentStep {
        args,
        env,
        client: client.as_ref(),
        repo: repo.as_ref(),
        pr_number,
        changed,
    };
    let mut out: Vec<(&str, String)> = Vec::new();
    let Some(head_score) = &head.score else {
        writeln!(
            log,
            "{}: invalid: {} must be fixed before the answers can be scored",
            untrusted::shown(&repo_path),
            text::plural(head.errors() as u32, "error")
        )?;
        if args.summary {
            write_summary(env, &markdown::invalid(&repo_path, &head.diagnostics), log)?;
        }
        // Every output is set, so a workflow never reads a stale or missing one.
        for name in [
            "level",
            "level-name",
            "score",
            "max-score",
            "base-level",
            "base-score",
        ] {
            out.push((name, String::new()));
        }
        out.push(("changed", "false".into()));
        out.push(("passed", "false".into()));
        // Reviewers need to know most when the file is broken: a sticky comment that still
        // showed the last valid score would mislead them, so an invalid file counts as a change.
        let report = markdown::invalid(&repo_path, &head.diagnostics);
        comment_step(Some(true))
            .publish_and_report(&repo_path, &report, &mut out, log)
            .await?;
        write_outputs(env, &out, log)?;
        return Ok(Exit::Invalid);
    };
    write!(
        log,
        "{}",
        text::report(&repo_path, head_score, head.evidence.as_ref(), false)
    )?;

    // 2-3. The base and the diff.
    let base = match &base_ref {
        None => Base::NotCompared,
        Some(git_ref) => {
            read_base(
                client.as_ref(),
                repo.as_ref(),
                git_ref,
                &repo_path,
                &workspace,
                log,
            )
            .await?
        }
    };
    let diff = match &base {
        Base::Found(base) => Some(diff::diff(Some(base), head_score)),
        Base::Absent => Some(diff::diff(None, head_score)),
        Base::NotCompared | Base::Unavailable => None,
    };
    let changed = diff.as_ref().is_some_and(Diff::changed);
    let regressed = diff.as_ref().is_some_and(Diff::regressed);

    // The gate, from local data only.
    let mut passed = true;
    if let Some(min) = args.min_level {
        if head_score.level.number < min {
            writeln!(
                log,
                "{}: gate failed: level {} · {} is below the minimum level {min}",
                untrusted::shown(&repo_path),
                head_score.level.number,
                head_score.level.name
            )?;
            passed = false;
        }
    }
    if let Some(review) = &head_score.review {
        for missed in review.missed() {
            writeln!(
                log,
                "{}: gate failed: {}",
                untrusted::shown(&repo_path),
                commitments::gate_message(missed)
            )?;
            passed = false;
        }
    }
    let unsupported = head.evidence.as_ref().map_or(0, |e| e.unsupported());
    if args.evidence == EvidenceMode::Deny && unsupported > 0 {
        writeln!(
            log,
            "{}: gate failed: {} and evidence is deny",
            untrusted::shown(&repo_path),
            text::plural(unsupported as u32, "unsupported claim")
        )?;
        passed = false;
    }
    if args.fail_on_regression && regressed {
        writeln!(
            log,
            "{}: gate failed: the level went down from the base's (--fail-on-regression)",
            untrusted::shown(&repo_path)
        )?;
        passed = false;
    }

    // 4. The report, in the summary first: it must exist whatever the API does next.
    let ctx = markdown::Context {
        path: repo_path.clone(),
        blob_base: blob_base(env, pr.as_ref()),
    };
    let report = markdown::report(
        head_score,
        &head.diagnostics,
        diff.as_ref(),
        head.evidence.as_ref(),
        &ctx,
    );
    if args.summary {
        write_summary(env, &report, log)?;
    }

    out.push(("level", head_score.level.number.to_string()));
    out.push(("level-name", head_score.level.name.to_string()));
    out.push(("score", head_score.total.to_string()));
    out.push(("max-score", head_score.max.to_string()));
    let (base_level, base_score) = match &base {
        Base::Found(b) => (b.level.number.to_string(), b.total.to_string()),
        _ => (String::new(), String::new()),
    };
    out.push(("base-level", base_level));
    out.push(("base-score", base_score));
    out.push(("changed", changed.to_string()));
    out.push(("passed", passed.to_string()));

    // 5. The sticky comment, last: whatever happens to it, the report above is already out.
    let comment_failed = comment_step(diff.as_ref().map(Diff::changed))
        .publish_and_report(&repo_path, &report, &mut out, log)
        .await?;
    write_outputs(env, &out, log)?;

    Ok(if comment_failed && args.comment_required {
        Exit::Invalid
    } else if passed {
        Exit::Ok
    } else {
        Exit::Gate
    })
}

/// The event's pull request; a broken payload is a warning, and the run goes on without it.
fn read_pull_request(env: &GithubEnv, log: &mut Log<'_>) -> io::Result<Option<PullRequest>> {
    let Some(path) = &env.event_path else {
        log.command(&outputs::command(
            "warning",
            "GITHUB_EVENT_PATH is not set: no pull request to compare with",
        ))?;
        return Ok(None);
    };
    let parsed = std::fs::read(path)
        .map_err(|e| format!("cannot read the event payload {}: {e}", path.display()))
        .and_then(|bytes| env::pull_request(&bytes));
    match parsed {
        Ok(pr) => Ok(pr),
        Err(message) => {
            log.command(&outputs::command("warning", &message))?;
            Ok(None)
        }
    }
}

/// On `pull_request_target`, the head file comes from the head repository at the head commit.
async fn head_from_api(
    client: Option<&Client>,
    pr: Option<&PullRequest>,
    repo_path: &str,
) -> Evaluation {
    let failed = |message: String| Evaluation {
        path: repo_path.to_string(),
        diagnostics: vec![Diagnostic::file("file", message)],
        score: None,
        evidence: None,
    };
    let (Some(client), Some(pr)) = (client, pr) else {
        return failed(
            "on pull_request_target the head file is read through the API, which needs GITHUB_TOKEN and the event's pull request".into(),
        );
    };
    let Some(head_repo) = pr.head_repo.as_deref().and_then(Repo::parse) else {
        return failed("the pull request's head repository is gone (a deleted fork)".into());
    };
    match client.file_at(&head_repo, repo_path, &pr.head_sha).await {
        // The head's tree is not in the workspace (and must never be checked out here), so
        // evidence paths cannot be looked up: they are accepted rather than all reported missing.
        Ok(Some(bytes)) => {
            check::evaluate_with(repo_path, &bytes, &|_| crate::validate::Lookup::Found)
        }
        Ok(None) => failed(format!(
            "file not found in {head_repo} at {}; create one with `llmops-maturity init`",
            pr.head_sha
        )),
        Err(e) => failed(format!("cannot read the head file: {e}")),
    }
}

/// The base's answers: from local git when the commit is there, else one contents API request.
async fn read_base(
    client: Option<&Client>,
    repo: Option<&Repo>,
    git_ref: &str,
    repo_path: &str,
    workspace: &Path,
    log: &mut Log<'_>,
) -> io::Result<Base> {
    let bytes = match git_show(workspace, git_ref, repo_path) {
        Some(local) => local,
        None => match (client, repo) {
            (Some(client), Some(repo)) => match client.file_at(repo, repo_path, git_ref).await {
                Ok(found) => found,
                Err(e) => {
                    log.command(&outputs::command(
                        "warning",
                        &format!("cannot read the base file, so there is no comparison: {e}"),
                    ))?;
                    return Ok(Base::Unavailable);
                }
            },
            _ => {
                log.command(&outputs::command(
                    "warning",
                    &format!("the base commit {git_ref} is not in the local clone and the API is not available to fetch the file: no comparison (use `fetch-depth: 0`, or pass GITHUB_TOKEN)"),
                ))?;
                return Ok(Base::Unavailable);
            }
        },
    };
    let Some(bytes) = bytes else {
        return Ok(Base::Absent);
    };
    match check::evaluate_bytes(repo_path, &bytes, workspace).score {
        Some(score) => Ok(Base::Found(Box::new(score))),
        None => {
            writeln!(
                log,
                "the base's {} is not valid; the head is reported as a new assessment",
                untrusted::shown(repo_path)
            )?;
            Ok(Base::Absent)
        }
    }
}

/// `git show REF:PATH` when the commit is in the local clone: `Some(None)` when the commit is
/// there but the file is not, `None` when git or the commit is missing.
fn git_show(workspace: &Path, git_ref: &str, path: &str) -> Option<Option<Vec<u8>>> {
    // A ref that looks like an option must not reach git's command line.
    if git_ref.starts_with('-') || git_ref.is_empty() {
        return None;
    }
    let git = |args: &[&str]| {
        Process::new("git")
            .arg("-C")
            .arg(workspace)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
    };
    let commit = git(&["cat-file", "-e", &format!("{git_ref}^{{commit}}")])?;
    if !commit.status.success() {
        return None;
    }
    let shown = git(&["show", &format!("{git_ref}:{path}")])?;
    Some(shown.status.success().then_some(shown.stdout))
}

/// The path GitHub knows the file by: relative to the repository root, with `/`.
fn repo_relative(config: &Path, workspace: &Path) -> String {
    let relative = config.strip_prefix(workspace).unwrap_or(config);
    let text = relative.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_string()
}

/// Links evidence paths to the head commit's files on pull requests.
fn blob_base(env: &GithubEnv, pr: Option<&PullRequest>) -> Option<String> {
    let pr = pr?;
    let server = env.server_url.as_deref().unwrap_or("https://github.com");
    let repo = pr.head_repo.as_deref().or(env.repository.as_deref())?;
    Some(format!(
        "{}/{repo}/blob/{}/",
        server.trim_end_matches('/'),
        pr.head_sha
    ))
}

fn write_summary(env: &GithubEnv, report: &str, log: &mut Log<'_>) -> io::Result<()> {
    let capped = outputs::cap_summary(report);
    append_runner_file(env.step_summary.as_deref(), &capped, "the job summary", log)
}

fn write_outputs(env: &GithubEnv, values: &[(&str, String)], log: &mut Log<'_>) -> io::Result<()> {
    let text: String = values
        .iter()
        .map(|(name, value)| outputs::output(name, value))
        .collect();
    append_runner_file(env.output.as_deref(), &text, "the step outputs", log)
}

/// Appends to a file the runner gave; failing to is a warning, since the rest of the report
/// (the log, the other file, the comment) is still worth having.
fn append_runner_file(
    path: Option<&Path>,
    text: &str,
    what: &str,
    log: &mut Log<'_>,
) -> io::Result<()> {
    let Some(path) = path else {
        return Ok(());
    };
    if let Err(e) = outputs::append(path, text) {
        log.command(&outputs::command(
            "warning",
            &format!("cannot write {what}: {e}"),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_paths_become_repository_paths() {
        let ws = Path::new("/home/runner/work/r/r");
        assert_eq!(
            repo_relative(Path::new("llmops-maturity.yaml"), ws),
            "llmops-maturity.yaml"
        );
        assert_eq!(
            repo_relative(Path::new("./teams/a.yaml"), ws),
            "teams/a.yaml"
        );
        assert_eq!(
            repo_relative(Path::new("/home/runner/work/r/r/teams/a.yaml"), ws),
            "teams/a.yaml"
        );
    }

    #[test]
    fn a_ref_that_looks_like_an_option_never_reaches_git() {
        assert_eq!(git_show(Path::new("."), "--output=/tmp/x", "a.yaml"), None);
    }
}
