//! The starter answers file written by `init`: every question and option as comments.

use std::fmt::Write;

use crate::questionnaire::Questionnaire;
use crate::scan::{Scan, Signal};
use crate::untrusted::shown;
use crate::validate::SUPPORTED_VERSION;

/// The starter file: every answer 1, every question and option as comments.
///
/// `named` is how the file names the questionnaire: its id, or a questionnaire file's path.
pub fn starter(q: &Questionnaire, named: &str) -> String {
    starter_with(q, named, None)
}

/// The starter file for `init --from-scan`: each answer set to the level the scan supports, with
/// the signals behind it as comments, so a team starts from what its repository shows.
pub fn from_scan(q: &Questionnaire, named: &str, scan: &Scan) -> String {
    starter_with(q, named, Some(scan))
}

/// Signals listed per dimension in the comments of `init --from-scan`.
const SIGNALS_PER_DIMENSION: usize = 5;

fn starter_with(q: &Questionnaire, named: &str, scan: Option<&Scan>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=./llmops-maturity.schema.json"
    );
    let _ = writeln!(
        out,
        "# LLMOps maturity self-assessment, checked by `llmops-maturity check`."
    );
    let schema_flag = if named == crate::questionnaire::builtin().id {
        String::new()
    } else {
        format!(" --questionnaire {}", shown(named))
    };
    let _ = writeln!(
        out,
        "# For editor completion: llmops-maturity schema{schema_flag} > llmops-maturity.schema.json"
    );
    let top = q
        .dimensions
        .iter()
        .map(|d| d.max_points())
        .max()
        .unwrap_or(4);
    let _ = writeln!(
        out,
        "# Answer each question with the option (1-{top}) that is true today, not the plan."
    );
    let _ = writeln!(out, "version: {SUPPORTED_VERSION}");
    let _ = writeln!(out, "questionnaire: {}", shown(named));
    let _ = writeln!(out, "assessment:");
    let _ = writeln!(out, "  team: My team");
    let _ = writeln!(out, "  # assessed-at: 2026-01-31   # YYYY-MM-DD");
    let _ = writeln!(
        out,
        "  # review-every: 90         # days; an older assessment warns (needs assessed-at)"
    );
    let _ = writeln!(out, "  # owners: [\"@my-org/my-team\"]");
    let _ = writeln!(out, "answers:");
    for d in q.dimensions {
        let _ = writeln!(out, "  # {}", d.question);
        for (i, option) in d.options.iter().enumerate() {
            let _ = writeln!(out, "  #   {}: {option}", i + 1);
        }
        let level = match scan {
            Some(scan) => scanned(&mut out, scan, d.id),
            None => 1,
        };
        let _ = writeln!(out, "  {}: {level}", d.id);
    }
    let _ = writeln!(out, "  # An answer can also carry evidence and notes:");
    let _ = writeln!(out, "  #   evaluation:");
    let _ = writeln!(out, "  #     level: 2");
    let _ = writeln!(
        out,
        "  #     evidence: [evals/, https://wiki.example.com/eval-plan]"
    );
    let _ = writeln!(
        out,
        "  #     notes: Groundedness and relevance run nightly on 200 questions."
    );
    out.push_str(COMMITMENTS);
    out
}

/// The level `scan` supports for dimension `id`, after comments listing its signals.
fn scanned(out: &mut String, scan: &Scan, id: &str) -> u8 {
    let level = scan.supported_level(id);
    let signals: Vec<&Signal> = scan.signals.iter().filter(|s| s.dimension == id).collect();
    if signals.is_empty() {
        let _ = writeln!(out, "  # scan: nothing seen, so 1");
    } else {
        let _ = writeln!(out, "  # scan: level {level} supported by");
    }
    for s in signals.iter().take(SIGNALS_PER_DIMENSION) {
        // File names and text are untrusted: escaped so none can end the comment.
        let _ = writeln!(
            out,
            "  #   {}:{}  {} [{}]",
            shown(&s.path),
            s.line,
            shown(&s.summary),
            s.rule
        );
    }
    if signals.len() > SIGNALS_PER_DIMENSION {
        let _ = writeln!(
            out,
            "  #   and {} more (llmops-maturity scan --format json)",
            signals.len() - SIGNALS_PER_DIMENSION
        );
    }
    level
}

/// Optional commitments, commented out: dated targets and waivers with a reason and an end.
const COMMITMENTS: &str = "\
# Targets: a level to reach by a date, overall or for one dimension. `check` warns 30 days
# before the date and fails (exit 1) once it has passed unmet; a met target never fails.
# targets:
#   - level: 3                   # the overall level
#     by: 2027-03-31
#   - dimension: evaluation      # or one dimension's answer
#     level: 3
#     by: 2027-01-31
# Waivers: an accepted exception for one dimension's `unsupported-claim` (the evidence check),
# with a reason, until a date at most a year after assessed-at; expired, the warning is back.
# waivers:
#   - dimension: responsible-ai
#     reason: Reviews by the RAI board are minuted outside this repository
#     approved-by: \"@my-org/rai-board\"   # optional
#     expires: 2027-01-31        # the last day it holds
";
