//! Validate, score and report an LLMOps maturity self-assessment.

pub mod config;
pub mod github;
pub mod questionnaire;
