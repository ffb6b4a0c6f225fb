//! Everything that talks to GitHub: the runner's environment, the REST API and the sticky comment.

pub mod api;
pub mod base_evidence;
pub mod ci;
pub mod comment;
pub mod env;
pub mod error;
pub mod log;
pub mod outputs;
pub mod publish;
pub mod retry;
pub mod scrub;
