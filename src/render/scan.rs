//! Shows a scan and the rule catalogue as terminal text, Markdown or JSON; pure, nothing is printed here.
//!
//! Paths and matched text come from the scanned files, which may be hostile: in text they go
//! through `untrusted::shown`, in Markdown through `escape::markdown`/`markdown_code`.

use std::fmt::Write;

use serde_json::{json, Value};

use super::json;
use super::markdown;
use super::text::plural;
use crate::escape;
use crate::questionnaire::Questionnaire;
use crate::scan::catalogue::Catalogue;
use crate::scan::rules::{Matcher, Rule};
use crate::scan::{DimensionScan, Scan, Signal};
use crate::untrusted::shown;

/// Rules shown per dimension in text and Markdown; JSON lists every signal.
const SHOWN_PER_DIMENSION: usize = 3;

/// The first signal of each rule (signals are strongest first) and how many more files it has.
fn by_rule(signals: &[Signal]) -> Vec<(&Signal, usize)> {
    let mut out: Vec<(&Signal, usize)> = Vec::new();
    for s in signals {
        match out.iter_mut().find(|(first, _)| first.rule == s.rule) {
            Some((_, more)) => *more += 1,
            None => out.push((s, 0)),
        }
    }
    out
}

fn skipped_note(scan: &Scan) -> String {
    let s = scan.skipped;
    let mut parts = Vec::new();
    for (n, what) in [
        (s.binary, "binary"),
        (s.too_large, "larger than 1 MiB"),
        (s.unreadable, "unreadable"),
        (s.outside_root, "links out of the root, not followed"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; skipped {}", parts.join(", "))
    }
}

/// The terminal report: per dimension the supported level and its strongest signals.
pub fn text(scan: &Scan, q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} scanned{}\n",
        shown(&scan.root),
        plural(scan.files_scanned as u32, "file"),
        skipped_note(scan)
    );
    for note in &scan.notes {
        let _ = writeln!(out, "note: {}", shown(note));
    }
    if !scan.notes.is_empty() {
        out.push('\n');
    }
    let dims = scan.dimensions(q);
    let width = dims.iter().map(|d| d.name.len()).max().unwrap_or(0);
    for d in &dims {
        let head = format!("{:width$}  supported level {}", d.name, d.supported_level);
        if !d.checked {
            let _ = writeln!(
                out,
                "{:width$}  not checked · no rule looks for this dimension",
                d.name
            );
            continue;
        }
        if d.signals.is_empty() {
            let _ = writeln!(out, "{head} · nothing seen");
            continue;
        }
        let _ = writeln!(out, "{head} · {}", plural(d.signals.len() as u32, "signal"));
        let rules = by_rule(d.signals);
        for (s, more) in rules.iter().take(SHOWN_PER_DIMENSION) {
            let also = if *more > 0 {
                format!(", +{}", plural(*more as u32, "more file"))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {}  {}:{}  {} [{}{also}]",
                s.level,
                shown(&s.path),
                s.line,
                crate::untrusted::shown_within(&s.summary, 240),
                s.rule
            );
        }
        if rules.len() > SHOWN_PER_DIMENSION {
            let _ = writeln!(
                out,
                "  … {} more (--format json lists every signal)",
                plural((rules.len() - SHOWN_PER_DIMENSION) as u32, "rule")
            );
        }
    }
    out
}

/// The Markdown report: one table row per dimension, the strongest signal linked when
/// `blob_base` (a URL prefix ending in `/`) is known.
pub fn markdown(scan: &Scan, q: &Questionnaire, blob_base: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## LLMOps practices seen in {}\n\n{} scanned{}.\n",
        escape::markdown_code(&scan.root),
        plural(scan.files_scanned as u32, "file"),
        skipped_note(scan)
    );
    for note in &scan.notes {
        let _ = writeln!(out, "> [!NOTE]\n> {}\n", escape::markdown(note));
    }
    let _ = writeln!(
        out,
        "| Dimension | Supported level | Strongest signals |\n|---|---|---|"
    );
    for d in scan.dimensions(q) {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            d.name,
            d.supported_level,
            signal_cell(&d, blob_base)
        );
    }
    out
}

/// The strongest signals of a dimension as one table cell.
pub fn signal_cell(d: &DimensionScan, blob_base: Option<&str>) -> String {
    if !d.checked {
        return "not checked (no rule looks for this dimension)".to_string();
    }
    if d.signals.is_empty() {
        return "nothing seen".to_string();
    }
    let rules = by_rule(d.signals);
    let mut parts: Vec<String> = rules
        .iter()
        .take(SHOWN_PER_DIMENSION)
        .map(|(s, more)| {
            let also = if *more > 0 {
                format!(" (+{more})")
            } else {
                String::new()
            };
            format!(
                "{} {}{also}",
                escape::markdown(&s.summary),
                markdown::location(s, blob_base)
            )
        })
        .collect();
    if rules.len() > SHOWN_PER_DIMENSION {
        parts.push(format!(
            "+{} more",
            plural((rules.len() - SHOWN_PER_DIMENSION) as u32, "rule")
        ));
    }
    parts.join("<br>")
}

/// `scan --format json`, schema_version 1.
pub fn json(scan: &Scan, q: &Questionnaire) -> Value {
    let dimensions: Vec<Value> = scan
        .dimensions(q)
        .iter()
        .map(|d| {
            let signals: Vec<Value> = d
                .signals
                .iter()
                .map(|s| {
                    let mut v = json::signal(s);
                    v["origin"] = json!(origin(scan.catalogue, s.rule));
                    v
                })
                .collect();
            json!({
                "id": d.id,
                "checked": d.checked,
                "supported_level": d.supported_level,
                "signals": signals,
            })
        })
        .collect();
    let mut out = json!({
        "schema_version": json::SCHEMA_VERSION,
        "root": scan.root,
        "files_scanned": scan.files_scanned,
        "files_skipped": scan.skipped,
        "dimensions": dimensions,
    });
    // Only when there is something to say, so a scan without trouble reads as before.
    if !scan.notes.is_empty() {
        out["notes"] = json!(scan.notes);
    }
    if !scan.catalogue.disabled.is_empty() {
        out["disabled_rules"] = disabled_json(scan.catalogue);
    }
    out
}

/// Where rule `id` comes from, as listings show it: `built-in`, or `FILE:LINE`.
fn origin(catalogue: &Catalogue, id: &str) -> String {
    match catalogue.origin(id) {
        Some(o) => o.to_string(),
        None => "built-in".to_string(),
    }
}

fn disabled_json(catalogue: &Catalogue) -> Value {
    let list: Vec<Value> = catalogue
        .disabled
        .iter()
        .map(|d| json!({"rule": d.rule, "reason": d.reason, "origin": d.origin.to_string()}))
        .collect();
    json!(list)
}

/// How a rule matches, in a few words and its globs or patterns.
fn how(rule: &Rule) -> (&'static str, String) {
    match rule.matcher {
        Matcher::Path(globs) => ("file", globs.join(" ")),
        Matcher::Dependency(names) => ("dependency", names.join(" ")),
        Matcher::DependencyIn { names, ecosystem } => {
            ("dependency", format!("{} ({ecosystem})", names.join(" ")))
        }
        Matcher::Content { files, pattern } => {
            ("content", format!("/{pattern}/ in {}", files.join(" ")))
        }
        Matcher::WorkflowStep { on, step } => {
            ("workflow step", format!("on {}: /{step}/", on.join("|")))
        }
        Matcher::WorkflowEnvironments { on } => (
            "workflow environments",
            format!("on {}: 2 or more `environment:` names", on.join("|")),
        ),
        Matcher::AllOf(ids) => ("all of", ids.join(" + ")),
    }
}

/// `scan --rules`: one line per rule (a rule of a file says where it was declared), then the
/// built-ins switched off, with their reasons.
pub fn rules_text(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    for (r, from) in catalogue.rules.iter().zip(catalogue.origins) {
        let (kind, _) = how(r);
        let from = from
            .map(|o| format!(" from {}", shown(&o.to_string())))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<26} {:<18} {}  {} ({kind}){from}",
            r.id,
            r.dimension,
            r.level,
            crate::untrusted::shown_within(r.summary, 240)
        );
    }
    for d in catalogue.disabled {
        let _ = writeln!(
            out,
            "disabled: {} by {}: {}",
            d.rule,
            shown(&d.origin.to_string()),
            shown(d.reason)
        );
    }
    out
}

/// `scan --rules --format markdown`: the table of rules (with an origin column when
/// some rule comes from a file), then the built-ins switched off.
pub fn rules_markdown(catalogue: &Catalogue) -> String {
    let own = catalogue.origins.iter().any(Option::is_some);
    let mut out = String::from("| rule | dimension | level | what it shows | how it is found |");
    out.push_str(if own {
        " from |\n|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|\n"
    });
    for (r, from) in catalogue.rules.iter().zip(catalogue.origins) {
        let (kind, detail) = how(r);
        // Built-in summaries are this project's own Markdown; a file's are a stranger's text.
        let summary = match from {
            Some(_) => escape::markdown(r.summary),
            None => r.summary.to_string(),
        };
        let _ = write!(
            out,
            "| `{}` | {} | {} | {summary} | {kind}: {} |",
            r.id,
            r.dimension,
            r.level,
            escape::markdown_code(&detail)
        );
        match (own, from) {
            (true, Some(o)) => writeln!(out, " {} |", escape::markdown_code(&o.to_string())),
            (true, None) => writeln!(out, " built-in |"),
            (false, _) => writeln!(out),
        }
        .ok();
    }
    if !catalogue.disabled.is_empty() {
        out.push_str("\n| disabled rule | by | reason |\n|---|---|---|\n");
        for d in catalogue.disabled {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                d.rule,
                escape::markdown_code(&d.origin.to_string()),
                escape::markdown(d.reason)
            );
        }
    }
    out
}

/// `scan --rules --format json`: each rule with its matcher in structured form and where it
/// comes from, so scripts (the benchmark, for one) can reuse the globs and patterns.
pub fn rules_json(catalogue: &Catalogue) -> Value {
    let list: Vec<Value> = catalogue
        .rules
        .iter()
        .map(|r| {
            let (kind, detail) = how(r);
            let structured = match r.matcher {
                Matcher::Path(globs) => json!({"globs": globs}),
                Matcher::Dependency(names) => json!({"names": names}),
                Matcher::DependencyIn { names, ecosystem } => {
                    json!({"names": names, "ecosystem": ecosystem})
                }
                Matcher::Content { files, pattern } => json!({"files": files, "pattern": pattern}),
                Matcher::WorkflowStep { on, step } => json!({"on": on, "step": step}),
                Matcher::WorkflowEnvironments { on } => json!({"on": on}),
                Matcher::AllOf(ids) => json!({"all_of": ids}),
            };
            json!({"id": r.id, "dimension": r.dimension, "level": r.level, "summary": r.summary,
                   "generic": r.generic, "matcher": kind, "matches": detail, "except": r.except,
                   "how": structured, "origin": origin(catalogue, r.id)})
        })
        .collect();
    json!({"schema_version": json::SCHEMA_VERSION, "rules": list,
           "disabled": disabled_json(catalogue)})
}
