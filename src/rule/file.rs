//! Reads evidence rules from a file (a team's `.llmops-maturity/rules.yaml`, or a questionnaire's `rules:`) as strictly as an answers file: every problem at once, with its position and a rule id.
//!
//! The file arrives in strangers' pull requests, so it is parsed with the answers file's limits
//! (size, depth, aliases: `config::parse`), capped at [`MAX_RULES`] rules, and every glob and
//! regex is judged by [`super::pattern`] before the scan may compile it; the keys of each kind
//! are `super::kind`'s.

use super::kind::{globs, matcher};
use super::{Declared, Disabled, Origin, Own, Rule};
use crate::config::check::{closest, is_kebab, list, Checker};
use crate::config::{self, Node, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::untrusted::shown;

/// The most rules one file may declare (and built-ins it may disable).
pub const MAX_RULES: usize = 200;
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
    "ecosystem",
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
