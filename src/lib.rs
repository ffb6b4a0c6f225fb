//! Validate, score and report an LLMOps maturity self-assessment.

pub mod at_commit;
pub mod badge;
pub mod capped;
pub mod changed;
pub mod cli;
pub mod commands;
pub mod commitments;
pub mod config;
pub mod dashboard;
pub mod diagnostic;
pub mod diff;
pub mod escape;
pub mod evaluate;
pub mod exit;
pub mod gate;
pub mod github;
pub mod history;
pub mod init;
pub mod load;
pub mod org;
pub mod output;
pub mod questionnaire;
pub mod render;
pub mod revision;
pub mod rule;
pub mod scan;
pub mod schema;
pub mod score;
pub mod untrusted;
pub mod validate;

#[cfg(test)]
mod shape_tests;
