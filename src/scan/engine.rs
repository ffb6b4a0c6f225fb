//! Applies the rule catalogue to one file: its path first, then, only when a rule needs it, its text.
//!
//! Every glob of every rule is compiled into one `GlobSet` when the engine is built, so a path
//! costs one glob match. A rule's pattern is compiled the first time a file it applies to is read
//! (and the dependency globs the first time a manifest is), because compiling every pattern up
//! front was most of the time `scan` took on a small repository. Nothing here touches the
//! filesystem.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::MatchKind;

use super::manifest::{self, Kind};
use super::rules::{Matcher, Rule, NOT_PRACTICE, READ_IN_TESTS, TESTS};
use super::{pipeline, workflow, Signal};

/// Where GitHub Actions workflows live (https://docs.github.com/en/actions/writing-workflows).
const WORKFLOWS: &str = ".github/workflows/*.{yml,yaml}";

/// Longest matched text quoted in a signal's summary.
const MAX_DETAIL: usize = 60;

/// The rules, compiled for matching.
#[derive(Debug)]
pub struct Engine {
    rules: &'static [Rule],
    /// Every path glob of every rule and of the engine itself, in one set: a path costs one
    /// match. Each distinct glob is in the set once (rules share many, and each copy made every
    /// match slower); `uses[i]` says what glob `i` means, numbered in the order of `new`.
    globs: GlobSet,
    uses: Vec<Vec<(usize, GlobUse)>>,
    /// Each distinct content and workflow-step pattern (rules share some), compiled on first use.
    patterns: Vec<Pattern>,
    /// For each rule, the index of its pattern in `patterns` (`Content` and `WorkflowStep`).
    rule_pattern: Vec<Option<usize>>,
    /// Name globs of `Dependency` rules, with their rules; compiled when a manifest is read.
    dependency_globs: Vec<&'static str>,
    dependency_rule: Vec<usize>,
    dependencies: OnceLock<GlobSet>,
    /// `WorkflowStep` rules (rule indexes).
    steps: Vec<usize>,
}

/// A rule's pattern and its regex, compiled by the first walker thread that needs it.
#[derive(Debug)]
struct Pattern {
    text: &'static str,
    /// Whether it searches file text, and so gets a literal prefilter (see `regex`).
    prefilter: bool,
    /// Set by the thread that compiles it, so another thread searches with the patterns it can
    /// compile itself before it waits for this one.
    claimed: AtomicBool,
    regex: OnceLock<Regex>,
}

impl Pattern {
    fn compile(&self) -> Result<Regex, String> {
        regex(self.text, self.prefilter)
    }

    /// The regex, compiled now if need be.
    fn get(&self) -> &Regex {
        self.regex.get_or_init(|| self.compile().expect(BUILT_IN))
    }

    /// The regex, unless another thread is compiling it.
    fn try_get(&self) -> Option<&Regex> {
        if let Some(re) = self.regex.get() {
            return Some(re);
        }
        if self.claimed.swap(true, Ordering::AcqRel) {
            return None;
        }
        Some(self.get())
    }
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
    /// A CI pipeline of another system (GitLab, Azure Pipelines, ...).
    Pipeline,
    /// Docs and examples: not practice.
    NotPractice,
    /// Tests: read only by the content rules of `READ_IN_TESTS`.
    Test,
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
    pipeline: bool,
}

impl Plan {
    /// Whether the file's text is needed.
    pub fn needs_text(&self) -> bool {
        !self.content_rules.is_empty() || self.manifest.is_some() || self.workflow || self.pipeline
    }
}

/// Compiles a rule's pattern ASCII-only (`\\b`, `\\w`, `\\s` and `(?i)` without Unicode tables),
/// matching bytes: the patterns name ASCII identifiers, Unicode classes make compiling cost tens
/// of milliseconds at every start, and a Unicode `\\b` makes the regex crate's DFA give up on the
/// first non-ASCII byte and fall back to a far slower engine (measured: 20 s instead of under one
/// second on the benchmark tree, which holds much non-English text).
///
/// The configuration is `regex::bytes::RegexBuilder`'s with `unicode(false)`, so the matches are
/// the same; what it adds is the choice of `prefilter`: a literal prefilter makes searching a
/// large file fast but costs as much to build as the rest of the regex, which a workflow step
/// (one short line) never pays back.
fn regex(pattern: &str, prefilter: bool) -> Result<Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(10 * (1 << 20)))
                .hybrid_cache_capacity(2 * (1 << 20))
                .match_kind(MatchKind::LeftmostFirst)
                .utf8_empty(false)
                .auto_prefilter(prefilter),
        )
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .build(pattern)
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

/// What the compiled-on-first-use parts say when they do not compile: only the built-in rules
/// reach them, and `Engine::check` (unit-tested) compiles every one of those.
const BUILT_IN: &str = "the built-in rules compile (Engine::check is unit-tested)";

impl Engine {
    /// Compiles the path globs, which every file needs; an error names the glob. Patterns and
    /// dependency globs are compiled when first needed: `check` compiles them all now.
    pub fn new(rules: &'static [Rule]) -> Result<Engine, String> {
        let (distinct, uses) = globs_and_uses(rules);
        let (dependency_globs, dependency_rule) = per_rule(rules, |r| match r.matcher {
            Matcher::Dependency(names) | Matcher::DependencyIn { names, .. } => names,
            _ => &[],
        });
        let (patterns, rule_pattern, steps) = patterns(rules);
        Ok(Engine {
            rules,
            globs: glob_set(distinct)?,
            uses,
            patterns,
            rule_pattern,
            dependency_globs,
            dependency_rule,
            dependencies: OnceLock::new(),
            steps,
        })
    }

    /// Compiles everything `new` leaves for later; an error names the rule or glob at fault.
    pub fn check(&self) -> Result<(), String> {
        for (rule, p) in self.rules.iter().zip(&self.rule_pattern) {
            if let Some(p) = p {
                self.patterns[*p]
                    .compile()
                    .map_err(|e| format!("rule {}: {e}", rule.id))?;
            }
        }
        glob_set(self.dependency_globs.iter().copied()).map(|_| ())
    }

    /// The pattern of a `Content` or `WorkflowStep` rule, compiled on first use.
    fn pattern(&self, rule: usize) -> Option<&Pattern> {
        Some(&self.patterns[self.rule_pattern[rule]?])
    }

    fn dependencies(&self) -> &GlobSet {
        self.dependencies
            .get_or_init(|| glob_set(self.dependency_globs.iter().copied()).expect(BUILT_IN))
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
        let mut numbered: Vec<(usize, GlobUse)> = self
            .globs
            .matches(path)
            .into_iter()
            .flat_map(|g| self.uses[g].iter().copied())
            .collect();
        numbered.sort_unstable_by_key(|(n, _)| *n);
        let matched: Vec<GlobUse> = numbered.into_iter().map(|(_, u)| u).collect();
        let mut plan = Plan {
            workflow: matched.contains(&GlobUse::Workflow),
            pipeline: matched.contains(&GlobUse::Pipeline),
            ..Plan::default()
        };
        // A test, doc or example file is not a practice; a workflow is judged by what it runs.
        if matched.contains(&GlobUse::NotPractice) {
            return plan;
        }
        let excepted = |rule: usize| matched.contains(&GlobUse::Except(rule));
        if matched.contains(&GlobUse::Test) {
            for u in &matched {
                if let GlobUse::ContentFile(rule) = *u {
                    if READ_IN_TESTS.contains(&self.rules[rule].id)
                        && !excepted(rule)
                        && !plan.content_rules.contains(&rule)
                    {
                        plan.content_rules.push(rule);
                    }
                }
            }
            return plan;
        }
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
        // One search per rule that applies to this path: each pattern's own literal prefilter
        // skips most of the text, where one set of every pattern had to build a large automaton.
        // A pattern another thread is compiling waits until the others are searched.
        let mut waiting = Vec::new();
        let code = is_code(path);
        let mut search = |rule: usize, re: &Regex| {
            // commented-out code is not a practice (`# safety_settings=...` left for later)
            let first = re
                .find_iter(text.as_bytes())
                .find(|m| !(code && in_comment(text, m.start())));
            if let Some(m) = first {
                out.push(self.signal(
                    rule,
                    path,
                    line_at(text, m.start()),
                    Some(&String::from_utf8_lossy(&text.as_bytes()[m.range()])),
                ));
            }
        };
        for &rule in &plan.content_rules {
            let Some(p) = self.pattern(rule) else {
                continue;
            };
            match p.try_get() {
                Some(re) => search(rule, re),
                None => waiting.push((rule, p)),
            }
        }
        for (rule, p) in waiting {
            search(rule, p.get());
        }
        if let Some(kind) = plan.manifest {
            for dep in manifest::dependencies(kind, text) {
                for g in self.dependencies().matches(dep.name.as_str()) {
                    let rule = self.dependency_rule[g];
                    if let Matcher::DependencyIn { ecosystem, .. } = self.rules[rule].matcher {
                        if ecosystem != kind.ecosystem() {
                            continue;
                        }
                    }
                    out.push(self.signal(rule, path, dep.line, Some(&dep.name)));
                }
            }
        }
        let wf = if plan.workflow {
            workflow::parse(text)
        } else if plan.pipeline {
            Some(pipeline::parse(text))
        } else {
            None
        };
        // Compile now, on this walker thread, the step patterns this workflow will need by its own
        // triggers (`workflow_signals` runs after the walk, on one thread); inherited triggers
        // only add to them.
        if let Some(wf) = wf.as_ref().filter(|w| !w.commands.is_empty()) {
            for &rule in &self.steps {
                if let Matcher::WorkflowStep { on, .. } = self.rules[rule].matcher {
                    if let Some(p) = self.pattern(rule).filter(|_| wf.triggered_by(on)) {
                        p.try_get();
                    }
                }
            }
        }
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
        // A workflow that starts a throw-away cluster (kind, k3d, minikube) deploys into it to
        // test: no deployment step of it ships anything.
        let throwaway = wf.commands.iter().any(|(_, c)| throwaway_cluster(c));
        for &rule in &self.steps {
            let Matcher::WorkflowStep { on, .. } = self.rules[rule].matcher else {
                continue;
            };
            if throwaway && self.rules[rule].dimension == "deployment" {
                continue;
            }
            // The trigger first: a pattern is compiled only for a workflow it could count in.
            if !triggered_by(on) || wf.commands.is_empty() {
                continue;
            }
            let Some(re) = self.pattern(rule).map(Pattern::get) else {
                continue;
            };
            if let Some((line, m)) = wf.commands.iter().find_map(|(line, c)| {
                re.find(c.as_bytes()).map(|m| {
                    let found = &c.as_bytes()[m.range()];
                    (*line, String::from_utf8_lossy(found).into_owned())
                })
            }) {
                out.push(self.signal(rule, path, line, Some(&m)));
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

/// A command or action that starts a Kubernetes cluster on the CI runner itself.
fn throwaway_cluster(command: &str) -> bool {
    let c = command.trim_start();
    c.contains("kind create cluster")
        || c.contains("k3d cluster create")
        || c.contains("minikube start")
        || [
            "helm/kind-action@",
            "AbsaOSS/k3d-action@",
            "medyagh/setup-minikube@",
        ]
        .iter()
        .any(|a| c.starts_with(a))
}

/// Source files whose comment lines start with `#`, `//`, `/*` or `*` (a block comment's body):
/// the rules' code files less notebooks (JSON, whose lines start with quotes), plus Rust.
fn is_code(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "py" | "ts" | "tsx" | "js" | "jsx" | "mjs" | "cjs" | "cs" | "java" | "kt" | "go" | "rs"
    )
}

/// Whether the line holding `offset` is a comment line of a source file.
fn in_comment(text: &str, offset: usize) -> bool {
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = bytes[start..].trim_ascii_start();
    line.starts_with(b"#")
        || line.starts_with(b"//")
        || line.starts_with(b"/*")
        || line.starts_with(b"*")
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

/// What matches of one distinct glob mean: (its index among all globs, the use).
type GlobUses = Vec<(usize, GlobUse)>;

/// Every glob the engine matches a path against (the rules', the manifests', workflows',
/// pipelines', and the folders that are no practice or tests), each once, with what a match of
/// it means: one glob set answers for all of them in one pass per path.
fn globs_and_uses(rules: &[Rule]) -> (Vec<&'static str>, Vec<GlobUses>) {
    let mut globs = Vec::new();
    let mut uses = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let of_rule: (&[&'static str], fn(usize) -> GlobUse) = match rule.matcher {
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
    let fixed = [
        (pipeline::PIPELINES, GlobUse::Pipeline),
        (NOT_PRACTICE, GlobUse::NotPractice),
        (TESTS, GlobUse::Test),
    ];
    for (list, kind) in fixed {
        for g in list {
            globs.push(*g);
            uses.push(kind);
        }
    }
    let mut distinct: Vec<&'static str> = Vec::new();
    let mut uses_of: Vec<GlobUses> = Vec::new();
    for (n, (g, u)) in globs.into_iter().zip(uses).enumerate() {
        match distinct.iter().position(|d| *d == g) {
            Some(at) => uses_of[at].push((n, u)),
            None => {
                distinct.push(g);
                uses_of.push(vec![(n, u)]);
            }
        }
    }
    (distinct, uses_of)
}

/// The distinct content and workflow-step patterns (compiled on first use), which pattern each
/// rule has, and the rules that are workflow steps.
fn patterns(rules: &'static [Rule]) -> (Vec<Pattern>, Vec<Option<usize>>, Vec<usize>) {
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut rule_pattern = Vec::new();
    let mut steps = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let pattern = match rule.matcher {
            Matcher::Content { pattern, .. } => Some((pattern, true)),
            Matcher::WorkflowStep { step, .. } => {
                steps.push(i);
                Some((step, false))
            }
            _ => None,
        };
        rule_pattern.push(pattern.map(|(text, prefilter)| {
            let same = |p: &Pattern| p.text == text && p.prefilter == prefilter;
            patterns.iter().position(same).unwrap_or_else(|| {
                patterns.push(Pattern {
                    text,
                    prefilter,
                    claimed: AtomicBool::new(false),
                    regex: OnceLock::new(),
                });
                patterns.len() - 1
            })
        }));
    }
    (patterns, rule_pattern, steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::rules::RULES;

    fn engine() -> Engine {
        Engine::new(&RULES).unwrap()
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
        // Only the root README is read (for a Hugging Face Space's front matter).
        assert!(!e.plan("src/README.md").needs_text());
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
            [("llm-client-code", 3), ("function-calling", 3)]
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
    fn prompt_globs_match_prompt_files_and_not_assistant_or_editor_files() {
        let e = engine();
        for path in [
            "api/prompts.py",
            "backend/app/prompt.py",
            "src/rag_prompts.ts",
            "app/system_prompt.md",
            "prompts/system.st",
            "summarize.prompt.yml",
            "chat.prompty",
            "flows/answer.prompt",
            "templates/qa_prompt.txt",
        ] {
            let plan = e.plan(path);
            let rules = rules_of(&plan.signals);
            assert!(rules.contains(&("prompt-files", 1)), "{path}: {rules:?}");
        }
        for path in [
            "templates/devcontainer.json",
            ".vscode/settings.json",
            ".github/prompts/review.prompt.md",
            ".cursor/rules/prompt.md",
            "src/templates/index.html",
            "prompt_toolkit/shortcuts.py",
        ] {
            let plan = e.plan(path);
            let rules = rules_of(&plan.signals);
            assert!(!rules.contains(&("prompt-files", 1)), "{path}: {rules:?}");
        }
    }

    #[test]
    fn pipelines_of_other_ci_systems_count_like_workflows() {
        let e = engine();
        let gitlab = "eval:\n  script:\n    - npx -y promptfoo@0.107.0 eval\ndeploy:\n  environment: staging\n  script: make deploy-staging\nprod:\n  environment: production\n  script: make deploy-prod\n";
        assert_eq!(
            workflows(&e, &[(".gitlab-ci.yml", gitlab)]),
            [
                ("deploy-workflow:.gitlab-ci.yml".to_string(), 6),
                ("eval-in-ci:.gitlab-ci.yml".to_string(), 3),
                ("staged-environments:.gitlab-ci.yml".to_string(), 8),
            ]
        );
        let jenkins = "pipeline {\n  triggers { cron('H 4 * * *') }\n  stages { stage('e') { steps { sh 'deepeval test run tests/' } } }\n}\n";
        assert_eq!(
            workflows(&e, &[("Jenkinsfile", jenkins)]),
            [
                ("eval-in-ci:Jenkinsfile".to_string(), 3),
                ("eval-on-schedule:Jenkinsfile".to_string(), 3),
            ]
        );
        // A file that only looks like a pipeline is not read as one.
        assert!(!e.plan("docs/gitlab-ci-example.txt").needs_text());
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
    fn check_compiles_what_new_leaves_for_later_and_names_the_rule() {
        engine().check().unwrap();
        static BAD: &[Rule] = &[Rule {
            id: "bad-pattern",
            dimension: "models",
            level: 2,
            summary: "s",
            matcher: Matcher::Content {
                files: &["**/*.py"],
                pattern: r"(unclosed",
            },
            except: &[],
            generic: false,
        }];
        let e = Engine::new(BAD).unwrap();
        let err = e.check().unwrap_err();
        assert!(err.starts_with("rule bad-pattern: "), "{err}");
        static BAD_GLOB: &[Rule] = &[Rule {
            id: "bad-glob",
            dimension: "models",
            level: 2,
            summary: "s",
            matcher: Matcher::Path(&["a/[b"]),
            except: &[],
            generic: false,
        }];
        let err = Engine::new(BAD_GLOB).unwrap_err();
        assert!(err.contains("a/[b"), "{err}");
    }

    #[test]
    fn rules_sharing_a_pattern_or_glob_share_one_compiled_copy() {
        let e = engine();
        let distinct = |ps: Vec<&str>| {
            let mut ps = ps;
            ps.sort_unstable();
            ps.dedup();
            ps.len()
        };
        let patterns: Vec<&str> = RULES
            .iter()
            .filter_map(|r| match r.matcher {
                Matcher::Content { pattern, .. } => Some(pattern),
                Matcher::WorkflowStep { step, .. } => Some(step),
                _ => None,
            })
            .collect();
        assert!(distinct(patterns.clone()) < patterns.len());
        assert_eq!(e.patterns.len(), distinct(patterns));
        assert_eq!(e.uses.len(), e.globs.len());
        assert!(e.uses.iter().any(|u| u.len() > 1));
    }

    #[test]
    fn long_matches_are_shortened() {
        assert_eq!(shorten(&"x".repeat(70)), format!("{}…", "x".repeat(60)));
        assert_eq!(shorten("  a\nb"), "a");
    }
}
