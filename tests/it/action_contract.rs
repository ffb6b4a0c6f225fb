//! The contract between `action.yml`, the install script, the workflows and the CLI, read from the files.
//!
//! Inputs must reach scripts only through `env:` (a `${{ }}` inside `run:` is template injection:
//! https://docs.github.com/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections),
//! each input must land in the variable the CLI or the install script reads, and each output must
//! be one `llmops-maturity ci` writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    name: String,
    description: String,
    #[allow(dead_code)]
    author: String,
    branding: Branding,
    inputs: BTreeMap<String, Input>,
    outputs: BTreeMap<String, Output>,
    runs: Runs,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Branding {
    icon: String,
    color: String,
}

/// `default` is a `String` on purpose: an unquoted `false` would fail to parse here, and GitHub
/// hands every input to the steps as a string anyway.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    description: String,
    required: bool,
    default: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    description: String,
    value: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Runs {
    using: String,
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    id: String,
    shell: String,
    #[serde(default)]
    env: BTreeMap<String, String>,
    run: String,
}

/// The outputs `llmops-maturity ci` writes to `GITHUB_OUTPUT` (issue 3's contract).
const CI_OUTPUTS: &[&str] = &[
    "level",
    "level-name",
    "score",
    "max-score",
    "base-level",
    "base-score",
    "changed",
    "passed",
    "evidence-lost",
    "reconfirm",
    "comment-id",
    "comment-action",
];

/// The outputs `llmops-maturity org` writes to `GITHUB_OUTPUT` (issue 10's contract).
const ORG_OUTPUTS: &[&str] = &["json"];

/// Where each input must land: (input, step id, environment variable).
const INPUT_ENV: &[(&str, &str, &str)] = &[
    ("command", "ci", "LLMOPS_MATURITY_COMMAND"),
    ("owner", "ci", "LLMOPS_MATURITY_OWNER"),
    ("include-archived", "ci", "LLMOPS_MATURITY_INCLUDE_ARCHIVED"),
    ("include-forks", "ci", "LLMOPS_MATURITY_INCLUDE_FORKS"),
    ("topic", "ci", "LLMOPS_MATURITY_TOPIC"),
    ("config", "ci", "LLMOPS_MATURITY_CONFIG"),
    ("min-level", "ci", "LLMOPS_MATURITY_MIN_LEVEL"),
    (
        "fail-on-regression",
        "ci",
        "LLMOPS_MATURITY_FAIL_ON_REGRESSION",
    ),
    (
        "fail-on-evidence-loss",
        "ci",
        "LLMOPS_MATURITY_FAIL_ON_EVIDENCE_LOSS",
    ),
    ("comment", "ci", "LLMOPS_MATURITY_COMMENT"),
    ("comment-required", "ci", "LLMOPS_MATURITY_COMMENT_REQUIRED"),
    ("summary", "ci", "LLMOPS_MATURITY_SUMMARY"),
    ("annotations", "ci", "LLMOPS_MATURITY_ANNOTATIONS"),
    ("base-ref", "ci", "LLMOPS_MATURITY_BASE_REF"),
    ("pr-number", "ci", "LLMOPS_MATURITY_PR_NUMBER"),
    ("api-timeout", "ci", "LLMOPS_MATURITY_API_TIMEOUT"),
    ("dry-run", "ci", "LLMOPS_MATURITY_DRY_RUN"),
    ("evidence", "ci", "LLMOPS_MATURITY_EVIDENCE"),
    ("github-token", "ci", "GITHUB_TOKEN"),
    ("version", "install", "LLMOPS_MATURITY_VERSION"),
    ("binary-path", "install", "LLMOPS_MATURITY_BINARY_PATH"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn action() -> Action {
    serde_saphyr::from_str(&read(&root().join("action.yml"))).expect("action.yml parses")
}

fn step<'a>(action: &'a Action, id: &str) -> &'a Step {
    action
        .runs
        .steps
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("action.yml has no step with id `{id}`"))
}

fn workflows() -> Vec<PathBuf> {
    let dir = root().join(".github/workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

/// Every `run:` value anywhere in a YAML tree, with the path of keys that leads to it.
fn run_blocks(value: &serde_json::Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{at}.{key}");
                match (key.as_str(), v) {
                    ("run", serde_json::Value::String(script)) => out.push((here, script.clone())),
                    _ => run_blocks(v, &here, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                run_blocks(v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn action_is_composite_with_marketplace_metadata() {
    let action = action();
    assert_eq!(action.runs.using, "composite");
    assert!(!action.name.is_empty() && !action.description.is_empty());
    assert!(
        action.description.len() <= 2 * 125 + 10,
        "Marketplace shows a short description"
    );
    assert!(!action.branding.icon.is_empty() && !action.branding.color.is_empty());
    let ids: Vec<&str> = action.runs.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["install", "ci"], "step 1 installs, step 2 runs `ci`");
    for step in &action.runs.steps {
        assert_eq!(
            step.shell, "bash",
            "step {} must run in bash on every OS",
            step.id
        );
    }
    assert!(
        step(&action, "ci").run.contains(" ci"),
        "step 2 must run `llmops-maturity ci`"
    );
}

#[test]
fn every_input_has_a_description_and_a_default_and_is_optional() {
    let action = action();
    for (name, input) in &action.inputs {
        assert!(
            !input.description.trim().is_empty(),
            "input `{name}` has no description"
        );
        assert!(
            !input.required,
            "input `{name}` must be optional (it has a default)"
        );
        // `default` parsed as a string, so it is present; check the documented ones.
        let _ = &input.default;
    }
    let default = |n: &str| action.inputs[n].default.clone();
    assert_eq!(default("config"), "llmops-maturity.yaml");
    assert_eq!(default("command"), "ci", "existing users keep `ci`");
    assert_eq!(default("owner"), "${{ github.repository_owner }}");
    assert_eq!(default("include-archived"), "false");
    assert_eq!(default("include-forks"), "false");
    assert_eq!(default("comment"), "on-change");
    assert_eq!(default("github-token"), "${{ github.token }}");
    assert_eq!(default("summary"), "true");
    assert_eq!(default("annotations"), "true");
    assert_eq!(default("evidence"), "warn");
    assert_eq!(
        default("version"),
        "",
        "empty means the pinned dist/VERSION"
    );
}

#[test]
fn every_input_reaches_exactly_its_variable_through_env() {
    let action = action();
    let declared: Vec<&str> = action.inputs.keys().map(String::as_str).collect();
    let mut mapped: Vec<&str> = INPUT_ENV.iter().map(|(input, _, _)| *input).collect();
    mapped.sort_unstable();
    assert_eq!(
        declared, mapped,
        "inputs of action.yml vs the mapping this test knows"
    );

    for (input, step_id, var) in INPUT_ENV {
        let expression = format!("${{{{ inputs.{input} }}}}");
        let mut uses = Vec::new();
        for step in &action.runs.steps {
            for (name, value) in &step.env {
                if value.contains(&format!("inputs.{input} ")) {
                    uses.push((step.id.as_str(), name.as_str(), value.as_str()));
                }
            }
        }
        assert_eq!(
            uses,
            [(*step_id, *var, expression.as_str())],
            "input `{input}` must reach step `{step_id}` as {var}, and only there"
        );
    }
}

#[test]
fn step_env_holds_nothing_but_inputs_and_the_installed_path() {
    let action = action();
    for step in &action.runs.steps {
        for (name, value) in &step.env {
            let ok = value.starts_with("${{ inputs.") && value.ends_with(" }}")
                || value == "${{ steps.install.outputs.path }}";
            assert!(
                ok,
                "step `{}` sets {name}={value}: only inputs and the install path may pass",
                step.id
            );
        }
    }
    let install = step(&action, "install");
    assert!(
        !install.env.contains_key("GITHUB_TOKEN"),
        "the install step must never receive the token"
    );
}

#[test]
fn install_script_reads_every_variable_its_step_sets() {
    let action = action();
    let script = read(&root().join("scripts/install.sh"));
    assert!(step(&action, "install").run.contains("scripts/install.sh"));
    for var in step(&action, "install").env.keys() {
        assert!(
            script.contains(&format!("${{{var}")),
            "scripts/install.sh never reads {var}"
        );
    }
    let ci = step(&action, "ci");
    let (binary_var, _) = ci
        .env
        .iter()
        .find(|(_, v)| v.as_str() == "${{ steps.install.outputs.path }}")
        .expect("step 2 gets the installed binary's path");
    assert!(
        ci.run.contains(&format!("\"${binary_var}\"")),
        "step 2 runs the installed binary"
    );
    assert!(
        script.contains("'path=%s\\n'"),
        "install.sh writes the `path` output"
    );
}

#[test]
fn outputs_are_the_ones_ci_writes() {
    let action = action();
    for (name, output) in &action.outputs {
        assert!(
            !output.description.trim().is_empty(),
            "output `{name}` has no description"
        );
        if name == "binary" {
            assert_eq!(output.value, "${{ steps.install.outputs.path }}");
            continue;
        }
        assert!(
            CI_OUTPUTS.contains(&name.as_str()) || ORG_OUTPUTS.contains(&name.as_str()),
            "output `{name}` is not one `ci` or `org` writes"
        );
        assert_eq!(output.value, format!("${{{{ steps.ci.outputs.{name} }}}}"));
    }
    for name in CI_OUTPUTS.iter().chain(ORG_OUTPUTS) {
        assert!(
            action.outputs.contains_key(*name),
            "action.yml does not expose `{name}`"
        );
    }
}

#[test]
fn no_expression_inside_any_run_block() {
    let mut files = vec![root().join("action.yml")];
    files.extend(workflows());
    let mut checked = 0;
    for file in files {
        let tree: serde_json::Value = serde_saphyr::from_str(&read(&file))
            .unwrap_or_else(|e| panic!("{} parses: {e}", file.display()));
        let mut runs = Vec::new();
        run_blocks(&tree, "", &mut runs);
        for (at, script) in runs {
            checked += 1;
            assert!(
                !script.contains("${{"),
                "{}{at}: `${{{{ }}}}` inside run: (pass it through env:)",
                file.display()
            );
        }
    }
    assert!(
        checked > 5,
        "found only {checked} run blocks: is the walk broken?"
    );
}

#[test]
fn workflows_drop_permissions_pin_actions_and_drop_credentials() {
    let files = workflows();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["ci.yml", "release.yml", "self-test.yml"] {
        assert!(
            names.iter().any(|n| n == expected),
            "missing .github/workflows/{expected}"
        );
    }
    for file in files {
        let text = read(&file);
        let tree: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(
            tree["permissions"],
            serde_json::json!({}),
            "{}: top-level `permissions: {{}}`",
            file.display()
        );
        for line in text.lines() {
            let Some(uses) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses: ")
            else {
                continue;
            };
            if uses.starts_with("./") {
                continue;
            }
            let (reference, comment) = uses.split_once(" # ").unwrap_or((uses, ""));
            let sha = reference.rsplit_once('@').map(|(_, r)| r).unwrap_or("");
            assert!(
                sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
                "{}: `{uses}` is not pinned by a full commit SHA",
                file.display()
            );
            assert!(
                comment.starts_with('v'),
                "{}: `{uses}` needs its tag in a comment",
                file.display()
            );
        }
        let checkouts = text.matches("uses: actions/checkout@").count();
        let dropped = text.matches("persist-credentials: false").count();
        assert_eq!(
            checkouts,
            dropped,
            "{}: every checkout needs persist-credentials: false",
            file.display()
        );
    }
}

#[test]
fn dist_pins_a_version_and_well_formed_checksums() {
    let dist = root().join("dist");
    let version = read(&dist.join("VERSION")).trim().to_owned();
    let semver = |v: &str| {
        let core = v.split_once('-').map_or(v, |(c, _)| c);
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    assert!(semver(&version), "dist/VERSION `{version}` is not X.Y.Z");
    let repository = read(&dist.join("REPOSITORY")).trim().to_owned();
    assert_eq!(
        repository.split('/').filter(|p| !p.is_empty()).count(),
        2,
        "dist/REPOSITORY is owner/name"
    );

    let targets = [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ];
    let mut pinned_targets = Vec::new();
    for line in read(&dist.join("SHA256SUMS"))
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let (sha, file) = line
            .split_once("  ")
            .unwrap_or_else(|| panic!("`{line}`: expected `SHA  FILE`"));
        assert!(
            sha.len() == 64 && sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            "`{line}`"
        );
        let rest = file
            .strip_prefix("llmops-maturity-")
            .and_then(|f| f.strip_suffix(".tar.gz"))
            .unwrap_or_else(|| panic!("`{file}` is not llmops-maturity-VERSION-TARGET.tar.gz"));
        let target = targets
            .iter()
            .find(|t| rest.ends_with(&format!("-{t}")))
            .unwrap_or_else(|| panic!("`{file}` names no release target"));
        let file_version = &rest[..rest.len() - target.len() - 1];
        assert!(semver(file_version), "`{file}`");
        if file_version == version {
            pinned_targets.push(*target);
        }
    }
    // Either the pinned version has not been released yet (the action builds from source), or
    // every runner gets a verified binary: a half-listed release would build on some OSes only.
    pinned_targets.sort_unstable();
    let mut all = targets.to_vec();
    all.sort_unstable();
    assert!(
        pinned_targets.is_empty() || pinned_targets == all,
        "dist/SHA256SUMS lists {pinned_targets:?} for {version}"
    );
}

/// clap prints `[env: NAME=]` for every flag that reads one: each variable the step sets is read
/// by `ci` or `org`, except `LLMOPS_MATURITY_COMMAND`, which the step's script reads itself.
#[test]
fn cli_reads_every_variable_the_ci_step_sets() {
    let help = |command: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_llmops-maturity"))
            .args([command, "--help"])
            .output()
            .expect("run llmops-maturity --help");
        assert!(
            out.status.success(),
            "`llmops-maturity {command} --help` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (ci, org) = (help("ci"), help("org"));
    let action = action();
    let ci_step = step(&action, "ci");
    for var in ci_step
        .env
        .keys()
        .filter(|v| v.starts_with("LLMOPS_MATURITY_"))
    {
        if var == "LLMOPS_MATURITY_COMMAND" {
            assert!(ci_step.run.contains(&format!("${{{var}")));
            continue;
        }
        let read = [&ci, &org]
            .iter()
            .any(|help| help.contains(&format!("[env: {var}")));
        assert!(read, "neither `ci` nor `org` reads {var}");
    }
    for var in [
        "LLMOPS_MATURITY_OWNER",
        "LLMOPS_MATURITY_INCLUDE_ARCHIVED",
        "LLMOPS_MATURITY_INCLUDE_FORKS",
        "LLMOPS_MATURITY_TOPIC",
        "LLMOPS_MATURITY_CONFIG",
        "LLMOPS_MATURITY_SUMMARY",
        "LLMOPS_MATURITY_API_TIMEOUT",
    ] {
        assert!(
            org.contains(&format!("[env: {var}")),
            "`org` does not read {var}"
        );
    }
}

/// Runs step 2's script with a stand-in binary that records its arguments.
#[cfg(unix)]
fn run_step_script(command: Option<&str>) -> (i32, String, String) {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let record = dir.join("args.txt");
    let binary = dir.join("llmops-maturity");
    std::fs::write(
        &binary,
        format!(
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg(&step(&action(), "ci").run)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("ACTION_LLMOPS_MATURITY_BINARY", &binary)
        .env("RUNNER_TEMP", dir);
    if let Some(c) = command {
        cmd.env("LLMOPS_MATURITY_COMMAND", c);
    }
    let out = cmd.output().expect("bash runs");
    let args = std::fs::read_to_string(&record).unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        args,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn the_command_input_runs_ci_or_org_and_nothing_else() {
    let (code, args, _) = run_step_script(None);
    assert_eq!((code, args.as_str()), (0, "ci\n"), "no input means ci");
    let (code, args, _) = run_step_script(Some("ci"));
    assert_eq!((code, args.as_str()), (0, "ci\n"));
    let (code, args, _) = run_step_script(Some("org"));
    assert_eq!(code, 0);
    let lines: Vec<&str> = args.lines().collect();
    assert_eq!(lines[..2], ["org", "--json-out"]);
    assert!(lines[2].ends_with("/llmops-maturity-org.json"), "{args}");
    for bad in ["check", "init", "ci; rm -rf /", "--help"] {
        let (code, args, stderr) = run_step_script(Some(bad));
        assert_eq!((code, args.as_str()), (2, ""), "{bad}");
        assert!(
            stderr.contains("the input command must be ci or org"),
            "{stderr}"
        );
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hook {
    id: String,
    name: String,
    description: String,
    entry: String,
    language: String,
    files: String,
    pass_filenames: bool,
}

#[test]
fn pre_commit_hooks_run_check_on_the_answers_file() {
    let hooks: Vec<Hook> =
        serde_saphyr::from_str(&read(&root().join(".pre-commit-hooks.yaml"))).expect("parses");
    let ids_and_languages: Vec<(&str, &str)> = hooks
        .iter()
        .map(|h| (h.id.as_str(), h.language.as_str()))
        .collect();
    // language: python is pip installing this repository (maturin, pyproject.toml), the wheel
    // PyPI has; language: rust is `cargo install` of it. Both install the llmops-maturity binary.
    assert_eq!(
        ids_and_languages,
        [
            ("llmops-maturity", "python"),
            ("llmops-maturity-cargo", "rust")
        ]
    );
    for hook in &hooks {
        assert!(!hook.name.is_empty() && !hook.description.is_empty());
        assert_eq!(hook.entry, "llmops-maturity check");
        assert_eq!(hook.files, r"(^|/)llmops-maturity\.ya?ml$");
        // `check` takes one path: pre-commit must not append several.
        assert!(!hook.pass_filenames, "{}", hook.id);
    }
}

/// The first column of the table that follows `heading` in docs/src/action.md, in its order.
fn documented(heading: &str) -> Vec<String> {
    let page = read(&root().join("docs/src/action.md"));
    let (_, section) = page
        .split_once(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("docs/src/action.md has no `{heading}`"));
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('`').nth(1).expect("a name in backticks").to_owned())
        .collect()
}

/// The documentation lists exactly the inputs and outputs of action.yml, each once.
#[test]
fn the_action_page_lists_exactly_the_inputs_and_outputs() {
    let action = action();
    let sorted = |mut names: Vec<String>| {
        names.sort();
        names
    };
    let inputs: Vec<String> = action.inputs.keys().cloned().collect();
    assert_eq!(
        sorted(documented("## Inputs")),
        inputs,
        "docs/src/action.md: inputs"
    );
    let outputs: Vec<String> = action.outputs.keys().cloned().collect();
    assert_eq!(
        sorted(documented("## Outputs")),
        outputs,
        "docs/src/action.md: outputs"
    );
}
