//! Writes the files a command is asked to write (`badge --output`, `org --json-out`, `init`): parent folders made, and never through a symbolic link.
//!
//! The file is written beside its destination under a temporary name and renamed over it, so a
//! link already at the path is replaced by the file, not followed: a pull request that commits
//! `site/badge.svg -> ~/.bashrc` cannot make a workflow overwrite the runner's files. Readers
//! never see a half-written file either.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

/// What happened at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A new file, or an existing file replaced.
    File,
    /// A symbolic link was at the path; it was replaced by the file, its target left alone.
    ReplacedLink,
}

/// How a failed write is told: the path, as given, is the caller's to show.
pub type Result = io::Result<Written>;

/// Writes `bytes` to `path`; with `overwrite` false an existing path (a link included) is an
/// `AlreadyExists` error and nothing is written.
pub fn write(path: &Path, bytes: &[u8], overwrite: bool) -> Result {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    if !overwrite {
        // O_CREAT|O_EXCL refuses atomically, a link (even a dangling one) included, so a file
        // appearing meanwhile is not clobbered either.
        let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
        file.write_all(bytes)?;
        return Ok(Written::File);
    }
    let was_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".tmp-{}", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let result = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(if was_link {
        Written::ReplacedLink
    } else {
        Written::File
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_at_the_path_is_replaced_and_its_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("site/badge.svg");
        std::fs::create_dir(dir.path().join("site")).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(
            write(&link, b"<svg/>", true).unwrap(),
            Written::ReplacedLink
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        assert!(!std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&link).unwrap(), b"<svg/>");
    }

    #[test]
    fn without_overwrite_a_link_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        let link = dir.path().join("llmops-maturity.yaml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = write(&link, b"x", false).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(!target.exists());
    }

    #[test]
    fn parents_are_made_and_an_existing_path_is_kept_without_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.json");
        assert_eq!(write(&path, b"1", false).unwrap(), Written::File);
        let e = write(&path, b"2", false).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"1");
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }
}
