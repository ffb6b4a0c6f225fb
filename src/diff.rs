//! Compares a base assessment with a head assessment: what a pull request changes.

use crate::questionnaire::Dimension;
use crate::score::Score;
use crate::validate::Answer;

/// One dimension whose answer differs between base and head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub dimension: &'static Dimension,
    /// `None` when the base did not answer this dimension (a different questionnaire).
    pub before: Option<u8>,
    pub after: u8,
    pub evidence_changed: bool,
    pub notes_changed: bool,
}

impl Change {
    pub fn delta(&self) -> i32 {
        i32::from(self.after) - i32::from(self.before.unwrap_or(0))
    }
}

/// Base against head. With no base, the head is a new assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// `(total, level number, level name)` of the base, if there is one.
    pub base: Option<(u32, u8, &'static str)>,
    pub head: (u32, u8, &'static str),
    /// Only the dimensions that differ, in questionnaire order.
    pub changes: Vec<Change>,
}

impl Diff {
    /// True when the answers differ from the base (or there is no base): what `on-change` keys on.
    pub fn changed(&self) -> bool {
        self.base.is_none() || !self.changes.is_empty()
    }

    pub fn score_delta(&self) -> Option<i64> {
        self.base
            .map(|(t, _, _)| i64::from(self.head.0) - i64::from(t))
    }

    pub fn level_delta(&self) -> Option<i32> {
        self.base
            .map(|(_, l, _)| i32::from(self.head.1) - i32::from(l))
    }

    /// True when the head's level is lower than the base's.
    pub fn regressed(&self) -> bool {
        self.level_delta().is_some_and(|d| d < 0)
    }
}

pub fn diff(base: Option<&Score>, head: &Score) -> Diff {
    let summary = |s: &Score| (s.total, s.level.number, s.level.name);
    let changes = match base {
        None => Vec::new(),
        Some(base) => head
            .assessment
            .answers
            .iter()
            .filter_map(|after| {
                let before = find(base, after.dimension.id);
                let change = Change {
                    dimension: after.dimension,
                    before: before.map(|b| b.level),
                    after: after.level,
                    evidence_changed: before.is_some_and(|b| b.evidence != after.evidence),
                    notes_changed: before.is_some_and(|b| b.notes != after.notes),
                };
                let differs = change.before != Some(change.after)
                    || change.evidence_changed
                    || change.notes_changed;
                differs.then_some(change)
            })
            .collect(),
    };
    Diff {
        base: base.map(summary),
        head: summary(head),
        changes,
    }
}

fn find<'a>(score: &'a Score, id: &str) -> Option<&'a Answer> {
    score
        .assessment
        .answers
        .iter()
        .find(|a| a.dimension.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(yaml: &str) -> Score {
        let root = crate::config::parse(yaml.as_bytes()).unwrap();
        let v = crate::validate::validate(&root, &|_| crate::validate::Lookup::Found);
        crate::score::score(&v.assessment.expect("valid test file"))
    }

    /// Six answers at `others`, and `evaluation` as given.
    fn file_with(others: u8, evaluation: &str) -> String {
        let o = others;
        format!(
            "version: 1\nanswers:\n  models: {o}\n  prompt-engineering: {o}\n  evaluation: {evaluation}\n  \
             deployment: {o}\n  monitoring: {o}\n  responsible-ai: {o}\n  asset-management: {o}\n"
        )
    }

    fn file(evaluation: &str) -> String {
        file_with(2, evaluation)
    }

    #[test]
    fn no_base_is_a_new_assessment_and_counts_as_changed() {
        let d = diff(None, &scored(&file("2")));
        assert!(d.changed());
        assert_eq!(d.score_delta(), None);
        assert!(!d.regressed());
    }

    #[test]
    fn identical_answers_are_unchanged() {
        let s = scored(&file("2"));
        let d = diff(Some(&s), &s);
        assert!(!d.changed());
        assert_eq!(d.score_delta(), Some(0));
    }

    #[test]
    fn a_level_change_is_reported_with_its_delta() {
        let d = diff(Some(&scored(&file("4"))), &scored(&file("1")));
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].dimension.id, "evaluation");
        assert_eq!(
            (
                d.changes[0].before,
                d.changes[0].after,
                d.changes[0].delta()
            ),
            (Some(4), 1, -3)
        );
        assert_eq!(d.score_delta(), Some(-3));
        // 16 points is level 2 either way: the score fell, the level did not.
        assert_eq!(d.level_delta(), Some(0));
        assert!(!d.regressed());
    }

    #[test]
    fn evidence_alone_counts_as_a_change() {
        let base = scored(&file("2"));
        let head = scored(&file("{level: 2, evidence: [evals/]}"));
        let d = diff(Some(&base), &head);
        assert!(d.changed());
        assert!(d.changes[0].evidence_changed);
        assert!(!d.changes[0].notes_changed);
        assert_eq!(d.changes[0].delta(), 0);
    }

    #[test]
    fn falling_below_a_band_is_a_regression() {
        // 22 points (level 4) down to 21 (level 3).
        let d = diff(
            Some(&scored(&file_with(3, "4"))),
            &scored(&file_with(3, "3")),
        );
        assert_eq!((d.base.unwrap().1, d.head.1), (4, 3));
        assert!(d.regressed());
    }
}
