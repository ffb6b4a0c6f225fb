//! `ci` inside a GitHub Actions job: check the answers file, compare it with the pull request's base, and report in GitHub.
//!
//! Order matters for the promise that no API failure loses the report: the level, the summary
//! and the gate are settled from local data first; the comment comes last, its failures become
//! warnings (errors with `--comment-required`), and the outputs are written whatever happened.
//!
//! Outputs: `level`, `level-name`, `score`, `max-score`, `base-level` and `base-score` (empty
//! without a base), `changed`, `passed`, `evidence-lost` and `reconfirm` (dimension ids), `comment-id` and `comment-action`
//! (`created|updated|unchanged|skipped|forbidden|deleted`). Exit codes are `check`'s: 0 ok,
//! 1 gate failed, 2 invalid file or usage, or a comment that could not be written with
//! `--comment-required`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use jiff::civil::Date;

use crate::changed::{self, EvidenceChanges};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::diff::{self, Diff};
use crate::evaluate::{self, Evaluation};
use crate::gate::{self, Gates, Surface};
use crate::github::api::{Client, Repo};
use crate::github::base_evidence;
use crate::github::env::{self, GithubEnv, PullRequest};
use crate::github::log::Log;
use crate::github::outputs;
use crate::github::publish::{CommentSettings, CommentStep};
use crate::load;
use crate::render::{markdown, text};
use crate::scan::evidence::Mode as EvidenceMode;
use crate::scan::Scan;
use crate::score::Score;
use crate::untrusted;

/// What `ci` is asked to do, with the defaults applied.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The answers file, relative to the workspace.
    pub config: PathBuf,
    pub gates: Gates,
    pub comment: CommentSettings,
    pub summary: bool,
    pub annotations: bool,
    /// Compare with the file at this commit or ref instead of the pull request's base.
    pub base_ref: Option<String>,
    /// Comment on this pull request instead of the event's.
    pub pr_number: Option<u64>,
    pub api_timeout: u64,
    pub dry_run: bool,
    pub evidence: EvidenceMode,
    pub today: Date,
}

/// How the run ended, for the caller to turn into an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The answers file was valid and scored.
    pub scored: bool,
    /// Every gate passed (false when the file was not scored).
    pub passed: bool,
    /// The comment could not be written.
    pub comment_failed: bool,
}

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

/// What the run knows before it reads any answers.
struct Run<'a> {
    settings: &'a Settings,
    env: &'a GithubEnv,
    workspace: PathBuf,
    /// The answers file's path in the repository, as GitHub names it.
    repo_path: String,
    repo: Option<Repo>,
    pr: Option<PullRequest>,
    pr_number: Option<u64>,
    base_ref: Option<String>,
    client: Option<Client>,
}

/// Runs `ci` with the runner's environment handed in; everything goes to the job log through
/// one [`Log`] (see `log.rs` for why one stream).
pub async fn run(settings: &Settings, env: &GithubEnv, log: &mut Log<'_>) -> io::Result<Outcome> {
    let run = Run::new(settings, env, log)?;
    let (head, head_scan) = run.head(log).await?;
    match head.score.clone() {
        None => run.report_invalid(&head, log).await,
        Some(score) => run.report(head, &score, head_scan, log).await,
    }
}

impl<'a> Run<'a> {
    fn new(settings: &'a Settings, env: &'a GithubEnv, log: &mut Log<'_>) -> io::Result<Self> {
        // Outside a runner (`ci --dry-run` in a subfolder) the repository root stands for the
        // workspace, as every command finds the answers file there.
        let workspace = env.workspace.clone().unwrap_or_else(|| {
            std::env::current_dir().map_or_else(|_| PathBuf::from("."), |cwd| load::root_from(&cwd))
        });
        let repo_path = repo_relative(&settings.config, &workspace);
        let pr = if env.is_pull_request_event() {
            read_pull_request(env, log)?
        } else {
            None
        };
        let pr_number = settings.pr_number.or(pr.as_ref().map(|p| p.number));
        let base_ref = settings
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
                let config = env.api_config(token.clone(), settings.api_timeout, settings.dry_run);
                match Client::new(config) {
                    Ok(client) => Some(client),
                    Err(message) => {
                        log.command(&outputs::command("warning", &message))?;
                        None
                    }
                }
            }
        };
        Ok(Run {
            settings,
            env,
            workspace,
            repo_path,
            repo: env.repo(),
            pr,
            pr_number,
            base_ref,
            client,
        })
    }

    /// The head file, evaluated with evidence and judged, and the head's scan when it ran.
    async fn head(&self, log: &mut Log<'_>) -> io::Result<(Evaluation, Option<Scan>)> {
        let (settings, env) = (self.settings, self.env);
        let head = if env.is_pull_request_target() {
            head_from_api(self.client.as_ref(), self.pr.as_ref(), &self.repo_path).await
        } else {
            load::evaluate_file(&self.workspace.join(&settings.config), &self.workspace)
        };
        let mut head = Evaluation {
            path: self.repo_path.clone(),
            ..head
        };
        let mut head_scan = None;
        if settings.evidence != EvidenceMode::Off {
            if env.is_pull_request_target() {
                // The workspace holds the base branch here, not the pull request's files.
                log.command(&outputs::command(
                    "notice",
                    "evidence is not checked on pull_request_target: the checkout is the base branch, not the pull request's files",
                ))?;
            } else {
                match load::add_evidence(&mut head, &self.workspace, None) {
                    Ok(found) => {
                        for note in found.iter().flat_map(|s| &s.notes) {
                            writeln!(log, "note: {}", untrusted::shown(note))?;
                        }
                        head_scan = found;
                    }
                    Err(e) => log.command(&outputs::command(
                        "warning",
                        &format!("evidence not checked: {e}"),
                    ))?,
                }
            }
        }
        // Judged last, on one day for head and base alike: waivers act on every diagnostic, the
        // evidence check's included.
        let evidence_evaluated = head.evidence.is_some();
        let head = evaluate::judge(head, settings.today, evidence_evaluated);
        Ok((head, head_scan))
    }

    /// The diagnostics on the log, after the report, and as annotations on the answers file.
    fn problems(&self, diagnostics: &[Diagnostic], log: &mut Log<'_>) -> io::Result<()> {
        for d in diagnostics {
            writeln!(log, "{}", d.display(&self.repo_path))?;
        }
        if self.settings.annotations {
            log.command(&outputs::annotations(&self.repo_path, diagnostics))?;
        }
        Ok(())
    }

    fn comment_step(&self, changed: Option<bool>) -> CommentStep<'_> {
        CommentStep {
            settings: self.settings.comment,
            env: self.env,
            client: self.client.as_ref(),
            repo: self.repo.as_ref(),
            pr_number: self.pr_number,
            changed,
        }
    }

    /// An invalid file: its problems in the summary and the comment, every output set.
    async fn report_invalid(&self, head: &Evaluation, log: &mut Log<'_>) -> io::Result<Outcome> {
        let repo_path = &self.repo_path;
        self.problems(&head.diagnostics, log)?;
        writeln!(
            log,
            "{}: invalid: {} must be fixed before the answers can be scored",
            untrusted::shown(repo_path),
            text::plural(head.errors() as u32, "error")
        )?;
        let report = markdown::invalid(repo_path, &head.diagnostics);
        if self.settings.summary {
            write_summary(self.env, &report, log)?;
        }
        // Every output is set, so a workflow never reads a stale or missing one.
        let mut out: Vec<(&str, String)> = [
            "level",
            "level-name",
            "score",
            "max-score",
            "base-level",
            "base-score",
            "evidence-lost",
            "reconfirm",
        ]
        .into_iter()
        .map(|name| (name, String::new()))
        .collect();
        out.push(("changed", "false".into()));
        out.push(("passed", "false".into()));
        // Reviewers need to know most when the file is broken: a sticky comment that still
        // showed the last valid score would mislead them, so an invalid file counts as a change.
        let comment_failed = self
            .comment_step(Some(true))
            .publish_and_report(repo_path, &report, &mut out, log)
            .await?;
        write_outputs(self.env, &out, log)?;
        Ok(Outcome {
            scored: false,
            passed: false,
            comment_failed,
        })
    }

    /// A valid file: compared with the base, gated, reported in the summary, the outputs and
    /// the comment, in that order (the report must exist whatever the API does next).
    async fn report(
        &self,
        mut head: Evaluation,
        score: &Score,
        head_scan: Option<Scan>,
        log: &mut Log<'_>,
    ) -> io::Result<Outcome> {
        let repo_path = &self.repo_path;
        write!(
            log,
            "{}",
            text::report(repo_path, score, head.evidence.as_ref(), false)
        )?;
        let base = self.base(log).await?;
        let diff = match &base {
            Base::Found(base) => Some(diff::diff(Some(base), score)),
            Base::Absent => Some(diff::diff(None, score)),
            Base::NotCompared | Base::Unavailable => None,
        };
        let changes = self
            .evidence_changes(score, diff.as_ref(), head_scan.as_ref(), log)
            .await?;
        if let Some(changes) = &changes {
            head.diagnostics
                .extend(changed::diagnostics(changes, score));
            diagnostic::sort(&mut head.diagnostics);
        }
        self.problems(&head.diagnostics, log)?;
        // The gate, from local data only.
        let failures = gate::failures(
            &head,
            score,
            &self.settings.gates,
            diff.as_ref(),
            changes.as_ref(),
        );
        let gate: Vec<String> = failures
            .iter()
            .map(|f| f.message(Surface::Action))
            .collect();
        for failure in &gate {
            writeln!(
                log,
                "{}: gate failed: {failure}",
                untrusted::shown(repo_path)
            )?;
        }
        let ctx = markdown::Context {
            path: repo_path.clone(),
            blob_base: blob_base(self.env, self.pr.as_ref(), false),
            base_blob_base: blob_base(self.env, self.pr.as_ref(), true),
        };
        let review = markdown::Report {
            score,
            diagnostics: &head.diagnostics,
            diff: diff.as_ref(),
            evidence: head.evidence.as_ref(),
            changes: changes.as_ref(),
            gate: &gate,
        };
        let report = markdown::report(&review, &ctx);
        if self.settings.summary {
            write_summary(self.env, &report, log)?;
        }
        // A change of the evidence is a change too: it is what the reviewer must look at.
        let evidence_moved = changes.as_ref().is_some_and(EvidenceChanges::any);
        let changed = diff.as_ref().map(|d| d.changed() || evidence_moved);
        let mut out = outputs_of(score, &base, changed, failures.is_empty(), changes.as_ref());
        // The sticky comment, last: whatever happens to it, the report above is already out.
        let comment_failed = self
            .comment_step(changed)
            .publish_and_report(repo_path, &report, &mut out, log)
            .await?;
        write_outputs(self.env, &out, log)?;
        Ok(Outcome {
            scored: true,
            passed: failures.is_empty(),
            comment_failed,
        })
    }

    /// What the pull request did to the evidence, when the head was scanned and there is a base
    /// to compare with.
    async fn evidence_changes(
        &self,
        score: &Score,
        diff: Option<&Diff>,
        head_scan: Option<&Scan>,
        log: &mut Log<'_>,
    ) -> io::Result<Option<EvidenceChanges>> {
        let (Some(head_scan), Some(base_ref)) = (head_scan, &self.base_ref) else {
            return Ok(None);
        };
        let sources = base_evidence::Sources {
            client: self.client.as_ref(),
            repo: self.repo.as_ref(),
            pr_number: self.pr_number,
            base_ref,
            workspace: &self.workspace,
        };
        base_evidence::read(&sources, score, diff, head_scan, &self.repo_path, log).await
    }

    async fn base(&self, log: &mut Log<'_>) -> io::Result<Base> {
        match &self.base_ref {
            None => Ok(Base::NotCompared),
            Some(git_ref) => {
                read_base(
                    self.client.as_ref(),
                    self.repo.as_ref(),
                    git_ref,
                    &self.repo_path,
                    &self.workspace,
                    log,
                )
                .await
            }
        }
    }
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
        diagnostics: vec![Diagnostic::file(Code::File, message)],
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
            let exists = |_: &str| crate::validate::Lookup::Found;
            let at = Commit {
                client: Some(client),
                repo: Some(&head_repo),
                git_ref: &pr.head_sha,
                workspace: None,
            };
            at.evaluate(repo_path, &bytes, &exists).await
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
    let exists = |p: &str| load::lookup(workspace, Path::new(p));
    let at = Commit {
        client,
        repo,
        git_ref,
        workspace: Some(workspace),
    };
    match at.evaluate(repo_path, &bytes, &exists).await.score {
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

/// The step outputs of a scored run, in the order action.yml lists them.
fn outputs_of(
    score: &Score,
    base: &Base,
    changed: Option<bool>,
    passed: bool,
    changes: Option<&EvidenceChanges>,
) -> Vec<(&'static str, String)> {
    let (base_level, base_score) = match &base {
        Base::Found(b) => (b.level.number.to_string(), b.total.to_string()),
        _ => (String::new(), String::new()),
    };
    vec![
        ("level", score.level.number.to_string()),
        ("level-name", score.level.name.to_string()),
        ("score", score.total.to_string()),
        ("max-score", score.max.to_string()),
        ("base-level", base_level),
        ("base-score", base_score),
        ("changed", changed.unwrap_or(false).to_string()),
        ("passed", passed.to_string()),
        (
            "evidence-lost",
            changes.map(EvidenceChanges::lost_ids).unwrap_or_default(),
        ),
        (
            "reconfirm",
            changes
                .map(EvidenceChanges::reconfirm_ids)
                .unwrap_or_default(),
        ),
    ]
}

/// A commit whose files are read from the local clone when it has them, else through the API.
struct Commit<'a> {
    client: Option<&'a Client>,
    repo: Option<&'a Repo>,
    git_ref: &'a str,
    /// `None` under `pull_request_target`: the head's files are never read from the workspace.
    workspace: Option<&'a Path>,
}

impl Commit<'_> {
    /// The answers file `bytes` at `repo_path`, with the questionnaire file it names read from
    /// the same commit. The name is known only once the file is parsed, so a file the clone
    /// lacks is fetched and the answers checked once more.
    async fn evaluate(
        &self,
        repo_path: &str,
        bytes: &[u8],
        exists: &dyn Fn(&str) -> crate::validate::Lookup,
    ) -> Evaluation {
        let wanted = std::cell::RefCell::new(None::<String>);
        let local = |p: &str| match self.workspace.and_then(|w| git_show(w, self.git_ref, p)) {
            Some(found) => found,
            None => {
                *wanted.borrow_mut() = Some(p.to_owned());
                None
            }
        };
        let eval = load::evaluate_blob(repo_path, bytes, exists, &local);
        let (Some(path), Some(client), Some(repo)) = (wanted.take(), self.client, self.repo) else {
            return eval;
        };
        let fetched = client
            .file_at(repo, &path, self.git_ref)
            .await
            .ok()
            .flatten();
        let remote = |p: &str| if p == path { fetched.clone() } else { None };
        load::evaluate_blob(repo_path, bytes, exists, &remote)
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

/// Links evidence paths to the head commit's files on pull requests (`base`: to the base
/// commit's, where a file the pull request removed can still be read).
fn blob_base(env: &GithubEnv, pr: Option<&PullRequest>, base: bool) -> Option<String> {
    let pr = pr?;
    let server = env.server_url.as_deref().unwrap_or("https://github.com");
    let (repo, sha) = if base {
        (env.repository.as_deref()?, &pr.base_sha)
    } else {
        (
            pr.head_repo.as_deref().or(env.repository.as_deref())?,
            &pr.head_sha,
        )
    };
    Some(format!(
        "{}/{repo}/blob/{sha}/",
        server.trim_end_matches('/')
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
