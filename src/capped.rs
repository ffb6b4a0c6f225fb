//! Reads one file of a stranger's repository: a regular file only (never a FIFO, a device or a folder), at most a given number of bytes.
//!
//! Every file the tool reads from a repository goes through here (answers files, scanned files,
//! ignore files), so one place holds the promises: a FIFO named `.gitignore` cannot hang a run
//! (its type is checked before it is opened), `/dev/zero` behind a link cannot fill memory (at
//! most `cap + 1` bytes are read, and the size is checked first), and a file that grows between
//! the check and the read is still cut.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// Something other than a regular file: its kind, for messages ("a directory", "a FIFO").
    NotAFile(&'static str),
    /// Larger than the cap; the size as the file system reports it.
    TooLarge(u64),
    Io(io::Error),
}

/// Reads the regular file at `path` (links followed) into `buffer`, which is cleared first.
pub fn read(path: &Path, cap: u64, buffer: &mut Vec<u8>) -> Result<(), ReadError> {
    buffer.clear();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    check(&meta, cap)?;
    let file = File::open(path).map_err(ReadError::Io)?;
    // The path may have been swapped between the check and the open: judge what was opened.
    check(&file.metadata().map_err(ReadError::Io)?, cap)?;
    file.take(cap + 1)
        .read_to_end(buffer)
        .map_err(ReadError::Io)?;
    if buffer.len() as u64 > cap {
        return Err(ReadError::TooLarge(buffer.len() as u64));
    }
    Ok(())
}

/// Reads the first `cap` bytes of the regular file at `path` into `buffer`, whatever its size.
pub fn read_prefix(path: &Path, cap: u64, buffer: &mut Vec<u8>) -> Result<(), ReadError> {
    buffer.clear();
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    check(&meta, u64::MAX)?;
    let file = File::open(path).map_err(ReadError::Io)?;
    check(&file.metadata().map_err(ReadError::Io)?, u64::MAX)?;
    file.take(cap).read_to_end(buffer).map_err(ReadError::Io)?;
    Ok(())
}

fn check(meta: &std::fs::Metadata, cap: u64) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind(&meta.file_type())));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(meta.len()));
    }
    Ok(())
}

/// How a file that is not a regular file is named in messages.
pub fn kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_device_and_a_folder_are_refused_before_they_are_opened() {
        let mut buffer = Vec::new();
        assert!(matches!(
            read(Path::new("/dev/zero"), 10, &mut buffer),
            Err(ReadError::NotAFile("a device"))
        ));
        assert!(matches!(
            read(Path::new("/"), 10, &mut buffer),
            Err(ReadError::NotAFile("a directory"))
        ));
        assert!(buffer.is_empty());
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join(".gitignore");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system
        }
        let mut buffer = Vec::new();
        assert!(matches!(
            read(&fifo, 10, &mut buffer),
            Err(ReadError::NotAFile("a FIFO (named pipe)"))
        ));
    }

    #[test]
    fn a_file_over_the_cap_is_too_large_and_one_at_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let mut buffer = Vec::new();
        assert!(matches!(
            read(&path, 9, &mut buffer),
            Err(ReadError::TooLarge(10))
        ));
        read(&path, 10, &mut buffer).unwrap();
        assert_eq!(buffer, b"0123456789");
    }
}
