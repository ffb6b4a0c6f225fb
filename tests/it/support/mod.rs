//! Helpers shared by the integration tests: the fake GitHub, the API-description and GraphQL-schema checkers and a runner's command parser.

pub mod browser;
pub mod fake;
pub mod graphql;
pub mod openapi;
pub mod runner;
