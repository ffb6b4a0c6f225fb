//! The repository's ignore files, read as git reads them but safely: regular files inside the root, each capped, all within one pattern budget.
//!
//! The `ignore` crate reads ignore files itself, following links and with no size limit, so a
//! pull request that commits `docs/.gitignore -> /dev/zero` filled the runner's memory, a FIFO
//! named `.gitignore` hung the run, and a link to a file outside the root had its patterns
//! applied. The walker therefore reads none; this module reads them through `capped::read`,
//! one folder at a time as the walk reaches it, and answers "is this path ignored" with git's
//! rules: the nearest folder's patterns decide, and within a folder the last matching pattern
//! wins, `.llmops-maturity-ignore` over `.ignore` over `.gitignore` (the `ignore` crate's order).
//! Past a cap or the budget, the scan goes on with the patterns it has, and a note says so.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use super::rules::IGNORE_FILE;
use crate::capped::{self, ReadError};

/// The ignore files of one folder, lowest precedence first.
const NAMES: [&str; 3] = [".gitignore", ".ignore", IGNORE_FILE];

/// The largest ignore file read whole; a longer one is read up to here (whole lines).
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// The pattern budget of the whole repository, in units: a pattern costs one plus one per
/// wildcard (`*`, `?`, `[`), roughly what it costs once compiled (measured: 4,000 lines like
/// `**/a1*b*c*d*[xyz]*e?f**/g*` took 100 MB, as many `ab1*` 20 MB; a 1 MiB file of `ab*` lines
/// took 1.1 GB before this budget). Real repositories spend a few hundred units; past the budget
/// the remaining lines are dropped and noted.
pub const PATTERN_BUDGET: usize = 3_000;

/// Every folder's compiled ignore patterns, read the first time the walk asks about it.
pub struct IgnoreFiles {
    /// The root as the walk spells it (paths are matched in this spelling).
    root: PathBuf,
    /// The root resolved, to tell whether a linked ignore file stays inside it.
    canonical_root: PathBuf,
    folders: RwLock<HashMap<PathBuf, Arc<OnceLock<Option<Gitignore>>>>>,
    patterns_left: AtomicUsize,
    notes: Mutex<Vec<String>>,
}

impl IgnoreFiles {
    pub fn new(root: &Path) -> Self {
        IgnoreFiles {
            root: root.to_path_buf(),
            canonical_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            folders: RwLock::new(HashMap::new()),
            patterns_left: AtomicUsize::new(PATTERN_BUDGET),
            notes: Mutex::new(Vec::new()),
        }
    }

    /// Whether `path` (under the root, as the walk spells it) is ignored. Folders above it have
    /// been asked about first (the walk is top-down and skips what they ignore), so only the
    /// patterns of the folders that contain it are consulted, nearest first.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        for folder in path.ancestors().skip(1) {
            if !folder.starts_with(&self.root) {
                break;
            }
            if let Some(matcher) = self.folder(folder).get_or_init(|| self.read(folder)) {
                match matcher.matched(path, is_dir) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
        }
        false
    }

    /// What was not applied, and why; empty when every ignore file was read whole.
    pub fn into_notes(self) -> Vec<String> {
        let mut notes = self.notes.into_inner().unwrap_or_default();
        notes.sort();
        notes
    }

    fn folder(&self, folder: &Path) -> Arc<OnceLock<Option<Gitignore>>> {
        if let Some(found) = self
            .folders
            .read()
            .ok()
            .and_then(|m| m.get(folder).cloned())
        {
            return found;
        }
        let mut map = match self.folders.write() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        };
        Arc::clone(map.entry(folder.to_path_buf()).or_default())
    }

    /// The folder's patterns, `None` when it has no ignore file (the common case).
    fn read(&self, folder: &Path) -> Option<Gitignore> {
        let mut builder = GitignoreBuilder::new(folder);
        let mut any = false;
        let mut files: Vec<PathBuf> = NAMES.iter().map(|n| folder.join(n)).collect();
        if folder == self.root {
            // git's own per-repository excludes, lowest precedence of all.
            files.insert(0, folder.join(".git/info/exclude"));
        }
        let mut buffer = Vec::new();
        for file in files {
            let Some(text) = self.text(&file, &mut buffer) else {
                continue;
            };
            for line in text.lines() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                if !self.spend(cost(line)) {
                    self.note(format!(
                        "{}: the repository's ignore files hold more patterns than are applied ({PATTERN_BUDGET} units, a unit per pattern and per wildcard); the rest of this file and of later ones is not applied",
                        self.shown(&file)
                    ));
                    break;
                }
                // A line git would refuse is skipped, as git skips it.
                if builder.add_line(Some(file.clone()), line).is_ok() {
                    any = true;
                }
            }
        }
        if !any {
            return None;
        }
        match builder.build() {
            Ok(matcher) => Some(matcher),
            Err(e) => {
                self.note(format!(
                    "{}: the ignore patterns could not be compiled ({e}); none of this folder's are applied",
                    self.shown(folder)
                ));
                None
            }
        }
    }

    /// The text of one ignore file, when it is a regular file inside the root.
    fn text(&self, file: &Path, buffer: &mut Vec<u8>) -> Option<String> {
        let link = std::fs::symlink_metadata(file).ok()?;
        if link.file_type().is_symlink() {
            let inside = std::fs::canonicalize(file)
                .is_ok_and(|target| target.starts_with(&self.canonical_root));
            if !inside {
                self.note(format!(
                    "{}: a link that leads outside the repository (or nowhere); not read",
                    self.shown(file)
                ));
                return None;
            }
        }
        match capped::read(file, MAX_FILE_BYTES, buffer) {
            Ok(()) => {}
            Err(ReadError::NotFound) => return None,
            Err(ReadError::NotAFile(kind)) => {
                self.note(format!(
                    "{}: {kind}, not an ignore file; not read",
                    self.shown(file)
                ));
                return None;
            }
            Err(ReadError::TooLarge(_)) => {
                self.note(format!(
                    "{}: larger than {} KiB; only its first {} KiB are applied",
                    self.shown(file),
                    MAX_FILE_BYTES / 1024,
                    MAX_FILE_BYTES / 1024
                ));
                let _ = capped::read_prefix(file, MAX_FILE_BYTES, buffer);
                // The last line may be cut: it is dropped rather than applied half.
                let end = buffer
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                buffer.truncate(end);
            }
            Err(ReadError::Io(_)) => return None,
        }
        Some(String::from_utf8_lossy(buffer).into_owned())
    }

    fn spend(&self, units: usize) -> bool {
        self.patterns_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                n.checked_sub(units)
            })
            .is_ok()
    }

    fn note(&self, note: String) {
        if let Ok(mut notes) = self.notes.lock() {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }

    /// A path relative to the root, `/`-separated, as every signal shows paths.
    fn shown(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() {
            ".".into()
        } else {
            parts.join("/")
        }
    }
}

/// What one pattern costs of the budget.
fn cost(line: &str) -> usize {
    1 + line
        .bytes()
        .filter(|b| matches!(b, b'*' | b'?' | b'['))
        .count()
}
