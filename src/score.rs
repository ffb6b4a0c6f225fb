//! Turns a validated assessment into a score: total, level, weakest dimensions, points to the next level.

use crate::commitments::Review;
use crate::questionnaire::{Dimension, Level};
use crate::validate::Assessment;

/// Everything a report shows about one assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub assessment: Assessment,
    pub total: u32,
    pub min: u32,
    pub max: u32,
    pub level: &'static Level,
    /// `None` at the top level.
    pub next: Option<&'static Level>,
    /// Points still needed to reach `next`.
    pub points_to_next: Option<u32>,
    /// The dimensions with the lowest answer (information only: the level comes from the sum).
    /// Empty when every answer is already the top option.
    pub weakest: Vec<&'static Dimension>,
    /// How the commitments stand on the day the file was judged; `None` until
    /// `evaluate::judge` has run (commands that show no commitments skip it).
    pub review: Option<Review>,
}

pub fn score(assessment: &Assessment) -> Score {
    let q = assessment.questionnaire;
    let total: u32 = assessment.answers.iter().map(|a| u32::from(a.level)).sum();
    let level = q.level_for(total);
    let next = q.level(level.number + 1);
    // Dimensions may have different numbers of options (a team's own questionnaire), so the
    // weakest are those least far along their own scale; an answer at its top is never weak.
    let progress = |a: &crate::validate::Answer| {
        let top = u32::from(a.dimension.max_points().max(2)) - 1;
        (u32::from(a.level) - 1, top)
    };
    let behind: Vec<_> = assessment
        .answers
        .iter()
        .filter(|a| a.level < a.dimension.max_points())
        .collect();
    // (l1 / t1) < (l2 / t2) without division: l1 * t2 < l2 * t1.
    let lowest = behind
        .iter()
        .map(|a| progress(a))
        .min_by(|(l1, t1), (l2, t2)| (l1 * t2).cmp(&(l2 * t1)));
    let weakest = match lowest {
        None => Vec::new(),
        Some((l, t)) => behind
            .iter()
            .filter(|a| {
                let (l2, t2) = progress(a);
                l2 * t == l * t2
            })
            .map(|a| a.dimension)
            .collect(),
    };
    Score {
        assessment: assessment.clone(),
        total,
        min: q.min_score(),
        max: q.max_score(),
        level,
        next,
        points_to_next: next.map(|n| n.min.saturating_sub(total)),
        weakest,
        review: None,
    }
}

/// One dimension's next step up: what its next option says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextStep {
    pub dimension: &'static Dimension,
    /// The points answered today.
    pub points: u8,
    /// The text of the option one point higher.
    pub option: &'static str,
}

impl Score {
    /// The next step of every dimension answered below the next level's number, lowest first
    /// (then in questionnaire order); empty at the top level. A dimension already at or above
    /// the next level needs nothing for it, so no advice repeats a step the team has made.
    pub fn next_steps(&self) -> Vec<NextStep> {
        let Some(next) = self.next else {
            return Vec::new();
        };
        let mut steps: Vec<NextStep> = self
            .assessment
            .answers
            .iter()
            .filter(|a| a.level < next.number && usize::from(a.level) < a.dimension.options.len())
            .map(|a| NextStep {
                dimension: a.dimension,
                points: a.level,
                option: a.dimension.option(a.level + 1),
            })
            .collect();
        steps.sort_by_key(|s| s.points);
        steps
    }

    /// The points given for `dimension_id`, if it was answered.
    pub fn points(&self, dimension_id: &str) -> Option<u8> {
        self.assessment
            .answers
            .iter()
            .find(|a| a.dimension.id == dimension_id)
            .map(|a| a.level)
    }
}
