//! Checks shared by every file format the tool reads (answers, questionnaires, rules): mappings with known keys, strings, lists, plain integers, each problem a diagnostic with its position.

use crate::config::{Node, Pos, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::untrusted::shown;

/// Collects every problem of a file, so the user sees them all in one run.
#[derive(Debug, Default)]
pub struct Checker {
    pub diagnostics: Vec<Diagnostic>,
    /// Keys already offered as "did you mean", so a missing key that was suggested is not
    /// reported again (`evalution` is one mistake, not an unknown key plus a missing one).
    pub suggested: Vec<&'static str>,
}

/// A mapping's accepted entries, in file order.
pub struct Entries<'n>(Vec<(String, &'n Node, &'n Node)>);

impl<'n> Entries<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.get_entry(key).map(|(_, v)| v)
    }

    pub fn get_entry(&self, key: &str) -> Option<(&'n Node, &'n Node)> {
        self.0
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, k, v)| (*k, *v))
    }
}

impl Checker {
    pub fn error(&mut self, pos: Pos, rule: Code, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(pos, rule, message));
    }

    /// `node` as a mapping with string keys from `allowed`; unknown keys (with the closest
    /// allowed one suggested) and duplicate keys are reported and left out.
    pub fn mapping<'n>(
        &mut self,
        node: &'n Node,
        allowed: &[&'static str],
        what: &str,
    ) -> Option<Entries<'n>> {
        let Value::Map(raw) = &node.value else {
            self.error(
                node.pos,
                Code::InvalidType,
                format!(
                    "{what} must be a mapping with keys {}, found {}",
                    list(allowed.iter().copied()),
                    node.value.kind()
                ),
            );
            return None;
        };
        let mut entries = Entries(Vec::new());
        for (key, value) in raw {
            let name = match &key.value {
                Value::Str(s) => s.clone(),
                Value::Int(n) => n.to_string(),
                // As written: YAML 1.1 reads `on:` as `true:`, which would only confuse.
                Value::Bool(b) => key.literal.clone().unwrap_or_else(|| b.to_string()),
                other => {
                    let message = format!("keys must be strings, found {}", other.kind());
                    self.error(key.pos, Code::InvalidKey, message);
                    continue;
                }
            };
            if let Some((first, _)) = entries.get_entry(&name) {
                let message = format!(
                    "duplicate key `{}` (first defined at {}); each key may appear once",
                    shown(&name),
                    first.pos
                );
                self.error(key.pos, Code::DuplicateKey, message);
                continue;
            }
            if !allowed.contains(&name.as_str()) {
                let suggestion = closest(&name, allowed);
                self.suggested.extend(suggestion);
                let hint = suggestion
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                let message = format!(
                    "unknown key `{}` in {what}, expected one of {}{hint}",
                    shown(&name),
                    list(allowed.iter().copied())
                );
                self.error(key.pos, Code::UnknownKey, message);
                continue;
            }
            entries.0.push((name, key, value));
        }
        Some(entries)
    }

    /// A required key of `entries`, reported missing at `at` when absent.
    pub fn required<'n>(
        &mut self,
        entries: &Entries<'n>,
        key: &'static str,
        at: Pos,
        what: &str,
    ) -> Option<&'n Node> {
        let found = entries.get(key);
        if found.is_none() && !self.suggested.contains(&key) {
            self.error(
                at,
                Code::MissingKey,
                format!("missing key `{key}` in {what}"),
            );
        }
        found
    }

    /// Text; a bare number is text as written. Tagged values (`!!binary`) are refused.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        if node.tag.as_deref() == Some("!!binary") {
            let message = format!("{what} is tagged `!!binary` (base64-encoded bytes); write the text itself, without the tag");
            self.error(node.pos, Code::InvalidType, message);
            return None;
        }
        if let Some(tag) = node.tag.as_deref().filter(|t| *t != "!!str") {
            let message = format!(
                "{what} has the YAML tag `{}`; write the text without a tag",
                shown(tag)
            );
            self.error(node.pos, Code::InvalidType, message);
            return None;
        }
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(n) => Some(node.literal.clone().unwrap_or_else(|| n.to_string())),
            other => {
                let message = format!("{what} must be a string, found {}", other.kind());
                self.error(node.pos, Code::InvalidType, message);
                None
            }
        }
    }

    /// Text that is not empty or blank.
    pub fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.string(node, what)?;
        if text.trim().is_empty() {
            self.error(
                node.pos,
                Code::InvalidType,
                format!("{what} is empty; write it"),
            );
            return None;
        }
        Some(text)
    }

    /// One line of plain text: words a file gives are shown in terminals, logs, Markdown and
    /// HTML, so no line break, control character or bidirectional override may be in them (each
    /// output still escapes what its language gives a meaning to).
    pub fn line(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.text(node, what)?;
        let bad = text.chars().find(|ch| {
            ch.is_control()
                || matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        if let Some(ch) = bad {
            self.error(
                node.pos,
                Code::InvalidType,
                format!("{what} holds the character U+{:04X} (a line break, control or direction override); write one line of plain text", ch as u32),
            );
            return None;
        }
        Some(text)
    }

    /// A list, each item handed back with the node it came from.
    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            other => {
                let message = format!("{what} must be a list, found {}", other.kind());
                self.error(node.pos, Code::InvalidType, message);
                None
            }
        }
    }

    /// A non-negative integer written as a plain decimal (`7`, not `0x7`, `07` or `"7"`).
    pub fn count(&mut self, node: &Node, what: &str) -> Option<u32> {
        let literal = node.literal.as_deref().unwrap_or_default();
        match node.value {
            Value::Int(n) if node.tag.is_none() && is_decimal(literal) => match u32::try_from(n) {
                Ok(n) => Some(n),
                Err(_) => {
                    let message = format!("{what} is {n}, expected a whole number from 0");
                    self.error(node.pos, Code::OutOfRange, message);
                    None
                }
            },
            Value::Int(_) => {
                let message = format!(
                    "{what} is `{}`; write a plain decimal number",
                    shown(literal)
                );
                self.error(node.pos, Code::NumberNotation, message);
                None
            }
            ref other => {
                let message = format!("{what} must be a whole number, found {}", other.kind());
                self.error(node.pos, Code::InvalidType, message);
                None
            }
        }
    }
}

/// Whether `literal` is a plain decimal integer: digits, an optional minus, no leading zero.
pub fn is_decimal(literal: &str) -> bool {
    let digits = literal.strip_prefix('-').unwrap_or(literal);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// Whether `id` is kebab-case: lower-case ASCII words of letters and digits joined by `-`.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && id.as_bytes()[0].is_ascii_lowercase()
}

/// "`a`, `b` or `c`", for messages that list the valid choices.
pub fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|i| format!("`{i}`")).collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The allowed name a typo most likely meant, if any is close enough to suggest.
pub fn closest<'a>(name: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters; inputs are short keys, so the simple form is enough.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        for ok in ["a", "acme-mlops", "llmops-2024", "x1-y2"] {
            assert!(is_kebab(ok), "{ok}");
        }
        for bad in [
            "",
            "A",
            "a_b",
            "a--b",
            "-a",
            "a-",
            "1a",
            "é",
            &"a".repeat(65),
        ] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }
}
