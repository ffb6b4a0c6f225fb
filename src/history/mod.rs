//! `history`: reads every version of the answers file from git, scores each, and renders the timeline.

pub mod chart;
pub mod git;
pub mod html;
pub mod render;
pub mod timeline;
