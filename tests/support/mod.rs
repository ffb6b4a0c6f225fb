//! Helpers shared by the integration tests: the fake GitHub, the API-description checker and a runner's command parser.

// Each test binary uses a different part of the helpers.
#![allow(dead_code)]

pub mod fake;
pub mod openapi;
pub mod runner;
