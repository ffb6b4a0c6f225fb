//! The catalogue of diagnostic rule ids: every id the tool can print, each with what it means.
//!
//! One enum, so an id cannot be misspelt at a call site, and the documentation's list is checked
//! against it (cargo-deny's `bans::diags::Code` and its `codes_unique` test are the model). The
//! doc comment of each variant is also its one-line description at run time ([`Code::summary`]).

use std::fmt;

/// The documentation site (mkdocs.yml's `site_url`), which every diagnostic's `url` points into.
pub const DOCS: &str = "https://llmops-maturity.github.io/llmops-maturity/";

macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $id:literal,)+) => {
        /// A stable kebab-case rule id, shown in brackets after every message and in the JSON.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the catalogue's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The id users see and scripts match on.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)+
                }
            }

            /// The address of the code's section in the documentation (`docs/src/diagnostics.md`).
            pub fn url(self) -> String {
                format!("{DOCS}diagnostics/#{}", self.id())
            }

            /// What the code means, in one sentence (the variant's doc comment).
            pub fn summary(self) -> String {
                let lines: &[&str] = match self {
                    $(Code::$variant => &[$($doc),+],)+
                };
                lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
            }
        }
    };
}

codes! {
    /// A key the format does not have, at any level; the closest valid key is suggested.
    UnknownKey = "unknown-key",
    /// A key given twice in one mapping (points at the first).
    DuplicateKey = "duplicate-key",
    /// A key that is not text: null (`~:` or `: x`), a list or a mapping used as a key.
    InvalidKey = "invalid-key",
    /// A required key is missing: `version` or `answers`, an answer's `level`, a target's
    /// `level` or `by`, a waiver's `dimension`, `reason` or `expires`, or `assessed-at` beside
    /// `review-every`; a rule's `id`, `dimension`, `level`, `kind`, `explanation` or what its
    /// kind needs; a disabled rule's `reason`.
    MissingKey = "missing-key",
    /// A dimension of the questionnaire is not answered (all are required; a missing answer never
    /// counts as 0).
    MissingAnswer = "missing-answer",
    /// A level (of an answer, a target or an evidence rule) outside the questionnaire's options.
    LevelOutOfRange = "level-out-of-range",
    /// A number YAML reads as an integer but not written as a plain decimal (`0x2`, `02`, `+2`,
    /// `1_0`, `!!int 2`).
    NumberNotation = "number-notation",
    /// A value of the wrong type: `"3"` in quotes, `2.0`, `.inf`, `true`, a list, tagged text.
    InvalidType = "invalid-type",
    /// `version` other than 1.
    UnsupportedVersion = "unsupported-version",
    /// A `questionnaire` id this build does not know.
    UnknownQuestionnaire = "unknown-questionnaire",
    /// A date (`assessed-at`, a target's `by`, a waiver's `expires`) that is not a real
    /// `YYYY-MM-DD` date.
    InvalidDate = "invalid-date",
    /// `assessed-at` after today.
    FutureDate = "future-date",
    /// `review-every` outside 1-3660 days.
    OutOfRange = "out-of-range",
    /// A target's, waiver's or evidence rule's `dimension` that the questionnaire does not have;
    /// the closest id is suggested.
    UnknownDimension = "unknown-dimension",
    /// Two targets for the same thing (the overall level, or one dimension at one level).
    DuplicateTarget = "duplicate-target",
    /// Two waivers for one dimension.
    DuplicateWaiver = "duplicate-waiver",
    /// A waiver or a disabled rule whose `reason` is empty or blank.
    EmptyReason = "empty-reason",
    /// `assessed-at` is more than `review-every` days ago.
    StaleAssessment = "stale-assessment",
    /// A target not yet met whose date is 30 days away or less (its own day included).
    TargetDueSoon = "target-due-soon",
    /// A target not met whose date has passed; it also fails the gate (exit 1).
    TargetMissed = "target-missed",
    /// A waiver past its `expires` day; what it waived is a warning again.
    WaiverExpired = "waiver-expired",
    /// A waiver that expires more than a year after `assessed-at` (or after today, without one).
    WaiverTooLong = "waiver-too-long",
    /// A waiver for a dimension with nothing to waive (reported only when the evidence check ran).
    UnusedWaiver = "unused-waiver",
    /// Evidence that is empty, not https, an absolute path, or leaves the repository with `..`.
    InvalidEvidence = "invalid-evidence",
    /// A relative evidence path that does not exist under the repository root.
    EvidenceNotFound = "evidence-not-found",
    /// With `--evidence`: an answer above 1 that no signal of `scan` supports and no existing
    /// `evidence:` declares.
    UnsupportedClaim = "unsupported-claim",
    /// With `--evidence`: the repository shows a higher level than answered (information only).
    EvidenceAboveAnswer = "evidence-above-answer",
    /// `ci` and `diff`: the change lowers the level the repository supports for a dimension below
    /// its answer (the evidence was removed); `--fail-on-evidence-loss` fails the gate.
    EvidenceLost = "evidence-lost",
    /// `ci` and `diff`: the change edits files that back an answer it leaves as it is; the
    /// reviewer is asked to re-confirm the answer (information only).
    Reconfirm = "reconfirm",
    /// The file is not usable YAML: a syntax error, empty, not UTF-8, too large, several
    /// documents, too deep, or too many aliases.
    Yaml = "yaml",
    /// The file is missing, a directory, unreadable, or a link out of the repository.
    File = "file",
    /// A questionnaire file whose `format` is not 1.
    UnsupportedFormat = "unsupported-format",
    /// A questionnaire or dimension id that is not kebab-case.
    InvalidId = "invalid-id",
    /// Two dimensions of a questionnaire with one id, two evidence rules with one id (or one
    /// rule disabled twice), or a rule of a file that takes a built-in rule's id.
    DuplicateId = "duplicate-id",
    /// A dimension with fewer than 2 or more than 10 options.
    OptionCount = "option-count",
    /// Two levels of a questionnaire with one name.
    DuplicateLevel = "duplicate-level",
    /// Totals between two levels' bands that no level holds.
    BandGap = "band-gap",
    /// Two levels' bands that share totals, or a band whose `min` is above its `max`.
    BandOverlap = "band-overlap",
    /// Bands that do not start at the lowest possible total or end at the highest.
    BandCoverage = "band-coverage",
    /// A questionnaire reference whose url is not https.
    NotHttps = "not-https",
    /// A `questionnaire:` path that cannot be read: missing, outside the repository, or an
    /// invalid questionnaire file (its own problems follow, at their positions).
    QuestionnaireFile = "questionnaire-file",
    /// An evidence rule's `kind` other than `file`, `content`, `dependency` or `workflow-step`.
    UnknownKind = "unknown-kind",
    /// An evidence rule's regex or glob that does not compile, or a regex whose compiled form
    /// is over the 1 MiB size limits.
    InvalidPattern = "invalid-pattern",
    /// An evidence rule's glob that could name a place outside the repository: absolute, a
    /// drive, or with `..` in it.
    GlobOutsideRepository = "glob-outside-repository",
    /// A rules file over the limits: more than 200 rules, more than 20 globs or packages in a
    /// rule, a regex over 1,000 characters, a glob or a package over 256, an explanation over
    /// 200.
    RuleLimit = "rule-limit",
    /// A `disable:` entry that names no built-in rule; the closest id is suggested.
    UnknownRule = "unknown-rule",
    /// `org`: GitHub could not give a repository's file whole (an API error on that file, or a
    /// text cut short that could not be read again).
    Github = "github",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_unique() {
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "a rule id is used twice");
    }

    /// The documentation's page of rule ids is the catalogue: its table lists every id, and it has
    /// one section per id, in the catalogue's order, with the id as its anchor (the `url` of the
    /// JSON report) and the variant's doc comment as its first paragraph.
    #[test]
    fn the_documented_rule_ids_are_the_catalogue() {
        let page = include_str!("../../docs/src/diagnostics.md");
        let table = page
            .split("| rule | severity | what |")
            .nth(1)
            .expect("docs/src/diagnostics.md has the table of rule ids");
        let mut documented: Vec<&str> = table
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with("| [`"))
            .map(|l| l[4..].split('`').next().unwrap())
            .collect();
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        documented.sort_unstable();
        ids.sort_unstable();
        assert_eq!(documented, ids, "the table of docs/src/diagnostics.md");

        let sections: Vec<&str> = page.split("\n## ").skip(1).collect();
        let headings: Vec<&str> = sections.iter().map(|s| s.lines().next().unwrap()).collect();
        let expected: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("`{0}` {{#{0}}}", c.id()))
            .collect();
        assert_eq!(
            headings, expected,
            "one section per rule id, in the catalogue's order"
        );
        for (section, code) in sections.iter().zip(Code::ALL) {
            let first = section.split("\n\n").nth(1).unwrap_or_default().trim();
            assert_eq!(
                first,
                code.summary(),
                "the first paragraph of `{}`",
                code.id()
            );
            assert!(
                section.contains("**How to fix it.**"),
                "{}: no fix",
                code.id()
            );
        }
        assert!(Code::UnknownKey
            .url()
            .ends_with("/diagnostics/#unknown-key"));
    }

    #[test]
    fn ids_are_kebab_case_and_every_code_is_described() {
        for c in Code::ALL {
            let id = c.id();
            assert!(
                !id.is_empty()
                    && id
                        .split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|ch| ch.is_ascii_lowercase())),
                "{id} is not kebab-case"
            );
            assert!(c.summary().ends_with('.'), "{id}: {}", c.summary());
        }
    }
}
