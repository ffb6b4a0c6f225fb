//! Real git repositories made in a test, with fixed names and dates so commit ids are stable.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Repo {
    pub dir: tempfile::TempDir,
    day: Cell<u32>,
}

/// `git` with no user or system configuration, so a developer's settings change nothing.
pub fn git_in(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    cmd
}

impl Repo {
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            day: Cell::new(0),
        };
        repo.git(&["init", "-q", "-b", "main", "."]);
        repo
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// Runs git and returns its stdout; panics with git's stderr when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let date = format!("2026-01-{:02}T12:00:00+00:00", self.day.get().max(1));
        let out = git_in(self.dir.path())
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn write(&self, path: &str, text: &str) {
        let file = self.dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    /// Commits everything, one day after the previous commit; returns the commit id.
    pub fn commit(&self, message: &str) -> String {
        self.day.set(self.day.get() + 1);
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }
}

/// A valid answers file: the seven dimensions in questionnaire order, at these levels.
pub fn answers(levels: [u8; 7]) -> String {
    let ids = [
        "models",
        "prompt-engineering",
        "evaluation",
        "deployment",
        "monitoring",
        "responsible-ai",
        "asset-management",
    ];
    let mut out = String::from("version: 1\nanswers:\n");
    for (id, level) in ids.iter().zip(levels) {
        out.push_str(&format!("  {id}: {level}\n"));
    }
    out
}
