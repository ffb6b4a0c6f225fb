//! Checks GraphQL requests against GitHub's published schema with apollo-compiler: the query text and its variables.
//!
//! The schema (`tests/data/github/schema.graphql`, 1.2 MB) is parsed once per test binary.

use std::path::PathBuf;
use std::sync::OnceLock;

use apollo_compiler::response::JsonMap;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use serde_json::Value as Json;

/// GitHub's schema, parsed and validated once.
pub fn schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/github/schema.graphql");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        // GitHub's published schema defines a few fields twice (e.g.
        // `EnterpriseOwnerInfo.repositoryDeployKeySetting`), which the spec forbids; apollo
        // keeps the first definition. Any other problem with the schema fails loudly.
        let schema = match Schema::parse_and_validate(text, "schema.graphql") {
            Ok(valid) => return valid,
            Err(e) => e,
        };
        let other: Vec<String> = schema
            .errors
            .iter()
            .map(|d| d.error.to_string())
            .filter(|m| !m.starts_with("duplicate definitions for the `"))
            .collect();
        assert!(
            other.is_empty(),
            "GitHub's schema does not validate: {other:#?}"
        );
        Valid::assume_valid(schema.partial)
    })
}

/// Every way a query text departs from GitHub's schema; empty when GitHub would run it.
pub fn check_query(query: &str) -> Vec<String> {
    match ExecutableDocument::parse_and_validate(schema(), query, "query.graphql") {
        Ok(_) => Vec::new(),
        Err(e) => e.errors.iter().map(|d| d.to_string()).collect(),
    }
}

/// Every way a request body (`{"query", "variables"}`) departs from the schema, variables included.
pub fn check_request(body: &[u8]) -> Vec<String> {
    let Ok(request) = serde_json::from_slice::<Json>(body) else {
        return vec!["the body is not JSON".into()];
    };
    let Some(query) = request.get("query").and_then(Json::as_str) else {
        return vec!["no `query` string".into()];
    };
    let doc = match ExecutableDocument::parse_and_validate(schema(), query, "query.graphql") {
        Ok(doc) => doc,
        Err(e) => return e.errors.iter().map(|d| d.to_string()).collect(),
    };
    let name = request.get("operationName").and_then(Json::as_str);
    let operation = match doc.operations.get(name) {
        Ok(op) => op,
        Err(e) => return vec![e.message().to_string()],
    };
    let variables = request
        .get("variables")
        .cloned()
        .unwrap_or(Json::Object(Default::default()));
    let Ok(values) = serde_json::from_value::<JsonMap>(variables) else {
        return vec!["`variables` is not an object".into()];
    };
    match apollo_compiler::request::coerce_variable_values(schema(), operation, &values) {
        Ok(_) => Vec::new(),
        Err(e) => vec![format!("variables: {}", e.message())],
    }
}
