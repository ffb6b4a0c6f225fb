//! Writes a questionnaire as a questionnaire file, for `questions --format yaml`: the start of a team's own rubric.

use std::fmt::Write;

use super::Questionnaire;

/// The file; read back with `file::load`, it is the same questionnaire.
pub fn file(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/llmops-maturity/llmops-maturity/main/questionnaire.schema.json"
    );
    let _ = writeln!(
        out,
        "# A questionnaire for llmops-maturity. Name it in the answers file with\n# `questionnaire: ./this-file.yaml`; change `id` (and `version` with every change) when you\n# edit it, so reports and history tell it from the original."
    );
    let _ = writeln!(out, "format: {}", super::file::FORMAT);
    let _ = writeln!(out, "id: {}", q.id);
    let _ = writeln!(out, "version: {}", quoted(q.version));
    let _ = writeln!(out, "title: {}", quoted(q.title));
    let _ = writeln!(out, "dimensions:");
    for d in q.dimensions {
        let _ = writeln!(out, "  - id: {}", d.id);
        let _ = writeln!(out, "    name: {}", quoted(d.name));
        let _ = writeln!(out, "    question: {}", quoted(d.question));
        let _ = writeln!(out, "    options:");
        for o in d.options {
            let _ = writeln!(out, "      - {}", quoted(o));
        }
    }
    let _ = writeln!(out, "levels:");
    for l in q.levels {
        let _ = writeln!(out, "  - name: {}", quoted(l.name));
        let _ = writeln!(out, "    min: {}", l.min);
        let _ = writeln!(out, "    max: {}", l.max);
        let _ = writeln!(out, "    meaning: {}", quoted(l.meaning));
        if !l.advice.is_empty() {
            let _ = writeln!(out, "    advice: {}", quoted(l.advice));
        }
        if !l.references.is_empty() {
            let _ = writeln!(out, "    references:");
            for r in l.references {
                let _ = writeln!(out, "      - title: {}", quoted(r.title));
                let _ = writeln!(out, "        url: {}", quoted(r.url));
            }
        }
    }
    rules(&mut out, q);
    out
}

/// The questionnaire's own evidence rules, in the rules file model (see `rule::file`).
fn rules(out: &mut String, q: &Questionnaire) {
    use crate::rule::Matcher;
    if q.rules.is_empty() {
        return;
    }
    let list = |items: &[&str]| {
        let quoted: Vec<String> = items.iter().map(|i| quoted(i)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let _ = writeln!(out, "rules:");
    for own in q.rules {
        let r = &own.rule;
        let _ = writeln!(out, "  - id: {}", r.id);
        let _ = writeln!(out, "    dimension: {}", r.dimension);
        let _ = writeln!(out, "    level: {}", r.level);
        let kind = match r.matcher {
            Matcher::Path(globs) => format!("file\n    glob: {}", list(globs)),
            Matcher::Content { files, pattern } => format!(
                "content\n    glob: {}\n    pattern: {}",
                list(files),
                quoted(pattern)
            ),
            Matcher::Dependency(names) => format!("dependency\n    package: {}", list(names)),
            Matcher::DependencyIn { names, ecosystem } => format!(
                "dependency\n    package: {}\n    ecosystem: {ecosystem}",
                list(names)
            ),
            Matcher::WorkflowStep { on, step } => format!(
                "workflow-step\n    pattern: {}\n    on: {}",
                quoted(step),
                list(on)
            ),
            // A file's rules are only ever the four kinds above (see `rule::file`).
            Matcher::WorkflowEnvironments { .. } | Matcher::AllOf(_) => continue,
        };
        let _ = writeln!(out, "    kind: {kind}");
        if !r.except.is_empty() {
            let _ = writeln!(out, "    except: {}", list(r.except));
        }
        let _ = writeln!(out, "    explanation: {}", quoted(r.summary));
    }
}

/// A YAML double-quoted scalar: JSON's string syntax is a subset of it (YAML 1.2, 7.3.1).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{all, file, Source};

    #[test]
    fn every_builtin_round_trips_through_its_file() {
        for q in all() {
            let text = file(q);
            let back = file::load(text.as_bytes(), Source::File("q.yaml".into()), &[]).unwrap();
            assert_eq!(back.id, q.id);
            assert_eq!(back.version, q.version);
            assert_eq!(back.dimensions, q.dimensions);
            assert_eq!(back.levels, q.levels);
        }
    }

    #[test]
    fn a_questionnaires_own_rules_round_trip_through_its_file() {
        let base = include_str!("../../fixtures/questionnaires/valid/acme-mlops.yaml");
        let text = format!(
            "{base}rules:\n  - id: acme-data-validated\n    dimension: data\n    level: 3\n    kind: workflow-step\n    pattern: '\\bgx\\s+checkpoint\\b \"q\"'\n    on: push\n    explanation: CI validates the data\n  - id: acme-dvc\n    dimension: data\n    level: 2\n    kind: file\n    glob: [\"**/*.dvc\", dvc.yaml]\n    except: legacy/**\n    explanation: data is versioned with DVC\n"
        );
        let q = file::load(text.as_bytes(), Source::File("q.yaml".into()), &[]).unwrap();
        assert_eq!(q.rules.len(), 2);
        let back = file::load(file(q).as_bytes(), Source::File("q.yaml".into()), &[]).unwrap();
        let rules = |q: &Questionnaire| q.rules.iter().map(|o| o.rule).collect::<Vec<_>>();
        assert_eq!(rules(back), rules(q));
    }
}
