//! How a rule of a file finds its practice: the keys each `kind` takes, checked, and the matcher they make.

use super::pattern::{self, Refused, MAX_GLOB_CHARS};
use super::Matcher;
use crate::config::check::{closest, list, Checker, Entries};
use crate::config::{Node, Value};
use crate::diagnostic::Code;
use crate::untrusted::shown;

/// The most globs (or package names) of one rule.
pub const MAX_GLOBS: usize = 20;
/// The kinds of rule a file can declare, as `kind:` spells them.
pub const KINDS: &[&str] = &["file", "content", "dependency", "workflow-step"];
/// The ecosystems a `dependency` rule can name, as the manifests `scan` reads group into them
/// (a conda environment counts as `pypi`, Gradle and version catalogues as `maven`).
pub const ECOSYSTEMS: &[&str] = &["pypi", "npm", "cargo", "go", "nuget", "maven"];
/// The triggers a `workflow-step` rule counts under when it names none: any that runs the
/// workflow on its own (`workflow_call` inherits its callers', see `scan::engine`).
pub const ANY_TRIGGER: &[&str] = &[
    "push",
    "pull_request",
    "pull_request_target",
    "merge_group",
    "schedule",
    "release",
    "workflow_run",
    "workflow_dispatch",
];

/// The keys each kind takes besides the common ones, and which of them it needs.
fn kind_keys(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "file" => (&["glob"], &["glob"]),
        "content" => (&["glob", "pattern"], &["glob", "pattern"]),
        "dependency" => (&["package", "ecosystem"], &["package"]),
        _ => (&["pattern", "on"], &["pattern"]),
    }
}

pub(super) fn matcher(
    c: &mut Checker,
    kind: &Node,
    entries: &Entries,
    rule: &Node,
) -> Option<Matcher> {
    let name = c.string(kind, "the rule `kind`")?;
    if !KINDS.contains(&name.as_str()) {
        let hint = closest(&name, KINDS)
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        let message = format!(
            "unknown rule kind `{}`, expected one of {}{hint}",
            shown(&name),
            list(KINDS.iter().copied())
        );
        c.error(kind.pos, Code::UnknownKind, message);
        return None;
    }
    let (takes, needs) = kind_keys(&name);
    let mut ok = true;
    for key in ["glob", "pattern", "package", "ecosystem", "on"] {
        if let Some((k, _)) = entries.get_entry(key).filter(|_| !takes.contains(&key)) {
            let message = format!(
                "a `{name}` rule has no `{key}`; it takes {}",
                list(takes.iter().copied())
            );
            c.error(k.pos, Code::UnknownKey, message);
            ok = false;
        }
    }
    let what = format!("a `{name}` rule");
    let need = |c: &mut Checker, key: &'static str| c.required(entries, key, rule.pos, &what);
    let found: Vec<Option<&Node>> = needs.iter().map(|k| need(c, k)).collect();
    let (first, second) = (found[0]?, found.get(1).copied().flatten());
    let matcher = match name.as_str() {
        "file" => Matcher::Path(globs(c, first, "`glob`")?),
        "content" => {
            let files = globs(c, first, "`glob`");
            let pattern = regex(c, second?);
            Matcher::Content {
                files: files?,
                pattern: pattern?,
            }
        }
        "dependency" => {
            let names = packages(c, first);
            match entries.get("ecosystem") {
                None => Matcher::Dependency(names?),
                Some(n) => {
                    let ecosystem = ecosystem(c, n);
                    Matcher::DependencyIn {
                        names: names?,
                        ecosystem: ecosystem?,
                    }
                }
            }
        }
        _ => {
            let on = match entries.get("on") {
                Some(n) => events(c, n),
                None => Some(ANY_TRIGGER),
            };
            Matcher::WorkflowStep {
                step: regex(c, first)?,
                on: on?,
            }
        }
    };
    ok.then_some(matcher)
}

/// One text or a list of them (1 to [`MAX_GLOBS`]), each with its node.
fn one_or_more<'n>(c: &mut Checker, node: &'n Node, what: &str) -> Option<Vec<(String, &'n Node)>> {
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    if items.is_empty() || items.len() > MAX_GLOBS {
        let message = format!(
            "{what} has {} entries, expected 1 to {MAX_GLOBS}",
            items.len()
        );
        c.error(node.pos, Code::RuleLimit, message);
        return None;
    }
    let texts: Vec<Option<(String, &Node)>> = items
        .into_iter()
        .map(|n| c.line(n, what).map(|t| (t, n)))
        .collect();
    texts.into_iter().collect()
}

pub(super) fn globs(c: &mut Checker, node: &Node, what: &str) -> Option<&'static [&'static str]> {
    let mut out = Vec::new();
    let mut ok = true;
    for (text, at) in one_or_more(c, node, what)? {
        let refused = match pattern::glob(&text) {
            Ok(()) => {
                out.push(&*text.leak());
                continue;
            }
            Err(refused) => refused,
        };
        ok = false;
        let glob = shown(&text);
        let (code, message) = match refused {
            Refused::TooLong(max) => (Code::RuleLimit, format!("glob `{glob}` is longer than {max} characters")),
            Refused::Outside => (Code::GlobOutsideRepository, format!("glob `{glob}` could name a place outside the repository; write a path relative to the repository root, without `..`, `/`, `~` or a drive at its start")),
            Refused::Invalid(why) => (Code::InvalidPattern, format!("glob `{glob}` does not compile: {}", shown(&why))),
        };
        c.error(at.pos, code, message);
    }
    ok.then(|| &*out.leak())
}

fn regex(c: &mut Checker, node: &Node) -> Option<&'static str> {
    let text = c.text(node, "the rule `pattern`")?;
    let (code, message) = match pattern::regex(&text) {
        Ok(()) => return Some(text.leak()),
        Err(Refused::TooLong(max)) => (
            Code::RuleLimit,
            format!(
                "the rule `pattern` has {} characters, at most {max}",
                text.chars().count()
            ),
        ),
        Err(Refused::Invalid(why)) => (
            Code::InvalidPattern,
            format!("the rule `pattern` is not a valid regex: {}", shown(&why)),
        ),
        Err(Refused::Outside) => unreachable!("only globs are judged outside"),
    };
    c.error(node.pos, code, message);
    None
}

/// Package names (globs, compared after normalisation: see `scan::rules`), written lower-case.
fn packages(c: &mut Checker, node: &Node) -> Option<&'static [&'static str]> {
    let mut out = Vec::new();
    let mut ok = true;
    for (text, at) in one_or_more(c, node, "`package`")? {
        let name = text.to_ascii_lowercase();
        let bad = if name.chars().count() > MAX_GLOB_CHARS {
            Some((
                Code::RuleLimit,
                format!("is longer than {MAX_GLOB_CHARS} characters"),
            ))
        } else if name.contains(char::is_whitespace) {
            Some((
                Code::InvalidPattern,
                "holds a space; write one package name".to_string(),
            ))
        } else {
            match pattern::glob(&name) {
                Err(Refused::Invalid(why)) => Some((
                    Code::InvalidPattern,
                    format!("does not compile: {}", shown(&why)),
                )),
                _ => None,
            }
        };
        match bad {
            Some((code, why)) => {
                c.error(at.pos, code, format!("package `{}` {why}", shown(&text)));
                ok = false;
            }
            None => out.push(&*name.leak()),
        }
    }
    ok.then(|| &*out.leak())
}

/// Workflow trigger names (`push`, `pull_request`, `schedule`, ...).
fn events(c: &mut Checker, node: &Node) -> Option<&'static [&'static str]> {
    let mut out = Vec::new();
    let mut ok = true;
    for (text, at) in one_or_more(c, node, "`on`")? {
        let plain = !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if plain {
            out.push(&*text.leak());
        } else {
            let message = format!("`on` names `{}`, which is not a workflow trigger such as `push`, `pull_request` or `schedule`", shown(&text));
            c.error(at.pos, Code::InvalidType, message);
            ok = false;
        }
    }
    ok.then(|| &*out.leak())
}

/// A `dependency` rule's `ecosystem`, one of [`ECOSYSTEMS`].
fn ecosystem(c: &mut Checker, node: &Node) -> Option<&'static str> {
    let name = c.string(node, "the rule `ecosystem`")?;
    if let Some(found) = ECOSYSTEMS.iter().find(|e| **e == name) {
        return Some(found);
    }
    let hint = closest(&name, ECOSYSTEMS)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    let message = format!(
        "unknown ecosystem `{}`, expected one of {}{hint}",
        shown(&name),
        list(ECOSYSTEMS.iter().copied())
    );
    c.error(node.pos, Code::InvalidType, message);
    None
}
