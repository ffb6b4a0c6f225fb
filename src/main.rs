//! The `llmops-maturity` binary.
fn main() {}
