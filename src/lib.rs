//! Validate, score and report an LLMOps maturity self-assessment.

pub mod app;
pub mod badge;
pub mod check;
pub mod cli;
pub mod commitments;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod exit;
pub mod github;
pub mod history;
pub mod init;
pub mod org;
pub mod questionnaire;
pub mod render;
pub mod scan;
pub mod schema;
pub mod score;
pub mod untrusted;
pub mod validate;

#[cfg(test)]
mod shape_tests;
