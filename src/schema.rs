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
                "properties": {
                    "team": {"type": "string", "description": "The team or product assessed."},
                    "assessed-at": {
                        "type": "string",
                        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                        "description": "Date of the assessment, YYYY-MM-DD."
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
            }
        },
        "definitions": {
            "level": {
                "description": "A plain 1, 2, 3 or 4. `check` also refuses other spellings that YAML reads as the same integer (0x2, 0o2, 02, +2, 2.0, !!int 2), which a schema cannot see.",
                "type": "integer",
                "minimum": 1,
                "maximum": 4
            },
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
