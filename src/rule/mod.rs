//! The model of an evidence rule, shared by the built-in catalogue, a team's rules file and a questionnaire's own rules.
//!
//! It sits below `scan` and `questionnaire` (both use it, neither may use the other's), so a
//! questionnaire file can carry rules in the same model as the built-ins. Rules read from a
//! file live for the whole run (leaked on load, as a questionnaire is, see `questionnaire`):
//! signals refer to them by `&'static str`, and the memory is bounded by the few files a run
//! reads, each under the file size limit and [`file::MAX_RULES`].

pub mod file;
pub mod kind;
pub mod pattern;

use std::fmt;

/// How a rule finds its practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher {
    /// A file exists whose path matches one of the globs; the signal points at line 1.
    Path(&'static [&'static str]),
    /// A dependency manifest (`requirements*.txt`, `pyproject.toml`, `setup.cfg`, `Pipfile`,
    /// `environment.yml`, `package.json`, `Cargo.toml`, `go.mod`, `*.csproj`) declares a package
    /// whose normalised name matches one of the globs. Test-only groups and files do not count.
    Dependency(&'static [&'static str]),
    /// [`Matcher::Dependency`] in the manifests of one ecosystem only (one of
    /// [`kind::ECOSYSTEMS`]): a team rule's `ecosystem:`.
    DependencyIn {
        names: &'static [&'static str],
        ecosystem: &'static str,
    },
    /// A file whose path matches one of `files` contains a match of `pattern` (a Rust regex).
    Content {
        files: &'static [&'static str],
        pattern: &'static str,
    },
    /// A GitHub Actions workflow triggered by one of `on` has a step whose `run:` line or
    /// `uses:` value matches `step` (a Rust regex).
    WorkflowStep {
        on: &'static [&'static str],
        step: &'static str,
    },
    /// A GitHub Actions workflow triggered by one of `on` deploys to at least two distinct
    /// `environment:` names (stages such as staging and production).
    WorkflowEnvironments { on: &'static [&'static str] },
    /// Every listed rule has a signal; this one points where the last listed rule's first does.
    AllOf(&'static [&'static str]),
}

/// One practice: what it is, where it counts, and how it is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case id, shown in every signal.
    pub id: &'static str,
    /// The questionnaire dimension id.
    pub dimension: &'static str,
    /// The level (1-4) that this practice supports on its own.
    pub level: u8,
    /// One sentence a reviewer understands, saying what was seen.
    pub summary: &'static str,
    pub matcher: Matcher,
    /// Paths that never count for this rule, even when the matcher matches.
    pub except: &'static [&'static str],
    /// A practice of any web service (a Dockerfile, a dashboard): it counts only in a repository
    /// where some non-generic rule shows an LLM application, so a plain service scores 1.
    pub generic: bool,
}

/// Where a rule of a file was declared: the file as shown, and the line of the rule's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub file: &'static str,
    pub line: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A rule declared in a file, with where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Own {
    pub rule: Rule,
    pub origin: Origin,
}

/// A built-in rule switched off for the repository, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disabled {
    /// The built-in rule's id (checked on load).
    pub rule: &'static str,
    pub reason: &'static str,
    pub origin: Origin,
}

/// What a rules file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Declared {
    pub rules: &'static [Own],
    pub disabled: &'static [Disabled],
}

impl Declared {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.disabled.is_empty()
    }
}
