//! Report formatters: each takes values and returns text; none of them prints.

pub mod json;
pub mod markdown;
pub mod text;

/// The output formats of `check`, `diff` and `questions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
}
