//! Reads other versions of the repository from git: a file at a revision, and the files changed between two revisions or a revision and the work tree.
//!
//! Used by `diff` (a local preview of the pull request comment) and by `ci` when the base commit
//! is in the clone. Revisions come from the command line or the event payload: one that looks
//! like an option never reaches git's command line, and git runs with the settings its output
//! depends on stated, so no user configuration changes what is parsed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::changed::{ChangedFile, FileStatus};
use crate::config::MAX_FILE_BYTES;

/// `git` in `dir`, with literal pathspecs, no pager, and the settings parsed output depends on.
pub fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["--literal-pathspecs", "--no-pager"])
        .args(
            [
                "diff.relative=false",
                "diff.renames=true",
                "diff.noprefix=false",
                "color.ui=false",
                "core.quotePath=false",
            ]
            .iter()
            .flat_map(|setting| ["-c", setting]),
        )
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// A revision safe to hand to git: not empty, no option, no line break.
fn safe(rev: &str) -> bool {
    !rev.is_empty() && !rev.starts_with('-') && !rev.contains(['\n', '\r', '\0'])
}

/// The top level of the work tree around `dir`, when it is in one.
pub fn toplevel(dir: &Path) -> Option<PathBuf> {
    let out = git(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| PathBuf::from(text.trim_end()))
}

/// The full commit id `rev` names, when the clone has it.
pub fn commit(top: &Path, rev: &str) -> Option<String> {
    if !safe(rev) {
        return None;
    }
    let out = git(top)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .ok()?;
    let id = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !id.trim().is_empty()).then(|| id.trim().to_string())
}

/// The file at `path` (relative to the top level) in commit `rev`: `Some(None)` when the commit
/// is there but the file is not (or is not a file), `None` when the commit is not in the clone.
/// A file larger than the answers-file limit is cut one byte past it, so the limit is reported.
pub fn show(top: &Path, rev: &str, path: &str) -> Option<Option<Vec<u8>>> {
    let commit = commit(top, rev)?;
    let spec = format!("{commit}:{path}");
    let kind = git(top).args(["cat-file", "-t", &spec]).output().ok()?;
    if !kind.status.success() || kind.stdout.trim_ascii() != b"blob" {
        return Some(None);
    }
    let out = git(top).args(["cat-file", "blob", &spec]).output().ok()?;
    if !out.status.success() {
        return Some(None);
    }
    let mut bytes = out.stdout;
    bytes.truncate(MAX_FILE_BYTES + 1);
    Some(Some(bytes))
}

/// The files at `paths` in commit `rev`, those that are files there.
pub fn contents(top: &Path, rev: &str, paths: &[String]) -> BTreeMap<String, Vec<u8>> {
    paths
        .iter()
        .filter_map(|p| show(top, rev, p).flatten().map(|bytes| (p.clone(), bytes)))
        .collect()
}

/// The files changed from `base` to `head` (a revision), or to the work tree when `head` is
/// `None` (committed and uncommitted changes alike; untracked files are not listed).
pub fn changed_files(
    top: &Path,
    base: &str,
    head: Option<&str>,
) -> Result<Vec<ChangedFile>, String> {
    let base_id =
        commit(top, base).ok_or_else(|| format!("{base}: no such commit in this clone"))?;
    let mut cmd = git(top);
    cmd.args([
        "diff",
        "--name-status",
        "-M",
        "-z",
        "--no-ext-diff",
        &base_id,
    ]);
    if let Some(head) = head {
        let head_id =
            commit(top, head).ok_or_else(|| format!("{head}: no such commit in this clone"))?;
        cmd.arg(head_id);
    }
    let out = cmd
        .arg("--")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let message = String::from_utf8_lossy(&out.stderr);
        return Err(format!("git diff failed: {}", message.trim()));
    }
    parse_name_status(&out.stdout)
}

/// `git diff --name-status -z`: a status (`A`, `D`, `M`, `T`, `R100`, `C75`), then one path, or
/// two for a rename or copy, each NUL-terminated.
fn parse_name_status(bytes: &[u8]) -> Result<Vec<ChangedFile>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "a changed path is not UTF-8".to_string())?;
    let mut tokens = text.split('\0').filter(|t| !t.is_empty());
    let mut files = Vec::new();
    while let Some(status) = tokens.next() {
        let mut path = || {
            tokens
                .next()
                .map(str::to_string)
                .ok_or_else(|| format!("a status `{status}` without its path"))
        };
        let file = match status.chars().next() {
            Some('A') => ChangedFile {
                path: path()?,
                status: FileStatus::Added,
                previous: None,
            },
            Some('D') => ChangedFile {
                path: path()?,
                status: FileStatus::Removed,
                previous: None,
            },
            Some('R') => {
                let previous = Some(path()?);
                ChangedFile {
                    path: path()?,
                    status: FileStatus::Renamed,
                    previous,
                }
            }
            // A copy leaves the source in place: for the evidence it is an added file.
            Some('C') => {
                let _source = path()?;
                ChangedFile {
                    path: path()?,
                    status: FileStatus::Added,
                    previous: None,
                }
            }
            Some(_) => ChangedFile {
                path: path()?,
                status: FileStatus::Modified,
                previous: None,
            },
            None => return Err("an empty status".into()),
        };
        files.push(file);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_is_read_with_renames_and_copies() {
        let raw = b"M\0a.py\0A\0b/c.yml\0D\0gone.txt\0R087\0old name.md\0new name.md\0C100\0x\0y\0";
        let files = parse_name_status(raw).unwrap();
        let statuses: Vec<(&str, &FileStatus, Option<&str>)> = files
            .iter()
            .map(|f| (f.path.as_str(), &f.status, f.previous.as_deref()))
            .collect();
        assert_eq!(
            statuses,
            [
                ("a.py", &FileStatus::Modified, None),
                ("b/c.yml", &FileStatus::Added, None),
                ("gone.txt", &FileStatus::Removed, None),
                ("new name.md", &FileStatus::Renamed, Some("old name.md")),
                ("y", &FileStatus::Added, None),
            ]
        );
        assert!(parse_name_status(b"M\0").is_err());
    }

    #[test]
    fn a_revision_that_looks_like_an_option_never_reaches_git() {
        assert_eq!(commit(Path::new("."), "--output=/tmp/x"), None);
        assert_eq!(commit(Path::new("."), "a\nb"), None);
    }
}
