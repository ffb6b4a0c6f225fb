//! Walks a repository with the `ignore` crate and feeds each file to the engine, safely and in bounded memory.
//!
//! Safety choices: symbolic links are never followed while walking (so a link loop cannot
//! recurse); a linked file is read only when its canonical target lies inside the root; special
//! files (FIFOs, sockets, devices) are never opened; a file is read through a reader capped at
//! `MAX_FILE_BYTES`, and its size is checked before any read, so a 1 GiB file costs one `stat`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::capped::{self, ReadError};

use super::engine::Engine;
use super::ignore_files::IgnoreFiles;
use super::rules::SKIPPED_DIRS;
use super::{Signal, Skipped};

/// Largest file whose text is read; larger ones are counted as skipped.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How much of a file's start is checked for a NUL byte to call it binary (as ripgrep does).
const BINARY_PROBE: usize = 8 * 1024;

/// What one walk found, before sorting.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: usize,
    pub skipped: Skipped,
    pub signals: Vec<Signal>,
    /// Every workflow file's facts, for the workflow rules (applied after the walk).
    pub workflows: Vec<(String, super::workflow::Workflow)>,
    /// Ignore files not read or not applied whole, and why.
    pub notes: Vec<String>,
}

impl Walked {
    fn absorb(&mut self, other: Walked) {
        self.files += other.files;
        self.skipped.binary += other.skipped.binary;
        self.skipped.too_large += other.skipped.too_large;
        self.skipped.unreadable += other.skipped.unreadable;
        self.skipped.outside_root += other.skipped.outside_root;
        self.signals.extend(other.signals);
        self.workflows.extend(other.workflows);
    }
}

/// One walker thread's findings, added to the shared total when the thread is done with it.
struct Local {
    found: Walked,
    buffer: Vec<u8>,
    total: Arc<Mutex<Walked>>,
}

impl Drop for Local {
    fn drop(&mut self) {
        let found = std::mem::take(&mut self.found);
        // A poisoned lock means another thread panicked; its report is lost either way.
        if let Ok(mut total) = self.total.lock() {
            total.absorb(found);
        }
    }
}

/// Files whose content differs from the tree on disk, by path relative to the root: `None`
/// when the file is not there, `Some(bytes)` for its content. How the scan of one tree (the
/// checkout) gives the scan of another (the pull request's base) without a second checkout.
pub type Overlay = BTreeMap<String, Option<Vec<u8>>>;

/// Walks `root` (an existing folder) and applies `engine` to every file that is not ignored.
pub fn walk(root: &Path, engine: &Engine) -> Walked {
    walk_with(root, engine, &Overlay::new())
}

/// Like [`walk`], with the files of `overlay` taken from it instead of the disk.
pub fn walk_with(root: &Path, engine: &Engine, overlay: &Overlay) -> Walked {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let total = Arc::new(Mutex::new(Walked::default()));
    let ignores = Arc::new(IgnoreFiles::new(root));
    let filter = Arc::clone(&ignores);
    WalkBuilder::new(root)
        // Hidden files matter (`.github/workflows`); `.git` is skipped by name below.
        .hidden(false)
        // ROOT is the repository: ignore files above it are not read, so a folder scanned on its
        // own (a fixture tree inside this repository) is judged as a repository of its own.
        .parents(false)
        // A machine's global excludes would make the result differ between machines.
        .git_global(false)
        // `.gitignore` counts even in a tree that is not (yet) a git checkout.
        .require_git(false)
        // Ignore files are read by `IgnoreFiles`, safely, never by the walker (see there).
        .git_ignore(false)
        .git_exclude(false)
        .ignore(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir && SKIPPED_DIRS.iter().any(|d| entry.file_name() == *d) {
                return false;
            }
            !filter.is_ignored(entry.path(), is_dir)
        })
        .build_parallel()
        .run(|| {
            let mut local = Local {
                found: Walked::default(),
                buffer: Vec::new(),
                total: Arc::clone(&total),
            };
            let root = root.to_path_buf();
            let canonical_root = canonical_root.clone();
            Box::new(move |entry| {
                match entry {
                    Ok(entry) if entry.depth() > 0 => {
                        let replaced = relative(&root, entry.path())
                            .is_some_and(|rel| overlay.contains_key(&rel));
                        if !replaced {
                            visit(&root, &canonical_root, engine, &entry, &mut local);
                        }
                    }
                    Ok(_) => {}
                    // A folder that cannot be listed, and the like.
                    Err(_) => local.found.skipped.unreadable += 1,
                }
                WalkState::Continue
            })
        });
    let mut total = total.lock().map(|mut t| std::mem::take(&mut *t));
    let mut walked = match &mut total {
        Ok(t) => std::mem::take(t),
        Err(_) => Walked::default(),
    };
    let mut buffer = Vec::new();
    for (rel, bytes) in overlay {
        let Some(bytes) = bytes else { continue };
        if !hidden(root, &ignores, rel) {
            buffer.clear();
            buffer.extend_from_slice(bytes);
            apply(engine, rel, &buffer, &mut walked);
        }
    }
    // The walker's threads (and their clones of the filter) are done.
    if let Ok(ignores) = Arc::try_unwrap(ignores) {
        walked.notes = ignores.into_notes();
    }
    walked
}

fn visit(
    root: &Path,
    canonical_root: &Path,
    engine: &Engine,
    entry: &ignore::DirEntry,
    local: &mut Local,
) {
    let Some(file_type) = entry.file_type() else {
        return;
    };
    let source: PathBuf = if file_type.is_symlink() {
        match std::fs::canonicalize(entry.path()) {
            // A dangling link or a link loop.
            Err(_) => {
                local.found.skipped.unreadable += 1;
                return;
            }
            Ok(target) if !target.starts_with(canonical_root) => {
                local.found.skipped.outside_root += 1;
                return;
            }
            // A linked folder inside the root is walked where it really is; a link to a FIFO or
            // a device is never opened (opening a FIFO blocks).
            Ok(target) if !target.is_file() => return,
            Ok(target) => target,
        }
    } else if file_type.is_file() {
        entry.path().to_path_buf()
    } else {
        return;
    };
    let Some(rel) = relative(root, entry.path()) else {
        return;
    };
    local.found.files += 1;
    let plan = engine.plan(&rel);
    local.found.signals.extend(plan.signals.iter().cloned());
    if !plan.needs_text() {
        return;
    }
    match read_capped(&source, &mut local.buffer) {
        Outcome::Text => {
            let text = decode(&local.buffer);
            let (signals, workflow) = engine.read(&rel, &plan, &text);
            local.found.signals.extend(signals);
            if let Some(wf) = workflow {
                local.found.workflows.push((rel, wf));
            }
        }
        Outcome::Binary => local.found.skipped.binary += 1,
        Outcome::TooLarge => local.found.skipped.too_large += 1,
        Outcome::Unreadable => local.found.skipped.unreadable += 1,
    }
}

/// Whether the walk would skip `rel`: a folder on its way skipped by name or ignored, or the
/// file itself ignored.
fn hidden(root: &Path, ignores: &IgnoreFiles, rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    let mut at = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let is_dir = i + 1 < parts.len();
        if is_dir && SKIPPED_DIRS.contains(part) {
            return true;
        }
        if ignores.is_ignored(&at, is_dir) {
            return true;
        }
    }
    false
}

/// Applies the engine to one file given as bytes (an overlay's), as [`visit`] does to a file read.
fn apply(engine: &Engine, rel: &str, bytes: &[u8], found: &mut Walked) {
    found.files += 1;
    let plan = engine.plan(rel);
    found.signals.extend(plan.signals.iter().cloned());
    if !plan.needs_text() {
        return;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        found.skipped.too_large += 1;
        return;
    }
    if utf16(bytes).is_none() && bytes[..bytes.len().min(BINARY_PROBE)].contains(&0) {
        found.skipped.binary += 1;
        return;
    }
    let text = decode(bytes);
    let (signals, workflow) = engine.read(rel, &plan, &text);
    found.signals.extend(signals);
    if let Some(wf) = workflow {
        found.workflows.push((rel.to_string(), wf));
    }
}

/// The path relative to the root with `/` separators, as shown in every signal.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The outcome of reading one file.
enum Outcome {
    Text,
    Binary,
    TooLarge,
    Unreadable,
}

/// Reads a regular file of at most `MAX_FILE_BYTES` into `buffer`.
fn read_capped(path: &Path, buffer: &mut Vec<u8>) -> Outcome {
    match capped::read(path, MAX_FILE_BYTES, buffer) {
        Ok(()) => {}
        Err(ReadError::TooLarge(_)) => return Outcome::TooLarge,
        Err(_) => return Outcome::Unreadable,
    }
    if utf16(buffer).is_none() && buffer[..buffer.len().min(BINARY_PROBE)].contains(&0) {
        return Outcome::Binary;
    }
    Outcome::Text
}

/// Whether the bytes start with a UTF-16 byte order mark, and which endianness (`true`: little).
fn utf16(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// The text of a file: UTF-16 when it starts with a byte order mark (Windows tools write
/// `requirements.txt` that way), else UTF-8, invalid sequences replaced (the patterns are ASCII,
/// so a Latin-1 file still matches).
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match utf16(bytes) {
        Some(little) => {
            let units = bytes[2..].chunks_exact(2).map(|c| {
                let pair = [c[0], c[1]];
                if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            });
            std::borrow::Cow::Owned(
                char::decode_utf16(units)
                    .map(|r| r.unwrap_or('\u{FFFD}'))
                    .collect(),
            )
        }
        None => {
            let text = String::from_utf8_lossy(bytes);
            match text {
                std::borrow::Cow::Borrowed(t) => {
                    std::borrow::Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t))
                }
                owned => owned,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::rules::{IGNORE_FILE, RULES};
    use std::fs;

    fn engine() -> Engine {
        Engine::new(&RULES).unwrap()
    }

    fn rules_found(w: &Walked) -> Vec<&str> {
        let mut r: Vec<&str> = w.signals.iter().map(|s| s.rule).collect();
        r.sort_unstable();
        r
    }

    #[test]
    fn a_sparse_1_gib_file_is_skipped_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = fs::File::create(dir.path().join("requirements.txt")).unwrap();
        big.set_len(1 << 30).unwrap();
        fs::write(
            dir.path().join("pyproject.toml"),
            "[project]\ndependencies = [\"ragas\"]\n",
        )
        .unwrap();
        let w = walk(dir.path(), &engine());
        assert_eq!(w.skipped.too_large, 1);
        assert_eq!(w.files, 2);
        assert_eq!(rules_found(&w), ["eval-framework"]);
    }

    #[test]
    fn binary_and_non_utf8_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("requirements.txt"),
            b"ragas\n\xff\xfe latin-1 \xe9\n",
        )
        .unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/requirements.txt"), b"deepeval\n\0\0").unwrap();
        let w = walk(dir.path(), &engine());
        assert_eq!(w.skipped.binary, 1);
        // Invalid UTF-8 is read lossily: the names around it still count.
        assert_eq!(rules_found(&w), ["eval-framework"]);
        assert_eq!(w.signals[0].path, "requirements.txt");
    }

    #[test]
    fn utf16_manifests_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "openai\r\nragas\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        fs::write(dir.path().join("requirements.txt"), bytes).unwrap();
        let w = walk(dir.path(), &engine());
        assert_eq!(w.skipped.binary, 0);
        assert_eq!(rules_found(&w), ["eval-framework", "llm-sdk"]);
        assert_eq!(w.signals.iter().map(|s| s.line).max(), Some(2));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_never_followed_and_loops_end() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("requirements.txt"), "ragas\n").unwrap();
        fs::create_dir(outside.path().join("flows")).unwrap();
        fs::write(outside.path().join("flows/flow.dag.yaml"), "nodes: []\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        symlink(
            outside.path().join("requirements.txt"),
            root.join("requirements.txt"),
        )
        .unwrap();
        symlink(outside.path().join("flows"), root.join("flows")).unwrap();
        symlink(root.join("a"), root.join("b")).unwrap();
        symlink(root.join("b"), root.join("a")).unwrap();
        symlink(root, root.join("self")).unwrap();
        symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        // A link inside the root is read, and reported under its own name.
        fs::write(root.join("real.txt"), "x").unwrap();
        fs::create_dir(root.join("deps")).unwrap();
        fs::write(root.join("deps/base.txt"), "deepeval\n").unwrap();
        symlink(
            root.join("deps/base.txt"),
            root.join("requirements-dev.txt"),
        )
        .unwrap();
        let w = walk(root, &engine());
        assert_eq!(w.skipped.outside_root, 2, "{w:?}");
        // The loop a <-> b and the dangling link cannot be resolved.
        assert_eq!(w.skipped.unreadable, 3, "{w:?}");
        let paths: Vec<&str> = w.signals.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, ["requirements-dev.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_files_and_fifos_do_not_stop_the_scan() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let locked = root.join("requirements.txt");
        fs::write(&locked, "ragas\n").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let fifo = root.join("pyproject.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let w = walk(root, &engine());
        // root reads any file whatever its mode (tests run as root in some containers).
        if fs::File::open(&locked).is_ok() {
            assert_eq!(rules_found(&w), ["eval-framework"]);
        } else {
            assert_eq!(w.skipped.unreadable, 1);
            assert!(w.signals.is_empty());
        }
        // The FIFO is not a regular file: never opened (opening it would block forever).
        assert_eq!(w.files, 1);
    }

    #[test]
    fn ignore_files_and_skipped_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            (".gitignore", "generated/\n"),
            (IGNORE_FILE, "samples/\n"),
            ("generated/requirements.txt", "ragas\n"),
            ("samples/requirements.txt", "ragas\n"),
            (
                "node_modules/x/package.json",
                "{\"dependencies\": {\"promptfoo\": \"1\"}}",
            ),
            ("fixtures/requirements.txt", "ragas\n"),
            (".git/requirements.txt", "ragas\n"),
            ("app/requirements.txt", "deepeval\n"),
        ] {
            let p = root.join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        let w = walk(root, &engine());
        let paths: Vec<&str> = w.signals.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, ["app/requirements.txt"]);
        // .gitignore, the ignore file and app/requirements.txt.
        assert_eq!(w.files, 3);
    }

    /// 100,000 files: run with `cargo test --release -- --ignored many_files` or from
    /// bench/scan.sh, which also measures time and peak memory.
    #[test]
    #[ignore = "slow in debug builds; bench/scan.sh runs the same shape with timing and RSS"]
    fn many_files() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..1000 {
            let sub = dir.path().join(format!("d{i}"));
            fs::create_dir(&sub).unwrap();
            for j in 0..100 {
                fs::write(sub.join(format!("f{j}.py")), "print('hi')\n").unwrap();
            }
        }
        let w = walk(dir.path(), &engine());
        assert_eq!(w.files, 100_000);
        assert!(w.signals.is_empty());
    }
}
