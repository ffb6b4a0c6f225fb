//! The file's commitments (dated targets, waivers, a review cadence) and how they stand on a given day.
//!
//! Everything here is pure: "today" is a value the shell hands in (`--today`,
//! `LLMOPS_MATURITY_TODAY`, else the UTC clock), so any run can be reproduced on any day. Dates are
//! civil dates without a time zone, and every piece of arithmetic on them is jiff's, in whole days.

use jiff::civil::Date;
use jiff::ToSpan;

use crate::config::Pos;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::questionnaire::{Dimension, Level};
use crate::untrusted::shown;

/// A target not yet met is `due-soon` (a warning) from this many days before its date.
pub const DUE_SOON_DAYS: i64 = 30;

/// The rules a waiver turns into notes: an answer that nothing in the repository backs (the
/// evidence check). Other warnings are about the file itself and are fixed, not waived.
pub const WAIVABLE: &[Code] = &[Code::UnsupportedClaim];

/// A value and where it stands in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

/// What the answers file promises about itself, beyond the answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commitments {
    /// `assessment.assessed-at`, parsed.
    pub assessed_at: Option<Located<Date>>,
    /// `assessment.review-every`, in days.
    pub review_every: Option<Located<u32>>,
    pub targets: Vec<Target>,
    pub waivers: Vec<Waiver>,
}

/// What a target asks for: an overall level, or one dimension's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    Overall(&'static Level),
    Answer(&'static Dimension, u8),
}

/// A level to reach by a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub goal: Goal,
    pub by: Date,
    /// Where the `by` date stands.
    pub pos: Pos,
}

impl Target {
    pub fn level(&self) -> u8 {
        self.goal.level()
    }

    pub fn dimension(&self) -> Option<&'static Dimension> {
        self.goal.dimension()
    }

    pub fn describe(&self) -> String {
        self.goal.describe()
    }
}

impl Goal {
    pub fn level(&self) -> u8 {
        match *self {
            Goal::Overall(level) => level.number,
            Goal::Answer(_, level) => level,
        }
    }

    /// The dimension whose answer is targeted, or `None` for the overall level.
    pub fn dimension(&self) -> Option<&'static Dimension> {
        match *self {
            Goal::Overall(_) => None,
            Goal::Answer(d, _) => Some(d),
        }
    }

    /// "overall level 3 · Managed" or "Evaluation at level 3": questionnaire text only, safe
    /// anywhere.
    pub fn describe(&self) -> String {
        match *self {
            Goal::Overall(level) => format!("overall level {} · {}", level.number, level.name),
            Goal::Answer(d, level) => format!("{} at level {level}", d.name),
        }
    }
}

/// An accepted exception for one dimension, with a written reason and an end date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub dimension: &'static Dimension,
    /// Non-empty, as written (untrusted: escape it wherever it is shown).
    pub reason: String,
    /// As written (untrusted).
    pub approved_by: Option<String>,
    /// The last day the waiver holds.
    pub expires: Date,
    /// Where the waiver's entry starts.
    pub pos: Pos,
    /// Where the `expires` date stands.
    pub expires_pos: Pos,
}

/// Where a target stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetStatus {
    /// Reached; a met target never fails, whatever the date.
    Met,
    /// Not reached, and more than [`DUE_SOON_DAYS`] away.
    Pending,
    /// Not reached, and its date is at most [`DUE_SOON_DAYS`] away (its own day included).
    DueSoon,
    /// Not reached, and its date has passed: the gate fails.
    Missed,
}

impl TargetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetStatus::Met => "met",
            TargetStatus::Pending => "pending",
            TargetStatus::DueSoon => "due-soon",
            TargetStatus::Missed => "missed",
        }
    }
}

/// Whether a waiver holds on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiverStatus {
    /// Today is on or before `expires`.
    Active,
    Expired,
}

impl WaiverStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WaiverStatus::Active => "active",
            WaiverStatus::Expired => "expired",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetState {
    pub target: Target,
    pub status: TargetStatus,
    /// Days from today to `by`: 0 on the day, negative once it has passed.
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverState {
    pub waiver: Waiver,
    pub status: WaiverStatus,
    /// Days from today to `expires`: 0 on the last day, negative once expired.
    pub days_left: i64,
}

/// How the commitments stand on `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub today: Date,
    pub targets: Vec<TargetState>,
    pub waivers: Vec<WaiverState>,
    /// Days from `assessed-at` to today, when there is an `assessed-at`.
    pub days_since_assessed: Option<i64>,
    pub review_every: Option<u32>,
    /// Older than `review-every` allows.
    pub stale: bool,
}

impl Review {
    /// The targets that fail the gate.
    pub fn missed(&self) -> impl Iterator<Item = &TargetState> {
        self.targets
            .iter()
            .filter(|t| t.status == TargetStatus::Missed)
    }
}

/// A strict `YYYY-MM-DD` calendar date (`2024-02-29` yes, `2023-02-29` and `2026-1-01` no).
///
/// jiff also reads other ISO 8601 spellings (`20261101`, `+002026-11-01`); the file format asks
/// for one, so the shape is checked first and jiff decides whether the day exists.
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    text.parse().ok()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

/// "today", "in 1 day", "in 12 days", "1 day ago".
pub fn relative(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        1 => "in 1 day".to_string(),
        -1 => "1 day ago".to_string(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

/// Judges `commitments` on `today`, given the overall level and each answer's level (by
/// dimension id). Returns the statuses and the problems they raise: `future-date` (an error),
/// `stale-assessment`, `target-due-soon`, `target-missed` and `waiver-too-long` (warnings).
/// Whether a waiver holds and what it waives is [`waive`]'s business.
pub fn review(
    commitments: &Commitments,
    overall: &'static Level,
    answer: &dyn Fn(&str) -> Option<u8>,
    today: Date,
) -> (Review, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let (days_since_assessed, stale) = cadence(commitments, today, &mut found);
    let targets = commitments
        .targets
        .iter()
        .map(|target| {
            let state = target_state(*target, overall, answer, today);
            if let Some(d) = target_diagnostic(&state, overall, answer) {
                found.push(d);
            }
            state
        })
        .collect();
    let waivers = waiver_states(commitments, today, &mut found);
    let review = Review {
        today,
        targets,
        waivers,
        days_since_assessed,
        review_every: commitments.review_every.map(|r| r.value),
        stale,
    };
    (review, found)
}

/// Days since `assessed-at` and whether that is past `review-every`, with the diagnostics of
/// a date in the future and of a stale assessment.
fn cadence(
    commitments: &Commitments,
    today: Date,
    found: &mut Vec<Diagnostic>,
) -> (Option<i64>, bool) {
    let days_since_assessed = commitments
        .assessed_at
        .map(|a| days_between(a.value, today));
    if let (Some(at), Some(days)) = (commitments.assessed_at, days_since_assessed) {
        if days < 0 {
            found.push(Diagnostic::error(
                at.pos,
                Code::FutureDate,
                format!(
                    "`assessed-at` is {}, after today ({today} in UTC); expected the day the answers were given (to judge the file on another day, pass --today or set LLMOPS_MATURITY_TODAY)",
                    at.value
                ),
            ));
        }
    }
    let stale = match (commitments.review_every, days_since_assessed) {
        (Some(every), Some(days)) if days > i64::from(every.value) => {
            found.push(Diagnostic::warning(
                every.pos,
                Code::StaleAssessment,
                format!(
                    "the assessment is {days} days old, older than `review-every: {}`; re-assess the answers and update `assessed-at`",
                    every.value
                ),
            ));
            true
        }
        _ => false,
    };
    (days_since_assessed, stale)
}

/// Each waiver's state on `today`, with a warning for one that runs longer than a year.
fn waiver_states(
    commitments: &Commitments,
    today: Date,
    found: &mut Vec<Diagnostic>,
) -> Vec<WaiverState> {
    // A year from the assessment: waivers are meant to be looked at again at least that often.
    let base = commitments.assessed_at.map_or(today, |a| a.value);
    let limit = base.checked_add(1.year()).unwrap_or(Date::MAX);
    let since = if commitments.assessed_at.is_some() {
        format!("`assessed-at` ({base})")
    } else {
        format!("today ({base}, as there is no `assessed-at`)")
    };
    commitments
        .waivers
        .iter()
        .map(|waiver| {
            if waiver.expires > limit {
                found.push(
                    Diagnostic::warning(
                        waiver.expires_pos,
                        Code::WaiverTooLong,
                        format!(
                            "the waiver for `{}` expires on {}, more than a year after {since}; expire it by {limit} at the latest and renew it then if it still holds",
                            waiver.dimension.id, waiver.expires
                        ),
                    )
                    .in_dimension(waiver.dimension.id),
                );
            }
            waiver_state(waiver, today)
        })
        .collect()
}

fn target_state(
    target: Target,
    overall: &'static Level,
    answer: &dyn Fn(&str) -> Option<u8>,
    today: Date,
) -> TargetState {
    let current = match target.goal {
        Goal::Overall(_) => Some(overall.number),
        Goal::Answer(d, _) => answer(d.id),
    };
    let days_left = days_between(today, target.by);
    let status = if current.is_some_and(|c| c >= target.level()) {
        TargetStatus::Met
    } else if days_left < 0 {
        TargetStatus::Missed
    } else if days_left <= DUE_SOON_DAYS {
        TargetStatus::DueSoon
    } else {
        TargetStatus::Pending
    };
    TargetState {
        target,
        status,
        days_left,
    }
}

fn target_diagnostic(
    state: &TargetState,
    overall: &'static Level,
    answer: &dyn Fn(&str) -> Option<u8>,
) -> Option<Diagnostic> {
    let t = &state.target;
    let now = match t.goal {
        Goal::Overall(_) => format!("the level is {} · {}", overall.number, overall.name),
        Goal::Answer(d, _) => format!("the answer is {}", answer(d.id).unwrap_or(0)),
    };
    let d = match state.status {
        TargetStatus::Met | TargetStatus::Pending => return None,
        TargetStatus::DueSoon => Diagnostic::warning(
            t.pos,
            Code::TargetDueSoon,
            format!(
                "target {} is due by {}, {}; {now}",
                t.describe(),
                t.by,
                relative(state.days_left)
            ),
        ),
        TargetStatus::Missed => Diagnostic::warning(
            t.pos,
            Code::TargetMissed,
            format!(
                "target {} was due by {} and is missed ({}): {now}; reach it, or agree a new date and change `by`",
                t.describe(),
                t.by,
                relative(state.days_left)
            ),
        ),
    };
    Some(match t.dimension() {
        Some(dimension) => d.in_dimension(dimension.id),
        None => d,
    })
}

fn waiver_state(waiver: &Waiver, today: Date) -> WaiverState {
    let days_left = days_between(today, waiver.expires);
    WaiverState {
        waiver: waiver.clone(),
        status: if days_left < 0 {
            WaiverStatus::Expired
        } else {
            WaiverStatus::Active
        },
        days_left,
    }
}

/// The gate's message for a missed target, naming the target and its date.
pub fn gate_message(state: &TargetState) -> String {
    format!(
        "target {} was due by {} and is missed ({})",
        state.target.describe(),
        state.target.by,
        relative(state.days_left)
    )
}

/// Applies `waivers` on `today` to `diagnostics`, which must already hold every other check's
/// findings (run it last).
///
/// - An active waiver turns its dimension's [`WAIVABLE`] warnings into [`Severity::Info`] notes
///   that show the reason (and who approved it).
/// - An expired waiver leaves them as they are and adds a warning `waiver-expired`.
/// - With `evidence_evaluated`, an active waiver with nothing to waive is a warning
///   `unused-waiver`. Without it no `unsupported-claim` can exist, so "nothing to waive" would be
///   said of every waiver and mean nothing: it is not reported.
pub fn waive(
    mut diagnostics: Vec<Diagnostic>,
    waivers: &[Waiver],
    today: Date,
    evidence_evaluated: bool,
) -> Vec<Diagnostic> {
    let mut added = Vec::new();
    for waiver in waivers {
        let id = waiver.dimension.id;
        let days_left = days_between(today, waiver.expires);
        if days_left < 0 {
            added.push(
                Diagnostic::warning(
                    waiver.expires_pos,
                    Code::WaiverExpired,
                    format!(
                        "the waiver for `{id}` expired on {} ({}), so its warnings are back; renew it with a later `expires`, or remove it",
                        waiver.expires,
                        relative(days_left)
                    ),
                )
                .in_dimension(id),
            );
            continue;
        }
        let mut used = false;
        for d in diagnostics.iter_mut().filter(|d| {
            d.severity == Severity::Warning && d.dimension == Some(id) && WAIVABLE.contains(&d.rule)
        }) {
            used = true;
            let approved = waiver
                .approved_by
                .as_deref()
                .map(|a| format!(", approved by {}", shown(a)))
                .unwrap_or_default();
            d.severity = Severity::Info;
            d.message = format!(
                "{}; waived until {}{approved}: {}",
                d.message,
                waiver.expires,
                shown(&waiver.reason)
            );
        }
        if !used && evidence_evaluated {
            added.push(
                Diagnostic::warning(
                    waiver.pos,
                    Code::UnusedWaiver,
                    format!(
                        "the waiver for `{id}` waives nothing: no {} for this dimension; remove it",
                        WAIVABLE
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                )
                .in_dimension(id),
            );
        }
    }
    diagnostics.extend(added);
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::builtin;

    fn day(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    fn at(line: u32) -> Pos {
        Pos { line, col: 3 }
    }

    fn dimension(id: &str) -> &'static Dimension {
        builtin().dimension(id).unwrap()
    }

    fn waiver(id: &str, expires: &str) -> Waiver {
        Waiver {
            dimension: dimension(id),
            reason: "Reviewed by the RAI board".into(),
            approved_by: Some("@contoso/rai-board".into()),
            expires: day(expires),
            pos: at(20),
            expires_pos: at(23),
        }
    }

    fn claim(id: &'static str) -> Diagnostic {
        Diagnostic::warning(
            at(5),
            Code::UnsupportedClaim,
            format!("nothing in the repository backs the answer to `{id}`"),
        )
        .in_dimension(id)
    }

    fn rules(ds: &[Diagnostic]) -> Vec<(Code, Severity)> {
        ds.iter().map(|d| (d.rule, d.severity)).collect()
    }

    #[test]
    fn dates_must_exist_and_be_written_one_way() {
        assert_eq!(
            parse_date("2024-02-29"),
            Some(jiff::civil::date(2024, 2, 29))
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "20261101",
            "+02026-11-01",
            "2026-11-01T00:00",
            "",
            "2026-11-0a",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_are_counted_across_months_and_leap_days() {
        assert_eq!(days_between(day("2024-02-28"), day("2024-03-01")), 2);
        assert_eq!(days_between(day("2023-02-28"), day("2023-03-01")), 1);
        assert_eq!(days_between(day("2026-12-31"), day("2026-12-01")), -30);
    }

    #[test]
    fn an_active_waiver_turns_the_claim_into_a_note_with_the_reason() {
        let out = waive(
            vec![claim("responsible-ai"), claim("evaluation")],
            &[waiver("responsible-ai", "2027-01-31")],
            day("2027-01-31"),
            true,
        );
        assert_eq!(
            rules(&out),
            [
                (Code::UnsupportedClaim, Severity::Info),
                (Code::UnsupportedClaim, Severity::Warning)
            ]
        );
        assert_eq!(
            out[0].message,
            "nothing in the repository backs the answer to `responsible-ai`; waived until 2027-01-31, approved by @contoso/rai-board: Reviewed by the RAI board"
        );
    }

    #[test]
    fn an_expired_waiver_warns_and_the_claim_comes_back() {
        let out = waive(
            vec![claim("responsible-ai")],
            &[waiver("responsible-ai", "2027-01-31")],
            day("2027-02-01"),
            true,
        );
        assert_eq!(
            rules(&out),
            [
                (Code::UnsupportedClaim, Severity::Warning),
                (Code::WaiverExpired, Severity::Warning)
            ]
        );
        assert_eq!(out[1].pos, Some(at(23)));
        assert!(
            out[1].message.contains("expired on 2027-01-31 (1 day ago)"),
            "{}",
            out[1].message
        );
    }

    #[test]
    fn a_waiver_with_nothing_to_waive_is_reported_only_when_evidence_was_checked() {
        let waivers = [waiver("monitoring", "2027-01-31")];
        let checked = waive(vec![claim("evaluation")], &waivers, day("2027-01-01"), true);
        assert_eq!(
            rules(&checked),
            [
                (Code::UnsupportedClaim, Severity::Warning),
                (Code::UnusedWaiver, Severity::Warning)
            ]
        );
        assert_eq!(checked[1].dimension, Some("monitoring"));
        let unchecked = waive(Vec::new(), &waivers, day("2027-01-01"), false);
        assert!(unchecked.is_empty(), "{unchecked:?}");
    }

    #[test]
    fn other_warnings_and_notes_are_never_waived() {
        let other = Diagnostic::warning(at(4), Code::EvidenceNotFound, "x").in_dimension("models");
        let out = waive(
            vec![other.clone()],
            &[waiver("models", "2027-01-31")],
            day("2027-01-01"),
            false,
        );
        assert_eq!(out, [other]);
    }

    #[test]
    fn waiver_text_is_made_safe_for_a_log_line() {
        let mut w = waiver("responsible-ai", "2027-01-31");
        w.reason = "ok\n::add-mask::secret".into();
        let out = waive(vec![claim("responsible-ai")], &[w], day("2027-01-01"), true);
        assert!(!out[0].message.contains('\n'), "{}", out[0].message);
    }

    fn target(goal: Goal, by: &str) -> Commitments {
        Commitments {
            targets: vec![Target {
                goal,
                by: day(by),
                pos: at(9),
            }],
            ..Commitments::default()
        }
    }

    fn status_on(c: &Commitments, overall: u8, evaluation: u8, today: &str) -> TargetStatus {
        let level = builtin().level(overall).unwrap();
        let (review, _) = review(
            c,
            level,
            &|id| (id == "evaluation").then_some(evaluation),
            day(today),
        );
        review.targets[0].status
    }

    #[test]
    fn target_statuses_around_each_edge() {
        let managed = builtin().level(3).unwrap();
        let c = target(Goal::Overall(managed), "2027-03-31");
        assert_eq!(status_on(&c, 2, 1, "2027-02-28"), TargetStatus::Pending); // 31 days
        assert_eq!(status_on(&c, 2, 1, "2027-03-01"), TargetStatus::DueSoon); // 30 days
        assert_eq!(status_on(&c, 2, 1, "2027-03-31"), TargetStatus::DueSoon); // the day
        assert_eq!(status_on(&c, 2, 1, "2027-04-01"), TargetStatus::Missed);
        assert_eq!(status_on(&c, 3, 1, "2030-01-01"), TargetStatus::Met);
        let answer = target(Goal::Answer(dimension("evaluation"), 3), "2027-01-31");
        assert_eq!(status_on(&answer, 1, 2, "2027-02-01"), TargetStatus::Missed);
        assert_eq!(status_on(&answer, 1, 4, "2027-02-01"), TargetStatus::Met);
    }

    #[test]
    fn a_missed_target_is_a_warning_naming_the_target_and_date() {
        let c = target(Goal::Answer(dimension("evaluation"), 3), "2027-01-31");
        let level = builtin().level(2).unwrap();
        let (r, found) = review(&c, level, &|_| Some(2), day("2027-02-03"));
        assert_eq!(r.missed().count(), 1);
        assert_eq!(
            gate_message(&r.targets[0]),
            "target Evaluation at level 3 was due by 2027-01-31 and is missed (3 days ago)"
        );
        assert_eq!(rules(&found), [(Code::TargetMissed, Severity::Warning)]);
        assert_eq!(found[0].dimension, Some("evaluation"));
    }

    #[test]
    fn staleness_and_the_future() {
        let c = Commitments {
            assessed_at: Some(Located {
                value: day("2026-09-01"),
                pos: at(3),
            }),
            review_every: Some(Located {
                value: 90,
                pos: at(4),
            }),
            ..Commitments::default()
        };
        let level = builtin().level(1).unwrap();
        let on = |today: &str| review(&c, level, &|_| None, day(today));
        let (r, found) = on("2026-11-30"); // 90 days
        assert_eq!((r.days_since_assessed, r.stale), (Some(90), false));
        assert!(found.is_empty());
        let (r, found) = on("2026-12-01"); // 91 days
        assert!(r.stale);
        assert_eq!(rules(&found), [(Code::StaleAssessment, Severity::Warning)]);
        let (_, found) = on("2026-08-31");
        assert_eq!(rules(&found), [(Code::FutureDate, Severity::Error)]);
    }

    #[test]
    fn a_waiver_may_last_a_year_and_not_a_day_more() {
        let assessed = Some(Located {
            value: day("2026-11-01"),
            pos: at(3),
        });
        let level = builtin().level(1).unwrap();
        let rules_for = |expires: &str, assessed_at| {
            let c = Commitments {
                assessed_at,
                waivers: vec![waiver("models", expires)],
                ..Commitments::default()
            };
            rules(&review(&c, level, &|_| None, day("2026-11-15")).1)
        };
        assert!(rules_for("2027-11-01", assessed).is_empty());
        assert_eq!(
            rules_for("2027-11-02", assessed),
            [(Code::WaiverTooLong, Severity::Warning)]
        );
        // Without `assessed-at`, the year counts from today.
        assert!(rules_for("2027-11-15", None).is_empty());
        assert_eq!(
            rules_for("2027-11-16", None),
            [(Code::WaiverTooLong, Severity::Warning)]
        );
    }
}
