//! The JSON Schema (draft-07) of `llmops-maturity.yaml`, generated from the questionnaire so the two can't drift.

use serde_json::{json, Map, Value};

use crate::questionnaire::Questionnaire;
use crate::validate::SUPPORTED_VERSION;

pub fn json_schema(q: &Questionnaire) -> Value {
    let answers = answers(q);
    let ids: Vec<&str> = q.dimensions.iter().map(|d| d.id).collect();
    let questionnaires: Vec<&str> = crate::questionnaire::all().iter().map(|q| q.id).collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/llmops-maturity/llmops-maturity/llmops-maturity.schema.json",
        "title": "llmops-maturity answers file",
        "description": "A team's answers to the LLMOps maturity questionnaire; checked by `llmops-maturity check`.",
        "type": "object",
        "additionalProperties": false,
        "required": ["version", "answers"],
        "properties": {
            "version": {"description": "File format version.", "const": SUPPORTED_VERSION},
            "questionnaire": {
                "description": "The questionnaire answered: a built-in id (the default is the first), or the path of a questionnaire file relative to this file (`./acme.yaml`).",
                "anyOf": [
                    {"enum": questionnaires},
                    {"type": "string", "pattern": "(/|\\.ya?ml$)"}
                ],
                "default": q.id
            },
            "assessment": assessment(),
            "answers": {
                "type": "object",
                "additionalProperties": false,
                "required": ids,
                "properties": answers
            },
            "targets": targets(&ids),
            "waivers": waivers(&ids)
        },
        "definitions": definitions(q)
    })
}

/// One property per dimension, described by its question and options.
fn answers(q: &Questionnaire) -> Map<String, Value> {
    let mut answers = Map::new();
    for d in q.dimensions {
        let options: Vec<String> = d
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{}: {o}", i + 1))
            .collect();
        let description = format!("{} {}", d.question, options.join(" | "));
        answers.insert(
            d.id.to_string(),
            json!({
                "description": description,
                "oneOf": [
                    {"$ref": "#/definitions/level"},
                    {"$ref": "#/definitions/answer"}
                ]
            }),
        );
    }
    answers
}

/// `assessment:`: who answered, when, and how often to review.
fn assessment() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "dependencies": {"review-every": ["assessed-at"]},
        "properties": {
            "team": {"type": "string", "description": "The team or product assessed."},
            "assessed-at": {
                "$ref": "#/definitions/date",
                "description": "Date of the assessment, YYYY-MM-DD; not in the future. Required by `review-every`."
            },
            "review-every": {
                "type": "integer",
                "minimum": 1,
                "maximum": 3660,
                "description": "Days between reviews: once `assessed-at` is older than this, `check` warns (`stale-assessment`)."
            },
            "owners": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Who owns the answers, e.g. GitHub teams."
            }
        }
    })
}

/// `targets:`: levels to reach by a date.
fn targets(ids: &[&str]) -> Value {
    json!({
        "type": "array",
        "description": "Levels to reach by a date: the overall level, or one dimension's answer. Warned 30 days before (`target-due-soon`); once the date has passed without reaching it, the gate fails (`target-missed`).",
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["level", "by"],
            "properties": {
                "level": {"$ref": "#/definitions/level"},
                "dimension": {
                    "enum": ids,
                    "description": "The dimension whose answer is targeted; without it, the overall level."
                },
                "by": {"$ref": "#/definitions/date", "description": "The day to reach it by, YYYY-MM-DD."}
            }
        }
    })
}

/// `waivers:`: accepted exceptions, one per dimension.
fn waivers(ids: &[&str]) -> Value {
    json!({
        "type": "array",
        "description": "Accepted exceptions, one per dimension: while active, the dimension's `unsupported-claim` becomes a note that shows the reason. At most a year after `assessed-at` (`waiver-too-long`).",
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["dimension", "reason", "expires"],
            "properties": {
                "dimension": {"enum": ids},
                "reason": {"type": "string", "pattern": "\\S", "description": "Why the exception is accepted."},
                "approved-by": {"type": "string", "description": "Who accepted it, e.g. a GitHub team."},
                "expires": {"$ref": "#/definitions/date", "description": "The last day the waiver holds, YYYY-MM-DD."}
            }
        }
    })
}

/// The shared definitions: a level, a date, an answer written as a mapping.
fn definitions(q: &Questionnaire) -> Value {
    // One bound for every dimension: exact for a questionnaire whose dimensions have the same
    // number of options (the built-ins), the largest otherwise (`check` holds each to its own).
    let top = q
        .dimensions
        .iter()
        .map(|d| d.max_points())
        .max()
        .unwrap_or(4);
    let plain: Vec<String> = (1..=top).map(|n| n.to_string()).collect();
    let spelled = match plain.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => plain.join(""),
    };
    json!({
        "level": {
            "description": format!("A plain {spelled}. `check` also refuses other spellings that YAML reads as the same integer (0x2, 0o2, 02, +2, 2.0, !!int 2), which a schema cannot see."),
            "type": "integer",
            "minimum": 1,
            "maximum": top
        },
        "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "answer": {
            "type": "object",
            "additionalProperties": false,
            "required": ["level"],
            "properties": {
                "level": {"$ref": "#/definitions/level"},
                "evidence": {
                    "type": "array",
                    "description": "Repository paths (relative to the root) or https URLs.",
                    "items": {"type": "string", "minLength": 1}
                },
                "notes": {"type": "string"}
            }
        }
    })
}

/// The JSON Schema (draft-07) of the questionnaire file format, for editors: the shape only;
/// `questions --questionnaire FILE` also checks the bands, ids and links.
pub fn questionnaire_schema() -> Value {
    use crate::questionnaire::file::{
        FORMAT, MAX_DIMENSIONS, MAX_LEVELS, MAX_OPTIONS, MIN_OPTIONS,
    };
    let kebab = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";
    let text = json!({"type": "string", "pattern": "\\S"});
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/llmops-maturity/llmops-maturity/questionnaire.schema.json",
        "title": "llmops-maturity questionnaire file",
        "description": "A questionnaire of your own: dimensions with their options (option i is worth i points) and contiguous level bands over the total; named by an answers file with `questionnaire: ./file.yaml`.",
        "type": "object",
        "additionalProperties": false,
        "required": ["format", "id", "version", "title", "dimensions", "levels"],
        "properties": {
            "format": {"description": "The questionnaire file format.", "const": FORMAT},
            "id": {"description": "Kebab-case id, shown in every report.", "type": "string", "pattern": kebab},
            "version": {"description": "Text, shown in every report; change it with every change.", "type": ["string", "number"]},
            "title": text,
            "dimensions": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_DIMENSIONS,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "name", "question", "options"],
                    "properties": {
                        "id": {"description": "Kebab-case; the key in the answers file.", "type": "string", "pattern": kebab},
                        "name": text,
                        "question": text,
                        "options": {"type": "array", "minItems": MIN_OPTIONS, "maxItems": MAX_OPTIONS, "items": text}
                    }
                }
            },
            "levels": {
                "description": "Contiguous bands over the total, from the lowest total (every dimension at 1) to the highest.",
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_LEVELS,
                "items": {"$ref": "#/definitions/level"}
            },
            "rules": {
                "description": "Evidence rules for this questionnaire's dimensions, in the model of a team's rules file; a dimension no rule looks for is \"not checked\".",
                "type": "array",
                "maxItems": crate::rule::file::MAX_RULES,
                "items": rule_item()
            }
        },
        "definitions": questionnaire_definitions(&text)
    })
}

/// The JSON Schema of a team's rules file (`.llmops-maturity/rules.yaml`).
pub fn rules_schema() -> Value {
    use crate::rule::file::MAX_RULES;
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/llmops-maturity/llmops-maturity/rules.schema.json",
        "title": "llmops-maturity rules file",
        "description": "A team's own evidence rules, and built-in rules switched off with a reason; read by `scan`, `check --evidence` and `ci` from `.llmops-maturity/rules.yaml`.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "rules": {"type": "array", "maxItems": MAX_RULES, "items": rule_item()},
            "disable": {
                "type": "array",
                "maxItems": MAX_RULES,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rule", "reason"],
                    "properties": {
                        "rule": {"description": "A built-in rule's id (`scan --rules` lists them).", "type": "string"},
                        "reason": {"description": "Why the rule does not apply to this repository.", "type": "string", "pattern": "\\S"}
                    }
                }
            }
        }
    })
}

/// One evidence rule: the common keys, and those of its kind.
fn rule_item() -> Value {
    use crate::rule::kind::{KINDS, MAX_GLOBS};
    use crate::rule::pattern::{MAX_GLOB_CHARS, MAX_PATTERN_CHARS};
    let one_or_more = |max_chars: usize| {
        let one = json!({"type": "string", "minLength": 1, "maxLength": max_chars});
        json!({"anyOf": [one, {"type": "array", "minItems": 1, "maxItems": MAX_GLOBS, "items": one}]})
    };
    let pattern = json!({"description": "A Rust regex, matched over bytes with ASCII classes.", "type": "string", "minLength": 1, "maxLength": MAX_PATTERN_CHARS});
    let kind = |name: &str, needs: &[&str]| json!({"if": {"properties": {"kind": {"const": name}}}, "then": {"required": needs}});
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "dimension", "level", "kind", "explanation"],
        "properties": {
            "id": {"description": "Kebab-case, unique, not a built-in rule's id.", "type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", "maxLength": 64},
            "dimension": {"description": "A dimension id of the questionnaire in use.", "type": "string"},
            "level": {"description": "The level the practice supports on its own.", "type": "integer", "minimum": 1},
            "kind": {"enum": KINDS},
            "explanation": {"description": "One line: what seeing it shows.", "type": "string", "pattern": "\\S", "maxLength": 200},
            "glob": one_or_more(MAX_GLOB_CHARS),
            "pattern": pattern,
            "package": one_or_more(MAX_GLOB_CHARS),
            "ecosystem": {"description": "Only the manifests of this ecosystem (a `dependency` rule).", "enum": crate::rule::kind::ECOSYSTEMS},
            "on": {"description": "The workflow triggers a `workflow-step` rule counts under.", "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "except": one_or_more(MAX_GLOB_CHARS)
        },
        "allOf": [
            kind("file", &["glob"]),
            kind("content", &["glob", "pattern"]),
            kind("dependency", &["package"]),
            kind("workflow-step", &["pattern"])
        ]
    })
}

fn questionnaire_definitions(text: &Value) -> Value {
    json!({
        "level": {
            "type": "object",
            "additionalProperties": false,
            "required": ["name", "min", "max", "meaning"],
            "properties": {
                "name": text,
                "min": {"description": "The lowest total of the band, inclusive.", "type": "integer", "minimum": 0},
                "max": {"description": "The highest total of the band, inclusive.", "type": "integer", "minimum": 0},
                "meaning": text,
                "advice": {"description": "How to reach the next level.", "type": "string"},
                "references": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["title", "url"],
                        "properties": {
                            "title": text,
                            "url": {"type": "string", "pattern": "^https://\\S+$"}
                        }
                    }
                }
            }
        }
    })
}
