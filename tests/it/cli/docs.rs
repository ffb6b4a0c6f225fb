//! The documentation (docs/src, README.md) held to the code: the pages that mirror the binary are
//! its output, rewritten by `LLMOPS_BLESS=1 cargo test --test it docs` and never edited by hand.

use super::{manifest_dir, run, stdout};

/// Replaces what lies between `<!-- NAME:start -->` and `<!-- NAME:end -->` in `page` with
/// `generated` when blessing; otherwise fails when they differ.
fn between_markers(page: &str, name: &str, generated: &str) {
    let path = manifest_dir().join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let (before, rest) = text
        .split_once(&start)
        .unwrap_or_else(|| panic!("{page} has no `{start}` marker"));
    let (current, after) = rest
        .split_once(&end)
        .unwrap_or_else(|| panic!("{page} has no `{end}` marker"));
    if std::env::var_os("LLMOPS_BLESS").is_some() {
        std::fs::write(&path, format!("{before}{start}{generated}{end}{after}")).unwrap();
        return;
    }
    assert!(
        current == generated,
        "{page} is stale between the `{name}` markers: run `LLMOPS_BLESS=1 cargo test --test it docs` and review the diff"
    );
}

/// `scan --rules --format markdown` as one section per rule, under a heading per dimension, so
/// every rule has its own anchor (`evidence/#RULE`).
fn scan_rule_sections(table: &str) -> String {
    let mut out = String::new();
    let mut dimension = String::new();
    for row in table.lines().skip(2) {
        let cells: Vec<&str> = row
            .trim_start_matches("| ")
            .trim_end_matches(" |")
            .split(" | ")
            .collect();
        let [rule, dim, level, what, how] = cells[..] else {
            panic!("a row of five cells: {row}");
        };
        let id = rule.trim_matches('`');
        if dim != dimension {
            dimension = dim.to_owned();
            out.push_str(&format!("### Rules for `{dim}` {{#rules-{dim}}}\n\n"));
        }
        out.push_str(&format!(
            "#### `{id}` {{#{id}}}\n\n{} (`{dim}`, level {level}).\n\nHow it is found: {how}\n\n",
            capitalised(what)
        ));
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[test]
fn the_scan_rules_in_the_docs_are_the_output_of_scan_rules() {
    let table = stdout(&run(&["scan", "--rules", "--format", "markdown"]));
    assert!(table.starts_with("| rule | dimension | level | what it shows | how it is found |\n"));
    let sections = scan_rule_sections(&table);
    assert_eq!(
        sections.lines().filter(|l| l.starts_with("#### `")).count(),
        table.lines().count() - 2,
        "one section per rule"
    );
    between_markers("docs/src/evidence.md", "scan-rules", &sections);
}

/// The subcommands `--help` lists, in its order (`help` itself left out).
fn subcommands() -> Vec<String> {
    let help = stdout(&run(&["--help"]));
    help.split("Commands:\n")
        .nth(1)
        .expect("--help lists the commands")
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_command_reference_is_the_help_output() {
    let mut page = String::from("### `llmops-maturity --help` {#help}\n\n```text\n");
    page.push_str(&stdout(&run(&["--help"])));
    page.push_str("```\n\n");
    let commands = subcommands();
    assert!(commands.len() >= 10, "{commands:?}");
    for command in commands {
        let o = run(&[&command, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{command} --help");
        page.push_str(&format!(
            "### `llmops-maturity {command}` {{#{command}}}\n\n```text\n{}```\n\n",
            stdout(&o)
        ));
    }
    between_markers("docs/src/commands.md", "cli-help", &page);
}

/// README.md stays a two-minute read, and keeps the set-up commands .ci/run and newcomers use.
#[test]
fn the_readme_is_short_and_shows_the_set_up_commands() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    assert!(
        readme.len() <= 20 * 1024,
        "README.md is {} bytes; at most 20 KiB (the rest belongs in docs/src)",
        readme.len()
    );
    for line in ["cargo run --release -- check", "cargo test --locked"] {
        assert!(readme.contains(line), "README.md lost `{line}`");
    }
    assert!(
        !readme.contains("OWNER/llmops-maturity"),
        "README.md: the real repository name, not a placeholder"
    );
    let ci = std::fs::read_to_string(manifest_dir().join(".ci/run")).unwrap();
    assert!(
        ci.contains("\ncargo test --locked\n"),
        ".ci/run runs the test command README.md shows"
    );
}

/// Every page of docs/src is in mkdocs.yml's nav (the three pages other branches add included),
/// and no page or example names the placeholder repository.
#[test]
fn every_page_is_in_the_nav_and_names_the_real_repository() {
    let nav = std::fs::read_to_string(manifest_dir().join("mkdocs.yml")).unwrap();
    let mut stack = vec![manifest_dir().join("docs/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let relative = path.strip_prefix(manifest_dir().join("docs/src")).unwrap();
            let relative = relative.to_string_lossy().replace('\\', "/");
            assert!(
                nav.contains(&format!(": {relative}\n")),
                "docs/src/{relative} is not in mkdocs.yml's nav"
            );
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("OWNER/llmops-maturity"),
                "docs/src/{relative}: the real repository name, not a placeholder"
            );
        }
    }
}

/// Every `uses: llmops-maturity/llmops-maturity@REF` of an example: `@main` (built from source)
/// while `dist/SHA256SUMS` is empty, a release tag once it lists a release, so no example names a
/// ref that does not exist or keeps building from source after the first release.
#[test]
fn the_examples_use_a_ref_that_exists() {
    let released = !std::fs::read_to_string(manifest_dir().join("dist/SHA256SUMS"))
        .unwrap()
        .trim()
        .is_empty();
    let mut pages = vec![manifest_dir().join("README.md")];
    let mut stack = vec![manifest_dir().join("docs/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages.push(path);
            }
        }
    }
    let mut seen = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        for line in text.lines() {
            let line = line.trim_start().trim_start_matches("- ");
            let Some(reference) = line.strip_prefix("uses: llmops-maturity/llmops-maturity@")
            else {
                continue;
            };
            seen += 1;
            let reference = reference.split_whitespace().next().unwrap_or_default();
            let tag = reference
                .strip_prefix('v')
                .is_some_and(|n| !n.is_empty() && n.split('.').all(|p| p.parse::<u32>().is_ok()));
            assert!(
                if released { tag } else { reference == "main" },
                "{}: `uses: …@{reference}`: {}",
                page.display(),
                if released {
                    "a release exists (dist/SHA256SUMS): write its major tag, such as @v1"
                } else {
                    "nothing is released (dist/SHA256SUMS is empty): write @main, which builds from source"
                }
            );
        }
    }
    assert!(
        seen >= 10,
        "only {seen} examples use the action: is the search broken?"
    );
}
