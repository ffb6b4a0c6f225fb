//! The pure evaluation of an answers file: parse, validate, score and judge its commitments, from bytes to an `Evaluation`.

use jiff::civil::Date;

use crate::commitments;
use crate::config;
use crate::diagnostic::{self, Code, Diagnostic, Severity};
use crate::scan::evidence::{Evidence, Status};
use crate::score::{self, Score};
use crate::validate::{self, Lookup};

/// The result of checking one file: its diagnostics, and a score when it has no error.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The path as the user gave it, used in every message.
    pub path: String,
    pub diagnostics: Vec<Diagnostic>,
    pub score: Option<Score>,
    /// Each answer held against the repository, when `--evidence` asked for it.
    pub evidence: Option<Evidence>,
}

impl Evaluation {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The pure part of an evaluation, with the evidence lookup handed in (built-in questionnaires
/// only).
pub fn evaluate_with(
    shown: &str,
    bytes: &[u8],
    path_exists: &dyn Fn(&str) -> Lookup,
) -> Evaluation {
    evaluate_with_lookups(shown, bytes, path_exists, &validate::builtins_only)
}

/// Like [`evaluate_with`], with a questionnaire the file names by path resolved by `questionnaire`.
pub fn evaluate_with_lookups(
    shown: &str,
    bytes: &[u8],
    path_exists: &dyn Fn(&str) -> Lookup,
    questionnaire: validate::QuestionnaireLookup,
) -> Evaluation {
    let (diagnostics, score) = match config::parse(bytes) {
        Err(e) => (vec![Diagnostic::error(e.pos, e.rule, e.message)], None),
        Ok(root) => {
            let v = validate::validate_with(&root, path_exists, questionnaire);
            let score = v.assessment.as_ref().map(score::score);
            (v.diagnostics, score)
        }
    };
    Evaluation {
        path: shown.to_string(),
        diagnostics,
        score,
        evidence: None,
    }
}

/// Judges a scored file's commitments on `today`: targets, waivers and the review cadence.
///
/// Run it last: waivers act on the diagnostics already found, so every other check (evidence
/// included) must have run. `evidence_evaluated` says whether the evidence check ran, without
/// which an unused waiver is not reported. A date error (`assessed-at` in the future) takes the
/// score away, like any other error.
pub fn judge(mut eval: Evaluation, today: Date, evidence_evaluated: bool) -> Evaluation {
    let Some(mut score) = eval.score.take() else {
        return eval;
    };
    let c = &score.assessment.commitments;
    let (review, found) = commitments::review(c, score.level, &|id: &str| score.points(id), today);
    let mut diagnostics = std::mem::take(&mut eval.diagnostics);
    diagnostics.extend(found);
    let mut diagnostics = commitments::waive(diagnostics, &c.waivers, today, evidence_evaluated);
    diagnostic::sort(&mut diagnostics);
    if let Some(evidence) = &mut eval.evidence {
        mark_waived(evidence, &diagnostics);
    }
    if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        score.review = Some(review);
        eval.score = Some(score);
    }
    eval.diagnostics = diagnostics;
    eval
}

/// An unsupported claim whose warning a waiver turned into a note is waived: its status says so,
/// and it is no longer counted as unsupported by any gate.
fn mark_waived(evidence: &mut Evidence, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        if d.rule != Code::UnsupportedClaim || d.severity != Severity::Info {
            continue;
        }
        let waived = evidence
            .answers
            .iter_mut()
            .filter(|a| Some(a.dimension) == d.dimension && a.status == Status::Unsupported);
        for answer in waived {
            answer.status = Status::Waived;
        }
    }
}
