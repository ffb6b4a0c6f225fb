//! The rules one scan applies: the built-ins for the questionnaire's built-in dimensions, less those the team disabled, plus the questionnaire's and the team's own.

use std::sync::LazyLock;

use super::rules::{Rule, RULES};
use crate::questionnaire::{self, Questionnaire};
use crate::rule::{Declared, Disabled, Origin};

/// The rules of a scan and where each came from.
#[derive(Debug, PartialEq, Eq)]
pub struct Catalogue {
    /// The questionnaire the rules speak to: signals are ordered by its dimensions.
    pub questionnaire: &'static Questionnaire,
    /// Built-ins first (in catalogue order), then the questionnaire's, then the team's.
    pub rules: &'static [Rule],
    /// Beside `rules`: where each was declared, `None` for a built-in.
    pub origins: &'static [Option<Origin>],
    /// The built-ins the team switched off, with the reason.
    pub disabled: &'static [Disabled],
}

static BUILTIN: LazyLock<Catalogue> = LazyLock::new(|| Catalogue {
    questionnaire: questionnaire::builtin(),
    rules: &RULES,
    origins: vec![None; RULES.len()].leak(),
    disabled: &[],
});

impl Catalogue {
    /// The built-in rules for the default questionnaire: what `scan` applies by default.
    pub fn builtin() -> &'static Catalogue {
        &BUILTIN
    }

    /// Whether this is the built-in catalogue (whose engine is compiled once per process).
    pub fn is_builtin(&self) -> bool {
        std::ptr::eq(self, Catalogue::builtin())
    }

    /// Whether its rules are the built-in catalogue's, whatever the questionnaire.
    pub fn builtin_rules(&self) -> bool {
        std::ptr::eq(self.rules, Catalogue::builtin().rules)
    }

    /// Where rule `id` was declared; `None` for a built-in (or an id it does not hold).
    pub fn origin(&self, id: &str) -> Option<Origin> {
        let at = self.rules.iter().position(|r| r.id == id)?;
        self.origins[at]
    }

    /// Whether any rule looks for evidence of `dimension`: one that none does is "not checked".
    pub fn checks(&self, dimension: &str) -> bool {
        self.rules.iter().any(|r| r.dimension == dimension)
    }
}

/// The catalogue for questionnaire `q` and a team's rules file: built-in rules apply to the
/// dimensions `q` shares with the built-in questionnaires (a custom rubric's own dimensions get
/// only its own rules and the team's). The built-in catalogue itself when nothing differs, so
/// the common run compiles nothing new; otherwise built once and kept for the run (a run builds
/// at most one per side of a change).
pub fn catalogue(q: &'static Questionnaire, team: Option<&Declared>) -> &'static Catalogue {
    let team = team.copied().unwrap_or_default();
    let applies = |r: &Rule| q.dimension(r.dimension).is_some();
    let plain = team.is_empty() && q.rules.is_empty() && RULES.iter().all(applies);
    if plain && std::ptr::eq(q, Catalogue::builtin().questionnaire) {
        return Catalogue::builtin();
    }
    if plain {
        return Box::leak(Box::new(Catalogue {
            questionnaire: q,
            ..*Catalogue::builtin()
        }));
    }
    let off = |r: &Rule| team.disabled.iter().any(|d| d.rule == r.id);
    let mut rules: Vec<Rule> = Vec::new();
    let mut origins: Vec<Option<Origin>> = Vec::new();
    for r in RULES.iter().filter(|r| applies(r) && !off(r)) {
        rules.push(*r);
        origins.push(None);
    }
    for own in q.rules.iter().chain(team.rules) {
        rules.push(own.rule);
        origins.push(Some(own.origin));
    }
    Box::leak(Box::new(Catalogue {
        questionnaire: q,
        rules: rules.leak(),
        origins: origins.leak(),
        disabled: team.disabled,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_declared_is_the_builtin_catalogue() {
        let q = questionnaire::builtin();
        assert!(catalogue(q, None).is_builtin());
        assert!(catalogue(q, Some(&Declared::default())).is_builtin());
        let other = questionnaire::find("genaiops-2025").unwrap();
        let c = catalogue(other, None);
        assert!(!c.is_builtin() && c.builtin_rules());
        assert!(c.checks("evaluation") && !c.checks("data"));
    }
}
