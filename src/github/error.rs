//! How a GitHub request can fail, in the terms the commands act on; below both the client and its retry policy.

use std::time::Duration;

/// What went wrong with a request, in the terms the `ci` command acts on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// 403 "Resource not accessible by integration": the token may not do this, typically the
    /// read-only token of a pull request from a fork.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 404: the repository, pull request, comment or file does not exist (or is hidden from us).
    #[error("not found")]
    NotFound,
    /// 429 or a 403 rate limit that retrying within the allowed wait did not cure.
    #[error("rate limited{}", .retry_after.map(|d| format!(" (GitHub asks to wait {}s)", d.as_secs())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    /// No complete answer within the deadline.
    #[error("timed out after {}s", .0.as_secs_f32())]
    Timeout(Duration),
    /// Any other unsuccessful status.
    #[error("HTTP {status}: {message}")]
    Http { status: u16, message: String },
    /// The connection failed (DNS, TLS, reset).
    #[error("connection failed: {0}")]
    Transport(String),
    /// A success whose body is not what the API description promises.
    #[error("unexpected response: {0}")]
    InvalidResponse(String),
}

/// A failed request: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{request}: {kind}")]
pub struct ApiError {
    /// `METHOD /path`, never with the host or the token.
    pub request: String,
    pub kind: ErrorKind,
}
