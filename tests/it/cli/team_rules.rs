//! Team rules (`.llmops-maturity/rules.yaml`) and a questionnaire's own rules, end to end: rules that fire with file and line, built-ins disabled with a reason, every validation error as a fixture, hostile files, and dimensions no rule checks.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::{bin, manifest_dir, run, stderr, stdout, transcript, TODAY};

const RULES: &str = ".llmops-maturity/rules.yaml";

/// A repository (a `.git` folder, so it is its own top level) with `files` written in it.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

/// Runs the binary in `dir` with a 20 s deadline: a hostile file must not hang it. The output
/// is read while it runs (a full pipe would stall it).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let child = bin()
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("{args:?} did not finish in 20 s");
        }
    }
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

/// Every signal of a `scan --format json`, as `rule path:line origin`.
fn signals(v: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for d in v["dimensions"].as_array().unwrap() {
        for s in d["signals"].as_array().unwrap() {
            out.push(format!(
                "{} {}:{} {}",
                s["rule"].as_str().unwrap(),
                s["path"].as_str().unwrap(),
                s["line"],
                s["origin"].as_str().unwrap()
            ));
        }
    }
    out
}

const TEAM_RULES: &str = r#"# The ACME platform team's own evidence.
rules:
  - id: acme-eval-harness
    dimension: evaluation
    level: 3
    kind: content
    glob: "evals/**/*.py"
    pattern: 'acme_eval\.run\('
    explanation: the ACME evaluation harness runs the suite
  - id: acme-eval-in-ci
    dimension: evaluation
    level: 3
    kind: workflow-step
    pattern: '\bacme-eval\s+run\b'
    on: [pull_request]
    explanation: CI runs the ACME evaluation harness on every pull request
  - id: acme-prompt-registry
    dimension: prompt-engineering
    level: 2
    kind: file
    glob: prompts/registry.{yaml,yml}
    explanation: prompts are kept in the house registry
  - id: acme-guardrails
    dimension: responsible-ai
    level: 2
    kind: dependency
    package: [acme-guardrails, "@acme/guard*"]
    explanation: the house guardrails library filters model output
disable:
  - rule: container-image
    reason: the Dockerfile builds the docs site, not the application
"#;

const WORKFLOW: &str = "on: [pull_request]\njobs:\n  e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: acme-eval run --suite smoke\n";

fn acme_repo() -> tempfile::TempDir {
    repo(&[
        (RULES, TEAM_RULES),
        ("requirements.txt", "openai\nacme_guardrails==2.1\n"),
        ("Dockerfile", "FROM python:3.12\n"),
        (
            "evals/smoke.py",
            "import acme_eval\n\nacme_eval.run(suite)\n",
        ),
        ("prompts/registry.yaml", "prompts: []\n"),
        (".github/workflows/eval.yml", WORKFLOW),
    ])
}

#[test]
fn team_rules_fire_with_file_line_and_origin() {
    let dir = acme_repo();
    let v = json(&run_in(dir.path(), &["scan", "--format", "json"]));
    let got = signals(&v);
    for want in [
        "acme-eval-harness evals/smoke.py:3 .llmops-maturity/rules.yaml:3",
        "acme-eval-in-ci .github/workflows/eval.yml:6 .llmops-maturity/rules.yaml:10",
        "acme-prompt-registry prompts/registry.yaml:1 .llmops-maturity/rules.yaml:17",
        "acme-guardrails requirements.txt:2 .llmops-maturity/rules.yaml:23",
        "llm-sdk requirements.txt:1 built-in",
    ] {
        assert!(got.iter().any(|g| g == want), "{want} not in {got:#?}");
    }
    let text = stdout(&run_in(dir.path(), &["scan"]));
    assert!(
        text.contains("  3  evals/smoke.py:3  the ACME evaluation harness runs the suite: acme_eval.run( [acme-eval-harness]"),
        "{text}"
    );
}

#[test]
fn a_disabled_builtin_gives_no_evidence_and_is_listed_with_its_reason() {
    let dir = acme_repo();
    let v = json(&run_in(dir.path(), &["scan", "--format", "json"]));
    assert!(!signals(&v)
        .iter()
        .any(|s| s.starts_with("container-image ")));
    assert_eq!(
        v["disabled_rules"],
        serde_json::json!([{"rule": "container-image", "reason": "the Dockerfile builds the docs site, not the application", "origin": ".llmops-maturity/rules.yaml:30"}])
    );
    // Without the file the built-in sees the Dockerfile.
    std::fs::remove_file(dir.path().join(RULES)).unwrap();
    let v = json(&run_in(dir.path(), &["scan", "--format", "json"]));
    assert!(signals(&v)
        .iter()
        .any(|s| s.starts_with("container-image Dockerfile:1 built-in")));
}

#[test]
fn scan_rules_lists_team_rules_with_their_origin_and_the_disabled_builtins() {
    let dir = acme_repo();
    let o = run_in(dir.path(), &["scan", "--rules"]);
    let text = stdout(&o);
    assert!(
        text.contains("acme-eval-harness          evaluation         3  the ACME evaluation harness runs the suite (content) from .llmops-maturity/rules.yaml:3\n"),
        "{text}"
    );
    assert!(text.ends_with("disabled: container-image by .llmops-maturity/rules.yaml:30: the Dockerfile builds the docs site, not the application\n"), "{text}");
    assert!(
        !text.contains("\ncontainer-image "),
        "a disabled rule is not listed as applied"
    );
    let v = json(&run_in(
        dir.path(),
        &["scan", "--rules", "--format", "json"],
    ));
    let rules = v["rules"].as_array().unwrap();
    let origin = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["origin"].as_str().unwrap().to_string())
    };
    assert_eq!(
        origin("acme-guardrails").as_deref(),
        Some(".llmops-maturity/rules.yaml:23")
    );
    assert_eq!(origin("llm-sdk").as_deref(), Some("built-in"));
    assert_eq!(v["disabled"][0]["rule"], "container-image");
    let md = stdout(&run_in(
        dir.path(),
        &["scan", "--rules", "--format", "markdown"],
    ));
    assert!(md.contains("| `acme-prompt-registry` | prompt-engineering | 2 | prompts are kept in the house registry | file: <code>prompts/registry.{yaml,yml}</code> | <code>.llmops-maturity/rules.yaml:17</code> |"), "{md}");
}

const ANSWERS: &str = "version: 1\nanswers:\n  models: 1\n  prompt-engineering: 2\n  evaluation: 3\n  deployment: 1\n  monitoring: 1\n  responsible-ai: 2\n  asset-management: 1\n";

#[test]
fn check_evidence_holds_answers_against_team_rules() {
    let dir = acme_repo();
    write(dir.path(), "llmops-maturity.yaml", ANSWERS);
    let args = [
        "check",
        "--evidence",
        "deny",
        "--today",
        TODAY,
        "--format",
        "json",
    ];
    let o = run_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let statuses: Vec<String> = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["id"].as_str().unwrap(),
                d["evidence_status"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        statuses.contains(&"evaluation verified".to_string()),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&"prompt-engineering verified".to_string()),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&"responsible-ai verified".to_string()),
        "{statuses:?}"
    );
    // Without the team's rules nothing backs those answers.
    let elsewhere = dir.path().join("empty-rules.yaml");
    std::fs::write(&elsewhere, "# no rules yet\n").unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--evidence",
            "deny",
            "--today",
            TODAY,
            "--rules-file",
            "empty-rules.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("[unsupported-claim]"), "{}", stderr(&o));
}

#[test]
fn a_bad_rules_file_makes_check_evidence_exit_2_with_positions() {
    let dir = repo(&[
        ("llmops-maturity.yaml", ANSWERS),
        (RULES, "rules:\n  - id: acme\n    dimension: evalution\n    level: 2\n    kind: file\n    glob: x\n    explanation: y\n"),
    ]);
    let o = run_in(
        dir.path(),
        &["check", "--evidence", "warn", "--today", TODAY],
    );
    assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
    assert!(
        stderr(&o).contains(".llmops-maturity/rules.yaml:3:16: error: unknown dimension `evalution`, expected one of `models`, `prompt-engineering`, `evaluation`, `deployment`, `monitoring`, `responsible-ai` or `asset-management`; did you mean `evaluation`? [unknown-dimension]"),
        "{}",
        stderr(&o)
    );
    // Without --evidence the rules file is not read.
    let o = run_in(dir.path(), &["check", "--today", TODAY]);
    assert_eq!(o.status.code(), Some(0), "{}", transcript(&o));
}

/// Every `fixtures/rules/invalid/X.yaml` is listed with `scan --rules --rules-file` and the
/// transcript compared with `X.out` byte for byte (`LLMOPS_BLESS=1` rewrites them).
#[test]
fn invalid_rules_fixtures_match_their_expected_output() {
    let bless = std::env::var_os("LLMOPS_BLESS").is_some();
    let dir = manifest_dir().join("fixtures/rules/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let rel = format!(
            "fixtures/rules/invalid/{}",
            file.file_name().unwrap().to_string_lossy()
        );
        let o = run(&["scan", "--rules", "--rules-file", &rel]);
        assert_eq!(o.status.code(), Some(2), "{rel} is not refused");
        let actual = transcript(&o);
        let expected_path = file.with_extension("out");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{rel}\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(files.len() >= 15, "only {} fixtures", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// No line the binary prints may start a workflow command, whatever a rules file holds.
fn no_workflow_command(o: &Output) {
    for line in stdout(o).lines().chain(stderr(o).lines()) {
        assert!(
            !line.trim_start().starts_with("::"),
            "a workflow command: {line}"
        );
        assert!(!line.contains("##["), "a legacy workflow command: {line}");
    }
}

fn rule_with(pattern_or_glob: &str, kind: &str) -> String {
    let key = if kind == "file" { "glob" } else { "pattern" };
    format!("rules:\n  - id: hostile\n    dimension: evaluation\n    level: 2\n    kind: {kind}\n    {key}: '{pattern_or_glob}'\n    explanation: hostile\n")
}

#[test]
fn hostile_patterns_are_refused_fast_and_clearly() {
    let cases = [
        (
            rule_with(&"a".repeat(100_000), "workflow-step"),
            "has 100000 characters, at most 1000 [rule-limit]",
        ),
        (
            rule_with("((a{100}){100}){100}", "workflow-step"),
            "compiles larger than the 1 MiB limit; write a smaller pattern [invalid-pattern]",
        ),
        (
            rule_with("(((((a*)*)*)*)*){1000}{1000}", "workflow-step"),
            "[invalid-pattern]",
        ),
        (
            rule_with("../../etc/passwd", "file"),
            "could name a place outside the repository",
        ),
        (
            rule_with("/etc/passwd", "file"),
            "[glob-outside-repository]",
        ),
    ];
    for (text, want) in cases {
        let dir = repo(&[(RULES, &text)]);
        let start = Instant::now();
        let o = run_in(dir.path(), &["scan"]);
        assert!(start.elapsed() < Duration::from_secs(10));
        assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
        assert!(stderr(&o).contains(want), "{want}: {}", stderr(&o));
        assert!(
            stderr(&o).lines().all(|l| l.chars().count() < 1000),
            "a line echoes the whole pattern"
        );
    }
}

#[test]
fn nested_stars_scan_a_large_file_in_linear_time() {
    let big = "a".repeat(1_000_000);
    let dir = repo(&[
        (
            RULES,
            &rule_with("(a*)*(a*)*b", "content")
                .replace("kind: content", "kind: content\n    glob: '*.txt'"),
        ),
        ("big.txt", &big),
    ]);
    let start = Instant::now();
    let v = json(&run_in(dir.path(), &["scan", "--format", "json"]));
    assert!(start.elapsed() < Duration::from_secs(15));
    assert!(!signals(&v).iter().any(|s| s.starts_with("hostile ")));
}

#[cfg(unix)]
#[test]
fn a_rules_file_that_is_a_link_out_of_the_repository_or_a_device_is_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("rules.yaml"), TEAM_RULES).unwrap();
    for target in [
        outside.path().join("rules.yaml"),
        PathBuf::from("/dev/zero"),
    ] {
        let dir = repo(&[("requirements.txt", "openai\n")]);
        std::fs::create_dir(dir.path().join(".llmops-maturity")).unwrap();
        symlink(&target, dir.path().join(RULES)).unwrap();
        let o = run_in(dir.path(), &["scan"]);
        assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
        assert_eq!(
            stderr(&o),
            "llmops-maturity: error: .llmops-maturity/rules.yaml: a symbolic link on the way leads outside the repository, which is never followed; commit the rules file itself\n"
        );
    }
    // A FIFO in the repository is never opened (it would hang the run).
    let dir = repo(&[]);
    std::fs::create_dir(dir.path().join(".llmops-maturity")).unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join(RULES))
        .status()
        .unwrap();
    assert!(made.success());
    let o = run_in(dir.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
    assert!(
        stderr(&o).contains("is a FIFO (named pipe), not a rules file"),
        "{}",
        stderr(&o)
    );
    // --rules-file outside the repository is refused too.
    let dir = repo(&[]);
    let o = run_in(
        dir.path(),
        &[
            "scan",
            "--rules-file",
            outside.path().join("rules.yaml").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
    assert!(
        stderr(&o).contains("outside the repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn workflow_command_text_in_a_rules_file_never_starts_a_command() {
    let text = TEAM_RULES
        .replace(
            "the ACME evaluation harness runs the suite",
            "::error::pwned ##[error]x",
        )
        .replace(
            "reason: the Dockerfile builds the docs site, not the application",
            "reason: '::warning::y the Dockerfile'",
        );
    let dir = acme_repo();
    write(dir.path(), RULES, &text);
    write(dir.path(), "llmops-maturity.yaml", ANSWERS);
    for args in [
        &["scan"][..],
        &["scan", "--rules"],
        &["scan", "--rules", "--format", "markdown"],
        &["check", "--evidence", "warn", "--today", TODAY],
        &[
            "check",
            "--evidence",
            "warn",
            "--today",
            TODAY,
            "--format",
            "markdown",
        ],
    ] {
        let o = run_in(dir.path(), args);
        assert!(o.status.success(), "{args:?}: {}", transcript(&o));
        no_workflow_command(&o);
    }
    // An id with the same text is not kebab-case: refused, and shown inert.
    write(
        dir.path(),
        RULES,
        &TEAM_RULES.replace("id: acme-eval-harness", "id: \"::error::id\""),
    );
    let o = run_in(dir.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("[invalid-id]"), "{}", stderr(&o));
    no_workflow_command(&o);
}

const ACME_QUESTIONNAIRE_RULES: &str = "rules:
  - id: acme-data-validated
    dimension: data
    level: 3
    kind: workflow-step
    pattern: '\\bgreat_expectations\\b|\\bgx\\s+checkpoint\\b'
    explanation: CI validates the training data
";

/// A custom questionnaire's repository: its own rule for `data`, none for `training` or
/// `serving`.
fn custom_repo() -> tempfile::TempDir {
    let q = std::fs::read_to_string(
        manifest_dir().join("fixtures/questionnaires/valid/acme-mlops.yaml"),
    )
    .unwrap();
    let answers = "version: 1\nquestionnaire: ./acme-mlops.yaml\nanswers:\n  data: 3\n  training: 3\n  serving: 2\n";
    let ci = "on: [push]\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gx checkpoint run nightly\n";
    repo(&[
        ("acme-mlops.yaml", &format!("{q}{ACME_QUESTIONNAIRE_RULES}")),
        ("llmops-maturity.yaml", answers),
        (".github/workflows/data.yml", ci),
        ("requirements.txt", "openai\n"),
        ("Dockerfile", "FROM python:3.12\n"),
    ])
}

#[test]
fn a_dimension_no_rule_checks_is_not_checked_and_never_fails_the_gate() {
    let dir = custom_repo();
    let args = ["check", "--evidence", "deny", "--today", TODAY];
    let o = run_in(dir.path(), &[&args[..], &["--format", "json"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", transcript(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let statuses: Vec<String> = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["id"].as_str().unwrap(),
                d["evidence_status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            "data verified",
            "training not-checked",
            "serving not-checked"
        ]
    );
    assert!(!stderr(&o).contains("unsupported"), "{}", stderr(&o));
    let text = stdout(&run_in(dir.path(), &args));
    assert!(text.contains("not-checked"), "{text}");
    assert!(!text.contains("unsupported"), "{text}");
    let md = stdout(&run_in(
        dir.path(),
        &[&args[..], &["--format", "markdown"]].concat(),
    ));
    assert!(md.contains("➖ not checked"), "{md}");
    assert!(!md.contains("unsupported"), "{md}");
    // The scan with the same questionnaire: built-in rules do not reach its dimensions.
    let v = json(&run_in(
        dir.path(),
        &[
            "scan",
            "--questionnaire",
            "./acme-mlops.yaml",
            "--format",
            "json",
        ],
    ));
    let dims: Vec<String> = v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["id"].as_str().unwrap(),
                d["checked"],
                d["supported_level"]
            )
        })
        .collect();
    assert_eq!(dims, ["data true 3", "training false 1", "serving false 1"]);
    assert_eq!(
        signals(&v),
        ["acme-data-validated .github/workflows/data.yml:6 acme-mlops.yaml:47"]
    );
    let text = stdout(&run_in(
        dir.path(),
        &["scan", "--questionnaire", "./acme-mlops.yaml"],
    ));
    assert!(
        text.contains("Training         not checked · no rule looks for this dimension"),
        "{text}"
    );
}

#[test]
fn a_team_rule_for_a_custom_dimension_checks_it() {
    let dir = custom_repo();
    write(dir.path(), RULES, "rules:\n  - id: acme-serving-pipeline\n    dimension: serving\n    level: 2\n    kind: file\n    glob: Dockerfile\n    explanation: the model is served from a container image\n");
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--evidence",
            "deny",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", transcript(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["dimensions"][2]["evidence_status"], "verified");
    assert_eq!(v["dimensions"][1]["evidence_status"], "not-checked");
    // A team rule for a dimension the questionnaire does not have is an error, with a hint.
    write(dir.path(), RULES, "rules:\n  - id: acme-x\n    dimension: evaluation\n    level: 2\n    kind: file\n    glob: Dockerfile\n    explanation: x\n");
    let o = run_in(
        dir.path(),
        &["check", "--evidence", "deny", "--today", TODAY],
    );
    assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
    assert!(
        stderr(&o).contains(
            "unknown dimension `evaluation`, expected one of `data`, `training` or `serving`"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_questionnaires_rules_are_validated_like_a_rules_file() {
    let dir = custom_repo();
    let q = std::fs::read_to_string(dir.path().join("acme-mlops.yaml")).unwrap();
    write(
        dir.path(),
        "acme-mlops.yaml",
        &q.replace("dimension: data", "dimension: dta")
            .replace("id: acme-data-validated", "id: llm-sdk"),
    );
    let o = run_in(
        dir.path(),
        &["questions", "--questionnaire", "acme-mlops.yaml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
    let err = stderr(&o);
    assert!(
        err.contains("acme-mlops.yaml:47:9: error: rule id `llm-sdk` is a built-in rule's"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `data`? [unknown-dimension]"),
        "{err}"
    );
}

#[test]
fn committed_rules_schema_matches_the_code() {
    let committed = std::fs::read_to_string(manifest_dir().join("rules.schema.json")).unwrap();
    assert_eq!(
        committed,
        stdout(&run(&["schema", "--rules-file"])),
        "rules.schema.json is stale: run `cargo run -- schema --rules-file > rules.schema.json`"
    );
    let committed =
        std::fs::read_to_string(manifest_dir().join("questionnaire.schema.json")).unwrap();
    assert_eq!(committed, stdout(&run(&["schema", "--questionnaire-file"])));
}

#[test]
fn a_huge_or_alias_bomb_rules_file_is_refused_within_the_answers_file_limits() {
    let huge = format!("rules: []\n#{}\n", "x".repeat(2 << 20));
    let dir = repo(&[(RULES, &huge)]);
    let o = run_in(dir.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
    assert_eq!(
        stderr(&o),
        "llmops-maturity: error: .llmops-maturity/rules.yaml: larger than 1 MiB, the limit for a rules file\n"
    );
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "a".to_string()
        } else {
            format!("a{}", i - 1)
        };
        bomb.push_str(&format!("a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let dir = repo(&[(RULES, &bomb)]);
    let o = run_in(dir.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2), "{}", transcript(&o));
    assert!(stderr(&o).contains("[yaml]"), "{}", stderr(&o));
}

#[test]
fn a_dependency_rule_can_name_its_ecosystem() {
    let rules = "rules:\n  - id: acme-guard-npm\n    dimension: responsible-ai\n    level: 2\n    kind: dependency\n    package: acme-guardrails\n    ecosystem: npm\n    explanation: the house guardrails for Node\n";
    let dir = repo(&[
        (RULES, rules),
        ("requirements.txt", "openai\nacme-guardrails\n"),
    ]);
    let v = json(&run_in(dir.path(), &["scan", "--format", "json"]));
    assert!(
        !signals(&v).iter().any(|s| s.starts_with("acme-guard-npm ")),
        "a PyPI package of that name is not the npm one"
    );
    write(
        dir.path(),
        "package.json",
        "{\"dependencies\": {\"acme-guardrails\": \"^1\"}}\n",
    );
    let v = json(&run_in(dir.path(), &["scan", "--format", "json"]));
    assert!(
        signals(&v)
            .iter()
            .any(|s| s.starts_with("acme-guard-npm package.json:1 ")),
        "{:?}",
        signals(&v)
    );
    write(
        dir.path(),
        RULES,
        &rules.replace("ecosystem: npm", "ecosystem: pip"),
    );
    let o = run_in(dir.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown ecosystem `pip`, expected one of `pypi`, `npm`, `cargo`, `go`, `nuget` or `maven`; did you mean `pypi`? [invalid-type]"), "{}", stderr(&o));
}
