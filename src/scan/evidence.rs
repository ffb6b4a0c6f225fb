//! Holds each answer against what the repository shows: verified, declared, unsupported or not needed.

use crate::diagnostic::{Code, Diagnostic};
use crate::validate::Assessment;

use super::{Scan, Signal};

/// How strictly `check` and `ci` hold answers against the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Do not scan (the default for `check`, which stays a few milliseconds).
    Off,
    /// Scan, and report an answer nothing backs as a warning.
    Warn,
    /// Scan, and fail the gate (exit 1) on an answer nothing backs.
    Deny,
}

/// The evidence status of one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A signal in the repository supports the answered level.
    Verified,
    /// No signal does, but the answer lists `evidence:` (an existing path or a URL) the tool
    /// cannot judge.
    Declared,
    /// Neither: a claim nothing backs.
    Unsupported,
    /// Answered 1, which claims nothing.
    NotNeeded,
    /// Nothing backs it, but an active waiver covers the dimension: reported, never a gate.
    Waived,
    /// No rule looks for this dimension's evidence (a custom questionnaire's dimension without
    /// rules of its own or the team's): the answer is neither backed nor doubted, never a gate.
    NotChecked,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Declared => "declared",
            Status::Unsupported => "unsupported",
            Status::NotNeeded => "not-needed",
            Status::Waived => "waived",
            Status::NotChecked => "not-checked",
        }
    }
}

/// One answer's evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerEvidence {
    pub dimension: &'static str,
    pub status: Status,
    /// The highest level the repository's signals support (1 when none).
    pub supported_level: u8,
    /// The dimension's signals, strongest first.
    pub signals: Vec<Signal>,
}

impl AnswerEvidence {
    /// The signal to show first: the strongest.
    pub fn strongest(&self) -> Option<&Signal> {
        self.signals.first()
    }
}

/// Every answer's evidence, in answer order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub answers: Vec<AnswerEvidence>,
}

impl Evidence {
    pub fn of(&self, dimension: &str) -> Option<&AnswerEvidence> {
        self.answers.iter().find(|a| a.dimension == dimension)
    }

    pub fn unsupported(&self) -> usize {
        self.answers
            .iter()
            .filter(|a| a.status == Status::Unsupported)
            .count()
    }
}

/// Holds `assessment` against `scan`: a status per answer, a warning `unsupported-claim` for each
/// answer nothing backs, and a note `evidence-above-answer` where the repository shows more than
/// was answered. `path_exists` says whether a repository path listed under `evidence:` exists.
pub fn assess(
    assessment: &Assessment,
    scan: &Scan,
    path_exists: &dyn Fn(&str) -> bool,
) -> (Evidence, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut answers = Vec::new();
    for answer in &assessment.answers {
        let id = answer.dimension.id;
        let signals: Vec<Signal> = scan
            .signals
            .iter()
            .filter(|s| s.dimension == id)
            .cloned()
            .collect();
        let supported = signals.iter().map(|s| s.level).max().unwrap_or(1);
        let declared = answer
            .evidence
            .iter()
            .any(|e| e.starts_with("https://") || path_exists(e));
        let status = if !scan.catalogue.checks(id) {
            Status::NotChecked
        } else if answer.level <= 1 {
            Status::NotNeeded
        } else if supported >= answer.level {
            Status::Verified
        } else if declared {
            Status::Declared
        } else {
            Status::Unsupported
        };
        if status == Status::Unsupported {
            let looked_for: Vec<&str> = scan
                .catalogue
                .rules
                .iter()
                .filter(|r| r.dimension == id && r.level >= answer.level)
                .map(|r| r.id)
                .collect();
            let seen = match supported {
                1 => "nothing in the repository supports more than level 1".to_string(),
                n => format!("the repository supports level {n} at most"),
            };
            let looked = if looked_for.is_empty() {
                format!("no scan rule detects level {} of `{id}`", answer.level)
            } else {
                format!(
                    "looked for {} (`llmops-maturity scan --rules` explains each)",
                    looked_for.join(", ")
                )
            };
            let message = format!(
                "`{id}` is answered {} but {seen}; {looked}: add the evidence, list it under `evidence:`, or lower the answer",
                answer.level
            );
            diagnostics.push(
                Diagnostic::warning(answer.pos, Code::UnsupportedClaim, message).in_dimension(id),
            );
        }
        if supported > answer.level {
            if let Some(best) = signals.first() {
                let message = format!(
                    "`{id}` is answered {} but the repository shows level {supported}: {} ({}:{}); the answer may undersell the team",
                    answer.level, best.summary, best.path, best.line
                );
                diagnostics.push(
                    Diagnostic::note(answer.pos, Code::EvidenceAboveAnswer, message)
                        .in_dimension(id),
                );
            }
        }
        answers.push(AnswerEvidence {
            dimension: id,
            status,
            supported_level: supported,
            signals,
        });
    }
    (Evidence { answers }, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;
    use crate::scan::Skipped;

    fn assessment(yaml: &str) -> Assessment {
        let root = config::parse(yaml.as_bytes()).unwrap();
        validate_ok(&root)
    }

    fn validate_ok(root: &config::Node) -> Assessment {
        let v = crate::validate::validate(root, &|p| {
            if p == "docs/eval-plan.md" {
                crate::validate::Lookup::Found
            } else {
                crate::validate::Lookup::Missing
            }
        });
        v.assessment.expect("valid")
    }

    fn signal(rule: &'static str, dimension: &'static str, level: u8) -> Signal {
        Signal {
            rule,
            dimension,
            level,
            path: format!("{rule}.yml"),
            line: 3,
            summary: format!("{rule} seen"),
        }
    }

    const ANSWERS: &str = "version: 1
answers:
  models: 1
  prompt-engineering: 2
  evaluation:
    level: 3
    evidence: [docs/eval-plan.md]
  deployment: 3
  monitoring: 2
  responsible-ai:
    level: 2
    evidence: [docs/missing.md]
  asset-management: 1
";

    #[test]
    fn each_status_and_its_diagnostics() {
        let a = assessment(ANSWERS);
        let scan = Scan {
            root: ".".into(),
            files_scanned: 10,
            skipped: Skipped::default(),
            notes: Vec::new(),
            catalogue: crate::scan::catalogue::Catalogue::builtin(),
            signals: vec![
                signal("agent-framework", "models", 3),
                signal("prompt-files", "prompt-engineering", 2),
                signal("deploy-workflow", "deployment", 3),
            ],
        };
        let (evidence, diagnostics) = assess(&a, &scan, &|p| p == "docs/eval-plan.md");
        let statuses: Vec<(&str, &str, u8)> = evidence
            .answers
            .iter()
            .map(|e| (e.dimension, e.status.as_str(), e.supported_level))
            .collect();
        assert_eq!(
            statuses,
            [
                ("models", "not-needed", 3),
                ("prompt-engineering", "verified", 2),
                ("evaluation", "declared", 1),
                ("deployment", "verified", 3),
                ("monitoring", "unsupported", 1),
                ("responsible-ai", "unsupported", 1),
                ("asset-management", "not-needed", 1),
            ]
        );
        assert_eq!(evidence.unsupported(), 2);
        let shown: Vec<(String, Code, Option<&str>)> = diagnostics
            .iter()
            .map(|d| (d.pos.unwrap().to_string(), d.rule, d.dimension))
            .collect();
        assert_eq!(
            shown,
            [
                ("3:3".to_string(), Code::EvidenceAboveAnswer, Some("models")),
                (
                    "9:3".to_string(),
                    Code::UnsupportedClaim,
                    Some("monitoring")
                ),
                (
                    "10:3".to_string(),
                    Code::UnsupportedClaim,
                    Some("responsible-ai")
                ),
            ]
        );
        assert!(diagnostics[1].message.starts_with(
            "`monitoring` is answered 2 but nothing in the repository supports more than level 1; looked for "
        ));
        assert!(diagnostics[1].message.contains("llm-tracing"));
        assert!(diagnostics[1]
            .message
            .ends_with("add the evidence, list it under `evidence:`, or lower the answer"));
        assert_eq!(
            diagnostics[0].message,
            "`models` is answered 1 but the repository shows level 3: agent-framework seen (agent-framework.yml:3); the answer may undersell the team"
        );
    }
}
