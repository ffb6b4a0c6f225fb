//! The starter answers file written by `init`: every question and option as comments.

use std::fmt::Write;

use crate::questionnaire::Questionnaire;
use crate::validate::SUPPORTED_VERSION;

pub fn starter(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=./llmops-maturity.schema.json"
    );
    let _ = writeln!(
        out,
        "# LLMOps maturity self-assessment, checked by `llmops-maturity check`."
    );
    let _ = writeln!(
        out,
        "# For editor completion: llmops-maturity schema > llmops-maturity.schema.json"
    );
    let _ = writeln!(
        out,
        "# Answer each question with the option (1-4) that is true today, not the plan."
    );
    let _ = writeln!(out, "version: {SUPPORTED_VERSION}");
    let _ = writeln!(out, "questionnaire: {}", q.id);
    let _ = writeln!(out, "assessment:");
    let _ = writeln!(out, "  team: My team");
    let _ = writeln!(out, "  # assessed-at: 2026-01-31   # YYYY-MM-DD");
    let _ = writeln!(out, "  # owners: [\"@my-org/my-team\"]");
    let _ = writeln!(out, "answers:");
    for d in q.dimensions {
        let _ = writeln!(out, "  # {}", d.question);
        for (i, option) in d.options.iter().enumerate() {
            let _ = writeln!(out, "  #   {}: {option}", i + 1);
        }
        let _ = writeln!(out, "  {}: 1", d.id);
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
    out
}
