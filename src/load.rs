//! Reads answers files and the repository around them from disk: capped reads, the repository root, link-safe lookups, and the evidence scan.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Component, Path, PathBuf};

use crate::at_commit;
use crate::capped::{self, ReadError};
use crate::changed::{self, ChangedFile};
use crate::config::{self, MAX_FILE_BYTES};
use crate::diagnostic::{Code, Diagnostic};
use crate::evaluate::{evaluate_with, evaluate_with_lookups, Evaluation};
use crate::questionnaire::{file, Questionnaire, Source};
use crate::scan::catalogue::Catalogue;
use crate::scan::{self, Scan, ScanError};
use crate::validate::Lookup;
use crate::validate::QuestionnaireError;

/// Checks the file at `path`; evidence paths are looked up under `repo_root`.
///
/// A file inside the repository that is a symbolic link (or sits under one) leading out of it is
/// not read: a pull request could otherwise point its answers file at a runner's secrets and
/// have them shown in the report.
pub fn evaluate_file(path: &Path, repo_root: &Path) -> Evaluation {
    let shown = path.display().to_string();
    if let Some(relative) = inside(path, repo_root) {
        if lookup(repo_root, &relative) == Lookup::Outside {
            return Evaluation {
                path: shown,
                diagnostics: vec![Diagnostic::file(
                    Code::File,
                    "is a symbolic link that leads outside the repository, which is never followed; commit the answers file itself",
                )],
                score: None,
                evidence: None,
            };
        }
    }
    match read_capped(path) {
        Ok(bytes) => {
            let exists = |p: &str| lookup(repo_root, Path::new(p));
            let dir = path.parent().unwrap_or(Path::new(""));
            let questionnaire = |value: &str| questionnaire_file(dir, value, repo_root);
            evaluate_with_lookups(&shown, &bytes, &exists, &questionnaire)
        }
        Err(diagnostic) => Evaluation {
            path: shown,
            diagnostics: vec![diagnostic],
            score: None,
            evidence: None,
        },
    }
}

/// The questionnaire file `value` names, relative to `dir` (the answers file's folder), read
/// when it stays inside the repository at `repo_root` as every repository file is read.
pub fn questionnaire_file(
    dir: &Path,
    value: &str,
    repo_root: &Path,
) -> Result<&'static Questionnaire, QuestionnaireError> {
    let unreadable = |why: &str| Err(QuestionnaireError::Unreadable(why.to_string()));
    if Path::new(value).is_absolute() {
        return unreadable(
            "an absolute path; name the file relative to the answers file, inside the repository",
        );
    }
    let path = dir.join(value);
    let Some(relative) = inside(&path, repo_root) else {
        return unreadable("outside the repository; keep the questionnaire file in the repository, relative to the answers file");
    };
    match lookup(repo_root, &relative) {
        Lookup::Found => {}
        Lookup::Outside => {
            return unreadable(
                "a symbolic link on the way leads outside the repository, which is never followed",
            )
        }
        Lookup::Missing => {
            return unreadable("file not found (the path is relative to the answers file)")
        }
    }
    let shown = normalize(&path).display().to_string();
    let mut bytes = Vec::new();
    match capped::read(&path, MAX_FILE_BYTES as u64, &mut bytes) {
        Ok(()) => {}
        Err(ReadError::NotFound) => {
            return unreadable("file not found (the path is relative to the answers file)")
        }
        Err(ReadError::NotAFile(kind)) => {
            return unreadable(&format!("is {kind}, not a questionnaire file"))
        }
        Err(ReadError::TooLarge(_)) => {
            return unreadable("larger than 1 MiB, the limit for a questionnaire file")
        }
        Err(ReadError::Io(e)) => return unreadable(&format!("cannot be read: {e}")),
    }
    file::load(&bytes, Source::File(shown.clone()), &builtin_ids()).map_err(|problems| {
        QuestionnaireError::Invalid(
            problems
                .into_iter()
                .map(|d| d.in_file(shown.clone()))
                .collect(),
        )
    })
}

/// Checks an answers file read from a commit (a git object, the contents API) at `path`, relative
/// to the repository root: a questionnaire file it names is read by `fetch` from the same
/// commit, so a team's own rubric is compared like a built-in one; `exists` says whether an
/// evidence path is there.
pub fn evaluate_blob(
    path: &str,
    bytes: &[u8],
    exists: &dyn Fn(&str) -> Lookup,
    fetch: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Evaluation {
    let questionnaire = |value: &str| questionnaire_blob(path, value, fetch);
    evaluate_with_lookups(path, bytes, exists, &questionnaire)
}

/// The questionnaire file `value` names, relative to the answers file at `answers` (a path in the
/// repository), as `fetch` reads it from the commit; it must stay inside the repository.
pub fn questionnaire_blob(
    answers: &str,
    value: &str,
    fetch: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<&'static Questionnaire, QuestionnaireError> {
    let relative = at_commit::blob_path(answers, value)?;
    let Some(bytes) = fetch(&relative) else {
        return Err(QuestionnaireError::Unreadable(
            "file not found at that commit (the path is relative to the answers file)".into(),
        ));
    };
    at_commit::questionnaire_of(&relative, &bytes)
}

/// Checks file contents obtained elsewhere (a git object, the contents API).
pub fn evaluate_bytes(shown: &str, bytes: &[u8], repo_root: &Path) -> Evaluation {
    let exists = |p: &str| lookup(repo_root, Path::new(p));
    evaluate_with(shown, bytes, &exists)
}

/// Scans `repo_root` with the built-in rules, the questionnaire's and the team's (the rules
/// file at `rules`, else [`RULES_FILE`] when there is one), and holds a valid file's answers
/// against what it shows: the statuses go into `eval.evidence`, the `unsupported-claim`
/// warnings and `evidence-above-answer` notes into its diagnostics. An invalid file is left as
/// it is; a rules file that cannot be used makes it invalid, with the rules file's problems.
///
/// Returns the scan (its notes say what it could not apply, for the caller to show); `None` for
/// an invalid file, which is not scanned for.
pub fn add_evidence(
    eval: &mut Evaluation,
    repo_root: &Path,
    rules: Option<&Path>,
) -> Result<Option<Scan>, ScanError> {
    let Some(score) = &eval.score else {
        return Ok(None);
    };
    let catalogue = match catalogue(repo_root, rules, score.assessment.questionnaire) {
        Ok(catalogue) => catalogue,
        Err(e) => {
            eval.diagnostics.extend(e.diagnostics());
            crate::diagnostic::sort(&mut eval.diagnostics);
            eval.score = None;
            return Ok(None);
        }
    };
    let shown = repo_root.display().to_string();
    let found = scan::scan_with(repo_root, &shown, &scan::walk::Overlay::new(), catalogue)?;
    hold_against(eval, &found, repo_root);
    Ok(Some(found))
}

/// Where a team keeps its evidence rules, relative to the repository root.
pub const RULES_FILE: &str = ".llmops-maturity/rules.yaml";

/// Why a rules file could not be used.
#[derive(Debug)]
pub enum RulesError {
    /// The file (as shown) could not be read: why.
    Unreadable(String, String),
    /// The file (as shown) has problems, each positioned in it.
    Invalid(String, Vec<Diagnostic>),
}

impl RulesError {
    /// The problems as diagnostics of the rules file, to report beside an answers file's.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            RulesError::Unreadable(shown, why) => {
                vec![Diagnostic::file(Code::File, why.clone()).in_file(shown.clone())]
            }
            RulesError::Invalid(shown, problems) => problems
                .iter()
                .map(|d| d.clone().in_file(shown.clone()))
                .collect(),
        }
    }
}

/// The ids of the built-in rules, which a file's rules may not take.
fn builtin_ids() -> Vec<&'static str> {
    at_commit::builtin_ids()
}

/// The catalogue for questionnaire `q` and the rules file at `path` (relative to the current
/// folder, inside the repository), or at [`RULES_FILE`] under `repo_root` when `path` is
/// `None` (where no file means no team rules). The file is read as every repository file is:
/// a link out of the repository is refused, a device or FIFO is never opened.
pub fn catalogue(
    repo_root: &Path,
    path: Option<&Path>,
    q: &'static Questionnaire,
) -> Result<&'static Catalogue, RulesError> {
    let (full, relative) = match path {
        None => (repo_root.join(RULES_FILE), PathBuf::from(RULES_FILE)),
        Some(p) => match inside(p, repo_root) {
            Some(relative) => (p.to_path_buf(), relative),
            None => {
                let why = "outside the repository; keep the rules file in the repository";
                return Err(RulesError::Unreadable(p.display().to_string(), why.into()));
            }
        },
    };
    let shown = relative.to_string_lossy().replace('\\', "/");
    let unreadable = |why: &str| Err(RulesError::Unreadable(shown.clone(), why.to_string()));
    match lookup(repo_root, &relative) {
        Lookup::Found => {}
        Lookup::Missing if path.is_none() => return Ok(scan::catalogue::catalogue(q, None)),
        Lookup::Missing => return unreadable("file not found"),
        Lookup::Outside => {
            return unreadable(
                "a symbolic link on the way leads outside the repository, which is never followed; commit the rules file itself",
            )
        }
    }
    let mut bytes = Vec::new();
    match capped::read(&full, MAX_FILE_BYTES as u64, &mut bytes) {
        Ok(()) => {}
        Err(ReadError::NotFound) => return unreadable("file not found"),
        Err(ReadError::NotAFile(kind)) => {
            return unreadable(&format!("is {kind}, not a rules file"))
        }
        Err(ReadError::TooLarge(_)) => {
            return unreadable("larger than 1 MiB, the limit for a rules file")
        }
        Err(ReadError::Io(e)) => return unreadable(&format!("cannot be read: {e}")),
    }
    catalogue_of(&bytes, &shown, q)
}

/// The catalogue for questionnaire `q` and the text of a rules file named `shown` (read from
/// disk, or the base's version of it from git or the API).
pub fn catalogue_of(
    bytes: &[u8],
    shown: &str,
    q: &'static Questionnaire,
) -> Result<&'static Catalogue, RulesError> {
    let dims: Vec<(&'static str, u8)> = q
        .dimensions
        .iter()
        .map(|d| (d.id, d.max_points()))
        .collect();
    let ids = builtin_ids();
    let ctx = crate::rule::file::Context {
        dimensions: &dims,
        builtin: &ids,
        file: shown.to_string().leak(),
    };
    match crate::rule::file::load(bytes, &ctx) {
        Ok(declared) => Ok(scan::catalogue::catalogue(q, Some(&declared))),
        Err(problems) => Err(RulesError::Invalid(shown.to_string(), problems)),
    }
}

/// Holds a valid file's answers against `found`, a scan of `repo_root` (or of another version
/// of it): the statuses and the `unsupported-claim` and `evidence-above-answer` diagnostics.
pub fn hold_against(eval: &mut Evaluation, found: &Scan, repo_root: &Path) {
    let Some(score) = &eval.score else {
        return;
    };
    // The same lookup as evidence paths: a link out of the repository does not count.
    let exists = |p: &str| lookup(repo_root, Path::new(p)) == Lookup::Found;
    let (evidence, diagnostics) = scan::evidence::assess(&score.assessment, found, &exists);
    eval.diagnostics.extend(diagnostics);
    crate::diagnostic::sort(&mut eval.diagnostics);
    eval.evidence = Some(evidence);
}

/// The scan of the base of a change, from the tree at `repo_root` (its head): the files the
/// change touched are taken as they were on the base (`contents`, by base path), or as absent.
pub fn base_scan(
    repo_root: &Path,
    files: &[ChangedFile],
    contents: &BTreeMap<String, Vec<u8>>,
    rules: &'static Catalogue,
) -> Result<Scan, ScanError> {
    let overlay = changed::base_overlay(files, contents);
    scan::scan_with(repo_root, &repo_root.display().to_string(), &overlay, rules)
}

/// Reads the answers file through the capped reader: a FIFO or a device is refused before it
/// is opened, and a huge file costs no more memory than an allowed one.
fn read_capped(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    match capped::read(path, MAX_FILE_BYTES as u64, &mut bytes) {
        Ok(()) => Ok(bytes),
        Err(ReadError::NotFound) => Err(Diagnostic::file(
            Code::File,
            match other_extension(path) {
                Some(name) => format!(
                    "file not found; did you mean `{}`? Pass its path, or rename it to the name looked for",
                    crate::untrusted::shown(&name)
                ),
                None => "file not found; create one with `llmops-maturity init`, or pass the path of your answers file".to_string(),
            },
        )),
        Err(ReadError::NotAFile(kind)) => Err(Diagnostic::file(
            Code::File,
            format!("is {kind}, expected an answers file"),
        )),
        Err(ReadError::TooLarge(_)) => Err(Diagnostic::error(
            crate::diagnostic::Pos::START,
            Code::Yaml,
            config::TOO_LARGE,
        )),
        Err(ReadError::Io(e)) => Err(Diagnostic::file(
            Code::File,
            format!("cannot read the file: {e}"),
        )),
    }
}

/// The answers file's name: what every command looks for when no path is given.
pub const DEFAULT_FILE: &str = "llmops-maturity.yaml";

/// Where a command reads the answers file: `given` as typed; else `llmops-maturity.yaml` in
/// `cwd` when there is one (a monorepo's project folder); else the one at the repository root
/// around `cwd`, spelled relative to `cwd` (`../../llmops-maturity.yaml`). `history` and `diff`
/// find the same file through git, so every command reads the file the others do.
pub fn answers_path(given: Option<&Path>, cwd: &Path) -> PathBuf {
    if let Some(path) = given {
        return path.to_path_buf();
    }
    let here = Path::new(DEFAULT_FILE);
    if cwd.join(here).exists() {
        return here.to_path_buf();
    }
    match root_from(cwd) {
        up if up == Path::new(".") => here.to_path_buf(),
        up => up.join(DEFAULT_FILE),
    }
}

/// The repository root around `cwd` as a path relative to it: `.` at the root (or outside any
/// repository), `../..` two folders below it. Relative, so messages name files as a user in
/// `cwd` would type them.
pub fn root_from(cwd: &Path) -> PathBuf {
    let root = default_repo_root(&cwd.join(DEFAULT_FILE));
    match normalize(cwd).strip_prefix(normalize(&root)) {
        Ok(below) if below.components().next().is_some() => {
            std::iter::repeat_n("..", below.components().count()).collect()
        }
        _ => PathBuf::from("."),
    }
}

/// `x.yml` when `x.yaml` is missing and `x.yml` exists (or the other way round): the name a
/// user most likely meant.
fn other_extension(path: &Path) -> Option<String> {
    let other = match path.extension()?.to_str()? {
        "yaml" => "yml",
        "yml" => "yaml",
        _ => return None,
    };
    let candidate = path.with_extension(other);
    candidate.is_file().then(|| {
        candidate
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    })
}

/// The repository root for evidence paths: the nearest folder above `file` holding `.git` (what
/// `git rev-parse --show-toplevel` finds, without starting a process), else the file's folder.
///
/// Folders are searched as the path is spelled before they are resolved, so a linked folder in
/// the repository (`teams -> /elsewhere`) is judged from the repository it sits in.
pub fn default_repo_root(file: &Path) -> PathBuf {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let spelled = std::env::current_dir().map(|cwd| normalize(&cwd.join(&dir)));
    let resolved = std::fs::canonicalize(&dir);
    [spelled.ok(), resolved.ok()]
        .into_iter()
        .flatten()
        .find_map(|start| {
            start
                .ancestors()
                .find(|a| a.join(".git").exists())
                .map(Path::to_path_buf)
        })
        .unwrap_or(dir)
}

/// Looks up `relative` under `root` one component at a time, following symbolic links only while
/// they stay inside the repository.
///
/// A link's target is judged by where it points, before anything is read there, so the answer for
/// a link out of the repository is `Outside` whether or not its target exists: the report cannot
/// be used to probe the runner's files. An absolute target is accepted only when it names a place
/// under the (canonical) root.
pub fn lookup(root: &Path, relative: &Path) -> Lookup {
    let Ok(root) = std::fs::canonicalize(root) else {
        return Lookup::Missing;
    };
    let mut at = root.clone();
    let mut todo: VecDeque<PathBuf> = components(relative).collect();
    let mut links = 0;
    while let Some(part) = todo.pop_front() {
        if part == Path::new("..") {
            if !at.pop() || !at.starts_with(&root) {
                return Lookup::Outside;
            }
            continue;
        }
        let next = at.join(&part);
        let Ok(meta) = std::fs::symlink_metadata(&next) else {
            return Lookup::Missing;
        };
        if !meta.file_type().is_symlink() {
            at = next;
            continue;
        }
        // The kernel's own limit on links in one path (ELOOP), so a loop ends.
        links += 1;
        let Ok(target) = std::fs::read_link(&next) else {
            return Lookup::Missing;
        };
        if links > 40 {
            return Lookup::Missing;
        }
        let rest: Vec<PathBuf> = todo.drain(..).collect();
        if target.is_absolute() {
            let Ok(within) = normalize(&target)
                .strip_prefix(&root)
                .map(Path::to_path_buf)
            else {
                return Lookup::Outside;
            };
            at = root.clone();
            todo.extend(components(&within));
        } else {
            todo.extend(components(&target));
        }
        todo.extend(rest);
    }
    Lookup::Found
}

/// The parts of a relative path that move: names and `..` (`.` and roots dropped).
fn components(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    path.components().filter_map(|c| match c {
        Component::Normal(name) => Some(PathBuf::from(name)),
        Component::ParentDir => Some(PathBuf::from("..")),
        _ => None,
    })
}

/// `a/./b/../c` -> `a/c` without touching the disk (the file may not exist, or not any more).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `root` when it names a place under it (as the user spelled it, from the
/// working directory), so the walk of [`lookup`] can check every link on the way.
fn inside(path: &Path, root: &Path) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let absolute = |p: &Path| {
        normalize(&if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        })
    };
    let file = absolute(path);
    let roots = [absolute(root), std::fs::canonicalize(root).ok()?];
    roots
        .iter()
        .find_map(|r| file.strip_prefix(r).ok().map(Path::to_path_buf))
}
