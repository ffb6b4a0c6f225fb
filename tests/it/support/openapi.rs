//! Checks requests sent to the fake GitHub against GitHub's own REST API description.
//!
//! A hand-written subset of an OpenAPI validator: method, path template, path and query
//! parameter types, and the request body's required fields and their types, with `$ref`s
//! resolved. GraphQL is not in the REST description: its requests are checked against GitHub's
//! GraphQL schema (`graphql.rs`).

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value as Json;

/// The description, read once per test binary from `tests/data/github/` (copied from GitHub's
/// published description, see the README there).
fn spec() -> &'static Json {
    static SPEC: OnceLock<Json> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/github/openapi-subset.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text).expect("openapi-subset.json is JSON")
    })
}

/// Follows `$ref: "#/components/..."` until a real object.
fn resolve(value: &Json) -> &Json {
    let mut value = value;
    for _ in 0..32 {
        match value.get("$ref").and_then(Json::as_str) {
            Some(r) => {
                let pointer = r.strip_prefix('#').expect("only local $refs");
                value = spec()
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling $ref {r}"));
            }
            None => return value,
        }
    }
    panic!("$ref cycle")
}

/// A request as the fake received it.
pub struct Seen<'a> {
    pub method: &'a str,
    /// The path without the GHES `/api/v3` prefix.
    pub path: &'a str,
    pub query: Vec<(String, String)>,
    pub body: &'a [u8],
}

/// Every way `seen` departs from the description; empty when it conforms.
pub fn check(seen: &Seen<'_>) -> Vec<String> {
    let what = format!("{} {}", seen.method, seen.path);
    if seen.path == "/graphql" || seen.path == "/api/graphql" {
        return check_graphql(seen, &what);
    }
    let paths = spec()["paths"].as_object().expect("paths");
    let Some((template, item, params)) = paths
        .iter()
        .find_map(|(t, item)| match_template(t, seen.path).map(|p| (t, item, p)))
    else {
        return vec![format!("{what}: no such path in the API description")];
    };
    let method = seen.method.to_ascii_lowercase();
    let Some(op) = item.get(&method) else {
        return vec![format!("{what}: {template} has no {method} operation")];
    };
    let mut problems = Vec::new();
    let declared: Vec<&Json> = item
        .get("parameters")
        .and_then(Json::as_array)
        .into_iter()
        .chain(op.get("parameters").and_then(Json::as_array))
        .flatten()
        .map(resolve)
        .collect();
    for p in &declared {
        let name = p["name"].as_str().unwrap_or_default();
        let schema = resolve(&p["schema"]);
        let required = p["required"].as_bool().unwrap_or(false);
        let value = match p["in"].as_str() {
            Some("path") => params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone()),
            Some("query") => seen
                .query
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone()),
            _ => continue,
        };
        match value {
            None if required => problems.push(format!("{what}: missing required `{name}`")),
            Some(v) if !string_fits(&v, schema) => {
                problems.push(format!("{what}: `{name}`={v:?} is not {}", schema["type"]))
            }
            _ => {}
        }
    }
    for (name, _) in &seen.query {
        let known = declared
            .iter()
            .any(|p| p["in"] == "query" && p["name"] == name.as_str());
        if !known {
            problems.push(format!("{what}: undeclared query parameter `{name}`"));
        }
    }
    match op.get("requestBody").map(resolve) {
        Some(rb) => {
            let schema = resolve(&rb["content"]["application/json"]["schema"]);
            match serde_json::from_slice::<Json>(seen.body) {
                Ok(body) => problems.extend(check_value(&body, schema, &format!("{what}: body"))),
                Err(_) if rb["required"].as_bool() == Some(true) => {
                    problems.push(format!("{what}: body is required JSON"))
                }
                Err(_) => {}
            }
        }
        None if !seen.body.is_empty() => {
            problems.push(format!("{what}: the operation takes no body"))
        }
        None => {}
    }
    problems
}

fn check_graphql(seen: &Seen<'_>, what: &str) -> Vec<String> {
    if seen.method != "POST" {
        return vec![format!("{what}: GraphQL takes POST")];
    }
    super::graphql::check_request(seen.body)
        .into_iter()
        .map(|p| format!("{what}: {p}"))
        .collect()
}

/// Matches `/repos/{owner}/{repo}/contents/{path}` against a concrete path; a last `{path}`
/// parameter (or one marked `x-multi-segment`) takes the rest of the path, slashes included.
fn match_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let t: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut params = Vec::new();
    for (i, seg) in t.iter().enumerate() {
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) if i == t.len() - 1 && (name == "path" || name == "commit_sha") => {
                let rest = p.get(i..)?.join("/");
                if rest.is_empty() {
                    return None;
                }
                params.push((name.to_string(), rest));
                return Some(params);
            }
            Some(name) => {
                let v = p.get(i).filter(|v| !v.is_empty())?;
                params.push((name.to_string(), v.to_string()));
            }
            None if p.get(i) == Some(seg) => {}
            None => return None,
        }
    }
    (t.len() == p.len()).then_some(params)
}

/// Whether a path or query string can be read as the schema's type.
fn string_fits(v: &str, schema: &Json) -> bool {
    match schema["type"].as_str() {
        Some("integer") => v.parse::<i64>().is_ok(),
        Some("number") => v.parse::<f64>().is_ok(),
        Some("boolean") => v == "true" || v == "false",
        _ => true,
    }
}

/// Required properties and property types of a JSON value, recursively for objects.
fn check_value(value: &Json, schema: &Json, at: &str) -> Vec<String> {
    let schema = resolve(schema);
    if value.is_null() && schema["nullable"].as_bool() == Some(true) {
        return Vec::new();
    }
    let ok = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        _ => true,
    };
    if !ok {
        return vec![format!("{at}: {value} is not {}", schema["type"])];
    }
    let mut problems = Vec::new();
    if let (Some(obj), Some(props)) = (value.as_object(), schema["properties"].as_object()) {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap_or_default();
            if !obj.contains_key(name) {
                problems.push(format!("{at}: missing required `{name}`"));
            }
        }
        for (name, v) in obj {
            match props.get(name) {
                Some(s) => problems.extend(check_value(v, s, &format!("{at}.{name}"))),
                None => problems.push(format!("{at}: unknown property `{name}`")),
            }
        }
    }
    problems
}

#[test]
fn the_checker_rejects_what_github_would() {
    let seen = |method, path, query: &[(&str, &str)], body: &'static [u8]| {
        check(&Seen {
            method,
            path,
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body,
        })
    };
    let list = "/repos/o/r/issues/7/comments";
    assert!(seen("GET", list, &[("per_page", "100")], b"").is_empty());
    assert!(!seen("GET", list, &[("per_page", "many")], b"").is_empty());
    assert!(!seen("GET", list, &[("perpage", "100")], b"").is_empty());
    assert!(!seen("GET", "/repos/o/r/issues/x/comments", &[], b"").is_empty());
    assert!(seen(
        "PATCH",
        "/repos/o/r/issues/comments/5",
        &[],
        br#"{"body":"b"}"#
    )
    .is_empty());
    assert!(!seen(
        "POST",
        "/repos/o/r/issues/comments/5",
        &[],
        br#"{"body":"b"}"#
    )
    .is_empty());
    assert!(!seen(
        "PATCH",
        "/repos/o/r/issues/comments/5",
        &[],
        br#"{"text":"b"}"#
    )
    .is_empty());
    assert!(!seen(
        "PATCH",
        "/repos/o/r/issues/comments/5",
        &[],
        br#"{"body":5}"#
    )
    .is_empty());
    assert!(seen(
        "GET",
        "/repos/o/r/contents/a/b.yaml",
        &[("ref", "abc")],
        b""
    )
    .is_empty());
    assert!(!seen("GET", "/repos/o/r/nothing", &[], b"").is_empty());
    assert!(seen(
        "POST",
        "/graphql",
        &[],
        br#"{"query":"query { viewer { login } }"}"#
    )
    .is_empty());
}
