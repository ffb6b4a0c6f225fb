//! The JSON Schema (draft-07) of `llmops-maturity.yaml`, generated from the questionnaire so the two can't drift.

use serde_json::{json, Map, Value};

use crate::questionnaire::Questionnaire;
use crate::validate::SUPPORTED_VERSION;

pub fn json_schema(q: &Questionnaire) -> Value {
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
                "description": "The questionnaire answered; the built-in one by default.",
                "enum": questionnaires,
                "default": q.id
            },
            "assessment": {
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
            },
            "answers": {
                "type": "object",
                "additionalProperties": false,
                "required": ids,
                "properties": answers
            },
            "targets": {
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
            },
            "waivers": {
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
            }
        },
        "definitions": {
            "level": {
                "description": "A plain 1, 2, 3 or 4. `check` also refuses other spellings that YAML reads as the same integer (0x2, 0o2, 02, +2, 2.0, !!int 2), which a schema cannot see.",
                "type": "integer",
                "minimum": 1,
                "maximum": 4
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
        }
    })
}
