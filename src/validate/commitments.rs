//! Validates the commitment keys (`targets`, `waivers`, `assessment.review-every`) with the same strictness as the answers.

use jiff::civil::Date;

use super::{closest, is_decimal, list, notation, Entries, Notation, Validator};
use crate::commitments::{parse_date, Goal, Located, Target, Waiver};
use crate::config::{Node, Pos, Value};
use crate::diagnostic::Code;
use crate::questionnaire::{Dimension, Questionnaire};
use crate::untrusted::{shown, shown_within};

const TARGET_KEYS: &[&str] = &["level", "dimension", "by"];
const WAIVER_KEYS: &[&str] = &["dimension", "reason", "approved-by", "expires"];

/// The longest `review-every` accepted: ten years, well past any real cadence, so a typo of a
/// few extra digits is caught.
const MAX_REVIEW_DAYS: i64 = 3660;

impl Validator<'_> {
    /// A `YYYY-MM-DD` date that exists.
    pub(super) fn date(&mut self, node: &Node, what: &str) -> Option<Located<Date>> {
        let text = self.c.string(node, what)?;
        match parse_date(&text) {
            Some(value) => Some(Located {
                value,
                pos: node.pos,
            }),
            None => {
                self.c.error(
                    node.pos,
                    Code::InvalidDate,
                    format!(
                        "{what} is `{}`, expected a date as YYYY-MM-DD, such as 2026-11-01",
                        shown(&text)
                    ),
                );
                None
            }
        }
    }

    pub(super) fn review_every(&mut self, node: &Node) -> Option<Located<u32>> {
        let expected = format!("a number of days from 1 to {MAX_REVIEW_DAYS}, such as 90");
        match self.plain_number(node, "`review-every`", &expected)? {
            days @ 1..=MAX_REVIEW_DAYS => Some(Located {
                value: days as u32,
                pos: node.pos,
            }),
            days => {
                self.c.error(
                    node.pos,
                    Code::OutOfRange,
                    format!("`review-every` is {days}, out of range; expected {expected}"),
                );
                None
            }
        }
    }

    /// A whole number written as a plain decimal: as for answer levels, `02`, `0x2`, `+2`, `2.0`
    /// and tagged values are refused, since a reviewer reads them as something else.
    fn plain_number(&mut self, node: &Node, what: &str, expected: &str) -> Option<i64> {
        let literal = node.literal.as_deref().unwrap_or_default();
        let lit = shown_within(literal, 40);
        let (rule, message) = match (&node.tag, &node.value) {
            (Some(tag), _) => (
                Code::NumberNotation,
                format!("{what} is `{} {lit}`, a value with a YAML tag; expected {expected} without a tag", shown(tag)),
            ),
            (None, Value::Int(n)) if is_decimal(literal) => return Some(*n),
            (None, Value::Int(_) | Value::Float(_)) => match notation(literal) {
                Some(Notation::Integer(how)) => (
                    Code::NumberNotation,
                    format!("{what} is `{lit}`, {how}; expected {expected}"),
                ),
                Some(Notation::NotInteger(how)) => (
                    Code::InvalidType,
                    format!("{what} is `{lit}`, {how}; expected {expected}"),
                ),
                None => (
                    Code::InvalidType,
                    format!("{what} is `{lit}`, a number written in an unusual way; expected {expected}"),
                ),
            },
            (None, Value::Str(text)) if text.trim().parse::<i64>().is_ok() => (
                Code::InvalidType,
                format!("{what} is `{lit}`, text in quotes; expected {expected} without quotes"),
            ),
            (None, other) => (
                Code::InvalidType,
                format!("{what} must be {expected}, found {}", other.kind()),
            ),
        };
        self.c.error(node.pos, rule, message);
        None
    }

    /// The list items of `targets` or `waivers`, each with its 1-based number for messages.
    fn items<'n>(&mut self, node: &'n Node, key: &str, shape: &str) -> Vec<(usize, &'n Node)> {
        match &node.value {
            Value::Seq(items) => items.iter().enumerate().map(|(i, n)| (i + 1, n)).collect(),
            other => {
                self.c.error(
                    node.pos,
                    Code::InvalidType,
                    format!("`{key}` must be a list of {shape}, found {}", other.kind()),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn targets(&mut self, node: &Node, q: &'static Questionnaire) -> Vec<Target> {
        let shape = "mappings with `level`, `by` and an optional `dimension`";
        let mut targets: Vec<Target> = Vec::new();
        for (n, item) in self.items(node, "targets", shape) {
            let what = format!("target {n}");
            let Some(fields) = self.fields(item, TARGET_KEYS, &what) else {
                continue;
            };
            let dimension = fields
                .entries
                .get("dimension")
                .map(|d| self.dimension(d, q, &what));
            // A dimension's answer goes up to its last option; the overall level to the top one.
            let top = match &dimension {
                Some(Some(d)) => d.max_points(),
                _ => q.top(),
            };
            let level = self
                .require(&fields, "level", &format!("`level: 1` to `level: {top}`"))
                .and_then(|l| self.target_level(l, &what, top));
            let by = self
                .require(
                    &fields,
                    "by",
                    "the date to reach it by, such as `by: 2027-03-31`",
                )
                .and_then(|b| self.date(b, &format!("`by` in {what}")));
            let goal = match (dimension, level) {
                (None, Some(level)) => q.level(level).map(Goal::Overall),
                (Some(Some(d)), Some(level)) => Some(Goal::Answer(d, level)),
                _ => None,
            };
            let (Some(goal), Some(by)) = (goal, by) else {
                continue;
            };
            if let Some(first) = targets.iter().find(|t| t.goal == goal) {
                let first = first.pos;
                self.c.error(
                    item.pos,
                    Code::DuplicateTarget,
                    format!(
                        "{what} repeats the target {} (already set with `by` at {first}); keep one date per target",
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
        let shape = "mappings with `dimension`, `reason` and `expires`";
        let ids = list(q.dimensions.iter().map(|d| d.id));
        let mut waivers: Vec<Waiver> = Vec::new();
        for (n, item) in self.items(node, "waivers", shape) {
            let what = format!("waiver {n}");
            let Some(fields) = self.fields(item, WAIVER_KEYS, &what) else {
                continue;
            };
            let dimension = self
                .require(
                    &fields,
                    "dimension",
                    &format!("the id of the dimension it waives, one of {ids}"),
                )
                .and_then(|d| self.dimension(d, q, &what));
            let reason = self
                .require(&fields, "reason", "why the exception is accepted")
                .and_then(|r| {
                    let text = self.c.string(r, &format!("`reason` in {what}"))?;
                    if text.trim().is_empty() {
                        self.c.error(
                            r.pos,
                            Code::EmptyReason,
                            format!("`reason` in {what} is empty, expected why the exception is accepted"),
                        );
                        return None;
                    }
                    Some(text)
                });
            let approved_by = fields
                .entries
                .get("approved-by")
                .and_then(|a| self.c.string(a, &format!("`approved-by` in {what}")));
            let expires = self
                .require(
                    &fields,
                    "expires",
                    "the last day it holds, such as `expires: 2027-01-31`",
                )
                .and_then(|e| self.date(e, &format!("`expires` in {what}")));
            let (Some(dimension), Some(reason), Some(expires)) = (dimension, reason, expires)
            else {
                continue;
            };
            if let Some(first) = waivers.iter().find(|w| w.dimension == dimension) {
                let first = first.pos;
                self.c.error(
                    item.pos,
                    Code::DuplicateWaiver,
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

    /// A list item's entries, and the keys offered as "did you mean" for its unknown keys.
    fn fields<'n>(
        &mut self,
        item: &'n Node,
        allowed: &[&'static str],
        what: &str,
    ) -> Option<Fields<'n>> {
        let before = self.c.suggested.len();
        let entries = self.c.mapping(item, allowed, what)?;
        Some(Fields {
            what: what.to_string(),
            pos: item.pos,
            entries,
            offered: self.c.suggested[before..].to_vec(),
        })
    }

    /// The value of a required key, or an error that it is missing; a key already offered as
    /// "did you mean" is one mistake, so it is not reported as missing as well.
    fn require<'n>(
        &mut self,
        fields: &Fields<'n>,
        key: &'static str,
        expected: &str,
    ) -> Option<&'n Node> {
        let found = fields.entries.get(key);
        if found.is_none() && !fields.offered.contains(&key) {
            self.c.error(
                fields.pos,
                Code::MissingKey,
                format!("{} has no `{key}`, expected {expected}", fields.what),
            );
        }
        found
    }

    fn dimension(
        &mut self,
        node: &Node,
        q: &'static Questionnaire,
        what: &str,
    ) -> Option<&'static Dimension> {
        let id = self.c.string(node, &format!("`dimension` in {what}"))?;
        if let Some(d) = q.dimension(&id) {
            return Some(d);
        }
        let ids: Vec<&'static str> = q.dimensions.iter().map(|d| d.id).collect();
        let hint = closest(&id, &ids)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        self.c.error(
            node.pos,
            Code::UnknownDimension,
            format!(
                "unknown dimension `{}` in {what}, expected one of {}{hint}",
                shown(&id),
                list(ids.iter().copied())
            ),
        );
        None
    }

    fn target_level(&mut self, node: &Node, what: &str, top: u8) -> Option<u8> {
        let what = format!("`level` in {what}");
        let expected = format!("a plain {}", super::choices(top));
        match self.plain_number(node, &what, &expected)? {
            level if (1..=i64::from(top)).contains(&level) => Some(level as u8),
            level => {
                self.c.error(
                    node.pos,
                    Code::LevelOutOfRange,
                    format!("{what} is {level}, out of range; expected {expected}"),
                );
                None
            }
        }
    }
}

/// One list item of `targets` or `waivers`, validated as a mapping.
struct Fields<'n> {
    /// "target 2", for messages.
    what: String,
    pos: Pos,
    entries: Entries<'n>,
    offered: Vec<&'static str>,
}
