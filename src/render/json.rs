//! The JSON report: a stable, versioned shape for scripts (documented in docs/src/commands.md).

use serde_json::{json, Value};

use crate::commitments::Review;
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::Diff;
use crate::evaluate::Evaluation;

/// Bumped only when a field is removed or changes meaning; new fields may appear at any time.
pub const SCHEMA_VERSION: u32 = 1;

pub fn diagnostic(d: &Diagnostic) -> Value {
    let mut out = json!({
        "severity": d.severity,
        "line": d.pos.map(|p| p.line),
        "col": d.pos.map(|p| p.col),
        "message": d.message,
        "rule": d.rule,
        "url": d.rule.url(),
        "dimension": d.dimension,
    });
    // Only a problem of another file (the questionnaire) says where: the rest are the report's.
    if let Some(file) = &d.file {
        out["file"] = json!(file);
    }
    out
}

/// Which questionnaire scored the file: its id, version and title (and, for a file, its path).
pub fn questionnaire(q: &crate::questionnaire::Questionnaire) -> Value {
    let mut out = json!({"id": q.id, "version": q.version, "title": q.title});
    if let crate::questionnaire::Source::File(path) = &q.source {
        out["file"] = json!(path);
    }
    out
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
                // A waived claim is a note, not a warning.
                .filter(|d| {
                    d.dimension == Some(answer.dimension.id) && d.severity != Severity::Info
                })
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
        "questionnaire": questionnaire(a.questionnaire),
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
    if let (Value::Object(out), Some(review)) = (&mut out, &score.review) {
        if let Value::Object(fields) = commitments(review) {
            out.extend(fields);
        }
    }
    out
}

/// `targets`, `waivers`, `stale` and `days_since_assessed`, as judged on the review's day.
pub fn commitments(review: &Review) -> Value {
    let targets: Vec<Value> = review
        .targets
        .iter()
        .map(|t| {
            json!({
                "level": t.target.level(),
                "dimension": t.target.dimension().map(|d| d.id),
                "by": t.target.by.to_string(),
                "status": t.status.as_str(),
                "days_left": t.days_left,
            })
        })
        .collect();
    let waivers: Vec<Value> = review
        .waivers
        .iter()
        .map(|w| {
            json!({
                "dimension": w.waiver.dimension.id,
                "reason": w.waiver.reason,
                "approved_by": w.waiver.approved_by,
                "expires": w.waiver.expires.to_string(),
                "status": w.status.as_str(),
            })
        })
        .collect();
    json!({
        "today": review.today.to_string(),
        "targets": targets,
        "waivers": waivers,
        "stale": review.stale,
        "days_since_assessed": review.days_since_assessed,
    })
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
    let targets: Vec<Value> = diff
        .targets
        .iter()
        .map(|t| {
            json!({
                "change": t.kind(),
                "level": t.goal.level(),
                "dimension": t.goal.dimension().map(|d| d.id),
                "before": t.before.map(|d| d.to_string()),
                "after": t.after.map(|d| d.to_string()),
            })
        })
        .collect();
    let waivers: Vec<Value> = diff
        .waivers
        .iter()
        .map(|w| {
            let waiver = w.waiver();
            json!({
                "change": w.kind(),
                "dimension": w.dimension.id,
                "reason": waiver.reason,
                "approved_by": waiver.approved_by,
                "expires_before": w.before.as_ref().map(|b| b.expires.to_string()),
                "expires_after": w.after.as_ref().map(|a| a.expires.to_string()),
                "reason_changed": w.reason_changed(),
                "approved_by_changed": w.approver_changed(),
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
        "questionnaire_changed": diff.questionnaire.as_ref().map(|q| json!({
            "before": q.before,
            "after": q.after,
        })),
        "changes": changes,
        "targets": targets,
        "waivers": waivers,
    })
}
