//! One scrubber for every text a GitHub server sends back: the token it was sent never survives into a message, a report or a file.
//!
//! A server may echo what it was sent, in an error body or in a successful answer (a GraphQL
//! `errors[].message`, a `rateLimit.resetAt`, a file's text), and whatever an answer holds can
//! reach the job log, the summary, a comment or `--json-out`. So every body is scrubbed as it
//! arrives, whatever its status, before anything reads it: the token's text is replaced by
//! `***`, and in JSON, where `\u0067hp_…` spells the same string, every decoded string is
//! scrubbed too.

use serde_json::Value;

/// The mark that stands where the token was.
pub const MASK: &str = "***";

/// Tokens shorter than this are no secret worth hiding, and replacing them would garble text.
const MIN_SECRET: usize = 8;

/// `text` with every copy of `token` replaced by [`MASK`].
pub fn text(text: &str, token: &str) -> String {
    if token.len() < MIN_SECRET || !text.contains(token) {
        return text.to_string();
    }
    text.replace(token, MASK)
}

/// A response body: scrubbed as text, and, when it is JSON holding escapes, as decoded strings.
pub fn body(body: &str, token: &str) -> String {
    let scrubbed = text(body, token);
    if token.len() < MIN_SECRET || !scrubbed.contains("\\u") {
        return scrubbed;
    }
    let Ok(mut value) = serde_json::from_str::<Value>(&scrubbed) else {
        return scrubbed;
    };
    if !strings(&mut value, token) {
        return scrubbed;
    }
    serde_json::to_string(&value).unwrap_or(scrubbed)
}

/// Scrubs every string (keys included) in `value`; whether any changed.
fn strings(value: &mut Value, token: &str) -> bool {
    match value {
        Value::String(s) if s.contains(token) => {
            *s = s.replace(token, MASK);
            true
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| strings(v, token) | changed),
        Value::Object(map) => {
            let mut changed = false;
            let keys: Vec<String> = map.keys().filter(|k| k.contains(token)).cloned().collect();
            for key in keys {
                if let Some(v) = map.remove(&key) {
                    map.insert(key.replace(token, MASK), v);
                    changed = true;
                }
            }
            map.values_mut()
                .fold(changed, |changed, v| strings(v, token) | changed)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "ghp_0123456789abcdefSECRET";

    #[test]
    fn plain_and_escaped_copies_are_masked() {
        let body = r#"{"errors":[{"message":"bad credentials ghp_0123456789abcdefSECRET"}],"data":{"rateLimit":{"resetAt":"\u0067hp_0123456789abcdefSECRET"}}}"#;
        let clean = super::body(body, TOKEN);
        assert!(!clean.contains("SECRET"), "{clean}");
        let v: Value = serde_json::from_str(&clean).unwrap();
        assert_eq!(v["errors"][0]["message"], "bad credentials ***");
        assert_eq!(v["data"]["rateLimit"]["resetAt"], "***");
    }

    #[test]
    fn a_body_without_the_token_is_unchanged() {
        let body = "{\"a\": \"\\u00e9t\\u00e9\"}";
        assert_eq!(super::body(body, TOKEN), body);
        assert_eq!(super::body("not json \\u", TOKEN), "not json \\u");
    }
}
