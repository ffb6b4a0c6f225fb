//! Movement since an earlier roll-up: the previous `org --format json` read back, and what changed for each repository; pure.
//!
//! Levels are compared only between files that answer the same questionnaire (id and version):
//! a method change is not progress or decline (issue 19). A previous roll-up written before the
//! JSON named its questionnaire is taken to answer the same one.

use serde::Deserialize;

use super::rollup::{Entry, Rollup, Status};

/// The earlier roll-up, as much of it as movement needs.
#[derive(Debug, Clone, Deserialize)]
pub struct Previous {
    pub schema_version: u32,
    pub owner: String,
    pub repositories: Vec<PreviousRepository>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PreviousRepository {
    pub name: String,
    pub status: PreviousStatus,
    pub level: Option<u8>,
    #[serde(default)]
    pub questionnaire: Option<QuestionnaireId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PreviousStatus {
    Ok,
    Invalid,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct QuestionnaireId {
    pub id: String,
    pub version: String,
}

/// What changed for one repository since the previous roll-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Not in the previous roll-up.
    New,
    /// Scored both times, at a higher level now (the previous level).
    Up(u8),
    /// Scored both times, at a lower level now (the previous level).
    Down(u8),
    /// Nothing a reader needs to look at changed.
    Same,
    /// Invalid now, and it was not before.
    NewlyInvalid,
    /// Scored now, invalid before.
    ValidAgain,
    /// Scored now, without a file before.
    FirstAssessed,
    /// Without a file now, with one before.
    FileRemoved,
    /// Scored both times, against another questionnaire before: levels are not compared.
    QuestionnaireChanged,
}

impl Move {
    /// The stable name used in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Move::New => "new",
            Move::Up(_) => "up",
            Move::Down(_) => "down",
            Move::Same => "same",
            Move::NewlyInvalid => "newly-invalid",
            Move::ValidAgain => "valid-again",
            Move::FirstAssessed => "first-assessed",
            Move::FileRemoved => "file-removed",
            Move::QuestionnaireChanged => "questionnaire-changed",
        }
    }

    /// Words for a table cell; arrows are backed by words, never alone.
    pub fn describe(self) -> String {
        match self {
            Move::New => "new".into(),
            Move::Up(from) => format!("▲ up from {from}"),
            Move::Down(from) => format!("▼ down from {from}"),
            Move::Same => "—".into(),
            Move::NewlyInvalid => "newly invalid".into(),
            Move::ValidAgain => "valid again".into(),
            Move::FirstAssessed => "first assessed".into(),
            Move::FileRemoved => "file removed".into(),
            Move::QuestionnaireChanged => "questionnaire changed".into(),
        }
    }

    /// The level before, when the move compares levels.
    pub fn previous_level(self) -> Option<u8> {
        match self {
            Move::Up(l) | Move::Down(l) => Some(l),
            _ => None,
        }
    }
}

/// Every repository's move, in the roll-up's order, and the repositories that are gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub moves: Vec<Move>,
    /// In the previous roll-up, not in this one (deleted, renamed, archived or filtered out).
    pub gone: Vec<String>,
}

impl Movement {
    /// How many repositories made `kind` of move (compared by name, so `Up(_)` counts every up).
    pub fn count(&self, kind: &str) -> usize {
        self.moves.iter().filter(|m| m.as_str() == kind).count()
    }
}

/// Reads an earlier `org --format json` roll-up; `Err` says what is wrong, ready to print.
pub fn parse(text: &str) -> Result<Previous, String> {
    let previous: Previous = serde_json::from_str(text).map_err(|e| {
        format!("is not the JSON of `org --format json` ({e}); pass the file an earlier run wrote with --format json or --json-out")
    })?;
    if previous.schema_version != crate::render::json::SCHEMA_VERSION {
        return Err(format!(
            "has schema_version {}, expected {}: it was written by another version of llmops-maturity",
            previous.schema_version,
            crate::render::json::SCHEMA_VERSION
        ));
    }
    Ok(previous)
}

/// What changed for each repository of `rollup` since `previous`. Names compare without case,
/// as GitHub's do.
pub fn movement(rollup: &Rollup, previous: &Previous) -> Movement {
    let before = |name: &str| {
        previous
            .repositories
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    };
    let moves = rollup
        .entries
        .iter()
        .map(|e| before(&e.name).map_or(Move::New, |p| step(p, e)))
        .collect();
    let gone = previous
        .repositories
        .iter()
        .filter(|p| {
            !rollup
                .entries
                .iter()
                .any(|e| e.name.eq_ignore_ascii_case(&p.name))
        })
        .map(|p| p.name.clone())
        .collect();
    Movement { moves, gone }
}

/// One repository's move from `before` to `now`.
fn step(before: &PreviousRepository, now: &Entry) -> Move {
    match (&now.status, before.status) {
        (Status::Ok(score), PreviousStatus::Ok) => {
            let q = score.assessment.questionnaire;
            let changed = before
                .questionnaire
                .as_ref()
                .is_some_and(|p| p.id != q.id || p.version != q.version);
            let now = score.level.number;
            match before.level {
                _ if changed => Move::QuestionnaireChanged,
                Some(l) if now > l => Move::Up(l),
                Some(l) if now < l => Move::Down(l),
                _ => Move::Same,
            }
        }
        (Status::Ok(_), PreviousStatus::Invalid) => Move::ValidAgain,
        (Status::Ok(_), PreviousStatus::Missing) => Move::FirstAssessed,
        (Status::Invalid(_), PreviousStatus::Invalid) => Move::Same,
        (Status::Invalid(_), _) => Move::NewlyInvalid,
        (Status::Missing, PreviousStatus::Missing) => Move::Same,
        (Status::Missing, _) => Move::FileRemoved,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_roll_up_is_refused_with_a_reason() {
        assert!(parse("[1, 2]").unwrap_err().contains("org --format json"));
        let other = r#"{"schema_version": 7, "owner": "a", "repositories": []}"#;
        assert!(parse(other).unwrap_err().contains("schema_version 7"));
        let bad_status = r#"{"schema_version": 1, "owner": "a", "repositories": [{"name": "a/b", "status": "gone", "level": null}]}"#;
        assert!(parse(bad_status).is_err());
    }

    #[test]
    fn moves_compare_statuses_and_levels() {
        let previous = |status, level| PreviousRepository {
            name: "a/b".into(),
            status,
            level,
            questionnaire: None,
        };
        let entry = |status| Entry {
            name: "a/b".into(),
            url: String::new(),
            status,
        };
        let invalid = || Status::Invalid(Vec::new());
        assert_eq!(
            step(&previous(PreviousStatus::Ok, Some(2)), &entry(invalid())),
            Move::NewlyInvalid
        );
        assert_eq!(
            step(&previous(PreviousStatus::Missing, None), &entry(invalid())),
            Move::NewlyInvalid
        );
        assert_eq!(
            step(&previous(PreviousStatus::Invalid, None), &entry(invalid())),
            Move::Same
        );
        assert_eq!(
            step(
                &previous(PreviousStatus::Ok, Some(2)),
                &entry(Status::Missing)
            ),
            Move::FileRemoved
        );
    }
}
