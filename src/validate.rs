//! Checks a parsed answers file against the questionnaire and builds an `Assessment` that can't be wrong.
//!
//! Like cargo-deny's config validation, every problem is pushed into one list instead of stopping at
//! the first, so a user fixes the whole file in one round trip.

use crate::commitments::{Commitments, Located};
use crate::config::check::{closest, is_decimal, list, Checker, Entries};
use crate::config::{Node, Pos, Value};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::questionnaire::{self, Dimension, Questionnaire};
use crate::untrusted::{shown, shown_within};

mod commitments;

/// The file format versions this build reads.
pub const SUPPORTED_VERSION: i64 = 1;

const ROOT_KEYS: &[&str] = &[
    "version",
    "questionnaire",
    "assessment",
    "answers",
    "targets",
    "waivers",
];
const ASSESSMENT_KEYS: &[&str] = &["team", "assessed-at", "review-every", "owners"];
const ANSWER_KEYS: &[&str] = &["level", "evidence", "notes"];

/// A validated answers file: every dimension answered with one of its options.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub questionnaire: &'static Questionnaire,
    pub team: Option<String>,
    /// `YYYY-MM-DD`, checked to be a real calendar date.
    pub assessed_at: Option<String>,
    pub owners: Vec<String>,
    /// One answer per dimension, in the questionnaire's order.
    pub answers: Vec<Answer>,
    /// Targets, waivers and the review cadence (judged on a day by `commitments::review`).
    pub commitments: Commitments,
}

impl Assessment {
    /// The answer for dimension `id`.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.dimension.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub dimension: &'static Dimension,
    pub level: u8,
    /// Repository paths (relative to the repository root) or https URLs, as written.
    pub evidence: Vec<String>,
    pub notes: Option<String>,
    /// Where the answer's key stands, for annotations.
    pub pos: Pos,
}

/// The outcome of validation: an assessment only when there is no error.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    pub assessment: Option<Assessment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What looking up a repository-relative evidence path found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Found,
    Missing,
    /// A symbolic link on the way leads outside the repository: it is not followed, so whether
    /// anything is there is never learned (nor shown).
    Outside,
}

/// Why a questionnaire the answers file names by path could not be used.
#[derive(Debug, Clone)]
pub enum QuestionnaireError {
    /// Missing, outside the repository, or unreadable: the message says which.
    Unreadable(String),
    /// Read, and invalid: its own problems, each placed in that file.
    Invalid(Vec<Diagnostic>),
}

/// Resolves a `questionnaire:` path (relative to the answers file) to a questionnaire.
pub type QuestionnaireLookup<'a> =
    &'a dyn Fn(&str) -> Result<&'static Questionnaire, QuestionnaireError>;

/// Only built-in questionnaires: a path is reported as not readable from here.
pub fn builtins_only(path: &str) -> Result<&'static Questionnaire, QuestionnaireError> {
    Err(QuestionnaireError::Unreadable(format!(
        "`{}` cannot be read from where this file came from",
        shown(path)
    )))
}

/// Whether a `questionnaire:` value names a file rather than a built-in id.
pub fn is_questionnaire_path(value: &str) -> bool {
    value.contains('/') || value.ends_with(".yaml") || value.ends_with(".yml")
}

/// Validates `root`. `path_exists` looks up a repository-relative evidence path; it is passed in
/// so that this module stays free of I/O.
pub fn validate(root: &Node, path_exists: &dyn Fn(&str) -> Lookup) -> Validation {
    validate_with(root, path_exists, &builtins_only)
}

/// Validates `root`, with `questionnaire` resolving a questionnaire the file names by path.
pub fn validate_with(
    root: &Node,
    path_exists: &dyn Fn(&str) -> Lookup,
    questionnaire: QuestionnaireLookup,
) -> Validation {
    let mut v = Validator {
        c: Checker::default(),
        path_exists,
        questionnaire,
    };
    let assessment = v.root(root);
    let mut diagnostics = v.c.diagnostics;
    crate::diagnostic::sort(&mut diagnostics);
    let has_error = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Validation {
        assessment: if has_error { None } else { assessment },
        diagnostics,
    }
}

struct Validator<'a> {
    /// The problems found and the keys already suggested, with the checks every format shares.
    c: Checker,
    path_exists: &'a dyn Fn(&str) -> Lookup,
    questionnaire: QuestionnaireLookup<'a>,
}

impl Validator<'_> {
    fn root(&mut self, root: &Node) -> Option<Assessment> {
        let entries = self.c.mapping(root, ROOT_KEYS, "the top level")?;
        self.version(root, entries.get("version"));

        let questionnaire = match entries.get("questionnaire") {
            None => Some(questionnaire::builtin()),
            Some(node) => self.questionnaire(node),
        };
        // With an unknown questionnaire, the answers are still checked against the built-in one
        // so the user sees the other problems too.
        let q = questionnaire.unwrap_or_else(questionnaire::builtin);

        let about = match entries.get("assessment") {
            Some(node) => self.assessment(node),
            None => About::default(),
        };
        let targets = entries
            .get("targets")
            .map(|n| self.targets(n, q))
            .unwrap_or_default();
        let waivers = entries
            .get("waivers")
            .map(|n| self.waivers(n, q))
            .unwrap_or_default();

        let answers = match entries.get_entry("answers") {
            Some((key, node)) => self.answers(key.pos, node, q),
            None => {
                self.c.error(
                    root.pos,
                    Code::MissingKey,
                    format!(
                        "missing key `answers`, expected a mapping that answers {}",
                        list(q.dimensions.iter().map(|d| d.id))
                    ),
                );
                None
            }
        };
        Some(Assessment {
            questionnaire: questionnaire?,
            team: about.team,
            assessed_at: about.assessed_at.map(|a| a.value.to_string()),
            owners: about.owners,
            answers: answers?,
            commitments: Commitments {
                assessed_at: about.assessed_at,
                review_every: about.review_every,
                targets,
                waivers,
            },
        })
    }

    /// `version:`, which must be a plain `1`.
    fn version(&mut self, root: &Node, version: Option<&Node>) {
        match version.map(|n| &n.value) {
            None => self.c.error(
                root.pos,
                Code::MissingKey,
                format!("missing key `version`, expected `version: {SUPPORTED_VERSION}`"),
            ),
            Some(Value::Int(SUPPORTED_VERSION)) => {
                let node = version.unwrap();
                let literal = node.literal.as_deref().unwrap_or_default();
                let how = match (&node.tag, notation(literal)) {
                    (Some(tag), _) => Some(format!("a value with the YAML tag `{}`", shown(tag))),
                    (None, Some(Notation::Integer(how) | Notation::NotInteger(how))) => {
                        Some(how.to_string())
                    }
                    (None, None) => None,
                };
                if let Some(how) = how {
                    self.c.error(
                        node.pos,
                        Code::NumberNotation,
                        format!(
                            "`version` is `{}`, {how}; write `version: {SUPPORTED_VERSION}`",
                            shown_within(literal, 40)
                        ),
                    );
                }
            }
            Some(Value::Int(other)) => self.c.error(
                version.unwrap().pos,
                Code::UnsupportedVersion,
                format!("unsupported version {other}, expected {SUPPORTED_VERSION}; a newer llmops-maturity may read this file"),
            ),
            Some(other) => self.c.error(
                version.unwrap().pos,
                Code::InvalidType,
                format!("`version` must be the integer {SUPPORTED_VERSION}, found {}", other.kind()),
            ),
        }
    }

    fn questionnaire(&mut self, node: &Node) -> Option<&'static Questionnaire> {
        let known = list(questionnaire::all().iter().map(|q| q.id));
        match &node.value {
            Value::Str(path) if is_questionnaire_path(path) => match (self.questionnaire)(path) {
                Ok(q) => Some(q),
                Err(QuestionnaireError::Unreadable(why)) => {
                    self.c.error(
                        node.pos,
                        Code::QuestionnaireFile,
                        format!("questionnaire `{}`: {why}", shown(path)),
                    );
                    None
                }
                Err(QuestionnaireError::Invalid(problems)) => {
                    self.c.error(
                        node.pos,
                        Code::QuestionnaireFile,
                        format!(
                            "questionnaire `{}` is not a valid questionnaire file (its problems follow); fix it, or name a built-in id: {known}",
                            shown(path),
                        ),
                    );
                    self.c.diagnostics.extend(problems);
                    None
                }
            },
            Value::Str(id) => {
                let found = questionnaire::find(id);
                if found.is_none() {
                    self.c.error(
                        node.pos,
                        Code::UnknownQuestionnaire,
                        format!(
                            "unknown questionnaire `{}`, expected one of {known}, or the path of a questionnaire file (`./acme.yaml`)",
                            shown(id)
                        ),
                    );
                }
                found
            }
            other => {
                self.c.error(
                    node.pos,
                    Code::InvalidType,
                    format!(
                        "`questionnaire` must be a string, found {}; expected one of {known}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    fn assessment(&mut self, node: &Node) -> About {
        let Some(entries) = self.c.mapping(node, ASSESSMENT_KEYS, "`assessment`") else {
            return About::default();
        };
        let team = entries.get("team").and_then(|n| self.c.string(n, "`team`"));
        let assessed_at = entries
            .get("assessed-at")
            .and_then(|n| self.date(n, "`assessed-at`"));
        let review_every = entries.get_entry("review-every").and_then(|(key, n)| {
            let days = self.review_every(n)?;
            if entries.get("assessed-at").is_none() {
                self.c.error(
                    key.pos,
                    Code::MissingKey,
                    "`review-every` needs `assessed-at`, the day the answers were given, to count from; add `assessed-at: YYYY-MM-DD`",
                );
            }
            Some(days)
        });
        let owners = entries
            .get("owners")
            .and_then(|n| self.string_list(n, "`owners`"))
            .map(|items| items.into_iter().map(|(_, s)| s).collect())
            .unwrap_or_default();
        About {
            team,
            assessed_at,
            review_every,
            owners,
        }
    }

    fn answers(
        &mut self,
        key_pos: Pos,
        node: &Node,
        q: &'static Questionnaire,
    ) -> Option<Vec<Answer>> {
        let ids: Vec<&'static str> = q.dimensions.iter().map(|d| d.id).collect();
        let entries = self.c.mapping(node, &ids, "`answers`")?;
        let mut answers = Vec::new();
        let mut complete = true;
        for dimension in q.dimensions {
            match entries.get_entry(dimension.id) {
                Some((key, value)) => match self.answer(key.pos, value, dimension) {
                    Some(answer) => answers.push(answer),
                    None => complete = false,
                },
                None if self.c.suggested.contains(&dimension.id) => complete = false,
                None => {
                    complete = false;
                    self.c.error(
                        key_pos,
                        Code::MissingAnswer,
                        format!(
                            "missing answer for `{}` ({}), expected a level from 1 to {}",
                            dimension.id,
                            dimension.question,
                            dimension.max_points()
                        ),
                    );
                }
            }
        }
        complete.then_some(answers)
    }

    fn answer(
        &mut self,
        key_pos: Pos,
        node: &Node,
        dimension: &'static Dimension,
    ) -> Option<Answer> {
        let id = dimension.id;
        match &node.value {
            Value::Map(_) => {
                let entries =
                    self.c
                        .mapping(node, ANSWER_KEYS, &format!("the answer to `{id}`"))?;
                let level = match entries.get("level") {
                    Some(level) => self.level(level, dimension),
                    None => {
                        self.c.error(
                            node.pos,
                            Code::MissingKey,
                            format!("the answer to `{id}` has no `level`, expected `level: 1` to `level: 4`"),
                        );
                        None
                    }
                };
                let evidence = entries
                    .get("evidence")
                    .and_then(|n| self.string_list(n, "`evidence`"))
                    .unwrap_or_default();
                let evidence_ok = evidence
                    .iter()
                    .fold(true, |ok, (pos, item)| self.evidence(*pos, item, id) && ok);
                let notes = entries
                    .get("notes")
                    .and_then(|n| self.c.string(n, "`notes`"));
                Some(Answer {
                    dimension,
                    level: level?,
                    evidence: evidence_ok
                        .then(|| evidence.into_iter().map(|(_, s)| s).collect())?,
                    notes,
                    pos: key_pos,
                })
            }
            _ => Some(Answer {
                dimension,
                level: self.level(node, dimension)?,
                evidence: Vec::new(),
                notes: None,
                pos: key_pos,
            }),
        }
    }

    fn level(&mut self, node: &Node, dimension: &Dimension) -> Option<u8> {
        let id = dimension.id;
        let top = dimension.max_points();
        let expected = format!("expected a level from 1 to {top} or a mapping with `level`");
        let expected = expected.as_str();
        let literal = node.literal.as_deref().unwrap_or_default();
        let lit = shown_within(literal, 40);
        // "write a plain 2" when the value means 2, else the choices there are.
        let plain = |n: f64| {
            if n.fract() == 0.0 && n >= 1.0 && n <= f64::from(top) {
                format!("write a plain {n}")
            } else {
                format!("write a plain {}", choices(top))
            }
        };
        if let (Some(tag), Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Bool(_)) =
            (&node.tag, &node.value)
        {
            let tag = shown(tag);
            let hint = plain(literal.trim().parse::<f64>().unwrap_or(0.0));
            self.c.error(
                node.pos,
                Code::NumberNotation,
                format!("level for `{id}` is `{tag} {lit}`, a value with the YAML tag `{tag}`; {hint} without a tag"),
            );
            return None;
        }
        match &node.value {
            Value::Int(_) | Value::Float(_) => {
                let (rule, how) = match notation(literal) {
                    None if is_decimal(literal) => {
                        if let Value::Int(n) = node.value {
                            if (1..=i64::from(top)).contains(&n) {
                                return Some(n as u8);
                            }
                        }
                        self.c.error(
                            node.pos,
                            Code::LevelOutOfRange,
                            format!("level {lit} for `{id}` is out of range, expected 1 to {top}"),
                        );
                        return None;
                    }
                    Some(Notation::Integer(how)) => (Code::NumberNotation, how),
                    Some(Notation::NotInteger(how)) => (Code::InvalidType, how),
                    None => (Code::InvalidType, "a number written in an unusual way"),
                };
                let n = match node.value {
                    Value::Int(n) => n as f64,
                    Value::Float(f) => f,
                    _ => 0.0,
                };
                self.c.error(
                    node.pos,
                    rule,
                    format!("level for `{id}` is `{lit}`, {how}; {}", plain(n)),
                );
                None
            }
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => {
                let hint = plain(s.trim().parse::<f64>().unwrap_or(0.0));
                self.c.error(
                    node.pos,
                    Code::InvalidType,
                    format!("level for `{id}` is `{lit}`, text in quotes; {hint} without quotes"),
                );
                None
            }
            other => {
                self.c.error(
                    node.pos,
                    Code::InvalidType,
                    format!("answer to `{id}` is {}, {expected}", other.kind()),
                );
                None
            }
        }
    }

    /// Checks one evidence entry; returns false when it is an error (a missing path only warns).
    fn evidence(&mut self, pos: Pos, item: &str, dimension: &'static str) -> bool {
        match classify_evidence(item) {
            Evidence::Url => true,
            Evidence::Path(path) => {
                let message = match (self.path_exists)(path) {
                    Lookup::Found => return true,
                    Lookup::Missing => format!("evidence path `{}` does not exist in the repository; expected a path relative to the repository root", shown(item)),
                    Lookup::Outside => format!("evidence path `{}` is a symbolic link that leads outside the repository, which is never followed; point it at a file in the repository", shown(item)),
                };
                self.c.diagnostics.push(
                    Diagnostic::warning(pos, Code::EvidenceNotFound, message)
                        .in_dimension(dimension),
                );
                true
            }
            Evidence::Invalid(why) => {
                self.c.diagnostics.push(
                    Diagnostic::error(
                        pos,
                        Code::InvalidEvidence,
                        format!("evidence `{}` {why}; expected a path relative to the repository root or an https:// URL", shown(item)),
                    )
                    .in_dimension(dimension),
                );
                false
            }
        }
    }

    fn string_list(&mut self, node: &Node, what: &str) -> Option<Vec<(Pos, String)>> {
        let Value::Seq(items) = &node.value else {
            self.c.error(
                node.pos,
                Code::InvalidType,
                format!(
                    "{what} must be a list of strings, found {}",
                    node.value.kind()
                ),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match self.c.string(item, &format!("each entry of {what}")) {
                Some(s) => out.push((item.pos, s)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// The `assessment` block, validated.
#[derive(Default)]
struct About {
    team: Option<String>,
    assessed_at: Option<Located<jiff::civil::Date>>,
    review_every: Option<Located<u32>>,
    owners: Vec<String>,
}

enum Evidence<'a> {
    Url,
    Path(&'a str),
    Invalid(&'static str),
}

fn classify_evidence(item: &str) -> Evidence<'_> {
    let trimmed = item.trim();
    if trimmed.is_empty() {
        return Evidence::Invalid("is empty");
    }
    if let Some(rest) = trimmed.strip_prefix("https://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        return if host.is_empty() || trimmed.contains(char::is_whitespace) {
            Evidence::Invalid("is not a valid https URL")
        } else {
            Evidence::Url
        };
    }
    if trimmed.contains("://") || trimmed.starts_with("mailto:") {
        return Evidence::Invalid("uses a scheme other than https");
    }
    let bytes = trimmed.as_bytes();
    let windows_drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if trimmed.starts_with('/')
        || trimmed.starts_with('\\')
        || trimmed.starts_with('~')
        || windows_drive
    {
        return Evidence::Invalid("is an absolute path");
    }
    if trimmed.split(['/', '\\']).any(|part| part == "..") {
        return Evidence::Invalid("uses `..` to reach outside the repository");
    }
    Evidence::Path(trimmed)
}

/// How a number is written when it is not a plain decimal. YAML reads `0x2`, `0o2`, `02`, `+2`
/// and `1_0` as integers, but a reviewer reading them sees something else: only plain decimals
/// are accepted where the format wants a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notation {
    /// An integer in another notation than a plain decimal.
    Integer(&'static str),
    /// A number that is not an integer at all.
    NotInteger(&'static str),
}

fn notation(literal: &str) -> Option<Notation> {
    use Notation::{Integer, NotInteger};
    let unsigned = literal.strip_prefix(['-', '+']).unwrap_or(literal);
    let lower = unsigned.to_ascii_lowercase();
    Some(if lower == ".inf" {
        NotInteger("infinity")
    } else if lower == ".nan" {
        NotInteger("not a number (NaN)")
    } else if lower.starts_with("0x") {
        Integer("a hexadecimal number")
    } else if lower.starts_with("0o") {
        Integer("an octal number")
    } else if lower.starts_with("0b") {
        Integer("a binary number")
    } else if lower.contains('.') {
        NotInteger("a number with a fraction")
    } else if lower.contains('e') {
        NotInteger("a number with an exponent")
    } else if unsigned.contains('_') {
        Integer("a number with `_` separators")
    } else if literal.starts_with('+') {
        Integer("a number with a plus sign")
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        Integer("a number with a leading zero")
    } else {
        return None;
    })
}

/// "1, 2, 3 or 4": the plain levels from 1 to `top`.
fn choices(top: u8) -> String {
    let all: Vec<String> = (1..=top.max(1)).map(|n| n.to_string()).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => all.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        let ids = ["models", "evaluation", "deployment"];
        assert_eq!(closest("evalution", &ids), Some("evaluation"));
        assert_eq!(closest("zzz", &ids), None);
    }

    /// Regression: `02`, `0x2`, `0o2` and `+2` were accepted as level 2.
    #[test]
    fn only_a_plain_decimal_is_a_plain_number() {
        use Notation::{Integer, NotInteger};
        for plain in ["1", "4", "0", "-1", "12345678901234567890123"] {
            assert_eq!(
                (notation(plain), is_decimal(plain)),
                (None, true),
                "{plain}"
            );
        }
        for (literal, said) in [
            ("0x2", Integer("a hexadecimal number")),
            ("0X2", Integer("a hexadecimal number")),
            ("0o2", Integer("an octal number")),
            ("0b10", Integer("a binary number")),
            ("02", Integer("a number with a leading zero")),
            ("+2", Integer("a number with a plus sign")),
            ("1_0", Integer("a number with `_` separators")),
            ("2.0", NotInteger("a number with a fraction")),
            ("2e0", NotInteger("a number with an exponent")),
            (".inf", NotInteger("infinity")),
            ("-.Inf", NotInteger("infinity")),
            (".NaN", NotInteger("not a number (NaN)")),
        ] {
            assert_eq!(notation(literal), Some(said), "{literal}");
        }
    }

    fn messages(yaml: &str) -> Vec<String> {
        let root = crate::config::parse(yaml.as_bytes()).unwrap();
        validate(&root, &|_| Lookup::Found)
            .diagnostics
            .iter()
            .map(|d| format!("{} [{}]", d.message, d.rule))
            .collect()
    }

    /// Regression: a bare `on:` key (YAML 1.1's `true`) was reported as "unknown key `true`".
    #[test]
    fn a_key_read_as_a_boolean_is_named_as_written() {
        let found = messages("version: 1\non: 2\nanswers: {}\n");
        assert!(
            found
                .iter()
                .any(|m| m.starts_with("unknown key `on` in the top level")),
            "{found:?}"
        );
        assert!(!found.iter().any(|m| m.contains("`true`")), "{found:?}");
    }

    #[test]
    fn each_spelling_of_a_level_gets_a_precise_message() {
        let file = |models: &str| {
            format!("version: 1\nanswers:\n  models: {models}\n  prompt-engineering: 2\n  evaluation: 2\n  deployment: 2\n  monitoring: 2\n  responsible-ai: 2\n  asset-management: 2\n")
        };
        assert!(messages(&file("2")).is_empty());
        assert!(messages(&file("&two 2")).is_empty());
        let cases = [
            ("0x2", "level for `models` is `0x2`, a hexadecimal number; write a plain 2 [number-notation]"),
            ("!custom 2", "level for `models` is `!custom 2`, a value with the YAML tag `!custom`; write a plain 2 without a tag [number-notation]"),
            ("2.0", "level for `models` is `2.0`, a number with a fraction; write a plain 2 [invalid-type]"),
            ("'3'", "level for `models` is `'3'`, text in quotes; write a plain 3 without quotes [invalid-type]"),
            (&"9".repeat(400), "level 9999999999999999999999999999999999999999… for `models` is out of range, expected 1 to 4 [level-out-of-range]"),
        ];
        for (models, expected) in cases {
            assert_eq!(messages(&file(models)), [expected], "{models}");
        }
        assert_eq!(
            messages(&file("2").replace("version: 1", "version: +1")),
            ["`version` is `+1`, a number with a plus sign; write `version: 1` [number-notation]"]
        );
    }

    #[test]
    fn evidence_kinds() {
        assert!(matches!(
            classify_evidence("prompts/"),
            Evidence::Path("prompts/")
        ));
        assert!(matches!(
            classify_evidence("https://wiki.example.com/x"),
            Evidence::Url
        ));
        assert!(matches!(
            classify_evidence("http://example.com"),
            Evidence::Invalid(_)
        ));
        assert!(matches!(
            classify_evidence("/etc/passwd"),
            Evidence::Invalid(_)
        ));
        assert!(matches!(classify_evidence("C:\\x"), Evidence::Invalid(_)));
        assert!(matches!(
            classify_evidence("docs/../../x"),
            Evidence::Invalid(_)
        ));
        assert!(matches!(
            classify_evidence("https://"),
            Evidence::Invalid(_)
        ));
    }
}
