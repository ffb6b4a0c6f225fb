//! Reads every version of one file along the first-parent history of HEAD with a fixed number of git processes.
//!
//! One `git rev-parse` finds the repository, one `git log` lists the commits that changed the
//! file, and one `git cat-file --batch` returns all their contents; a second one returns, at each
//! of those commits, the questionnaire file the version names by path (`questionnaire:
//! ./acme.yaml`), once the versions are read and the paths known. Four processes at most whatever
//! the length of the history, instead of one `git show` per commit.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::config::MAX_FILE_BYTES;

/// What the file was at one commit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Content {
    /// The file's bytes, cut at one byte past the size limit (so the limit is still reported).
    Blob(Vec<u8>),
    /// The commit deleted the file.
    Deleted,
    /// The path named something other than a file (a directory, a submodule).
    NotAFile(String),
}

/// One commit on the first-parent line that changed the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawVersion {
    /// The full commit id.
    pub commit: String,
    /// The committer date, `YYYY-MM-DD`.
    pub date: String,
    /// The author's name (git's `%an`), as the commit has it: untrusted text.
    pub author: String,
    /// The commit's subject line (git's `%s`): untrusted text.
    pub subject: String,
    /// The file's path at this commit, relative to the top level (it differs before a rename).
    pub path: String,
    /// The path it had before, when this commit renamed it.
    pub renamed_from: Option<String>,
    /// True when the commit created the file (git's status `A`).
    pub created: bool,
    pub content: Content,
    /// The questionnaire file this version names, by path from the top level, and what it was
    /// at the same commit; `None` when it names a built-in (or nothing that can be read).
    pub questionnaire: Option<(String, Content)>,
}

/// The versions git has, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// The file's path at HEAD's end of the history, relative to the top level, with `/`.
    pub file: String,
    pub versions: Vec<RawVersion>,
    /// True when the repository is a shallow clone: older versions may exist but are not here.
    pub shallow: bool,
    /// True when there are more versions than the limit asked for.
    pub truncated: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// `git` could not be started at all.
    #[error("git is not installed or not on PATH; `history` reads the file's versions with git")]
    NotInstalled,
    /// The path is not inside a git work tree.
    #[error("{0} is not inside a git repository; `history` needs the file's git history")]
    NotARepository(String),
    /// The path names a directory on disk.
    #[error("{0} is a directory, expected an answers file")]
    Directory(String),
    /// Git paths are bytes; this build only handles the ones that are text.
    #[error("{0}: the path is not valid UTF-8")]
    NotUtf8(String),
    /// HEAD names no commit: a new repository.
    #[error("the repository has no commits yet, so the file has no history")]
    NoCommits,
    /// A git command failed; its own message says why.
    #[error("`git {command}` failed: {message}")]
    Failed { command: String, message: String },
    /// Git answered something this parser does not understand.
    #[error("unexpected output from `git {command}`: {detail}")]
    Unexpected { command: String, detail: String },
    #[error("running git: {0}")]
    Io(#[from] io::Error),
}

/// Reads the versions of `path` (relative to `cwd`, or else to the top level) along the
/// first-parent history of HEAD, the newest `limit` of them.
pub fn read_versions(path: &Path, cwd: &Path, limit: usize) -> Result<Log, GitError> {
    let shown = path.display().to_string();
    let absolute = crate::load::normalize(&cwd.join(path));
    if absolute.is_dir() {
        return Err(GitError::Directory(shown));
    }
    // Run git where the file is, so a path into another repository reads that repository.
    let dir = absolute
        .ancestors()
        .skip(1)
        .find(|a| a.is_dir())
        .unwrap_or(cwd)
        .to_path_buf();
    let located = rev_parse(&dir, &shown)?;
    // `dir` is an ancestor of `absolute` by construction.
    let below_dir = absolute.strip_prefix(&dir).unwrap_or(&absolute);
    let mut file = format!("{}{}", located.prefix, slashed(below_dir, &shown)?);
    // `history llmops-maturity.yaml` from a subfolder means the top level's file when the
    // subfolder has none: the same path `git show HEAD:PATH` would take.
    if !absolute.exists() && path.is_relative() && !located.prefix.is_empty() {
        let at_top = crate::load::normalize(&located.top.join(path));
        if at_top.is_file() {
            file = slashed(path, &shown)?;
        }
    }
    let entries = log(&located.top, &file, limit + 1)?;
    let truncated = entries.len() > limit;
    let entries: Vec<LogEntry> = entries.into_iter().take(limit).collect();
    let contents = cat_file(&located.top, &entries)?;
    let mut versions: Vec<RawVersion> = entries
        .into_iter()
        .zip(contents)
        .map(|(e, content)| RawVersion {
            commit: e.commit,
            date: e.date,
            author: e.author,
            subject: e.subject,
            path: e.path,
            renamed_from: e.renamed_from,
            created: e.status == Some('A'),
            content,
            questionnaire: None,
        })
        .collect();
    read_questionnaires(&located.top, &mut versions)?;
    Ok(Log {
        file,
        versions,
        shallow: located.shallow,
        truncated,
    })
}

/// A relative path with `/` separators, as git names files on every OS.
fn slashed(path: &Path, shown: &str) -> Result<String, GitError> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(
                s.to_str()
                    .ok_or_else(|| GitError::NotUtf8(shown.to_string()))?
                    .to_string(),
            ),
            Component::CurDir => {}
            _ => {
                return Err(GitError::Unexpected {
                    command: "rev-parse".into(),
                    detail: format!("{shown} is not below the repository's top level"),
                })
            }
        }
    }
    Ok(parts.join("/"))
}

struct Located {
    top: PathBuf,
    /// The folder of the git call relative to the top level, `""` or ending in `/`.
    prefix: String,
    shallow: bool,
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    // Literal pathspecs: a file named `a*.yaml` is that file, not a pattern. No pager, and
    // every setting the output depends on stated here, so no user or system configuration
    // changes it: `log.showRoot=false` would drop the first version's diff (and so its blob),
    // `diff.relative` would cut the paths, `log.showSignature` adds lines, colour adds escapes.
    cmd.current_dir(dir)
        .args(["--literal-pathspecs", "--no-pager"])
        .args(
            [
                "log.showSignature=false",
                "log.showRoot=true",
                "diff.relative=false",
                "diff.renames=true",
                "color.ui=false",
                "core.quotePath=false",
            ]
            .iter()
            .flat_map(|setting| ["-c", setting]),
        )
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    cmd
}

fn spawn_error(e: io::Error) -> GitError {
    if e.kind() == io::ErrorKind::NotFound {
        GitError::NotInstalled
    } else {
        GitError::Io(e)
    }
}

/// Git's own message, first line, for an error that says why.
fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no message");
    line.trim_start_matches("fatal: ").to_string()
}

fn rev_parse(dir: &Path, shown: &str) -> Result<Located, GitError> {
    let out = git(dir)
        .args([
            "rev-parse",
            "--show-toplevel",
            "--show-prefix",
            "--is-shallow-repository",
        ])
        .output()
        .map_err(spawn_error)?;
    if !out.status.success() {
        let message = first_line(&out.stderr);
        if message.contains("not a git repository") {
            return Err(GitError::NotARepository(shown.to_string()));
        }
        return Err(GitError::Failed {
            command: "rev-parse".into(),
            message,
        });
    }
    let text = String::from_utf8(out.stdout).map_err(|_| GitError::NotUtf8(shown.into()))?;
    let lines: Vec<&str> = text.lines().collect();
    match lines.as_slice() {
        [top, prefix, shallow] => Ok(Located {
            top: PathBuf::from(top),
            prefix: prefix.to_string(),
            shallow: *shallow == "true",
        }),
        // Inside `.git` there is no work tree: no top level is printed.
        _ => Err(GitError::NotARepository(shown.to_string())),
    }
}

#[derive(Debug)]
struct LogEntry {
    commit: String,
    date: String,
    author: String,
    subject: String,
    path: String,
    renamed_from: Option<String>,
    /// git's status letter for the file, `None` when git printed no diff (a merge on old git).
    status: Option<char>,
    /// The blob id after the commit, when git printed one and the file still exists.
    blob: Option<String>,
}

/// One `git log`: the first-parent commits of HEAD that changed the file, following renames.
fn log(top: &Path, file: &str, max: usize) -> Result<Vec<LogEntry>, GitError> {
    let out = git(top)
        .args([
            "log",
            "--first-parent",
            "--follow",
            "--raw",
            "--no-abbrev",
            "-z",
        ])
        // The subject comes last: it is the one field that may hold anything but a NUL (even the
        // unit separator), so splitting at the first two separators always finds the date and
        // the author.
        .arg("--format=%H %cs%x1f%an%x1f%s")
        .arg(format!("--max-count={max}"))
        .args(["HEAD", "--", file])
        .output()
        .map_err(spawn_error)?;
    if !out.status.success() {
        let message = first_line(&out.stderr);
        if [
            "unknown revision",
            "bad revision 'HEAD'",
            "does not have any commits",
        ]
        .iter()
        .any(|m| message.contains(m))
        {
            return Err(GitError::NoCommits);
        }
        return Err(GitError::Failed {
            command: "log".into(),
            message,
        });
    }
    parse_log(&out.stdout, file)
}

/// Parses `git log --format='%H %cs%x1f%an%x1f%s' --raw -z`: NUL-separated tokens, each commit's header
/// followed by raw diff entries (`:modes oids status`, then one path, or two for a rename).
fn parse_log(bytes: &[u8], file: &str) -> Result<Vec<LogEntry>, GitError> {
    let unexpected = |detail: String| GitError::Unexpected {
        command: "log".into(),
        detail,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| GitError::NotUtf8(file.to_string()))?;
    let mut tokens = text.split('\0').peekable();
    let mut entries: Vec<LogEntry> = Vec::new();
    // The path the file has at the commit being read; older commits may know it by another name.
    let mut current = file.to_string();
    while let Some(token) = tokens.next() {
        let token = token.trim_start_matches('\n');
        if token.is_empty() {
            continue;
        }
        if let Some(meta) = token.strip_prefix(':') {
            let fields: Vec<&str> = meta.split(' ').collect();
            let [_, _, _, new_oid, status] = fields.as_slice() else {
                return Err(unexpected(format!("raw diff line `{token}`")));
            };
            let letter = status.chars().next().unwrap_or('M');
            let paths = if matches!(letter, 'R' | 'C') { 2 } else { 1 };
            let names: Vec<&str> = (0..paths).filter_map(|_| tokens.next()).collect();
            let entry = entries
                .last_mut()
                .ok_or_else(|| unexpected("a diff before any commit".into()))?;
            let (old, new) = match names.as_slice() {
                [old, new] => (Some(*old), *new),
                [only] => (None, *only),
                _ => return Err(unexpected(format!("paths after `{token}`"))),
            };
            // The pathspec also matches files under a folder of the same name
            // (`llmops-maturity.yaml/inner.yaml`): only the file itself is its history.
            if new != current {
                continue;
            }
            entry.path = new.to_string();
            entry.status = Some(letter);
            entry.blob =
                (letter != 'D' && new_oid.bytes().any(|b| b != b'0')).then(|| new_oid.to_string());
            if letter == 'R' {
                entry.renamed_from = old.map(str::to_string);
            }
            current = old.unwrap_or(new).to_string();
            continue;
        }
        let (commit, rest) = token
            .split_once(' ')
            .ok_or_else(|| unexpected(format!("commit line `{token}`")))?;
        let mut fields = rest.splitn(3, '\x1f');
        let date = fields.next().unwrap_or_default();
        // A date is shown as git writes it: a commit can claim a year after 9999.
        if commit.len() < 40 || date.is_empty() {
            return Err(unexpected(format!("commit line `{token}`")));
        }
        entries.push(LogEntry {
            commit: commit.to_string(),
            date: date.to_string(),
            author: fields.next().unwrap_or_default().to_string(),
            subject: fields.next().unwrap_or_default().to_string(),
            path: current.clone(),
            renamed_from: None,
            status: None,
            blob: None,
        });
    }
    Ok(entries)
}

/// One `git cat-file --batch`: the file's contents at every listed commit, in order.
fn cat_file(top: &Path, entries: &[LogEntry]) -> Result<Vec<Content>, GitError> {
    // What to ask for each entry: nothing for a deletion, the blob id git printed, or
    // `commit:path` when it printed none.
    let requests: Vec<Option<String>> = entries
        .iter()
        .map(|e| match (e.status, &e.blob) {
            (Some('D'), _) => None,
            (_, Some(blob)) => Some(blob.clone()),
            (_, None) => Some(format!("{}:{}", e.commit, e.path)),
        })
        .collect();
    let wanted: Vec<String> = requests.iter().flatten().cloned().collect();
    if wanted.iter().any(|r| r.contains('\n')) {
        return Err(GitError::Unexpected {
            command: "cat-file".into(),
            detail: "a path with a line break cannot be read".into(),
        });
    }
    let mut results = if wanted.is_empty() {
        Vec::new()
    } else {
        batch(top, &wanted)?
    }
    .into_iter();
    Ok(requests
        .iter()
        .map(|r| match r {
            None => Content::Deleted,
            Some(_) => results.next().unwrap_or(Content::Deleted),
        })
        .collect())
}

/// One more `git cat-file --batch`: at each version's commit, the questionnaire file that version
/// names by path, so an old version is scored with the rubric it was written against.
fn read_questionnaires(top: &Path, versions: &mut [RawVersion]) -> Result<(), GitError> {
    let named: Vec<Option<String>> = versions
        .iter()
        .map(|v| match &v.content {
            Content::Blob(bytes) => crate::at_commit::named_questionnaire(&v.path, bytes)
                // A line break would end the request early: such a path is never read.
                .filter(|p| !p.contains('\n')),
            _ => None,
        })
        .collect();
    let wanted: Vec<String> = versions
        .iter()
        .zip(&named)
        .filter_map(|(v, p)| p.as_ref().map(|p| format!("{}:{p}", v.commit)))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let mut results = batch(top, &wanted)?.into_iter();
    for (v, path) in versions.iter_mut().zip(named) {
        if let Some(path) = path {
            let content = results.next().unwrap_or(Content::Deleted);
            v.questionnaire = Some((path, content));
        }
    }
    Ok(())
}

fn batch(top: &Path, wanted: &[String]) -> Result<Vec<Content>, GitError> {
    let mut child = git(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error)?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input: String = wanted.iter().map(|w| format!("{w}\n")).collect();
    // Written from another thread: cat-file answers while it reads, and once its output pipe
    // is full it stops reading, so writing everything before reading would deadlock.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut out = Vec::with_capacity(wanted.len());
    let mut failure = None;
    for request in wanted {
        match read_one(&mut reader) {
            Ok(content) => out.push(content),
            Err(e) => {
                failure = Some((request.clone(), e));
                break;
            }
        }
    }
    drop(reader);
    let _ = writer.join();
    let status = child.wait_with_output()?;
    if let Some((request, e)) = failure {
        let message = first_line(&status.stderr);
        return Err(GitError::Unexpected {
            command: "cat-file --batch".into(),
            detail: format!("reading {request}: {e} ({message})"),
        });
    }
    Ok(out)
}

/// Reads one answer of `cat-file --batch`: `<oid> <type> <size>\n<bytes>\n`, or `<name> missing`.
fn read_one(reader: &mut impl BufRead) -> io::Result<Content> {
    let mut header = String::new();
    if reader.read_line(&mut header)? == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "no answer"));
    }
    let header = header.trim_end_matches('\n');
    if header.ends_with(" missing") || header.ends_with(" ambiguous") {
        return Ok(Content::Deleted);
    }
    let mut fields = header.rsplitn(3, ' ');
    let size: u64 = fields
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, header.to_string()))?;
    let kind = fields.next().unwrap_or("").to_string();
    // Keep one byte past the limit so the parser still says the file is too large, and skip
    // the rest without holding it in memory.
    let keep = size.min(MAX_FILE_BYTES as u64 + 1);
    let mut bytes = Vec::with_capacity(keep as usize);
    reader.by_ref().take(keep).read_to_end(&mut bytes)?;
    io::copy(&mut reader.by_ref().take(size - keep), &mut io::sink())?;
    let mut newline = [0u8; 1];
    reader.read_exact(&mut newline)?;
    if bytes.len() as u64 != keep {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "short object"));
    }
    Ok(if kind == "blob" {
        Content::Blob(bytes)
    } else {
        Content::NotAFile(kind)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_log_follows_a_rename_and_sees_deletions() {
        let z = "0".repeat(40);
        let (a, b) = ("a".repeat(40), "b".repeat(40));
        let raw = format!(
            "{c3} 2026-01-03\0\n:100644 000000 {a} {z} D\0new.yaml\0\
             {c2} 2026-01-02\0\n:100644 100644 {b} {a} R090\0old.yaml\0new.yaml\0\
             {c1} 2026-01-01\0\n:000000 100644 {z} {b} A\0old.yaml\0",
            c3 = "3".repeat(40),
            c2 = "2".repeat(40),
            c1 = "1".repeat(40),
        );
        let entries = parse_log(raw.as_bytes(), "new.yaml").unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(
            (entries[0].status, entries[0].blob.as_deref()),
            (Some('D'), None)
        );
        assert_eq!(entries[1].path, "new.yaml");
        assert_eq!(entries[1].renamed_from.as_deref(), Some("old.yaml"));
        assert_eq!(entries[1].blob.as_deref(), Some(a.as_str()));
        assert_eq!(
            (entries[2].path.as_str(), entries[2].status),
            ("old.yaml", Some('A'))
        );
    }

    #[test]
    fn a_commit_without_a_diff_keeps_the_current_path() {
        let raw = format!(
            "{} 2026-01-01\0{} 2025-12-31\0",
            "1".repeat(40),
            "2".repeat(40)
        );
        let entries = parse_log(raw.as_bytes(), "x.yaml").unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries
            .iter()
            .all(|e| e.path == "x.yaml" && e.blob.is_none()));
    }

    #[test]
    fn author_and_subject_are_read_whatever_the_subject_holds() {
        let raw = format!("{} 2026-01-01\x1fAnn Lee\x1fa \x1f b: c\0", "1".repeat(40));
        let entries = parse_log(raw.as_bytes(), "x.yaml").unwrap();
        assert_eq!(
            (entries[0].author.as_str(), entries[0].subject.as_str()),
            ("Ann Lee", "a \x1f b: c")
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_log(b"not a commit line\0", "x").is_err());
        assert!(parse_log(b"\n:100644 100644 a b M\0x\0", "x").is_err());
    }

    #[test]
    fn read_one_reads_missing_blobs_and_cuts_big_ones() {
        let mut input: &[u8] = b"abc:x.yaml missing\nabc blob 3\nhi!\n";
        assert_eq!(read_one(&mut input).unwrap(), Content::Deleted);
        assert_eq!(
            read_one(&mut input).unwrap(),
            Content::Blob(b"hi!".to_vec())
        );
        let big = MAX_FILE_BYTES + 10;
        let mut data = format!("abc blob {big}\n").into_bytes();
        data.extend(std::iter::repeat_n(b'a', big));
        data.push(b'\n');
        data.extend_from_slice(b"def tree 0\n\n");
        let mut input: &[u8] = &data;
        match read_one(&mut input).unwrap() {
            Content::Blob(b) => assert_eq!(b.len(), MAX_FILE_BYTES + 1),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read_one(&mut input).unwrap(),
            Content::NotAFile("tree".into())
        );
    }
}
