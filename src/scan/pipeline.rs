//! Reads CI systems other than GitHub Actions (GitLab CI, Azure Pipelines, Cloud Build, CircleCI, Jenkins, Bitbucket and more) as workflows.
//!
//! Their formats differ, but what the rules ask is the same: which commands run, on which
//! events, and in which environments. Every script line is a command (a rule's pattern names a
//! tool on a command line, so the line around it does not matter). These systems run a pipeline
//! on every push and merge request unless the file says otherwise; a schedule is defined in the
//! file (Azure `schedules:`, Jenkins `cron(...)`, CircleCI `triggers: - schedule`) or chosen by a
//! job's rule (`$CI_PIPELINE_SOURCE == "schedule"` in GitLab).

use std::sync::LazyLock;

use regex::Regex;

use super::workflow::Workflow;

/// Where the pipelines of each system live, relative to the repository root.
pub const PIPELINES: &[&str] = &[
    ".gitlab-ci.yml",
    ".gitlab/ci/**/*.{yml,yaml}",
    "**/azure-pipelines*.{yml,yaml}",
    ".azure-pipelines/**/*.{yml,yaml}",
    ".azuredevops/**/*.{yml,yaml}",
    ".pipelines/**/*.{yml,yaml}",
    // where `azd pipeline config --provider azdo` writes, at the root or in an azd project folder
    "**/.azdo/**/*.{yml,yaml}",
    "**/cloudbuild*.{yaml,yml}",
    "**/.cloudbuild/**/*.{yaml,yml}",
    ".circleci/config.yml",
    "**/Jenkinsfile",
    "bitbucket-pipelines.yml",
    ".buildkite/**/*.{yml,yaml}",
    ".drone.yml",
    ".travis.yml",
];

/// The facts of a pipeline file of any system in `PIPELINES`.
pub fn parse(text: &str) -> Workflow {
    static SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?m)^schedules:|\$CI_PIPELINE_SOURCE\s*==\s*["']schedule["']|\bcron\s*\(|(?m)^\s*-?\s*schedule:\s*$|(?m)^\s*triggers:\s*\r?\n\s*-\s*schedule:"#)
            .expect("valid")
    });
    static NO_PUSH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^trigger:\s*none\s*$").expect("valid"));
    static NO_PR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^pr:\s*none\s*$").expect("valid"));
    static ENVIRONMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^\s*(?:-\s*)?(?:deployment:\s*\S+\s*)?environment:\s*["']?([A-Za-z][\w.-]*)["']?\s*$"#)
            .expect("valid")
    });
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^\s*name:\s*["']?([A-Za-z][\w.-]*)["']?\s*$"#).expect("valid")
    });
    let mut wf = Workflow::default();
    if !NO_PUSH.is_match(text) {
        wf.triggers.push("push".to_string());
    }
    if !NO_PR.is_match(text) {
        wf.triggers.push("pull_request".to_string());
    }
    if SCHEDULE.is_match(text) {
        wf.triggers.push("schedule".to_string());
    }
    let lines: Vec<&str> = text.lines().collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = i as u32 + 1;
        if let Some(joined) = cloud_build_args(&lines, i) {
            wf.commands.push((line, joined));
        }
        let command = command_of(raw);
        if command.is_empty() {
            continue;
        }
        wf.commands.push((line, command.to_string()));
        if let Some(m) = ENVIRONMENT.captures(raw) {
            wf.environments.push((line, m[1].to_string()));
        } else if raw.trim_end().ends_with("environment:") {
            // The map form: `environment:` then `name: production` on the next line.
            if let Some(m) = lines.get(i + 1).and_then(|next| NAME.captures(next)) {
                wf.environments.push((line + 1, m[1].to_string()));
            }
        }
    }
    wf
}

/// A Cloud Build step's `args:` as one command line, with the builder it runs in front
/// (`entrypoint: gcloud`, or the `gcr.io/cloud-builders/gcloud` image): Cloud Build gives a
/// command as a list, one word per line (`- "run"`, `- "deploy"`) or `["run", "deploy"]`.
fn cloud_build_args(lines: &[&str], i: usize) -> Option<String> {
    let raw = lines[i];
    let rest = raw
        .trim_start()
        .strip_prefix("- ")
        .unwrap_or(raw.trim_start());
    let rest = rest.strip_prefix("args:")?.trim();
    let indent = raw.len() - raw.trim_start().len();
    let unquote = |w: &str| {
        w.trim()
            .trim_matches(|c| matches!(c, '\'' | '"'))
            .to_string()
    };
    let words: Vec<String> = if let Some(flow) = rest.strip_prefix('[') {
        flow.trim_end_matches(']').split(',').map(unquote).collect()
    } else if rest.is_empty() {
        lines[i + 1..]
            .iter()
            .take_while(|l| {
                let t = l.trim_start();
                t.starts_with("- ") && l.len() - t.len() >= indent
            })
            .map(|l| unquote(&l.trim_start()[2..]))
            .collect()
    } else {
        return None;
    };
    // The step's builder: the nearest `entrypoint:` or `name:` above, within the same step.
    let builder = lines[..i].iter().rev().take(6).find_map(|l| {
        let t = l.trim_start().strip_prefix("- ").unwrap_or(l.trim_start());
        let value = t
            .strip_prefix("entrypoint:")
            .or_else(|| t.strip_prefix("name:"))?;
        let value = unquote(value);
        Some(value.rsplit('/').next().unwrap_or(&value).to_string())
    });
    let mut command = builder.unwrap_or_default();
    for w in words.iter().filter(|w| !w.is_empty()) {
        command.push(' ');
        command.push_str(w);
    }
    Some(command.trim().to_string())
}

/// The command a line holds: without its YAML list marker, a `script:`-like key, a Jenkins
/// `sh '...'` wrapper and quotes; empty for blank lines and comments.
fn command_of(raw: &str) -> &str {
    let mut t = raw.trim();
    if t.starts_with('#') || t.starts_with("//") {
        return "";
    }
    t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    for key in [
        "script:",
        "run:",
        "command:",
        "bash:",
        "pwsh:",
        "powershell:",
        "args:",
    ] {
        if let Some(rest) = t.strip_prefix(key) {
            t = rest.trim_start();
        }
    }
    for call in ["sh ", "bat ", "sh(", "bat("] {
        if let Some(rest) = t.strip_prefix(call) {
            t = rest.trim_start();
        }
    }
    t.trim_matches(|c| matches!(c, '\'' | '"' | '(' | ')' | '|' | '>'))
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(wf: &Workflow) -> Vec<(u32, &str)> {
        wf.commands.iter().map(|(l, c)| (*l, c.as_str())).collect()
    }

    #[test]
    fn gitlab_runs_on_push_and_merge_requests_and_a_schedule_rule_adds_schedule() {
        let text = "stages: [eval, deploy]\neval:\n  stage: eval\n  script:\n    - pip install -r requirements.txt\n    - npx promptfoo@0.107.0 eval -c promptfooconfig.yaml\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"schedule\"\ndeploy:\n  environment:\n    name: production\n  script: gcloud run deploy api --source .\n";
        let wf = parse(text);
        assert_eq!(wf.triggers, ["push", "pull_request", "schedule"]);
        assert!(commands(&wf).contains(&(6, "npx promptfoo@0.107.0 eval -c promptfooconfig.yaml")));
        assert!(commands(&wf).contains(&(12, "gcloud run deploy api --source .")));
        assert_eq!(wf.environments, [(11, "production".to_string())]);
    }

    #[test]
    fn a_cloud_build_step_is_one_command_with_its_builder() {
        let text = "steps:\n  - name: \"gcr.io/cloud-builders/gcloud\"\n    id: deploy-staging\n    entrypoint: gcloud\n    args:\n      - \"beta\"\n      - \"run\"\n      - \"deploy\"\n      - \"$_SERVICE_NAME\"\n  - name: gcr.io/cloud-builders/kubectl\n    args: ['apply', '-f', 'k8s/']\n";
        let wf = parse(text);
        assert!(commands(&wf).contains(&(5, "gcloud beta run deploy $_SERVICE_NAME")));
        assert!(commands(&wf).contains(&(11, "kubectl apply -f k8s/")));
    }

    #[test]
    fn azure_pipelines_without_triggers_and_with_a_schedule() {
        let text = "trigger: none\npr: none\nschedules:\n- cron: '0 3 * * *'\n  branches: {include: [main]}\nsteps:\n- script: python -m evals.run\n- bash: |\n    azd deploy\n";
        let wf = parse(text);
        assert_eq!(wf.triggers, ["schedule"]);
        assert!(commands(&wf).contains(&(7, "python -m evals.run")));
        assert!(commands(&wf).contains(&(9, "azd deploy")));
    }

    #[test]
    fn jenkins_sh_steps_and_cron() {
        let text = "pipeline {\n  triggers { cron('H 4 * * *') }\n  stages {\n    stage('Eval') { steps { sh 'deepeval test run tests/test_rag.py' } }\n  }\n}\n";
        let wf = parse(text);
        assert_eq!(wf.triggers, ["push", "pull_request", "schedule"]);
        assert!(wf
            .commands
            .iter()
            .any(|(l, c)| *l == 4 && c.contains("deepeval test run")));
    }

    #[test]
    fn comments_and_blank_lines_are_not_commands() {
        let wf = parse("# npx promptfoo eval\n\n  // azd deploy\n");
        assert!(wf.commands.is_empty());
    }
}
