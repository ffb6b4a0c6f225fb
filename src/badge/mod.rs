//! `badge`: the badge for an answers file's level, as an SVG image or a shields.io endpoint JSON.

pub mod render;
pub mod verdana;
