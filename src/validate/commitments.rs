//! Validates the commitment keys (`targets`, `waivers`, `assessment.review-every`) with the same strictness as the answers.

use jiff::civil::Date;

use super::{closest, list, Validator};
use crate::commitments::{parse_date, Goal, Located, Target, Waiver};
use crate::config::{Node, Value};
use crate::questionnaire::{Dimension, Questionnaire};

const TARGET_KEYS: &[&str] = &["level", "dimension", "by"];
const WAIVER_KEYS: &[&str] = &["dimension", "reason", "approved-by", "expires"];

/// The longest `review-every` accepted: ten years, well past any real cadence, so a typo of a
/// few extra digits is caught.
const MAX_REVIEW_DAYS: i64 = 3660;

impl Validator<'_> {
    /// A `YYYY-MM-DD` date that exists.
    pub(super) fn date(&mut self, node: &Node, what: &str) -> Option<Located<Date>> {
        let text = self.string(node, what)?;
        match parse_date(&text) {
            Some(value) => Some(Located {
                value,
                pos: node.pos,
            }),
            None => {
                self.error(
                    node.pos,
                    "invalid-date",
                    format!(
                        "{what} is `{}`, expected a date as YYYY-MM-DD, such as 2026-11-01",
                        crate::untrusted::shown(&text)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn review_every(&mut self, node: &Node) -> Option<Located<u32>> {
        match node.value {
            Value::Int(days @ 1..=MAX_REVIEW_DAYS) => Some(Located {
                value: days as u32,
                pos: node.pos,
            }),
            Value::Int(days) => {
                self.error(
                    node.pos,
                    "out-of-range",
                    format!("`review-every` is {days}, expected a number of days from 1 to {MAX_REVIEW_DAYS}, such as 90"),
                );
                None
            }
            ref other => {
                self.error(
                    node.pos,
                    "invalid-type",
                    format!(
                        "`review-every` must be a number of days, such as 90, found {}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    /// The list items of `targets` or `waivers`, each with its 1-based number for messages.
    fn items<'n>(&mut self, node: &'n Node, key: &str, shape: &str) -> Vec<(usize, &'n Node)> {
        match &node.value {
            Value::Seq(items) => items.iter().enumerate().map(|(i, n)| (i + 1, n)).collect(),
            other => {
                self.error(
                    node.pos,
                    "invalid-type",
                    format!("`{key}` must be a list of {shape}, found {}", other.kind()),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn targets(&mut self, node: &Node, q: &'static Questionnaire) -> Vec<Target> {
        let mut targets: Vec<Target> = Vec::new();
        for (n, item) in self.items(
            node,
            "targets",
            "mappings with `level`, `by` and an optional `dimension`",
        ) {
            let what = format!("target {n}");
            let Some(entries) = self.mapping(item, TARGET_KEYS, &what) else {
                continue;
            };
            let dimension = match entries.get("dimension") {
                Some(d) => match self.dimension(d, q, &what) {
                    Some(d) => Some(d),
                    None => continue,
                },
                None => None,
            };
            let level = match entries.get("level") {
                Some(l) => self.target_level(l, &what),
                None => {
                    self.error(
                        item.pos,
                        "missing-key",
                        format!("{what} has no `level`, expected `level: 1` to `level: 4`"),
                    );
                    None
                }
            };
            let by = match entries.get("by") {
                Some(b) => self.date(b, &format!("`by` in {what}")),
                None => {
                    self.error(item.pos, "missing-key", format!("{what} has no `by`, expected the date to reach it by, such as `by: 2027-03-31`"));
                    None
                }
            };
            let (Some(level), Some(by)) = (level, by) else {
                continue;
            };
            let goal = match dimension {
                Some(d) => Goal::Answer(d, level),
                None => match q.level(level) {
                    Some(l) => Goal::Overall(l),
                    None => continue,
                },
            };
            if let Some(first) = targets.iter().find(|t| t.goal == goal) {
                let first = first.pos;
                self.error(
                    item.pos,
                    "duplicate-target",
                    format!(
                        "{what} repeats the target {} (its `by` is at {first}); keep one date per target",
                        goal.describe()
                    ),
                );
                continue;
            }
            targets.push(Target {
                goal,
                by: by.value,
                pos: by.pos,
            });
        }
        targets
    }

    pub(super) fn waivers(&mut self, node: &Node, q: &'static Questionnaire) -> Vec<Waiver> {
        let mut waivers: Vec<Waiver> = Vec::new();
        for (n, item) in self.items(
            node,
            "waivers",
            "mappings with `dimension`, `reason` and `expires`",
        ) {
            let what = format!("waiver {n}");
            let Some(entries) = self.mapping(item, WAIVER_KEYS, &what) else {
                continue;
            };
            let dimension = match entries.get("dimension") {
                Some(d) => self.dimension(d, q, &what),
                None => {
                    self.error(item.pos, "missing-key", format!("{what} has no `dimension`, expected the id of the dimension it waives, one of {}", list(q.dimensions.iter().map(|d| d.id))));
                    None
                }
            };
            let reason = match entries.get("reason") {
                Some(r) => self.string(r, &format!("`reason` in {what}")).and_then(|text| {
                    if text.trim().is_empty() {
                        self.error(r.pos, "empty-reason", format!("`reason` in {what} is empty, expected why the exception is accepted"));
                        None
                    } else {
                        Some(text)
                    }
                }),
                None => {
                    self.error(item.pos, "missing-key", format!("{what} has no `reason`, expected why the exception is accepted"));
                    None
                }
            };
            let approved_by = entries
                .get("approved-by")
                .and_then(|a| self.string(a, &format!("`approved-by` in {what}")));
            let expires = match entries.get("expires") {
                Some(e) => self.date(e, &format!("`expires` in {what}")),
                None => {
                    self.error(item.pos, "missing-key", format!("{what} has no `expires`, expected the last day it holds, such as `expires: 2027-01-31`"));
                    None
                }
            };
            let (Some(dimension), Some(reason), Some(expires)) = (dimension, reason, expires)
            else {
                continue;
            };
            if let Some(first) = waivers.iter().find(|w| w.dimension == dimension) {
                let first = first.pos;
                self.error(
                    item.pos,
                    "duplicate-waiver",
                    format!(
                        "{what} waives `{}` again (first at {first}); keep one waiver per dimension",
                        dimension.id
                    ),
                );
                continue;
            }
            waivers.push(Waiver {
                dimension,
                reason,
                approved_by,
                expires: expires.value,
                pos: item.pos,
                expires_pos: expires.pos,
            });
        }
        waivers
    }

    fn dimension(
        &mut self,
        node: &Node,
        q: &'static Questionnaire,
        what: &str,
    ) -> Option<&'static Dimension> {
        let id = self.string(node, &format!("`dimension` in {what}"))?;
        if let Some(d) = q.dimension(&id) {
            return Some(d);
        }
        let ids: Vec<&'static str> = q.dimensions.iter().map(|d| d.id).collect();
        let hint = closest(&id, &ids)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        self.error(
            node.pos,
            "unknown-dimension",
            format!(
                "unknown dimension `{}` in {what}, expected one of {}{hint}",
                crate::untrusted::shown(&id),
                list(ids.iter().copied())
            ),
        );
        None
    }

    fn target_level(&mut self, node: &Node, what: &str) -> Option<u8> {
        match &node.value {
            Value::Int(n @ 1..=4) => Some(*n as u8),
            Value::Int(n) => {
                self.error(
                    node.pos,
                    "level-out-of-range",
                    format!("level {n} in {what} is out of range, expected 1 to 4"),
                );
                None
            }
            other => {
                self.error(
                    node.pos,
                    "invalid-type",
                    format!(
                        "`level` in {what} must be a number from 1 to 4, found {}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }
}
