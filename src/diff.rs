//! Compares a base assessment with a head assessment: what a pull request changes.

use jiff::civil::Date;

use crate::commitments::{Goal, Waiver};
use crate::questionnaire::{Dimension, Questionnaire};
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

/// A target added, removed or moved to another date. Targets are matched by what they ask
/// for (the overall level, or one dimension at one level), which validation keeps unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetChange {
    pub goal: Goal,
    /// `None` when the pull request adds the target.
    pub before: Option<Date>,
    /// `None` when the pull request removes the target.
    pub after: Option<Date>,
}

impl TargetChange {
    /// `added`, `removed` or `moved`.
    pub fn kind(&self) -> &'static str {
        match (self.before, self.after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "moved",
        }
    }
}

/// A waiver added, removed or changed. Waivers are matched by dimension (one per dimension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverChange {
    pub dimension: &'static Dimension,
    /// `None` when the pull request adds the waiver.
    pub before: Option<Waiver>,
    /// `None` when the pull request removes the waiver.
    pub after: Option<Waiver>,
}

impl WaiverChange {
    /// `added`, `removed` or `changed`.
    pub fn kind(&self) -> &'static str {
        match (&self.before, &self.after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        }
    }

    /// The expiry before and after, when both exist and differ.
    pub fn expiry_moved(&self) -> Option<(Date, Date)> {
        let (before, after) = (self.before.as_ref()?, self.after.as_ref()?);
        (before.expires != after.expires).then_some((before.expires, after.expires))
    }

    pub fn reason_changed(&self) -> bool {
        matches!((&self.before, &self.after), (Some(b), Some(a)) if b.reason != a.reason)
    }

    pub fn approver_changed(&self) -> bool {
        matches!((&self.before, &self.after), (Some(b), Some(a)) if b.approved_by != a.approved_by)
    }

    /// The waiver as it stands after the change, or as it was when removed.
    pub fn waiver(&self) -> &Waiver {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .expect("a change has a side")
    }
}

/// The base answers another questionnaire than the head: another one, another version, or the
/// same id and version with other dimensions or bands (a file edited in place). Levels of two
/// questionnaires measure different things, so they are not compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionnaireChange {
    /// `id version` of each side.
    pub before: String,
    pub after: String,
}

impl QuestionnaireChange {
    fn between(base: &Questionnaire, head: &Questionnaire) -> Option<QuestionnaireChange> {
        // Where the file lives is not part of the method: a moved file is the same questionnaire.
        let same = base.id == head.id
            && base.version == head.version
            && base.dimensions == head.dimensions
            && base.levels == head.levels;
        (!same).then(|| QuestionnaireChange {
            before: base.label(),
            after: head.label(),
        })
    }

    /// The sentence reports lead with.
    pub fn sentence(&self) -> String {
        if self.before == self.after {
            format!(
                "the questionnaire {} changes (its dimensions or level bands) without a new version; levels are not compared",
                self.after
            )
        } else {
            format!(
                "the questionnaire changes from {} to {}; levels are not compared",
                self.before, self.after
            )
        }
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
    /// Targets that differ: the head's in file order, then those the head removed.
    pub targets: Vec<TargetChange>,
    /// Waivers that differ: the head's in file order, then those the head removed.
    pub waivers: Vec<WaiverChange>,
    /// Set when the two sides answer different questionnaires: no level or score delta then.
    pub questionnaire: Option<QuestionnaireChange>,
}

impl Diff {
    /// True when the answers or the commitments differ from the base (or there is no base):
    /// what `on-change` keys on, so a pull request that only adds a waiver is still commented.
    pub fn changed(&self) -> bool {
        self.base.is_none()
            || !self.changes.is_empty()
            || !self.targets.is_empty()
            || !self.waivers.is_empty()
            || self.questionnaire.is_some()
    }

    /// `None` without a base, or when the questionnaire changed (points of two rubrics).
    pub fn score_delta(&self) -> Option<i64> {
        self.base
            .filter(|_| self.questionnaire.is_none())
            .map(|(t, _, _)| i64::from(self.head.0) - i64::from(t))
    }

    /// `None` without a base, or when the questionnaire changed (levels of two rubrics).
    pub fn level_delta(&self) -> Option<i32> {
        self.base
            .filter(|_| self.questionnaire.is_none())
            .map(|(_, l, _)| i32::from(self.head.1) - i32::from(l))
    }

    /// True when the head's level is lower than the base's, on the same questionnaire.
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
    let (targets, waivers) = match base {
        None => (Vec::new(), Vec::new()),
        Some(base) => (
            target_changes(
                &base.assessment.commitments.targets,
                &head.assessment.commitments.targets,
            ),
            waiver_changes(
                &base.assessment.commitments.waivers,
                &head.assessment.commitments.waivers,
            ),
        ),
    };
    Diff {
        base: base.map(summary),
        head: summary(head),
        changes,
        targets,
        waivers,
        questionnaire: base.and_then(|b| {
            QuestionnaireChange::between(b.assessment.questionnaire, head.assessment.questionnaire)
        }),
    }
}

fn target_changes(
    base: &[crate::commitments::Target],
    head: &[crate::commitments::Target],
) -> Vec<TargetChange> {
    let before = |goal: Goal| base.iter().find(|t| t.goal == goal).map(|t| t.by);
    let mut out: Vec<TargetChange> = head
        .iter()
        .filter(|t| before(t.goal) != Some(t.by))
        .map(|t| TargetChange {
            goal: t.goal,
            before: before(t.goal),
            after: Some(t.by),
        })
        .collect();
    out.extend(
        base.iter()
            .filter(|b| !head.iter().any(|h| h.goal == b.goal))
            .map(|b| TargetChange {
                goal: b.goal,
                before: Some(b.by),
                after: None,
            }),
    );
    out
}

fn waiver_changes(base: &[Waiver], head: &[Waiver]) -> Vec<WaiverChange> {
    // Positions are where a waiver stands, not what it says: moving one is not a change.
    let same = |a: &Waiver, b: &Waiver| {
        (a.dimension, &a.reason, &a.approved_by, a.expires)
            == (b.dimension, &b.reason, &b.approved_by, b.expires)
    };
    let before = |d: &Dimension| base.iter().find(|w| w.dimension == d);
    let mut out: Vec<WaiverChange> = head
        .iter()
        .filter(|w| !before(w.dimension).is_some_and(|b| same(b, w)))
        .map(|w| WaiverChange {
            dimension: w.dimension,
            before: before(w.dimension).cloned(),
            after: Some(w.clone()),
        })
        .collect();
    out.extend(
        base.iter()
            .filter(|b| !head.iter().any(|h| h.dimension == b.dimension))
            .map(|b| WaiverChange {
                dimension: b.dimension,
                before: Some(b.clone()),
                after: None,
            }),
    );
    out
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

    const WAIVER: &str =
        "waivers:\n  - dimension: responsible-ai\n    reason: RAI board\n    expires: 2027-01-31\n";

    #[test]
    fn a_new_waiver_alone_is_a_change() {
        let base = scored(&file("2"));
        let head = scored(&format!("{}{WAIVER}", file("2")));
        let d = diff(Some(&base), &head);
        assert!(d.changes.is_empty());
        assert!(
            d.changed(),
            "a pull request that only adds a waiver must be reported"
        );
        assert_eq!(d.waivers.len(), 1);
        assert_eq!(d.waivers[0].kind(), "added");
        assert_eq!(d.waivers[0].dimension.id, "responsible-ai");
    }

    #[test]
    fn an_extended_waiver_and_a_moved_target_are_changes() {
        let target =
            |by: &str| format!("targets:\n  - dimension: evaluation\n    level: 3\n    by: {by}\n");
        let base = scored(&format!("{}{WAIVER}{}", file("2"), target("2027-01-31")));
        let head_yaml = format!(
            "{}{}{}",
            file("2"),
            WAIVER.replace("2027-01-31", "2027-06-30"),
            target("2027-03-31")
        );
        let d = diff(Some(&base), &scored(&head_yaml));
        assert_eq!(d.waivers.len(), 1);
        assert_eq!(d.waivers[0].kind(), "changed");
        assert_eq!(
            d.waivers[0]
                .expiry_moved()
                .map(|(a, b)| (a.to_string(), b.to_string())),
            Some(("2027-01-31".into(), "2027-06-30".into()))
        );
        assert!(!d.waivers[0].reason_changed());
        assert_eq!(d.targets.len(), 1);
        assert_eq!(d.targets[0].kind(), "moved");
        assert_eq!(
            d.targets[0].after.map(|b| b.to_string()).as_deref(),
            Some("2027-03-31")
        );
    }

    #[test]
    fn removed_commitments_are_listed_and_moving_lines_is_not_a_change() {
        let base = scored(&format!(
            "{}{WAIVER}targets:\n  - level: 3\n    by: 2027-01-31\n",
            file("2")
        ));
        let head = scored(&file("2"));
        let d = diff(Some(&base), &head);
        assert_eq!(
            (d.waivers[0].kind(), d.targets[0].kind()),
            ("removed", "removed")
        );
        // The same waiver further down the file (other positions) is no change.
        let moved = scored(&format!("{WAIVER}{}", file("2")));
        let same = scored(&format!("{}{WAIVER}", file("2")));
        assert!(!diff(Some(&same), &moved).changed());
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
