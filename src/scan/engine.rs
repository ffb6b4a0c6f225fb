//! Applies the rule catalogue to one file: its path first, then, only when a rule needs it, its text.
//!
//! Every glob of every rule is compiled into one `GlobSet` and every content pattern into one
//! `RegexSet`, so a file costs one glob match and at most one regex pass however many rules
//! there are. Nothing here touches the filesystem.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::manifest::{self, Kind};
use super::rules::{Matcher, Rule, NOT_PRACTICE};
use super::{workflow, Signal};

/// Where GitHub Actions workflows live (https://docs.github.com/en/actions/writing-workflows).
const WORKFLOWS: &str = ".github/workflows/*.{yml,yaml}";

/// Longest matched text quoted in a signal's summary.
const MAX_DETAIL: usize = 60;

/// The rules, compiled for matching.
#[derive(Debug)]
pub struct Engine {
    rules: &'static [Rule],
    /// Every path glob of every rule and of the engine itself, in one set: a path costs one
    /// match, and `uses[i]` says what glob `i` means.
    globs: GlobSet,
    uses: Vec<GlobUse>,
    /// One pattern per `Content` rule, in `content_rule` order.
    content: RegexSet,
    content_rule: Vec<usize>,
    content_regex: Vec<Regex>,
    /// Name globs of `Dependency` rules, with their rules.
    dependencies: GlobSet,
    dependency_rule: Vec<usize>,
    /// `WorkflowStep` rules and their step patterns.
    steps: Vec<(usize, Regex)>,
}

/// What one glob of the combined set stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GlobUse {
    /// A `Path` rule's glob (rule index).
    Path(usize),
    /// A `Content` rule's file glob (rule index).
    ContentFile(usize),
    /// A rule's `except` glob (rule index).
    Except(usize),
    Manifest(Kind),
    Workflow,
    /// Tests, docs and examples: not practice.
    NotPractice,
}

/// What a path tells before the file is read.
#[derive(Debug, Default)]
pub struct Plan {
    /// Signals proven by the path alone.
    pub signals: Vec<Signal>,
    /// Content rules that apply to this path (indexes into the rules).
    content_rules: Vec<usize>,
    manifest: Option<Kind>,
    workflow: bool,
}

impl Plan {
    /// Whether the file's text is needed.
    pub fn needs_text(&self) -> bool {
        !self.content_rules.is_empty() || self.manifest.is_some() || self.workflow
    }
}

/// Compiles a rule's pattern ASCII-only (`\\b`, `\\w`, `\\s` and `(?i)` without Unicode tables),
/// matching bytes: the patterns name ASCII identifiers, Unicode classes make compiling cost tens
/// of milliseconds at every start, and a Unicode `\\b` makes the regex crate's DFA give up on the
/// first non-ASCII byte and fall back to a far slower engine (measured: 20 s instead of under one
/// second on the benchmark tree, which holds much non-English text).
fn regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .build()
        .map_err(|e| e.to_string())
}

fn glob(pattern: &str) -> Result<Glob, String> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("glob `{pattern}`: {e}"))
}

fn glob_set<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(glob(p)?);
    }
    builder.build().map_err(|e| e.to_string())
}

/// Flattens the globs of each rule into one list, remembering each glob's rule.
fn per_rule<'a>(
    rules: &'a [Rule],
    globs_of: impl Fn(&'a Rule) -> &'a [&'static str],
) -> (Vec<&'static str>, Vec<usize>) {
    let mut globs = Vec::new();
    let mut owner = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        for g in globs_of(rule) {
            globs.push(*g);
            owner.push(i);
        }
    }
    (globs, owner)
}

impl Engine {
    /// Compiles the rules; an error names the glob or pattern that does not compile.
    pub fn new(rules: &'static [Rule]) -> Result<Engine, String> {
        let mut globs = Vec::new();
        let mut uses = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let of_rule: (&[&str], fn(usize) -> GlobUse) = match rule.matcher {
                Matcher::Path(g) => (g, GlobUse::Path),
                Matcher::Content { files, .. } => (files, GlobUse::ContentFile),
                _ => (&[], GlobUse::Path),
            };
            for g in of_rule.0 {
                globs.push(*g);
                uses.push(of_rule.1(i));
            }
            for g in rule.except {
                globs.push(*g);
                uses.push(GlobUse::Except(i));
            }
        }
        for (g, kind) in manifest::MANIFESTS {
            globs.push(*g);
            uses.push(GlobUse::Manifest(*kind));
        }
        globs.push(WORKFLOWS);
        uses.push(GlobUse::Workflow);
        for g in NOT_PRACTICE {
            globs.push(*g);
            uses.push(GlobUse::NotPractice);
        }
        let (dependency_globs, dependency_rule) = per_rule(rules, |r| match r.matcher {
            Matcher::Dependency(names) => names,
            _ => &[],
        });
        let mut content_rule = Vec::new();
        let mut patterns = Vec::new();
        let mut steps = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            match rule.matcher {
                Matcher::Content { pattern, .. } => {
                    content_rule.push(i);
                    patterns.push(pattern);
                }
                Matcher::WorkflowStep { step, .. } => {
                    let re = regex(step).map_err(|e| format!("rule {}: {e}", rule.id))?;
                    steps.push((i, re));
                }
                _ => {}
            }
        }
        let content_regex = patterns
            .iter()
            .map(|p| regex(p))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Engine {
            rules,
            globs: glob_set(globs)?,
            uses,
            content: RegexSetBuilder::new(&patterns)
                .unicode(false)
                .build()
                .map_err(|e| e.to_string())?,
            content_rule,
            content_regex,
            dependencies: glob_set(dependency_globs)?,
            dependency_rule,
            steps,
        })
    }

    pub fn signal(&self, rule: usize, path: &str, line: u32, detail: Option<&str>) -> Signal {
        let r = &self.rules[rule];
        let summary = match detail {
            Some(d) => format!("{}: {}", r.summary, shorten(d)),
            None => r.summary.to_string(),
        };
        Signal {
            rule: r.id,
            dimension: r.dimension,
            level: r.level,
            path: path.to_string(),
            line,
            summary,
        }
    }

    /// Matches `path` (relative to the root, `/` separators) against every rule's globs.
    pub fn plan(&self, path: &str) -> Plan {
        let matched: Vec<GlobUse> = self
            .globs
            .matches(path)
            .into_iter()
            .map(|g| self.uses[g])
            .collect();
        let mut plan = Plan {
            workflow: matched.contains(&GlobUse::Workflow),
            ..Plan::default()
        };
        // A test, doc or example file is not a practice; a workflow is judged by what it runs.
        if matched.contains(&GlobUse::NotPractice) {
            return plan;
        }
        let excepted = |rule: usize| matched.contains(&GlobUse::Except(rule));
        for u in &matched {
            match *u {
                GlobUse::Path(rule)
                    if !excepted(rule)
                        && !plan.signals.iter().any(|s| s.rule == self.rules[rule].id) =>
                {
                    plan.signals.push(self.signal(rule, path, 1, None));
                }
                GlobUse::ContentFile(rule)
                    if !excepted(rule) && !plan.content_rules.contains(&rule) =>
                {
                    plan.content_rules.push(rule);
                }
                GlobUse::Manifest(kind) if plan.manifest.is_none() => plan.manifest = Some(kind),
                _ => {}
            }
        }
        plan
    }

    /// The signals in the text of a file whose `plan` asked for it, and, for a workflow, its
    /// facts: workflow rules are applied once every workflow is known (see `workflow_signals`).
    pub fn read(
        &self,
        path: &str,
        plan: &Plan,
        text: &str,
    ) -> (Vec<Signal>, Option<workflow::Workflow>) {
        let mut out = Vec::new();
        if !plan.content_rules.is_empty() {
            for k in self.content.matches(text.as_bytes()).iter() {
                let rule = self.content_rule[k];
                if plan.content_rules.contains(&rule) {
                    if let Some(m) = self.content_regex[k].find(text.as_bytes()) {
                        out.push(self.signal(
                            rule,
                            path,
                            line_at(text, m.start()),
                            Some(&String::from_utf8_lossy(m.as_bytes())),
                        ));
                    }
                }
            }
        }
        if let Some(kind) = plan.manifest {
            for dep in manifest::dependencies(kind, text) {
                for g in self.dependencies.matches(dep.name.as_str()) {
                    out.push(self.signal(self.dependency_rule[g], path, dep.line, Some(&dep.name)));
                }
            }
        }
        let wf = if plan.workflow {
            workflow::parse(text)
        } else {
            None
        };
        (out, wf)
    }

    /// The signals of the workflow rules over every workflow of the repository (path, facts).
    ///
    /// A reusable workflow (`on: workflow_call`) runs under its callers' triggers, so its steps
    /// count for the events that start any workflow calling it, directly or through others.
    pub fn workflow_signals(&self, workflows: &[(String, workflow::Workflow)]) -> Vec<Signal> {
        let mut triggers: Vec<Vec<String>> =
            workflows.iter().map(|(_, w)| w.triggers.clone()).collect();
        // Propagate callers' triggers until nothing changes (a call cycle ends too: sets only grow).
        loop {
            let mut changed = false;
            for (caller, (_, w)) in workflows.iter().enumerate() {
                for call in &w.calls {
                    let Some(callee) = workflows.iter().position(|(p, _)| p == call) else {
                        continue;
                    };
                    if !workflows[callee]
                        .1
                        .triggers
                        .iter()
                        .any(|t| t == "workflow_call")
                    {
                        continue;
                    }
                    let inherited: Vec<String> = triggers[caller]
                        .iter()
                        .filter(|t| !triggers[callee].contains(t))
                        .cloned()
                        .collect();
                    if !inherited.is_empty() {
                        triggers[callee].extend(inherited);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut out = Vec::new();
        for ((path, wf), on) in workflows.iter().zip(&triggers) {
            self.one_workflow(path, wf, on, &mut out);
        }
        out
    }

    fn one_workflow(
        &self,
        path: &str,
        wf: &workflow::Workflow,
        triggers: &[String],
        out: &mut Vec<Signal>,
    ) {
        let triggered_by = |events: &[&str]| triggers.iter().any(|t| events.contains(&t.as_str()));
        for (rule, re) in &self.steps {
            let Matcher::WorkflowStep { on, .. } = self.rules[*rule].matcher else {
                continue;
            };
            if !triggered_by(on) {
                continue;
            }
            if let Some((line, m)) = wf.commands.iter().find_map(|(line, c)| {
                re.find(c.as_bytes())
                    .map(|m| (*line, String::from_utf8_lossy(m.as_bytes()).into_owned()))
            }) {
                out.push(self.signal(*rule, path, line, Some(&m)));
            }
        }
        for (rule, r) in self.rules.iter().enumerate() {
            let Matcher::WorkflowEnvironments { on } = r.matcher else {
                continue;
            };
            let mut names: Vec<&str> = Vec::new();
            let mut second = None;
            for (line, name) in &wf.environments {
                if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    names.push(name);
                    if names.len() == 2 {
                        second = Some(*line);
                    }
                }
            }
            if let (true, Some(line)) = (triggered_by(on), second) {
                out.push(self.signal(rule, path, line, Some(&names.join(", "))));
            }
        }
    }
}

/// The 1-based line holding byte `offset`.
fn line_at(text: &str, offset: usize) -> u32 {
    let newlines = text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    newlines as u32 + 1
}

/// Matched text as quoted in a summary: one line, trimmed, at most `MAX_DETAIL` characters.
fn shorten(detail: &str) -> String {
    let one_line = detail.lines().next().unwrap_or("").trim();
    match one_line.char_indices().nth(MAX_DETAIL) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::rules::RULES;

    fn engine() -> Engine {
        Engine::new(RULES).unwrap()
    }

    fn rules_of(signals: &[Signal]) -> Vec<(&str, u32)> {
        signals.iter().map(|s| (s.rule, s.line)).collect()
    }

    #[test]
    fn paths_alone_prove_file_rules_and_test_paths_prove_nothing() {
        let e = engine();
        assert_eq!(
            rules_of(&e.plan("app/prompts/system.jinja2").signals),
            [("prompt-files", 1), ("prompts-versioned", 1)]
        );
        assert!(e.plan("tests/prompts/system.jinja2").signals.is_empty());
        assert!(e.plan(".devcontainer/Dockerfile").signals.is_empty());
        assert_eq!(
            rules_of(&e.plan("Dockerfile").signals),
            [("container-image", 1)]
        );
        assert!(!e.plan("README.md").needs_text());
        assert!(e.plan("requirements.txt").needs_text());
        assert!(!e.plan("tests/requirements.txt").needs_text());
    }

    #[test]
    fn dependencies_and_content_give_lines() {
        let e = engine();
        let text = "flask\nragas==0.2\n";
        let plan = e.plan("requirements.txt");
        let (s, _) = e.read("requirements.txt", &plan, text);
        assert_eq!(rules_of(&s), [("eval-framework", 2)]);
        assert_eq!(
            s[0].summary,
            "an evaluation framework defines quality metrics: ragas"
        );
        let code =
            "import openai\n\nclient.chat.completions.create(tools=t, tool_choice=\"auto\")\n";
        let plan = e.plan("src/app.py");
        assert_eq!(
            rules_of(&e.read("src/app.py", &plan, code).0),
            [("function-calling", 3)]
        );
    }

    fn workflows(e: &Engine, files: &[(&str, &str)]) -> Vec<(String, u32)> {
        let parsed: Vec<(String, workflow::Workflow)> = files
            .iter()
            .map(|(p, t)| (p.to_string(), e.read(p, &e.plan(p), t).1.unwrap()))
            .collect();
        let mut got: Vec<(String, u32)> = e
            .workflow_signals(&parsed)
            .into_iter()
            .map(|s| (format!("{}:{}", s.rule, s.path), s.line))
            .collect();
        got.sort();
        got
    }

    #[test]
    fn workflow_rules_need_the_trigger() {
        let e = engine();
        let path = ".github/workflows/eval.yml";
        let wf = "on: [pull_request]\njobs:\n  e:\n    steps:\n      - run: npx promptfoo eval\n";
        assert_eq!(
            workflows(&e, &[(path, wf)]),
            [(format!("eval-in-ci:{path}"), 5)]
        );
        let manual = wf.replace("pull_request", "workflow_dispatch");
        assert!(workflows(&e, &[(path, &manual)]).is_empty());
    }

    #[test]
    fn reusable_workflows_run_under_their_callers_triggers() {
        let e = engine();
        let caller = "on:\n  push:\njobs:\n  ci:\n    uses: ./.github/workflows/platform.yml\n";
        let callee = "on:\n  workflow_call:\njobs:\n  e:\n    steps:\n      - run: python -m llmops.evaluate\n      - run: az ml online-deployment create -f d.yml\n";
        let got = workflows(
            &e,
            &[
                (".github/workflows/ci.yml", caller),
                (".github/workflows/platform.yml", callee),
            ],
        );
        assert_eq!(
            got,
            [
                (
                    "deploy-workflow:.github/workflows/platform.yml".to_string(),
                    7
                ),
                ("eval-in-ci:.github/workflows/platform.yml".to_string(), 6),
            ]
        );
        // Called by nothing, a reusable workflow shows no trigger of its own.
        assert!(workflows(&e, &[(".github/workflows/platform.yml", callee)]).is_empty());
    }

    #[test]
    fn long_matches_are_shortened() {
        assert_eq!(shorten(&"x".repeat(70)), format!("{}…", "x".repeat(60)));
        assert_eq!(shorten("  a\nb"), "a");
    }
}
