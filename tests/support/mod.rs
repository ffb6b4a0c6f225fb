//! Helpers shared by the integration tests: the fake GitHub, the API-description and GraphQL-schema checkers and a runner's command parser.

// Each test binary uses a different part of the helpers.
#![allow(dead_code)]

pub mod browser;
pub mod fake;
pub mod graphql;
pub mod openapi;
pub mod runner;
