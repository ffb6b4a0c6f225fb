//! The JSON report: a stable, versioned shape for scripts (documented in the README).

use serde_json::{json, Value};

use crate::check::Evaluation;
use crate::diagnostic::Diagnostic;
use crate::diff::Diff;

/// Bumped only when a field is removed or changes meaning; new fields may appear at any time.
pub const SCHEMA_VERSION: u32 = 1;

pub fn diagnostic(d: &Diagnostic) -> Value {
    json!({
        "severity": d.severity,
        "line": d.pos.map(|p| p.line),
        "col": d.pos.map(|p| p.col),
        "message": d.message,
        "rule": d.rule,
        "dimension": d.dimension,
    })
}

/// One signal in the JSON shape of `scan --format json` (and of `check`'s evidence).
pub fn signal(s: &crate::scan::Signal) -> Value {
    json!({"rule": s.rule, "level": s.level, "path": s.path, "line": s.line, "summary": s.summary})
}

/// The `check` report for one file, valid or not.
pub fn report(eval: &Evaluation) -> Value {
    let diagnostics: Vec<Value> = eval.diagnostics.iter().map(diagnostic).collect();
    let mut out = json!({
        "schema_version": SCHEMA_VERSION,
        "file": eval.path,
        "valid": eval.score.is_some(),
        "errors": eval.errors(),
        "warnings": eval.warnings(),
        "diagnostics": diagnostics,
    });
    let Some(score) = &eval.score else {
        return out;
    };
    let a = &score.assessment;
    let dimensions: Vec<Value> = a
        .answers
        .iter()
        .map(|answer| {
            let warnings: Vec<&str> = eval
                .diagnostics
                .iter()
                .filter(|d| d.dimension == Some(answer.dimension.id))
                .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
                .map(|d| d.message.as_str())
                .collect();
            // null when `--evidence` is off: not looked at, which is not the same as nothing seen.
            let seen = eval
                .evidence
                .as_ref()
                .and_then(|e| e.of(answer.dimension.id));
            json!({
                "id": answer.dimension.id,
                "name": answer.dimension.name,
                "question": answer.dimension.question,
                "level": answer.level,
                "answer": answer.dimension.option(answer.level),
                "evidence": answer.evidence,
                "notes": answer.notes,
                "warnings": warnings,
                "evidence_status": seen.map(|e| e.status),
                "supported_level": seen.map(|e| e.supported_level),
                "signals": seen.map(|e| e.signals.iter().map(signal).collect::<Vec<_>>()),
            })
        })
        .collect();
    let fields = json!({
        "questionnaire": a.questionnaire.id,
        "team": a.team,
        "assessed_at": a.assessed_at,
        "owners": a.owners,
        "score": score.total,
        "min_score": score.min,
        "max_score": score.max,
        "level": score.level.number,
        "level_name": score.level.name,
        "next_level": score.next.map(|l| l.number),
        "next_level_name": score.next.map(|l| l.name),
        "points_to_next_level": score.points_to_next,
        "weakest": score.weakest.iter().map(|d| d.id).collect::<Vec<_>>(),
        "dimensions": dimensions,
    });
    if let (Value::Object(out), Value::Object(fields)) = (&mut out, fields) {
        out.extend(fields);
    }
    out
}

/// The `diff` report.
pub fn diff(diff: &Diff) -> Value {
    let side = |(score, level, name): (u32, u8, &str)| json!({"score": score, "level": level, "level_name": name});
    let changes: Vec<Value> = diff
        .changes
        .iter()
        .map(|c| {
            json!({
                "id": c.dimension.id,
                "name": c.dimension.name,
                "before": c.before,
                "after": c.after,
                "delta": c.delta(),
                "evidence_changed": c.evidence_changed,
                "notes_changed": c.notes_changed,
            })
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "base": diff.base.map(side),
        "head": side(diff.head),
        "changed": diff.changed(),
        "score_delta": diff.score_delta(),
        "level_delta": diff.level_delta(),
        "regressed": diff.regressed(),
        "changes": changes,
    })
}
