//! End-to-end tests of the `llmops-maturity` binary: fixtures, gates, formats and the smaller commands.

#[path = "cli/badge.rs"]
mod badge;
use crate::support::browser;
#[path = "cli/diff.rs"]
mod diff_revisions;
#[path = "cli/docs.rs"]
mod docs;
#[path = "cli/gitrepo.rs"]
mod gitrepo;
#[path = "cli/history.rs"]
mod history;
#[path = "cli/history_html.rs"]
mod history_html;
#[path = "cli/history_questionnaires.rs"]
mod history_questionnaires;
#[cfg(unix)]
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/lookup.rs"]
mod lookup;
#[path = "cli/mermaid.rs"]
mod mermaid;
#[path = "cli/questionnaires.rs"]
mod questionnaires;
#[path = "cli/team_rules.rs"]
mod team_rules;
#[path = "cli/terminal.rs"]
mod terminal;

use std::path::PathBuf;
use std::process::{Command, Output};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary with a scrubbed environment, run from the repository root, so ambient `GITHUB_*`,
/// `NO_COLOR` or `LLMOPS_MATURITY_*` variables on a laptop or runner can't change what it prints.
fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_llmops-maturity"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(manifest_dir());
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// What a user sees for a fixture: exit code, stdout and stderr, in the `.out` file's format.
fn transcript(o: &Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().unwrap_or(-1),
        stdout(o),
        stderr(o)
    )
}

/// The day every fixture is judged on, so dated targets, waivers and `review-every` give the
/// same output on any day: the commitment fixtures put their dates around it.
const TODAY: &str = "2026-12-01";

/// Every `fixtures/*/X.yaml` is checked (on [`TODAY`]) and compared with `X.out` beside it
/// (actionlint's testdata layout). Set `LLMOPS_BLESS=1` to rewrite the `.out` files, then
/// review the diff.
#[test]
fn fixtures_match_their_expected_output() {
    let bless = std::env::var_os("LLMOPS_BLESS").is_some();
    let mut checked = 0;
    let mut failures = Vec::new();
    // Answers files are checked; questionnaire files are read by `questions`, which reports
    // a questionnaire's problems exactly as `check` reports an answers file's.
    for (group, command) in [
        ("valid", "check"),
        ("invalid", "check"),
        ("questionnaires/valid", "questions"),
        ("questionnaires/invalid", "questions"),
    ] {
        let dir = manifest_dir().join("fixtures").join(group);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for file in files {
            let rel = format!(
                "fixtures/{group}/{}",
                file.file_name().unwrap().to_string_lossy()
            );
            let args: &[&str] = if command == "check" {
                &["check", &rel, "--repo-root", ".", "--today", TODAY]
            } else {
                &["questions", "--questionnaire", &rel]
            };
            let actual = transcript(&run(args));
            let expected_path = file.with_extension("out");
            if bless {
                std::fs::write(&expected_path, &actual).unwrap();
            }
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| format!("(no {} yet)", expected_path.display()));
            if actual != expected {
                failures.push(format!(
                    "{rel}\n--- expected\n{expected}\n--- actual\n{actual}"
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} fixtures found");
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn level_boundaries_score_as_the_seed_says() {
    for (total, level) in [
        (7, 1),
        (11, 1),
        (12, 2),
        (16, 2),
        (17, 3),
        (21, 3),
        (22, 4),
        (28, 4),
    ] {
        let o = run(&[
            "check",
            &format!("fixtures/valid/score-{total:02}.yaml"),
            "--format",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["score"], total, "total {total}");
        assert_eq!(v["level"], level, "total {total}");
    }
}

#[test]
fn min_level_gate_fails_below_and_passes_at_the_level() {
    let below = run(&["check", "fixtures/valid/score-16.yaml", "--min-level", "3"]);
    assert_eq!(below.status.code(), Some(1));
    assert!(
        stderr(&below).contains("gate failed: level 2 · Defined is below the minimum level 3"),
        "{}",
        stderr(&below)
    );
    let at = run(&["check", "fixtures/valid/score-17.yaml", "--min-level", "3"]);
    assert_eq!(at.status.code(), Some(0), "{}", stderr(&at));
}

#[test]
fn deny_warnings_turns_a_missing_evidence_path_into_a_failure() {
    let file = "fixtures/invalid/missing-evidence-path.yaml";
    let lenient = run(&["check", file, "--repo-root", "."]);
    assert_eq!(lenient.status.code(), Some(0));
    let strict = run(&["check", file, "--repo-root", ".", "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("1 warning and --deny-warnings is set"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn evidence_paths_resolve_against_the_git_top_level_by_default() {
    // fixtures/valid/full.yaml names `src/`, which exists at the repository root, not beside the file.
    let o = run(&["check", "fixtures/valid/full.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("evidence-not-found"), "{}", stderr(&o));
}

#[test]
fn a_file_over_one_mebibyte_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let mut body = String::from("version: 1\n");
    while body.len() <= 1024 * 1024 {
        body.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&path, body).unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("file is larger than 1 MiB, the limit for an answers file"),
        "{}",
        stderr(&o)
    );
}

/// Regression: a 17 MB file was reported as "1048577 bytes", the size of what was read.
#[test]
fn a_17_mb_file_is_said_to_be_over_the_limit_without_a_wrong_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    std::fs::write(&path, "# x\n".repeat(17 * 1024 * 1024 / 4)).unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let shown = path.display().to_string();
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        format!("{shown}:1:1: error: file is larger than 1 MiB, the limit for an answers file; an answers file is a few KiB [yaml]")
    );
    assert!(!stderr(&o).contains("bytes"), "{}", stderr(&o));
}

/// The rule ids of the table of docs/src/diagnostics.md, in its order.
fn readme_rules() -> Vec<String> {
    let page = std::fs::read_to_string(manifest_dir().join("docs/src/diagnostics.md")).unwrap();
    let table = page
        .split("| rule | severity | what |")
        .nth(1)
        .expect("docs/src/diagnostics.md has the rule table");
    table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.split('`')
                .nth(1)
                .expect("a rule id in backticks")
                .to_string()
        })
        .collect()
}

/// Every rule id the shipped code uses: the catalogue's variants that `src/` names as
/// `Code::Variant` outside its unit tests (the catalogue itself excluded).
fn rules_in_source() -> std::collections::BTreeSet<String> {
    use llmops_maturity::diagnostic::Code;
    let mut used = std::collections::BTreeSet::new();
    let mut stack = vec![manifest_dir().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.ends_with("diagnostic/code.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests make diagnostics of their own; only shipped code counts.
            let code = text.split("#[cfg(test)]").next().unwrap();
            for c in Code::ALL {
                let name = format!("Code::{c:?}");
                let named = code.match_indices(&name).any(|(at, _)| {
                    !code[at + name.len()..].starts_with(|ch: char| ch.is_alphanumeric())
                });
                if named {
                    used.insert(c.id().to_string());
                }
            }
        }
    }
    used
}

/// Regression: `invalid-key` was emitted but missing from the documented table; and a rule id
/// in the catalogue that no code emits is documentation of nothing.
#[test]
fn every_rule_the_code_can_emit_is_in_the_readme_table_and_no_other() {
    let in_source = rules_in_source();
    assert!(in_source.contains("invalid-key"), "{in_source:?}");
    let in_readme: std::collections::BTreeSet<String> = readme_rules().into_iter().collect();
    assert_eq!(
        in_source, in_readme,
        "the rule table of docs/src/diagnostics.md and the code disagree"
    );
}

/// Markdown rendered the way GitHub does (GFM with its autolinks; inline HTML such as `<code>`
/// and `<sub>` allowed, as GitHub allows them).
fn gfm(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

/// `markdown` with its code spans (any fence length) cut out.
fn without_code_spans(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let fence_len = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = "`".repeat(fence_len);
        let after = &rest[start + fence_len..];
        match after.find(&fence) {
            Some(end) => rest = &after[end + fence_len..],
            None => {
                out.push_str(&rest[start..]);
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rust debug output and serde-saphyr/parser wording that must never reach a user.
const JARGON: &[&str] = llmops_maturity::config::LIBRARY_WORDING;

/// Checks what `check` printed on stderr for `file` (with `lines` lines): every diagnostic is
/// `file[:line:col]: severity: message [rule]` with a rule of the documented table, a position in
/// the file, and no jargon outside the user's own text (which is quoted in backticks).
fn assert_clean_diagnostics(err: &str, file: &str, lines: usize, rules: &[String], case: &str) {
    for line in err.lines() {
        let Some(rest) = line.strip_prefix(file) else {
            panic!("{case}: a line that is not about the file: {line}");
        };
        if rest.starts_with(": invalid:") || rest.starts_with(": valid") {
            continue;
        }
        let (pos, rest) = match rest.strip_prefix(':').and_then(|r| r.split_once(": ")) {
            Some((pos, rest)) if !pos.is_empty() => (Some(pos), rest),
            _ => (None, rest.trim_start_matches(": ")),
        };
        if let Some(pos) = pos {
            let (l, c) = pos.split_once(':').expect("line:col");
            let (l, c): (usize, usize) = (l.parse().unwrap(), c.parse().unwrap());
            assert!(
                l >= 1 && l <= lines + 1 && c >= 1,
                "{case}: position {pos} outside the file: {line}"
            );
        }
        let (severity, message) = rest.split_once(": ").expect("severity: message");
        assert!(["error", "warning"].contains(&severity), "{case}: {line}");
        let rule = message
            .rsplit_once(" [")
            .and_then(|(_, r)| r.strip_suffix(']'))
            .unwrap_or_else(|| panic!("{case}: no rule id: {line}"));
        assert!(
            rules.iter().any(|r| r == rule),
            "{case}: rule `{rule}` not in docs/src/diagnostics.md: {line}"
        );
        let ours: String = message.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        for word in JARGON {
            assert!(!ours.contains(word), "{case}: `{word}` in: {line}");
        }
    }
}

/// Every case of the YAML test suite (tests/data/yaml-test-suite), as a whole file and nested
/// under `answers:`, gets diagnostics a user can act on: no panic, exit 0/1/2, no Rust debug
/// output or library wording, and valid YAML is never called a syntax error.
#[test]
fn every_yaml_test_suite_case_gets_a_message_a_user_can_act_on() {
    let data =
        std::fs::read_to_string(manifest_dir().join("tests/data/yaml-test-suite/cases.json"))
            .unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&data).unwrap();
    assert_eq!(cases.len(), 402);
    let rules = readme_rules();
    let dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let yaml = case["yaml"].as_str().unwrap();
        let fail = case["fail"].as_bool().unwrap();
        let mut inputs = vec![(format!("{id}.yaml"), yaml.to_string())];
        // Nested, the same text reaches the validator's messages about answers.
        if !yaml
            .lines()
            .any(|l| l.starts_with(['%', '-', '.']) || l.contains('\r'))
        {
            let nested: String = yaml.lines().map(|l| format!("  {l}\n")).collect();
            inputs.push((
                format!("{id}-nested.yaml"),
                format!("version: 1\nanswers:\n{nested}"),
            ));
        }
        for (name, text) in inputs {
            let path = dir.path().join(&name);
            std::fs::write(&path, &text).unwrap();
            let o = bin()
                .args([
                    "check",
                    path.to_str().unwrap(),
                    "--repo-root",
                    dir.path().to_str().unwrap(),
                ])
                .output()
                .unwrap();
            let err = stderr(&o);
            let code = o.status.code();
            assert!(matches!(code, Some(0..=2)), "{name}: exit {code:?}\n{err}");
            let lines = text.split(['\n', '\r']).count();
            assert_clean_diagnostics(&err, path.to_str().unwrap(), lines, &rules, &name);
            if !fail {
                assert!(
                    !err.contains("YAML syntax error"),
                    "{name} is valid YAML:\n{err}"
                );
            }
            runs += 1;
        }
    }
    assert!(runs >= 590, "only {runs} runs");
}

#[test]
fn a_missing_file_says_how_to_create_one() {
    let o = run(&["check", "no-such-file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        "no-such-file.yaml: error: file not found; create one with `llmops-maturity init`, or pass the path of your answers file [file]"
    );
}

#[test]
fn the_repository_checks_its_own_answers() {
    let o = run(&["check", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("llmops-maturity.yaml: level "),
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let o = run(&["check", "fixtures/valid/full.yaml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["valid"], true);
    assert_eq!(v["score"], 15);
    assert_eq!(v["max_score"], 28);
    assert_eq!(v["level"], 2);
    assert_eq!(v["level_name"], "Defined");
    assert_eq!(v["points_to_next_level"], 2);
    assert_eq!(v["weakest"], serde_json::json!(["monitoring"]));
    let dims = v["dimensions"].as_array().unwrap();
    assert_eq!(dims.len(), 7);
    let prompts = &dims[1];
    assert_eq!(prompts["id"], "prompt-engineering");
    assert_eq!(prompts["level"], 3);
    assert_eq!(
        prompts["answer"],
        "Complex prompts integrated into applications; prompt variants compared systematically"
    );
    assert_eq!(
        prompts["evidence"],
        serde_json::json!(["src/", "https://wiki.example.com/prompt-guidelines"])
    );
    assert_eq!(prompts["warnings"], serde_json::json!([]));
}

#[test]
fn json_report_of_an_invalid_file_lists_every_error_with_its_position() {
    let o = run(&[
        "check",
        "fixtures/invalid/level-out-of-range.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"], 4);
    let first = &v["diagnostics"][0];
    assert_eq!(
        (first["line"].as_u64(), first["col"].as_u64()),
        (Some(3), Some(11))
    );
    assert_eq!(first["rule"], "level-out-of-range");
}

#[test]
fn markdown_report_for_a_typical_file() {
    let o = run(&["check", "fixtures/valid/full.yaml", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("markdown_full", stdout(&o));
}

#[test]
fn markdown_escapes_user_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.yaml");
    std::fs::write(
        &path,
        r#"version: 1
assessment:
  team: "<img src=x onerror=alert(1)> | @everyone"
  owners: ["@octocat", "</sub><script>alert(1)</script>"]
answers:
  models: 2
  prompt-engineering:
    level: 3
    notes: "Fixes #1 ![x](https://evil.test/p.png) | cell | <details open> @octocat\nsecond line"
    evidence: ["https://evil.test/a) [x](javascript:alert(1)", "src/</code><b>x"]
  evaluation: 2
  deployment: 2
  monitoring: 1
  responsible-ai: 2
  asset-management: 3
"#,
    )
    .unwrap();
    let o = run(&["check", path.to_str().unwrap(), "--format", "markdown"]);
    let md = stdout(&o);
    // Rendered as GitHub would: nothing from the file is a link, an image, HTML or a mention.
    let html = gfm(&md);
    for tag in ["<a ", "<img", "<script", "<details open", "<b>"] {
        assert!(
            !html.contains(tag),
            "`{tag}` in the rendered report:\n{html}"
        );
    }
    // Code spans hold the file's text as text (nothing in one is Markdown, HTML or a
    // mention); everywhere else even the text must be gone.
    let md = without_code_spans(&md);
    for forbidden in [
        "<img",
        "<script",
        "<details open",
        "</sub><",
        "@octocat",
        "@everyone",
        "#1 ",
        "![x]",
        "javascript:alert(1)",
        "<b>",
    ] {
        assert!(
            !md.contains(forbidden),
            "`{forbidden}` reached the Markdown:\n{md}"
        );
    }
    // The user's `|` must not add table cells: every table row keeps its four pipes.
    for row in md.lines().filter(|l| l.starts_with("| ")) {
        assert_eq!(row.matches(" | ").count() + 2, 4, "broken row: {row}");
    }
}

#[test]
fn text_output_has_no_colour_when_not_a_terminal() {
    let o = run(&["check", "fixtures/valid/full.yaml"]);
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn diff_shows_per_dimension_changes_and_deltas() {
    let o = run(&[
        "diff",
        "fixtures/valid/score-16.yaml",
        "fixtures/valid/score-17.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("Score 16 -> 17 (+1); level 2 · Defined -> 3 · Managed (level up)"),
        "{out}"
    );
    assert!(out.contains("  Deployment  1 -> 2 (+1)"), "{out}");
    let json = run(&[
        "diff",
        "fixtures/valid/score-17.yaml",
        "fixtures/valid/score-12.yaml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["score_delta"], -5);
    assert_eq!(v["level_delta"], -1);
    assert_eq!(v["regressed"], true);
    assert_eq!(v["changed"], true);
}

#[test]
fn diff_of_identical_files_reports_no_change() {
    let o = run(&[
        "diff",
        "fixtures/valid/full.yaml",
        "fixtures/valid/full.yaml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["changed"], false);
    assert_eq!(v["changes"], serde_json::json!([]));
}

#[test]
fn diff_refuses_an_invalid_side() {
    let o = run(&[
        "diff",
        "fixtures/valid/full.yaml",
        "fixtures/invalid/unknown-key.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown key `evalution`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_writes_a_valid_starter_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("llmops-maturity.yaml");
    let p = path.to_str().unwrap();
    assert_eq!(run(&["init", p]).status.code(), Some(0));
    let starter = std::fs::read_to_string(&path).unwrap();
    for q in [
        "How does the team choose and adapt LLMs?",
        "4: Full lifecycle versioning",
    ] {
        assert!(starter.contains(q), "starter lacks {q}");
    }
    let check = run(&["check", p]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    std::fs::write(&path, "mine").unwrap();
    let again = run(&["init", p]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    assert_eq!(run(&["init", p, "--force"]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), starter);
}

#[test]
fn questions_lists_every_dimension_and_level() {
    let text = stdout(&run(&["questions"]));
    let md = stdout(&run(&["questions", "--format", "markdown"]));
    for id in [
        "models",
        "prompt-engineering",
        "evaluation",
        "deployment",
        "monitoring",
        "responsible-ai",
        "asset-management",
    ] {
        assert!(text.contains(&format!("({id})")), "text lacks {id}");
        assert!(md.contains(&format!("(`{id}`)")), "markdown lacks {id}");
    }
    assert!(md.contains("| 4 | Optimized | 22-28 |"));
}

#[test]
fn committed_schema_matches_the_code() {
    let committed =
        std::fs::read_to_string(manifest_dir().join("llmops-maturity.schema.json")).unwrap();
    let generated = stdout(&run(&["schema"]));
    assert_eq!(
        committed.trim_end(),
        generated.trim_end(),
        "llmops-maturity.schema.json is stale: run `cargo run -- schema > llmops-maturity.schema.json`"
    );
    let v: serde_json::Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        v["properties"]["answers"]["required"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
}

/// `scan --format json` (and text) of each whole-tree fixture shaped like a real LLM application,
/// compared with `fixtures/scan/apps/X.json` and `X.txt`. `LLMOPS_BLESS=1` rewrites them.
#[test]
fn scan_of_application_trees_matches_the_expected_output() {
    let bless = std::env::var_os("LLMOPS_BLESS").is_some();
    let mut failures = Vec::new();
    for app in ["promptflow-app", "rag-evals-ci", "bare-python-service"] {
        let root = format!("fixtures/scan/apps/{app}");
        for (format, ext) in [("json", "json"), ("text", "txt")] {
            let out = run(&["scan", &root, "--format", format]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let got = stdout(&out);
            let expected_path = manifest_dir().join(format!("fixtures/scan/apps/{app}.{ext}"));
            if bless {
                std::fs::write(&expected_path, &got).unwrap();
            } else if std::fs::read_to_string(&expected_path).unwrap_or_default() != got {
                failures.push(format!("{app}.{ext}:\n{got}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "differs (LLMOPS_BLESS=1 rewrites):\n{}",
        failures.join("\n")
    );
}

#[test]
fn scan_json_has_every_dimension_in_questionnaire_order() {
    let out = run(&[
        "scan",
        "fixtures/scan/apps/bare-python-service",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["schema_version"], 1);
    let ids: Vec<&str> = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "models",
            "prompt-engineering",
            "evaluation",
            "deployment",
            "monitoring",
            "responsible-ai",
            "asset-management"
        ]
    );
    assert!(v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["supported_level"] == 1 && d["signals"].as_array().unwrap().is_empty()));
}

#[test]
fn scan_rules_lists_every_rule_in_each_format() {
    let text = stdout(&run(&["scan", "--rules"]));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["scan", "--rules", "--format", "json"]))).unwrap();
    let md = stdout(&run(&["scan", "--rules", "--format", "markdown"]));
    let rules = json["rules"].as_array().unwrap();
    assert!(rules.len() >= 30);
    for r in rules {
        let id = r["id"].as_str().unwrap();
        assert!(text.lines().any(|l| l.starts_with(id)), "text lacks {id}");
        assert!(md.contains(&format!("| `{id}` |")), "markdown lacks {id}");
    }
}

#[test]
fn scan_of_a_missing_folder_is_a_usage_error() {
    let out = run(&["scan", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no/such/folder: not a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn scan_defaults_to_the_git_top_level() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("src/app")).unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "openai\nragas\n").unwrap();
    let out = bin()
        .args(["scan", "--format", "json"])
        .current_dir(dir.path().join("src/app"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["root"], "../..");
    assert_eq!(v["dimensions"][2]["signals"][0]["path"], "requirements.txt");
}

/// File names and file text are hostile: no line of the text report may start a workflow
/// command (`::x::` or `##[x]`), and control characters are shown escaped.
#[cfg(unix)]
#[test]
fn scan_text_never_lets_a_file_name_start_a_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let prompts = dir.path().join("prompts");
    std::fs::create_dir_all(&prompts).unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "openai\n").unwrap();
    std::fs::write(prompts.join("x\n::error::pwned\r##[add-mask]y.txt"), "hi").unwrap();
    let out = run(&["scan", dir.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        text.contains("prompts/x\\n::error::pwned\\r##\\[add-mask]y.txt:1"),
        "{text}"
    );
    for line in text.lines().chain(stderr(&out).lines()) {
        let t = line.trim_start();
        assert!(!t.starts_with("::") && !t.starts_with("##["), "{line}");
    }
}

/// A repository shaped like `fixtures/scan/apps/rag-evals-ci`, in a temporary git checkout,
/// with `answers` as its llmops-maturity.yaml.
fn rag_repo(answers: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(manifest_dir().join("fixtures/scan/apps/rag-evals-ci/."))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("llmops-maturity.yaml"), answers).unwrap();
    dir
}

const RAG_ANSWERS: &str = "version: 1
answers:
  models: 2
  prompt-engineering: 2
  evaluation: 3
  deployment: 3
  monitoring: 4
  responsible-ai:
    level: 3
    evidence: [docs/safety-review.md]
  asset-management:
    level: 4
    evidence: [https://wiki.example.com/release-process]
";

#[test]
fn check_evidence_warns_on_claims_nothing_backs_and_deny_fails_the_gate() {
    let repo = rag_repo(RAG_ANSWERS);
    let check = |mode: &str| {
        bin()
            .args(["check", "--evidence", mode])
            .current_dir(repo.path())
            .output()
            .unwrap()
    };
    let off = check("off");
    assert_eq!(off.status.code(), Some(0), "{}", stderr(&off));
    assert!(!stderr(&off).contains("unsupported-claim"));

    let warn = check("warn");
    assert_eq!(warn.status.code(), Some(0), "{}", stderr(&warn));
    let err = stderr(&warn);
    // Monitoring 4: nothing at that level; responsible-ai 3: its evidence path does not exist.
    assert!(err.contains("llmops-maturity.yaml:7:3: warning: `monitoring` is answered 4 but the repository supports level 3 at most; no scan rule detects level 4 of `monitoring`: add the evidence, list it under `evidence:`, or lower the answer [unsupported-claim]"), "{err}");
    assert!(err.contains("llmops-maturity.yaml:8:3: warning: `responsible-ai` is answered 3 but the repository supports level 2 at most; looked for "), "{err}");
    assert!(err.contains("llmops-maturity.yaml:3:3: info: `models` is answered 2 but the repository shows level 3"), "{err}");
    let out = stdout(&warn);
    assert!(
        out.contains("Evaluation          ■■■□ 3  verified     "),
        "{out}"
    );
    assert!(
        out.contains("(seen: .github/workflows/evaluate.yml:13)"),
        "{out}"
    );
    assert!(
        out.contains("Monitoring          ■■■■ 4  unsupported  "),
        "{out}"
    );
    assert!(
        out.contains("Asset management    ■■■■ 4  declared     "),
        "{out}"
    );

    let deny = check("deny");
    assert_eq!(deny.status.code(), Some(1));
    assert!(
        stderr(&deny).contains(
            "llmops-maturity.yaml: gate failed: 2 unsupported claims and --evidence deny is set"
        ),
        "{}",
        stderr(&deny)
    );
}

#[test]
fn check_evidence_json_and_markdown() {
    let repo = rag_repo(RAG_ANSWERS);
    let run_in = |args: &[&str]| bin().args(args).current_dir(repo.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&run_in(&[
        "check",
        "--evidence",
        "warn",
        "--format",
        "json",
    ])))
    .unwrap();
    let dims = v["dimensions"].as_array().unwrap();
    let status: Vec<(&str, &str, u64)> = dims
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap(),
                d["evidence_status"].as_str().unwrap(),
                d["supported_level"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("models", "verified", 3),
            ("prompt-engineering", "verified", 2),
            ("evaluation", "verified", 4),
            ("deployment", "verified", 4),
            ("monitoring", "unsupported", 3),
            ("responsible-ai", "unsupported", 2),
            ("asset-management", "declared", 3),
        ]
    );
    assert_eq!(
        dims[2]["signals"][0],
        serde_json::json!({"rule": "eval-on-schedule", "level": 4, "path": ".github/workflows/evaluate.yml",
            "line": 13, "summary": "an evaluation runs continuously, on a schedule: python -m evals.evaluate"})
    );
    // One missing evidence path, two unsupported claims, three notes (models, evaluation and
    // deployment show more than answered).
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 6);
    assert!(v["dimensions"][4]["warnings"][0]
        .as_str()
        .unwrap()
        .contains("`monitoring` is answered 4"));

    let off: serde_json::Value =
        serde_json::from_str(&stdout(&run_in(&["check", "--format", "json"]))).unwrap();
    assert!(off["dimensions"][0]["evidence_status"].is_null());
    assert!(off["dimensions"][0]["signals"].is_null());

    let md = stdout(&run_in(&[
        "check",
        "--evidence",
        "warn",
        "--format",
        "markdown",
    ]));
    assert!(
        md.contains("| Dimension | Level | Current practice | Evidence |"),
        "{md}"
    );
    assert!(
        md.contains("| ✅ verified: <code>.github/workflows/evaluate.yml:13</code> |"),
        "{md}"
    );
    assert!(md.contains("| ⚠️ unsupported |"), "{md}");
    assert!(md.contains("| 📄 declared |"), "{md}");
}

#[test]
fn init_from_scan_starts_each_answer_at_the_supported_level() {
    let repo = rag_repo("");
    std::fs::remove_file(repo.path().join("llmops-maturity.yaml")).unwrap();
    // A hostile file name must stay inside its YAML comment.
    std::fs::write(
        repo.path()
            .join("src/rag_app/prompts/x\nanswers: {}\n#.txt"),
        "hi",
    )
    .unwrap();
    let out = bin()
        .args(["init", "--from-scan"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(repo.path().join("llmops-maturity.yaml")).unwrap();
    assert!(written.contains("  # scan: level 4 supported by\n  #   .github/workflows/evaluate.yml:13  an evaluation runs continuously, on a schedule: python -m evals.evaluate [eval-on-schedule]\n"), "{written}");
    assert!(written.contains("x\\nanswers: {}\\n#.txt:1"), "{written}");
    let json = bin()
        .args(["check", "--evidence", "deny", "--format", "json"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let levels: Vec<u64> = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["level"].as_u64().unwrap())
        .collect();
    assert_eq!(levels, [3, 2, 4, 4, 3, 2, 3]);
}

/// `fixtures/valid/targets.yaml` has a target for Monitoring due on 2026-12-01, not yet met.
const DUE_ON_THE_FIRST: &str = "fixtures/valid/targets.yaml";

#[test]
fn today_comes_from_the_flag_else_the_environment() {
    let on = |env: Option<&str>, flag: Option<&str>| {
        let mut cmd = bin();
        cmd.args(["check", DUE_ON_THE_FIRST, "--format", "json"]);
        if let Some(day) = env {
            cmd.env("LLMOPS_MATURITY_TODAY", day);
        }
        if let Some(day) = flag {
            cmd.args(["--today", day]);
        }
        cmd.output().unwrap()
    };
    // The day of the date: due soon, and the gate passes.
    let due = on(Some("2026-12-01"), None);
    assert_eq!(due.status.code(), Some(0), "{}", stderr(&due));
    let v: serde_json::Value = serde_json::from_str(&stdout(&due)).unwrap();
    assert_eq!(v["today"], "2026-12-01");
    // The day after: missed, and the gate fails naming the target and its date.
    let missed = on(Some("2026-12-02"), None);
    assert_eq!(missed.status.code(), Some(1));
    assert!(
        stderr(&missed).contains(
            "gate failed: target Monitoring at level 2 was due by 2026-12-01 and is missed (1 day ago)"
        ),
        "{}",
        stderr(&missed)
    );
    // The flag wins over the environment.
    let flag = on(Some("2026-12-02"), Some("2026-12-01"));
    assert_eq!(flag.status.code(), Some(0), "{}", stderr(&flag));
}

#[test]
fn an_invalid_today_is_a_usage_error_that_says_what_to_write() {
    for (env, flag) in [
        (None, Some("2026-02-30")),
        (Some("tomorrow"), None),
        (None, Some("20261201")),
    ] {
        let mut cmd = bin();
        cmd.args(["check", DUE_ON_THE_FIRST]);
        if let Some(day) = env {
            cmd.env("LLMOPS_MATURITY_TODAY", day);
        }
        if let Some(day) = flag {
            cmd.args(["--today", day]);
        }
        let o = cmd.output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{env:?} {flag:?}");
        let err = stderr(&o);
        assert!(err.contains("--today"), "{err}");
        assert!(
            err.contains("written YYYY-MM-DD, such as 2026-11-01"),
            "{err}"
        );
        assert!(stdout(&o).is_empty());
    }
    let diff = run(&[
        "diff",
        DUE_ON_THE_FIRST,
        DUE_ON_THE_FIRST,
        "--today",
        "soon",
    ]);
    assert_eq!(diff.status.code(), Some(2));
}

#[test]
fn a_met_target_never_fails_whatever_the_date() {
    let o = run(&[
        "check",
        DUE_ON_THE_FIRST,
        "--format",
        "json",
        "--today",
        "2040-01-01",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let statuses: Vec<(&str, i64)> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["status"].as_str().unwrap(),
                t["days_left"].as_i64().unwrap(),
            )
        })
        .collect();
    // The two met targets stay met 13 years on; every other one is missed.
    assert_eq!(
        statuses.iter().filter(|(s, _)| *s == "met").count(),
        3,
        "{statuses:?}"
    );
    assert!(statuses
        .iter()
        .all(|(s, d)| *s == "met" || (*s == "missed" && *d < 0)));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn json_report_shows_targets_waivers_and_staleness() {
    let json = |file: &str| {
        let o = run(&[
            "check",
            file,
            "--format",
            "json",
            "--today",
            TODAY,
            "--repo-root",
            ".",
        ]);
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap()
    };
    let t = json("fixtures/valid/targets.yaml");
    assert_eq!(
        t["targets"][1],
        serde_json::json!({"level": 3, "dimension": null, "by": "2027-01-01", "status": "pending", "days_left": 31})
    );
    assert_eq!(t["targets"][2]["dimension"], "evaluation");
    assert_eq!(t["targets"][2]["status"], "due-soon");
    assert_eq!(t["targets"][2]["days_left"], 30);
    assert_eq!(
        (t["stale"].clone(), t["days_since_assessed"].clone()),
        (false.into(), 30.into())
    );
    assert_eq!(t["warnings"], 3);

    let w = json("fixtures/valid/waivers.yaml");
    assert_eq!(
        w["waivers"][0],
        serde_json::json!({
            "dimension": "responsible-ai",
            "reason": "Reviews by the RAI board are minuted outside this repository",
            "approved_by": "@contoso/rai-board",
            "expires": "2026-12-01",
            "status": "active"
        })
    );
    assert_eq!(w["waivers"][1]["status"], "expired");
    assert_eq!(w["waivers"][1]["approved_by"], serde_json::Value::Null);

    let stale = json("fixtures/valid/review-every-91-days.yaml");
    assert_eq!(
        (stale["stale"].clone(), stale["days_since_assessed"].clone()),
        (true.into(), 91.into())
    );
    let fresh = json("fixtures/valid/review-every-90-days.yaml");
    assert_eq!(fresh["stale"], false);
    let none = json("fixtures/valid/full.yaml");
    assert_eq!(
        (none["stale"].clone(), none["targets"].clone()),
        (false.into(), serde_json::json!([]))
    );
    assert_eq!(
        json("fixtures/valid/target-missed.yaml")["days_since_assessed"],
        serde_json::Value::Null
    );
}

/// Two answers files that differ only in their commitments, as a pull request would change them.
fn commitments_pair(dir: &std::path::Path) -> (String, String) {
    let answers =
        std::fs::read_to_string(manifest_dir().join("fixtures/valid/score-16.yaml")).unwrap();
    let base = format!(
        "{answers}targets:\n  - dimension: evaluation\n    level: 3\n    by: 2027-01-31\nwaivers:\n  - dimension: models\n    reason: Vendor contract\n    expires: 2027-01-31\n"
    );
    let head = format!(
        "{answers}targets:\n  - dimension: evaluation\n    level: 3\n    by: 2027-03-31\nwaivers:\n  - dimension: models\n    reason: Vendor contract\n    expires: 2027-06-30\n  - dimension: responsible-ai\n    reason: \"Minuted by the board @octocat #7\"\n    approved-by: \"@contoso/rai-board\"\n    expires: 2027-01-31\n"
    );
    let (b, h) = (dir.join("base.yaml"), dir.join("head.yaml"));
    std::fs::write(&b, base).unwrap();
    std::fs::write(&h, head).unwrap();
    (
        b.to_string_lossy().into_owned(),
        h.to_string_lossy().into_owned(),
    )
}

#[test]
fn diff_lists_changed_targets_and_waivers() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = commitments_pair(dir.path());
    let text = run(&["diff", &base, &head, "--today", TODAY]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let out = stdout(&text);
    for line in [
        "No answer changed.",
        "  target Evaluation at level 3: moved, by 2027-01-31 -> 2027-03-31",
        "  waiver Models: changed, extended 2027-01-31 -> 2027-06-30",
        "  waiver Responsible AI: added, until 2027-01-31",
        "    reason: Minuted by the board @octocat #7",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "no line {line:?} in:\n{out}"
        );
    }

    let json = run(&["diff", &base, &head, "--format", "json", "--today", TODAY]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["changed"], true);
    assert_eq!(v["changes"], serde_json::json!([]));
    assert_eq!(
        v["targets"],
        serde_json::json!([{"change": "moved", "level": 3, "dimension": "evaluation", "before": "2027-01-31", "after": "2027-03-31"}])
    );
    assert_eq!(v["waivers"][0]["change"], "changed");
    assert_eq!(v["waivers"][0]["expires_before"], "2027-01-31");
    assert_eq!(v["waivers"][0]["expires_after"], "2027-06-30");
    assert_eq!(v["waivers"][1]["change"], "added");
    assert_eq!(v["waivers"][1]["approved_by"], "@contoso/rai-board");

    // What reviewers see in the comment's "What changed": the new waiver first, escaped.
    let md = stdout(&run(&[
        "diff", &base, &head, "--format", "markdown", "--today", TODAY,
    ]));
    let changed = md
        .split("### What changed")
        .nth(1)
        .expect("a What changed part");
    let changed = changed.split("### All dimensions").next().unwrap();
    assert!(
        changed.contains("⚠️ **New waiver** for Responsible AI until 2027-01-31, approved by @&#8203;contoso/rai-board: Minuted by the board @&#8203;octocat #&#8203;7"),
        "{changed}"
    );
    assert!(
        changed.contains(
            "**Waiver changed** for Models: ⚠️ **extended** from 2027-01-31 to **2027-06-30**"
        ),
        "{changed}"
    );
    assert!(
        changed.contains(
            "⚠️ **Target moved later**: Evaluation at level 3 by 2027-01-31 → **2027-03-31**"
        ),
        "{changed}"
    );
    assert!(!changed.contains("nothing to review"), "{changed}");
}

#[test]
fn waiver_text_cannot_start_a_workflow_command_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let answers =
        std::fs::read_to_string(manifest_dir().join("fixtures/valid/score-16.yaml")).unwrap();
    std::fs::write(
        &path,
        format!("{answers}waivers:\n  - dimension: models\n    reason: \"ok\\n::add-mask::x\\r##[error]y\"\n    approved-by: \"\\n::stop-commands::z\"\n    expires: 2026-11-30\n"),
    )
    .unwrap();
    let o = run(&["check", path.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(all.contains("reason: ok\\n::add-mask::x"), "{all}");
    for line in all.lines() {
        let t = line.trim_start();
        assert!(
            !t.starts_with("::") && !t.starts_with("##["),
            "a command line: {line:?}"
        );
    }
}

#[test]
fn the_commented_commitments_of_init_are_valid_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("llmops-maturity.yaml");
    assert_eq!(
        run(&["init", path.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let starter = std::fs::read_to_string(&path).unwrap();
    let (head, tail) = starter
        .split_once("# targets:")
        .expect("init shows targets");
    let uncommented: String = format!("# targets:{tail}")
        .lines()
        .filter(|l| {
            l.starts_with("# ")
                && !l.starts_with("# Targets")
                && !l.starts_with("# Waivers")
                && !l.starts_with("# before")
                && !l.starts_with("# with")
        })
        .map(|l| format!("{}\n", &l[2..]))
        .collect();
    let head = head
        .replace("  # assessed-at:", "  assessed-at:")
        .replace("  # review-every:", "  review-every:");
    std::fs::write(&path, format!("{head}{uncommented}")).unwrap();
    let o = run(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        "2026-02-01",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{head}{uncommented}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["targets"].as_array().unwrap().len(), 2);
    assert_eq!(v["waivers"][0]["approved_by"], "@my-org/rai-board");
    assert_eq!(v["days_since_assessed"], 1);
}

#[test]
fn markdown_escapes_waiver_reasons_and_approvers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.yaml");
    let answers =
        std::fs::read_to_string(manifest_dir().join("fixtures/valid/score-16.yaml")).unwrap();
    std::fs::write(
        &path,
        format!(
            "{answers}waivers:\n  - dimension: monitoring\n    reason: \"<img src=x onerror=alert(1)> | fixes #1 | @everyone ![x](https://evil.test/p.png)\"\n    approved-by: \"@octocat</sub><script>alert(1)</script>\"\n    expires: 2026-12-31\n"
        ),
    )
    .unwrap();
    let o = run(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "markdown",
        "--today",
        TODAY,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("| Monitoring | &lt;img src=x"), "{md}");
    for forbidden in [
        "<img",
        "<script",
        "</sub><",
        "@octocat",
        "@everyone",
        "#1 ",
        "![x]",
    ] {
        assert!(
            !md.contains(forbidden),
            "`{forbidden}` reached the Markdown:\n{md}"
        );
    }
    // The user's `|` must not add cells: every row has as many as its table's header.
    let mut cells = None;
    for line in md.lines() {
        match (line.starts_with('|'), cells) {
            (false, _) => cells = None,
            (true, None) => cells = Some(line.matches('|').count()),
            (true, Some(n)) => assert_eq!(line.matches('|').count(), n, "broken row: {line}"),
        }
    }
}

#[test]
fn markdown_comment_for_a_change_of_commitments() {
    let dir = tempfile::tempdir().unwrap();
    commitments_pair(dir.path());
    // Relative paths, so the snapshot does not hold the temporary folder's name.
    let o = bin()
        .current_dir(dir.path())
        .args([
            "diff",
            "base.yaml",
            "head.yaml",
            "--format",
            "markdown",
            "--today",
            TODAY,
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("markdown_commitments_change", stdout(&o));
}

#[test]
fn markdown_says_when_the_assessment_is_stale() {
    let md = |file: &str| {
        stdout(&run(&[
            "check",
            file,
            "--format",
            "markdown",
            "--today",
            TODAY,
            "--repo-root",
            ".",
        ]))
    };
    assert!(
        md("fixtures/valid/review-every-91-days.yaml").contains(
            "⚠️ **Stale assessment**: assessed 91 days ago and reviewed every 90 days, so the review was due 1 day ago."
        )
    );
    assert!(md("fixtures/valid/review-every-90-days.yaml")
        .contains("Assessed 90 days ago; reviewed every 90 days, next review due today."));
}

use crate::support::runner;

/// A valid answers file whose own words try to print workflow commands (issue 7, section 2).
const HOSTILE: &str = r#"version: 1
assessment:
  team: "Support\n::error::X"
  owners: ["a\r::add-mask::Managed", "::stop-commands::x"]
answers:
  models: 2
  prompt-engineering: 2
  evaluation:
    level: 2
    evidence: ["docs/x ##[add-mask]Managed"]
    notes: "see GH-1"
  deployment: 2
  monitoring: 2
  responsible-ai: 2
  asset-management: 2
"#;

/// `check` on `yaml` written into a fresh folder (its own repository root).
fn check_text(yaml: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(&path, yaml).unwrap();
    let mut all = vec!["check", path.to_str().unwrap()];
    all.extend(args);
    bin().current_dir(dir.path()).args(&all).output().unwrap()
}

#[test]
fn user_text_never_starts_a_workflow_command_in_any_format() {
    let text = check_text(HOSTILE, &[]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let out = stdout(&text);
    assert_eq!(
        out.lines().nth(1),
        Some(r"team Support\n::error::X · owners a\r::add-mask::Managed, ::stop-commands::x"),
        "{out}"
    );
    assert!(
        stderr(&text).contains(": warning: evidence path `docs/x ##\\[add-mask]Managed` does not exist in the repository; expected a path relative to the repository root [evidence-not-found]\n")
            && stderr(&text).ends_with("a.yaml: valid, with 1 warning\n"),
        "{}",
        stderr(&text)
    );
    for format in ["text", "json", "markdown"] {
        let o = check_text(HOSTILE, &["--format", format]);
        for stream in [stdout(&o), stderr(&o)] {
            assert_eq!(
                runner::commands(&stream),
                Vec::<String>::new(),
                "{format}:\n{stream}"
            );
        }
    }
    // JSON stays JSON, with the values exactly as written.
    let json = check_text(HOSTILE, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["team"], "Support\n::error::X");
    assert!(
        stdout(&json).contains(r"docs/x ##\u005badd-mask]Managed"),
        "{}",
        stdout(&json)
    );
    // Markdown shows the path in a code element and does not link GH-1.
    let markdown = stdout(&check_text(HOSTILE, &["--format", "markdown"]));
    assert!(
        markdown.contains("<code>docs/x &#35;&#35;&#91;add-mask&#93;Managed</code>"),
        "{markdown}"
    );
    assert!(markdown.contains("see GH-&#8203;1"), "{markdown}");
}

#[test]
fn a_huge_unknown_key_is_shortened_in_the_message() {
    let huge = "k".repeat(65 * 1024);
    let o = check_text(
        &format!(
            "version: 1\nassessment:\n  ? {huge}\n  : 1\n  \"k\\n::error::X\": 2\nanswers: {{}}\n"
        ),
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.len() < 4000, "{} bytes on stderr", err.len());
    assert!(
        err.contains(&format!(
            "unknown key `{}…` in `assessment`",
            "k".repeat(120)
        )),
        "{err}"
    );
    assert!(
        err.contains(r"unknown key `k\n::error::X` in `assessment`"),
        "{err}"
    );
    assert_eq!(runner::commands(&err), Vec::<String>::new(), "{err}");
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A repository (with `.git`) holding `a.yaml`, and a folder outside it.
    fn repo_and_outside() -> (tempfile::TempDir, tempfile::TempDir) {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir(repo.path().join(".git")).unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.yaml"), HOSTILE).unwrap();
        (repo, outside)
    }

    #[test]
    fn an_answers_file_linked_out_of_the_repository_is_not_read() {
        let (repo, outside) = repo_and_outside();
        symlink(
            outside.path().join("secret.yaml"),
            repo.path().join("a.yaml"),
        )
        .unwrap();
        let o = bin()
            .current_dir(repo.path())
            .args(["check", "a.yaml"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            stderr(&o).lines().next(),
            Some("a.yaml: error: is a symbolic link that leads outside the repository, which is never followed; commit the answers file itself [file]")
        );
        assert!(!stdout(&o).contains("Support"), "{}", stdout(&o));
        // Through a linked folder too.
        symlink(outside.path(), repo.path().join("teams")).unwrap();
        let o = bin()
            .current_dir(repo.path())
            .args(["check", "teams/secret.yaml"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(
            stderr(&o).contains("leads outside the repository"),
            "{}",
            stderr(&o)
        );
    }

    #[test]
    fn evidence_linked_out_of_the_repository_is_not_followed_nor_probed() {
        let (repo, outside) = repo_and_outside();
        std::fs::create_dir(repo.path().join("docs")).unwrap();
        std::fs::write(repo.path().join("docs/real.md"), "x").unwrap();
        symlink(outside.path(), repo.path().join("out")).unwrap();
        symlink("../docs/real.md", repo.path().join("docs/inside-link.md")).unwrap();
        symlink("/etc/passwd", repo.path().join("docs/abs")).unwrap();
        let yaml = |evidence: &str| HOSTILE.replace("docs/x ##[add-mask]Managed", evidence);
        let outcome = |evidence: &str| {
            std::fs::write(repo.path().join("a.yaml"), yaml(evidence)).unwrap();
            let o = bin()
                .current_dir(repo.path())
                .args(["check", "a.yaml"])
                .output()
                .unwrap();
            stderr(&o)
        };
        // Inside the repository, through a link: found.
        assert_eq!(outcome("docs/inside-link.md"), "");
        // Out of it: the same answer whether the target exists or not.
        let exists = outcome("out/secret.yaml");
        let absent = outcome("out/no-such-file");
        assert!(exists.contains("evidence path `out/secret.yaml` is a symbolic link that leads outside the repository, which is never followed"), "{exists}");
        assert_eq!(
            exists.replace("secret.yaml", "X"),
            absent.replace("no-such-file", "X")
        );
        assert!(outcome("docs/abs").contains("leads outside the repository"));
    }
}

#[test]
fn a_usage_error_quoting_a_hostile_value_starts_no_command() {
    let o = run(&["check", "--format", "x\n::error::Y"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: invalid value 'x\n\\::error::Y' for '--format"),
        "{err}"
    );
    assert_eq!(runner::commands(&err), Vec::<String>::new(), "{err}");
}

/// Regression: a waiver did not stop `--evidence deny` from failing. In a repository with no
/// evidence, `responsible-ai: 3` under an active waiver printed the waived claim as `info`, then
/// `gate failed: 1 unsupported claim and --evidence deny is set` (exit 1), and the report showed
/// the row as "unsupported". The documentation says a waived claim never fails a gate.
#[test]
fn a_waived_claim_does_not_fail_evidence_deny_and_shows_as_waived() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let file = dir.path().join("llmops-maturity.yaml");
    let answers = "version: 1\nanswers:\n  models: 1\n  prompt-engineering: 1\n  evaluation: 1\n  deployment: 1\n  monitoring: 1\n  responsible-ai: 3\n  asset-management: 1\nwaivers:\n  - dimension: responsible-ai\n    reason: The safety review runs in the platform team's repository\n    expires: 2027-01-31\n";
    std::fs::write(&file, answers).unwrap();
    let path = file.to_str().unwrap();
    let o = run(&["check", "--evidence", "deny", "--today", "2026-12-01", path]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("gate failed"), "{err}");
    assert!(err.contains(": info: "), "{err}");
    let out = stdout(&o);
    let row = out
        .lines()
        .find(|l| l.contains("Responsible AI"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("waived"), "{row}");
    assert!(!row.contains("unsupported"), "{row}");

    let o = run(&[
        "check",
        "--evidence",
        "deny",
        "--today",
        "2026-12-01",
        "--format",
        "json",
        path,
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rai = json["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "responsible-ai")
        .unwrap();
    let statuses = [rai["evidence_status"].as_str().unwrap()];
    assert!(statuses.contains(&"waived"), "{json}");

    // The same claim without the waiver still fails the gate.
    let unwaived = answers.split("waivers:").next().unwrap();
    std::fs::write(&file, unwaived).unwrap();
    let o = run(&["check", "--evidence", "deny", "--today", "2026-12-01", path]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("gate failed: 1 unsupported claim and --evidence deny is set"));
}
