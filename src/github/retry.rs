//! The fault policy of the GitHub client: which answers are retried, after how long, and what a final failure is called.
//!
//! GitHub's guidance: retry 5xx with backoff; on 429 or a rate-limited 403 wait for `retry-after`,
//! else until `x-ratelimit-reset`, and never retry earlier than the server asked
//! (<https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api>).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, StatusCode};
use serde_json::Value as Json;

use super::error::ErrorKind;

/// How much of an error message from GitHub is kept for our own messages.
const MAX_MESSAGE_CHARS: usize = 300;

/// A future that finishes after a delay; tests swap the real sleep for one that only records.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
/// Sleeps for the given duration.
pub type Sleeper = Arc<dyn Fn(Duration) -> SleepFuture + Send + Sync>;
/// Tells the time, for `x-ratelimit-reset` (an epoch second).
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// When and how long to wait before trying a request again.
#[derive(Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first backoff when the server does not say how long to wait; doubles each time.
    pub base_delay: Duration,
    /// The longest single wait. A server asking for more is not retried: asking again before
    /// the time it named only prolongs a rate limit
    /// (<https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately>).
    pub max_wait: Duration,
    /// The most time spent waiting across all retries of one request.
    pub max_total_wait: Duration,
    pub sleep: Sleeper,
    pub now: Clock,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
            max_total_wait: Duration::from_secs(90),
            sleep: Arc::new(|d| Box::pin(tokio::time::sleep(d))),
            now: Arc::new(SystemTime::now),
        }
    }
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("base_delay", &self.base_delay)
            .field("max_wait", &self.max_wait)
            .field("max_total_wait", &self.max_total_wait)
            .finish_non_exhaustive()
    }
}

/// A complete answer, body read.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

/// How long to wait before retrying, or `None` when the answer is not worth retrying.
pub(crate) fn retry_wait(
    reply: &Reply,
    attempt: u32,
    policy: &RetryPolicy,
    now: SystemTime,
) -> Option<Duration> {
    let status = reply.status;
    let rate_limited = is_rate_limited(reply);
    if !(status.is_server_error() || rate_limited) {
        return None;
    }
    match requested_wait(&reply.headers, now) {
        Some(wait) if wait > policy.max_wait => None,
        Some(wait) => Some(wait),
        // GitHub: for a secondary rate limit without headers, wait at least a minute.
        None if rate_limited && status == StatusCode::FORBIDDEN => Some(policy.max_wait),
        None => {
            let exp = policy
                .base_delay
                .saturating_mul(1u32 << (attempt - 1).min(16));
            Some(exp.min(policy.max_wait))
        }
    }
}

/// The wait the server asked for: `retry-after` seconds, else the `x-ratelimit-reset` epoch
/// second when the quota is spent.
fn requested_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(secs) = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    if header("x-ratelimit-remaining").map(str::trim) == Some("0") {
        let reset = header("x-ratelimit-reset")?.trim().parse::<u64>().ok()?;
        let now = now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        // One second of slack: the reset second itself may still be limited.
        return Some(Duration::from_secs(
            reset.saturating_sub(now).saturating_add(1),
        ));
    }
    None
}

/// 429, or a 403 that is a rate limit rather than a permission problem
/// (<https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit>).
fn is_rate_limited(reply: &Reply) -> bool {
    match reply.status {
        StatusCode::TOO_MANY_REQUESTS => true,
        StatusCode::FORBIDDEN => {
            let remaining = reply
                .headers
                .get("x-ratelimit-remaining")
                .and_then(|v| v.to_str().ok());
            remaining.map(str::trim) == Some("0")
                || reply.body.to_ascii_lowercase().contains("rate limit")
        }
        _ => false,
    }
}

/// Names a final, unsuccessful answer.
pub(crate) fn classify(reply: &Reply, now: SystemTime) -> ErrorKind {
    // Only GitHub's `message` field is kept, never the raw body: a proxy's HTML page or a
    // server echoing the request (token included) must not reach the log. Without one, the
    // status's own reason phrase stands in.
    let message = serde_json::from_str::<Json>(&reply.body)
        .ok()
        .and_then(|v| v.get("message").and_then(Json::as_str).map(clip))
        .unwrap_or_else(|| {
            reply
                .status
                .canonical_reason()
                .unwrap_or("no message")
                .to_string()
        });
    if is_rate_limited(reply) {
        return ErrorKind::RateLimited {
            retry_after: requested_wait(&reply.headers, now),
        };
    }
    match reply.status {
        StatusCode::NOT_FOUND => ErrorKind::NotFound,
        StatusCode::FORBIDDEN if message.contains("Resource not accessible by integration") => {
            ErrorKind::Forbidden(message)
        }
        status => ErrorKind::Http {
            status: status.as_u16(),
            message,
        },
    }
}

/// Cuts a message from GitHub to a length fit for our own messages, on one line, escaped as any
/// untrusted text is.
pub(crate) fn clip(s: &str) -> String {
    crate::untrusted::shown_within(s.trim(), MAX_MESSAGE_CHARS).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, headers: &[(&'static str, &str)], body: &str) -> Reply {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, v.parse().unwrap());
        }
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            headers: map,
            body: body.to_string(),
        }
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn server_errors_back_off_exponentially_up_to_the_cap() {
        let policy = RetryPolicy {
            max_wait: Duration::from_secs(3),
            ..RetryPolicy::default()
        };
        let r = reply(502, &[], "");
        let waits: Vec<_> = (1..=4).map(|a| retry_wait(&r, a, &policy, at(0))).collect();
        assert_eq!(waits, [1, 2, 3, 3].map(|s| Some(Duration::from_secs(s))));
    }

    #[test]
    fn retry_after_wins_over_the_reset_time() {
        let r = reply(
            429,
            &[
                ("retry-after", "7"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "1030"),
            ],
            "",
        );
        let wait = retry_wait(&r, 1, &RetryPolicy::default(), at(1000));
        assert_eq!(wait, Some(Duration::from_secs(7)));
    }

    #[test]
    fn a_spent_quota_waits_until_the_reset() {
        let r = reply(
            403,
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "1030"),
            ],
            r#"{"message":"API rate limit exceeded"}"#,
        );
        let wait = retry_wait(&r, 1, &RetryPolicy::default(), at(1000));
        assert_eq!(wait, Some(Duration::from_secs(31)));
    }

    #[test]
    fn absurd_rate_limit_headers_do_not_panic() {
        let r = reply(
            403,
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "18446744073709551615"),
            ],
            "",
        );
        assert_eq!(retry_wait(&r, 1, &RetryPolicy::default(), at(0)), None);
        let r = reply(429, &[("retry-after", "soon")], "");
        assert_eq!(
            retry_wait(&r, 1, &RetryPolicy::default(), at(0)),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn a_wait_beyond_the_cap_is_not_attempted() {
        let r = reply(429, &[("retry-after", "3600")], "");
        assert_eq!(retry_wait(&r, 1, &RetryPolicy::default(), at(0)), None);
        assert_eq!(
            classify(&r, at(0)),
            ErrorKind::RateLimited {
                retry_after: Some(Duration::from_secs(3600))
            }
        );
    }

    #[test]
    fn a_secondary_rate_limit_without_headers_waits_the_cap() {
        let r = reply(
            403,
            &[],
            r#"{"message":"You have exceeded a secondary rate limit."}"#,
        );
        let policy = RetryPolicy::default();
        assert_eq!(retry_wait(&r, 1, &policy, at(0)), Some(policy.max_wait));
    }

    #[test]
    fn a_forbidden_write_is_not_retried_and_is_named() {
        let r = reply(
            403,
            &[("x-ratelimit-remaining", "4999")],
            r#"{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com"}"#,
        );
        assert_eq!(retry_wait(&r, 1, &RetryPolicy::default(), at(0)), None);
        assert_eq!(
            classify(&r, at(0)),
            ErrorKind::Forbidden("Resource not accessible by integration".into())
        );
    }

    #[test]
    fn client_errors_are_not_retried() {
        for status in [400, 401, 404, 422] {
            let r = reply(status, &[], "{}");
            assert_eq!(retry_wait(&r, 1, &RetryPolicy::default(), at(0)), None);
        }
        assert_eq!(classify(&reply(404, &[], ""), at(0)), ErrorKind::NotFound);
    }

    #[test]
    fn only_githubs_message_is_kept_never_the_raw_body() {
        let html = reply(
            502,
            &[],
            "<html>upstream said: Authorization: Bearer ghs_x</html>",
        );
        assert_eq!(
            classify(&html, at(0)),
            ErrorKind::Http {
                status: 502,
                message: "Bad Gateway".into()
            }
        );
        let json = reply(
            422,
            &[],
            r#"{"message":"bad\n::error::x","errors":[{"token":"ghs_x"}]}"#,
        );
        assert_eq!(
            classify(&json, at(0)),
            ErrorKind::Http {
                status: 422,
                message: r"bad\n::error::x".into()
            }
        );
    }
}
