//! The gates a scored file can fail (minimum level, missed targets, warnings, unsupported claims, a regression), decided from values alone.

use crate::changed::EvidenceChanges;
use crate::commitments::{self, WaiverStatus};
use crate::diff::Diff;
use crate::evaluate::Evaluation;
use crate::questionnaire::Questionnaire;
use crate::render::text::plural;
use crate::score::Score;

/// `--min-level`: a level number or a level name of the questionnaire the answers use, which is
/// known only once the file is read (`Managed` for `llmops-2024`, `Starting` for a team's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MinLevel {
    Number(u8),
    Name(String),
}

impl std::str::FromStr for MinLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<MinLevel, String> {
        let s = s.trim();
        if let Ok(n) = s.parse::<u8>() {
            return match n {
                0 => Err("levels are numbered from 1".into()),
                n => Ok(MinLevel::Number(n)),
            };
        }
        // A name is short words; anything else is a typo or an attack on the log.
        let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_');
        if s.is_empty() || s.len() > 40 || !s.chars().all(word) {
            return Err("expected a level number (1, 2, ...) or a level name (Managed)".into());
        }
        Ok(MinLevel::Name(s.to_owned()))
    }
}

impl MinLevel {
    /// The level number this names in `q`, or why it names none (with the levels there are).
    pub fn resolve(&self, q: &Questionnaire) -> Result<u8, String> {
        let found = match self {
            MinLevel::Number(n) => q.level(*n),
            MinLevel::Name(name) => q.level_named(name),
        };
        found.map(|l| l.number).ok_or_else(|| {
            let levels: Vec<String> = q
                .levels
                .iter()
                .map(|l| format!("{} {}", l.number, l.name))
                .collect();
            let asked = match self {
                MinLevel::Number(n) => n.to_string(),
                MinLevel::Name(name) => name.clone(),
            };
            format!(
                "the minimum level {asked} is not a level of the questionnaire {} (its levels: {})",
                q.label(),
                levels.join(", ")
            )
        })
    }
}

/// Which gates are set for a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gates {
    /// Fail below this level.
    pub min_level: Option<MinLevel>,
    /// Fail on any warning.
    pub deny_warnings: bool,
    /// Fail on an answer nothing in the repository backs (`--evidence deny`).
    pub deny_unsupported: bool,
    /// Fail when the level is lower than the base's.
    pub fail_on_regression: bool,
    /// Fail when the change removes the evidence of an answer (no active waiver for it).
    pub fail_on_evidence_loss: bool,
}

/// Where the gate's message is read, which decides how a flag is named in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// The command line: flags are named as typed (`--evidence deny`).
    Cli,
    /// The action: inputs are named as in the workflow (`evidence is deny`).
    Action,
}

/// One gate that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    BelowMinimum {
        level: u8,
        name: &'static str,
        min: u8,
    },
    /// A target past its date and not met: it fails whatever the flags.
    TargetMissed(String),
    Warnings(usize),
    Unsupported(usize),
    Regressed,
    /// The dimensions (names) whose evidence the change removed, none of them waived.
    EvidenceLost(Vec<&'static str>),
    /// `--min-level` names no level of the file's questionnaire: a gate that cannot be met
    /// is a failed gate, so a mistyped name never lets a pull request pass.
    UnknownMinLevel(String),
}

impl Failure {
    /// The sentence after `PATH: gate failed: `.
    pub fn message(&self, surface: Surface) -> String {
        match self {
            Failure::BelowMinimum { level, name, min } => {
                format!("level {level} · {name} is below the minimum level {min}")
            }
            Failure::TargetMissed(message) => message.clone(),
            Failure::Warnings(n) => {
                format!(
                    "{} and --deny-warnings is set",
                    plural(*n as u32, "warning")
                )
            }
            Failure::Unsupported(n) => {
                let claims = plural(*n as u32, "unsupported claim");
                match surface {
                    Surface::Cli => format!("{claims} and --evidence deny is set"),
                    Surface::Action => format!("{claims} and evidence is deny"),
                }
            }
            Failure::Regressed => {
                "the level went down from the base's (--fail-on-regression)".to_string()
            }
            Failure::UnknownMinLevel(why) => why.clone(),
            Failure::EvidenceLost(names) => format!(
                "this change removes the evidence of {} (--fail-on-evidence-loss; an active waiver for a dimension lets it pass)",
                names.join(", ")
            ),
        }
    }
}

/// Every gate `eval` fails under `gates`, in the order they are reported; `diff` is the
/// comparison with the base and `changes` what it did to the evidence, when known.
pub fn failures(
    eval: &Evaluation,
    score: &Score,
    gates: &Gates,
    diff: Option<&Diff>,
    changes: Option<&EvidenceChanges>,
) -> Vec<Failure> {
    let mut out = Vec::new();
    match gates
        .min_level
        .as_ref()
        .map(|m| m.resolve(score.assessment.questionnaire))
    {
        Some(Ok(min)) if score.level.number < min => out.push(Failure::BelowMinimum {
            level: score.level.number,
            name: score.level.name,
            min,
        }),
        Some(Err(why)) => out.push(Failure::UnknownMinLevel(why)),
        _ => {}
    }
    if let Some(review) = &score.review {
        out.extend(
            review
                .missed()
                .map(|m| Failure::TargetMissed(commitments::gate_message(m))),
        );
    }
    if gates.deny_warnings && eval.warnings() > 0 {
        out.push(Failure::Warnings(eval.warnings()));
    }
    let unsupported = eval.evidence.as_ref().map_or(0, |e| e.unsupported());
    if gates.deny_unsupported && unsupported > 0 {
        out.push(Failure::Unsupported(unsupported));
    }
    if gates.fail_on_regression && diff.is_some_and(Diff::regressed) {
        out.push(Failure::Regressed);
    }
    if let (true, Some(changes)) = (gates.fail_on_evidence_loss, changes) {
        let waived = |id: &str| {
            score.review.as_ref().is_some_and(|r| {
                r.waivers
                    .iter()
                    .any(|w| w.waiver.dimension.id == id && w.status == WaiverStatus::Active)
            })
        };
        let lost: Vec<&'static str> = changes
            .lost
            .iter()
            .filter(|l| !waived(l.dimension))
            .filter_map(|l| {
                score
                    .assessment
                    .answer(l.dimension)
                    .map(|a| a.dimension.name)
            })
            .collect();
        if !lost.is_empty() {
            out.push(Failure::EvidenceLost(lost));
        }
    }
    out
}
