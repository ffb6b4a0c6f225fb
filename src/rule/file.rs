//! Reads evidence rules from a file (a team's `.llmops-maturity/rules.yaml`, or a questionnaire's `rules:`) as strictly as an answers file: every problem at once, with its position and a rule id.
//!
//! The file arrives in strangers' pull requests, so it is parsed with the answers file's limits
//! (size, depth, aliases: `config::parse`), capped at [`MAX_RULES`] rules, and every glob and
//! regex is judged by [`super::pattern`] before the scan may compile it.

use super::pattern::{self, Refused, MAX_GLOB_CHARS};
use super::{Declared, Disabled, Matcher, Origin, Own, Rule};
use crate::config::check::{closest, is_kebab, list, Checker, Entries};
use crate::config::{self, Node, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::untrusted::shown;

/// The most rules one file may declare (and built-ins it may disable).
pub const MAX_RULES: usize = 200;
/// The most globs (or package names) of one rule.
pub const MAX_GLOBS: usize = 20;
/// The kinds of rule a file can declare, as `kind:` spells them.
pub const KINDS: &[&str] = &["file", "content", "dependency", "workflow-step"];
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

const ROOT_KEYS: &[&str] = &["rules", "disable"];
const RULE_KEYS: &[&str] = &[
    "id",
    "dimension",
    "level",
    "kind",
    "explanation",
    "glob",
    "pattern",
    "package",
    "on",
    "except",
];
const DISABLE_KEYS: &[&str] = &["rule", "reason"];

/// What a file's rules are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The questionnaire's dimensions, each with its highest level (its number of options).
    pub dimensions: &'a [(&'static str, u8)],
    /// The built-in rules' ids: a rule of a file may not take one, `disable:` must name one.
    pub builtin: &'a [&'static str],
    /// The file as origins show it (`.llmops-maturity/rules.yaml`).
    pub file: &'static str,
}

/// Reads a rules file: `rules:` and `disable:`, both optional.
pub fn load(bytes: &[u8], ctx: &Context) -> Result<Declared, Vec<Diagnostic>> {
    // A file of comments only (a team's placeholder) declares nothing, like an absent one; the
    // YAML reader calls it empty, which for an answers file is an error.
    let blank = |l: &[u8]| l.trim_ascii().is_empty() || l.trim_ascii_start().starts_with(b"#");
    if bytes.split(|b| *b == b'\n').all(blank) {
        return Ok(Declared::default());
    }
    let root =
        config::parse(bytes).map_err(|e| vec![Diagnostic::error(e.pos, e.rule, e.message)])?;
    let mut c = Checker::default();
    let declared = read(&mut c, &root, ctx);
    crate::diagnostic::sort(&mut c.diagnostics);
    match declared {
        Some(d) if c.diagnostics.is_empty() => Ok(d),
        _ => Err(c.diagnostics),
    }
}

fn read(c: &mut Checker, root: &Node, ctx: &Context) -> Option<Declared> {
    // `---` alone, or `~`: nothing declared either.
    if root.value == Value::Null {
        return Some(Declared::default());
    }
    let entries = c.mapping(root, ROOT_KEYS, "the rules file")?;
    let rules = match entries.get("rules") {
        Some(node) => rules(c, node, ctx),
        None => Some(Vec::new()),
    };
    let disabled = match entries.get("disable") {
        Some(node) => disable(c, node, ctx),
        None => Some(Vec::new()),
    };
    Some(Declared {
        rules: rules?.leak(),
        disabled: disabled?.leak(),
    })
}

/// A list of rules (the `rules:` of a rules file or of a questionnaire file).
pub fn rules(c: &mut Checker, node: &Node, ctx: &Context) -> Option<Vec<Own>> {
    let items = c.list(node, "`rules`")?;
    if items.len() > MAX_RULES {
        let message = format!(
            "`rules` has {} entries, at most {MAX_RULES} are read",
            items.len()
        );
        c.error(node.pos, Code::RuleLimit, message);
        return None;
    }
    let mut out: Vec<Own> = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(own) = rule(c, item, ctx) else {
            ok = false;
            continue;
        };
        if let Some(first) = out.iter().find(|o| o.rule.id == own.rule.id) {
            let message = format!(
                "rule id `{}` is used twice (first at line {}); each rule needs its own",
                own.rule.id, first.origin.line
            );
            c.error(item.pos, Code::DuplicateId, message);
            ok = false;
        }
        out.push(own);
    }
    ok.then_some(out)
}

fn rule(c: &mut Checker, node: &Node, ctx: &Context) -> Option<Own> {
    let what = "a rule";
    let entries = c.mapping(node, RULE_KEYS, what)?;
    let id = c
        .required(&entries, "id", node.pos, what)
        .and_then(|n| rule_id(c, n, ctx));
    let dimension = c
        .required(&entries, "dimension", node.pos, what)
        .and_then(|n| dimension(c, n, ctx));
    let level = c
        .required(&entries, "level", node.pos, what)
        .and_then(|n| level(c, n, dimension.map(|(_, max)| max)));
    let summary = c
        .required(&entries, "explanation", node.pos, what)
        .and_then(|n| explanation(c, n));
    let matcher = c
        .required(&entries, "kind", node.pos, what)
        .and_then(|n| matcher(c, n, &entries, node));
    let except = match entries.get("except") {
        Some(n) => globs(c, n, "`except`"),
        None => Some(&[][..]),
    };
    Some(Own {
        rule: Rule {
            id: id?,
            dimension: dimension?.0,
            level: level?,
            summary: summary?,
            matcher: matcher?,
            except: except?,
            generic: false,
        },
        origin: Origin {
            file: ctx.file,
            line: node.pos.line,
        },
    })
}

fn rule_id(c: &mut Checker, node: &Node, ctx: &Context) -> Option<&'static str> {
    let id = c.string(node, "the rule `id`")?;
    if !is_kebab(&id) {
        let message = format!("the rule `id` `{}` is not kebab-case; write lower-case words and digits joined by `-`, such as `acme-eval-harness`", shown(&id));
        c.error(node.pos, Code::InvalidId, message);
        return None;
    }
    if ctx.builtin.contains(&id.as_str()) {
        let message = format!("rule id `{id}` is a built-in rule's; choose another id, or switch the built-in off under `disable:`");
        c.error(node.pos, Code::DuplicateId, message);
        return None;
    }
    Some(id.leak())
}

/// The dimension id and its highest level.
fn dimension(c: &mut Checker, node: &Node, ctx: &Context) -> Option<(&'static str, u8)> {
    let id = c.string(node, "the rule `dimension`")?;
    if let Some(found) = ctx.dimensions.iter().find(|(d, _)| *d == id) {
        return Some(*found);
    }
    let ids: Vec<&str> = ctx.dimensions.iter().map(|(d, _)| *d).collect();
    let hint = closest(&id, &ids)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    let message = format!(
        "unknown dimension `{}`, expected one of {}{hint}",
        shown(&id),
        list(ids.iter().copied())
    );
    c.error(node.pos, Code::UnknownDimension, message);
    None
}

fn level(c: &mut Checker, node: &Node, max: Option<u8>) -> Option<u8> {
    let level = c.count(node, "the rule `level`")?;
    let top = u32::from(max.unwrap_or(10));
    if !(1..=top).contains(&level) {
        let message =
            format!("the rule `level` is {level}, expected 1 to {top} (the dimension's options)");
        c.error(node.pos, Code::LevelOutOfRange, message);
        return None;
    }
    Some(level as u8)
}

/// At most this many characters of explanation: it is one line of every report.
const MAX_EXPLANATION_CHARS: usize = 200;

fn explanation(c: &mut Checker, node: &Node) -> Option<&'static str> {
    let text = c.line(node, "the rule `explanation`")?;
    if text.chars().count() > MAX_EXPLANATION_CHARS {
        let message = format!(
            "the rule `explanation` has {} characters, at most {MAX_EXPLANATION_CHARS}: one sentence a reviewer reads",
            text.chars().count()
        );
        c.error(node.pos, Code::RuleLimit, message);
        return None;
    }
    Some(text.leak())
}

/// The keys each kind takes besides the common ones, and which of them it needs.
fn kind_keys(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "file" => (&["glob"], &["glob"]),
        "content" => (&["glob", "pattern"], &["glob", "pattern"]),
        "dependency" => (&["package"], &["package"]),
        _ => (&["pattern", "on"], &["pattern"]),
    }
}

fn matcher(c: &mut Checker, kind: &Node, entries: &Entries, rule: &Node) -> Option<Matcher> {
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
    for key in ["glob", "pattern", "package", "on"] {
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
        "dependency" => Matcher::Dependency(packages(c, first)?),
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

fn globs(c: &mut Checker, node: &Node, what: &str) -> Option<&'static [&'static str]> {
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

/// `disable:`: built-in rules switched off, each with its reason.
fn disable(c: &mut Checker, node: &Node, ctx: &Context) -> Option<Vec<Disabled>> {
    let items = c.list(node, "`disable`")?;
    if items.len() > MAX_RULES {
        let message = format!(
            "`disable` has {} entries, at most {MAX_RULES} are read",
            items.len()
        );
        c.error(node.pos, Code::RuleLimit, message);
        return None;
    }
    let mut out: Vec<Disabled> = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(d) = disabled(c, item, ctx) else {
            ok = false;
            continue;
        };
        if let Some(first) = out.iter().find(|o| o.rule == d.rule) {
            let message = format!(
                "rule `{}` is disabled twice (first at line {})",
                d.rule, first.origin.line
            );
            c.error(item.pos, Code::DuplicateId, message);
            ok = false;
        }
        out.push(d);
    }
    ok.then_some(out)
}

fn disabled(c: &mut Checker, node: &Node, ctx: &Context) -> Option<Disabled> {
    let what = "a `disable` entry";
    let entries = c.mapping(node, DISABLE_KEYS, what)?;
    let rule = c
        .required(&entries, "rule", node.pos, what)
        .and_then(|n| builtin_id(c, n, ctx));
    let reason = c
        .required(&entries, "reason", node.pos, what)
        .and_then(|n| {
            let text = c.string(n, "the `reason`")?;
            if text.trim().is_empty() {
                let message = "the `reason` is empty; say why the built-in rule does not apply to this repository";
                c.error(n.pos, Code::EmptyReason, message);
                return None;
            }
            c.line(n, "the `reason`")
        });
    Some(Disabled {
        rule: rule?,
        reason: reason?.leak(),
        origin: Origin {
            file: ctx.file,
            line: node.pos.line,
        },
    })
}

fn builtin_id(c: &mut Checker, node: &Node, ctx: &Context) -> Option<&'static str> {
    let id = c.string(node, "the `rule`")?;
    if let Some(found) = ctx.builtin.iter().find(|b| **b == id) {
        return Some(found);
    }
    let hint = closest(&id, ctx.builtin)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    let message = format!(
        "`{}` is not a built-in rule (`llmops-maturity scan --rules` lists them){hint}",
        shown(&id)
    );
    c.error(node.pos, Code::UnknownRule, message);
    None
}
