//! Judges the globs and regexes of rules that come from a repository's files, which strangers' pull requests can change: size caps, compile checks, and globs kept inside the repository.
//!
//! The `regex` crate searches in linear time whatever the pattern, so what a hostile pattern can
//! still cost is its compiled size: it is compiled here once with explicit limits (the NFA and
//! the lazy DFA's cache at [`REGEX_SIZE_LIMIT`] each), and refused when it does not fit. The
//! scan compiles it again with the same syntax (ASCII-only, over bytes; see `scan::engine`),
//! under larger limits, so a pattern accepted here always compiles there.

use globset::GlobBuilder;

/// The most characters of one regex: a rule names a practice, not a grammar.
pub const MAX_PATTERN_CHARS: usize = 1_000;
/// The most characters of one glob or package name.
pub const MAX_GLOB_CHARS: usize = 256;
/// The compiled size limits of one regex (NFA, and the lazy DFA's cache), in bytes.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Why a glob or regex was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Over a length cap: the cap.
    TooLong(usize),
    /// Absolute, a drive, or `..`.
    Outside,
    /// Does not compile, or compiles too large: the library's reason, on one line.
    Invalid(String),
}

/// A glob matched against repository paths (relative, `/` separators), as the engine builds it.
///
/// The walker only ever offers paths under the root, so a glob cannot reach outside it; a glob
/// that reads as if it could (`../../etc/passwd`, `/etc/*`) is still refused, because a reviewer
/// should not have to know that.
pub fn glob(text: &str) -> Result<(), Refused> {
    if text.chars().count() > MAX_GLOB_CHARS {
        return Err(Refused::TooLong(MAX_GLOB_CHARS));
    }
    // Compiled first: whoever reads a glob for another use (a package name) needs it to
    // compile whatever else is said of it.
    GlobBuilder::new(text)
        .literal_separator(true)
        .build()
        .map_err(|e| Refused::Invalid(one_line(&e.to_string())))?;
    let drive = text.as_bytes().get(1) == Some(&b':');
    if text.starts_with(['/', '\\', '~']) || drive || text.contains("..") {
        return Err(Refused::Outside);
    }
    Ok(())
}

/// A regex as the engine compiles it: bytes, ASCII-only classes, within the size limits.
pub fn regex(text: &str) -> Result<(), Refused> {
    if text.chars().count() > MAX_PATTERN_CHARS {
        return Err(Refused::TooLong(MAX_PATTERN_CHARS));
    }
    regex::bytes::RegexBuilder::new(text)
        .unicode(false)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map(|_| ())
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => Refused::Invalid(format!(
                "compiles larger than the {} MiB limit; write a smaller pattern",
                REGEX_SIZE_LIMIT >> 20
            )),
            other => Refused::Invalid(one_line(&other.to_string())),
        })
}

/// The library's message without the pattern echoed above a caret: its last non-empty line.
fn one_line(message: &str) -> String {
    let last = message
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("invalid");
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn globs_that_read_as_leaving_the_repository_are_refused() {
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "\\\\server\\share",
            "C:/Windows/*",
            "~/.ssh/*",
            "a/../../b",
            "**/..",
        ] {
            assert_eq!(glob(bad), Err(Refused::Outside), "{bad}");
        }
        assert_eq!(
            glob(&"a".repeat(300)),
            Err(Refused::TooLong(MAX_GLOB_CHARS))
        );
        assert!(matches!(glob("a/[b"), Err(Refused::Invalid(_))));
        assert!(matches!(glob("../[b"), Err(Refused::Invalid(_))));
        assert_eq!(glob("evals/**/*.{yaml,yml}"), Ok(()));
    }

    #[test]
    fn hostile_regexes_are_refused_quickly() {
        let start = Instant::now();
        assert_eq!(
            regex(&"a".repeat(100_000)),
            Err(Refused::TooLong(MAX_PATTERN_CHARS))
        );
        let Err(Refused::Invalid(why)) = regex("((a{100}){100}){100}") else {
            panic!("a blow-up compiles");
        };
        assert!(why.contains("1 MiB"), "{why}");
        // Nested stars are fine for a linear-time engine (no backtracking to blow up); the
        // counted repetition of them is what grows, and the size limit stops it.
        assert_eq!(regex("(a*)*{10}"), Ok(()));
        assert!(matches!(
            regex("((a*)*{1000}){1000}"),
            Err(Refused::Invalid(_))
        ));
        assert!(matches!(regex(&"(".repeat(300)), Err(Refused::Invalid(_))));
        assert!(matches!(regex("(unclosed"), Err(Refused::Invalid(_))));
        assert_eq!(regex(r"(?i)\bacme-eval\s+run\b"), Ok(()));
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
