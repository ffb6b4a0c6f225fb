//! Holds the shape of the crate: the modules' import graph has no cycle, so shared types live below their users.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, as its module path (`github::api`, `render`, ...).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                found.insert(parts.join("::"), path);
            }
        }
    }
    found
}

/// The modules that `text` (the source of module `me`) refers to through `crate::` or `super::`.
fn references(me: &str, text: &str, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let parent = me.rsplit_once("::").map_or("", |(p, _)| p);
    let mut out = BTreeSet::new();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for (prefix, base) in [("crate::", ""), ("super::", parent)] {
        for (at, _) in code.match_indices(prefix) {
            // The path and, for `a::{b, c}`, the names in braces (each may be a module).
            let rest = &code[at + prefix.len()..];
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let head = head.trim_end_matches(':');
            let mut candidates = vec![head.to_string()];
            if let Some(inner) = rest[head.len()..].strip_prefix("::{") {
                let inner = &inner[..inner.find('}').unwrap_or(0)];
                for name in inner.split(',') {
                    let name = name.split_whitespace().next().unwrap_or("");
                    let name = name.split("::").next().unwrap_or("");
                    if !name.is_empty() && name != "self" {
                        candidates.push(format!("{head}::{name}"));
                    }
                }
            }
            for candidate in candidates {
                let full = if base.is_empty() {
                    candidate
                } else {
                    format!("{base}::{candidate}")
                };
                // The longest prefix of the path that is a module file.
                let mut path = full.as_str();
                loop {
                    if known.contains_key(path) {
                        if path != me && !path.is_empty() {
                            out.insert(path.to_string());
                        }
                        break;
                    }
                    match path.rsplit_once("::") {
                        Some((p, _)) => path = p,
                        None => break,
                    }
                }
            }
        }
    }
    out
}

/// The import graph of the shipping code: each module file and the modules it refers to.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    known
        .iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, path)| {
            let text = std::fs::read_to_string(path).unwrap();
            // Tests may reach anywhere; the shape is about the code that ships.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            (name.clone(), references(name, text, &known))
        })
        .collect()
}

/// Cycles of `graph`, each as the path that closes it.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    // Depth-first search; a back edge is a cycle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                0 => visit(next, graph, state, stack, cycles),
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap();
                    cycles.push(format!("{} -> {next}", stack[from..].join(" -> ")));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
    }
    let (mut state, mut found) = (BTreeMap::new(), Vec::new());
    for node in graph.keys() {
        if !state.contains_key(node) {
            visit(node, graph, &mut state, &mut Vec::new(), &mut found);
        }
    }
    found
}

/// Folders are layers too: `scan/` may use `render/` or the other way round, not both, so a
/// folder can be understood (and moved) with what lies below it.
#[test]
fn the_folder_import_graph_has_no_cycle() {
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let top = |m: &str| m.split("::").next().unwrap_or(m).to_string();
    for (module, uses) in import_graph() {
        let entry = folders.entry(top(&module)).or_default();
        entry.extend(uses.iter().map(|u| top(u)).filter(|u| *u != top(&module)));
    }
    let found = cycles(&folders);
    assert!(
        found.is_empty(),
        "folder import cycles:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_module_import_graph_has_no_cycle() {
    let graph = import_graph();
    assert!(graph.contains_key("github::ci") && graph["github::ci"].contains("evaluate"));
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}
