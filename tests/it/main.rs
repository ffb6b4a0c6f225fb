//! The one integration-test binary: a module per area, sharing the fake GitHub and the runner's command parser.

mod action_contract;
mod action_e2e;
mod cli;
mod github_api;
mod github_ci;
mod github_org;
mod support;
