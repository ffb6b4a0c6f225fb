//! Reads the facts rules ask about out of a GitHub Actions workflow: triggers, step commands, environments.
//!
//! The YAML is parsed with the same bounded, position-keeping parser as the answers file, so a
//! hostile workflow costs no more than a hostile answers file, and every fact keeps its line.
//! Workflow syntax: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions

use crate::config::{self, Node, Value};

/// What a workflow does, as far as the rules care.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Workflow {
    /// Event names under `on:` (`pull_request`, `schedule`, ...).
    pub triggers: Vec<String>,
    /// Each line of every step's `run:` script and each `uses:` value, with its 1-based line.
    pub commands: Vec<(u32, String)>,
    /// Each job's literal `environment:` name, with its line, in file order.
    pub environments: Vec<(u32, String)>,
    /// Reusable workflows of this repository that jobs call (`uses: ./.github/workflows/x.yml`),
    /// as paths relative to the root.
    pub calls: Vec<String>,
}

impl Workflow {
    pub fn triggered_by(&self, events: &[&str]) -> bool {
        self.triggers.iter().any(|t| events.contains(&t.as_str()))
    }
}

/// The facts of a workflow file, or `None` when it is not a usable workflow.
pub fn parse(text: &str) -> Option<Workflow> {
    let root = config::parse(text.as_bytes()).ok()?;
    let mut wf = Workflow::default();
    let lines: Vec<&str> = text.lines().collect();
    for (key, value) in entries(&root) {
        match key_str(key) {
            // YAML 1.1 readers turn a bare `on` into `true`; accept both spellings.
            Some("on") | Some("true") => wf.triggers = triggers(value),
            Some("jobs") => {
                for (_, job) in entries(value) {
                    job_facts(job, &lines, &mut wf);
                }
            }
            _ => {}
        }
    }
    Some(wf)
}

fn entries(node: &Node) -> &[(Node, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

fn key_str(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Str(s) => Some(s),
        Value::Bool(true) => Some("true"),
        _ => None,
    }
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    entries(node)
        .iter()
        .find(|(k, _)| key_str(k) == Some(key))
        .map(|(_, v)| v)
}

fn str_of(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

/// `on: push`, `on: [push, pull_request]` or `on: {push: ..., schedule: ...}`.
fn triggers(node: &Node) -> Vec<String> {
    match &node.value {
        Value::Str(s) => vec![s.clone()],
        Value::Seq(items) => items
            .iter()
            .filter_map(str_of)
            .map(str::to_string)
            .collect(),
        Value::Map(entries) => entries
            .iter()
            .filter_map(|(k, _)| key_str(k))
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn job_facts(job: &Node, lines: &[&str], wf: &mut Workflow) {
    // A job that calls a reusable workflow has `uses:` at the job level.
    if let Some(uses) = get(job, "uses") {
        if let Some(s) = str_of(uses) {
            wf.commands.push((uses.pos.line, s.trim().to_string()));
            if let Some(local) = s.trim().strip_prefix("./") {
                wf.calls
                    .push(local.split('@').next().unwrap_or(local).to_string());
            }
        }
    }
    if let Some(env) = get(job, "environment") {
        let name = match &env.value {
            Value::Map(_) => get(env, "name"),
            _ => Some(env),
        };
        // An expression (`${{ inputs.stage }}`) names no stage we can count.
        if let Some(name) = name.and_then(|n| str_of(n).map(|s| (n.pos.line, s))) {
            if !name.1.contains("${{") {
                wf.environments.push((name.0, name.1.to_string()));
            }
        }
    }
    let steps = match get(job, "steps").map(|s| &s.value) {
        Some(Value::Seq(steps)) => steps.as_slice(),
        _ => &[],
    };
    // A command runs in its step's (or the job's default) `working-directory`: `dotnet test` in
    // `ContosoChat.Evaluation.Tests` runs an evaluation, so the folder is part of the command.
    let job_dir = get(job, "defaults")
        .and_then(|d| get(d, "run"))
        .and_then(|r| get(r, "working-directory"))
        .and_then(str_of);
    for step in steps {
        let dir = get(step, "working-directory")
            .and_then(str_of)
            .or(job_dir)
            .map(str::trim)
            .filter(|d| !d.is_empty() && *d != ".");
        if let Some(uses) = get(step, "uses") {
            if let Some(s) = str_of(uses) {
                wf.commands.push((uses.pos.line, s.trim().to_string()));
            }
        }
        if let Some(run) = get(step, "run") {
            script_lines(run, lines, dir, wf);
        }
        // A step may hand a script to an action instead (`azure/cli` `inlineScript:`, a local
        // composite action's `script_parameter:`): those inputs are commands too.
        if let Some(with) = get(step, "with") {
            for (key, value) in entries(with) {
                let is_script = key_str(key).is_some_and(|k| {
                    let k = k.to_ascii_lowercase();
                    k == "run" || k.contains("script") || k.contains("command")
                });
                if is_script {
                    script_lines(value, lines, None, wf);
                }
            }
        }
    }
}

/// Each non-blank line of a script scalar, with its line in the file; `cd DIR && ` before it
/// when the step runs in another folder.
fn script_lines(node: &Node, lines: &[&str], dir: Option<&str>, wf: &mut Workflow) {
    let Some(script) = str_of(node) else {
        return;
    };
    // A block scalar (`run: |`) starts on the line after its indicator.
    let line = node.pos.line;
    let indicator = lines
        .get(line.saturating_sub(1) as usize)
        .and_then(|l| l.chars().nth(node.pos.col.saturating_sub(1) as usize))
        .is_some_and(|c| c == '|' || c == '>');
    let first = if indicator { line + 1 } else { line };
    for (k, command) in script.lines().enumerate() {
        if !command.trim().is_empty() {
            let command = match dir {
                Some(dir) => format!("cd {dir} && {}", command.trim()),
                None => command.trim().to_string(),
            };
            wf.commands.push((first + k as u32, command));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVAL: &str = "name: eval
on:
  pull_request:
    branches: [main]
  schedule:
    - cron: '0 3 * * *'
jobs:
  eval:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/checkout@v4
      - run: |
          pip install -r requirements.txt
          npx promptfoo eval -c promptfooconfig.yaml
      - uses: azure/cli@v2
        with:
          azcliversion: latest
          inlineScript: az containerapp update -n app
  deploy:
    environment:
      name: production
    uses: ./.github/workflows/deploy.yml
";

    #[test]
    fn triggers_commands_and_environments_keep_their_lines() {
        let wf = parse(EVAL).unwrap();
        assert_eq!(wf.triggers, ["pull_request", "schedule"]);
        assert!(wf.triggered_by(&["schedule"]));
        assert!(!wf.triggered_by(&["push"]));
        let commands: Vec<(u32, &str)> =
            wf.commands.iter().map(|(l, c)| (*l, c.as_str())).collect();
        assert_eq!(
            commands,
            [
                (12, "actions/checkout@v4"),
                (14, "pip install -r requirements.txt"),
                (15, "npx promptfoo eval -c promptfooconfig.yaml"),
                (16, "azure/cli@v2"),
                (19, "az containerapp update -n app"),
                (23, "./.github/workflows/deploy.yml"),
            ]
        );
        assert_eq!(
            wf.environments,
            [(10, "staging".to_string()), (22, "production".to_string())]
        );
        assert_eq!(wf.calls, [".github/workflows/deploy.yml"]);
    }

    #[test]
    fn short_trigger_forms() {
        assert_eq!(parse("on: push\njobs: {}\n").unwrap().triggers, ["push"]);
        assert_eq!(
            parse("on: [push, release]\njobs: {}\n").unwrap().triggers,
            ["push", "release"]
        );
    }

    #[test]
    fn a_working_directory_goes_before_its_commands() {
        let wf = parse(
            "on: push
jobs:
  a:
    defaults:
      run:
        working-directory: evals
    steps:
      - run: dotnet test
        working-directory: src/Chat.Evaluation.Tests
      - run: pytest
      - run: make
        working-directory: .
",
        )
        .unwrap();
        assert_eq!(
            wf.commands,
            [
                (8, "cd src/Chat.Evaluation.Tests && dotnet test".to_string()),
                (10, "cd evals && pytest".to_string()),
                (11, "make".to_string()),
            ]
        );
    }

    #[test]
    fn a_plain_run_line_and_junk() {
        let wf = parse("on: push\njobs:\n  a:\n    steps:\n      - run: azd deploy\n").unwrap();
        assert_eq!(wf.commands, [(5, "azd deploy".to_string())]);
        assert_eq!(parse("- just\n- a list\n").unwrap(), Workflow::default());
        assert!(parse("on: [unclosed\n").is_none());
    }
}
