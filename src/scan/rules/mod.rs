//! The catalogue of practices `scan` recognises, as data: adding a rule is one entry here plus a fixture.
//!
//! Each rule names the questionnaire dimension it speaks to and the level (the option's points) that
//! seeing it supports. Levels are deliberately conservative: a signal supports the level it proves
//! on its own, and a reviewer should never have to argue a signal down (precision over recall).
//! Globs are matched against the path relative to the scanned root, with `/` separators; `*` stays
//! inside one folder and `**/` spans any number of them. Dependency names are compared after
//! normalisation: lower case, and for Python `_` and `.` become `-` (PEP 503).

use std::sync::LazyLock;

mod assets;
mod deployment;
mod evaluation;
mod models;
mod monitoring;
mod prompts;
mod responsible_ai;

pub use crate::rule::{Matcher, Rule};

/// Folders that are never walked, by name at any depth: version control, vendored or generated
/// code, virtual environments, and test data (a fixture is not a practice).
pub const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "bower_components",
    "vendor",
    "third_party",
    "dist",
    "build",
    "target",
    "out",
    ".next",
    ".nuxt",
    ".venv",
    "venv",
    "site-packages",
    "__pycache__",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".terraform",
    ".ipynb_checkpoints",
    "fixtures",
    "testdata",
    "test_data",
    "test-data",
    "__snapshots__",
];

/// Documentation, workshops and examples: a package imported or a file kept only there is not a
/// practice of the application, so no rule counts these paths (a workflow is judged by what it
/// runs, not where it lives).
pub const NOT_PRACTICE: &[&str] = &[
    "**/docs/**",
    "**/doc/**",
    "**/Documentation/**",
    "**/documentation/**",
    "**/workshop*/**",
    "**/tutorial*/**",
    "**/examples/**",
    // type declarations (`wrangler types` lists every model name): never behaviour
    "**/*.d.ts",
];

/// Tests: a package used only there is not a practice of the application, but an evaluation or
/// a safety check is a test by nature (a DeepEval case is a pytest test), so the rules of
/// `READ_IN_TESTS` still read test files.
pub const TESTS: &[&str] = &[
    "**/test/**",
    "**/tests/**",
    "**/testing/**",
    "**/__tests__/**",
    "**/test_*.py",
    "**/*_test.py",
    "**/*_test.go",
    "**/*.test.{js,jsx,ts,tsx,mjs}",
    "**/*.spec.{js,jsx,ts,tsx,mjs}",
    "**/conftest.py",
    "**/*test*requirements*.txt",
    "**/requirements*test*.txt",
    "**/*[Tt]ests.csproj",
    "**/*[Tt]est.csproj",
];

/// The content rules that read test files too (see `TESTS`): evaluations and safety checks.
pub const READ_IN_TESTS: &[&str] = &[
    "eval-metrics",
    "eval-metrics-code",
    "llm-as-judge",
    "red-team-or-safety-eval",
];

/// The per-repository ignore file, read like `.gitignore` in every folder.
pub const IGNORE_FILE: &str = ".llmops-maturity-ignore";

/// Triggers that run a workflow on a clock.
const ON_SCHEDULE: &[&str] = &["schedule"];
/// Triggers that ship what was merged, released or published as a package (`registry_package`);
/// a manual dispatch alone is scripted (level 2), not continuous delivery.
const ON_SHIP: &[&str] = &["push", "release", "workflow_run", "registry_package"];
/// Triggers that run a workflow for every change, proposed or merged.
const ON_EVERY_CHANGE: &[&str] = &["pull_request", "pull_request_target", "merge_group", "push"];

/// Source files where code shows how the application calls models: one glob, for rules that
/// read more besides.
const CODE_GLOB: &str = "**/*.{py,ipynb,ts,tsx,js,jsx,mjs,cjs,cs,java,kt,go}";
const CODE: &[&str] = &[CODE_GLOB];
/// Infrastructure as code: Bicep, Terraform, ARM templates and YAML (azd, Kubernetes); the
/// rule's pattern does the narrowing.
const IAC: &[&str] = &["**/*.{bicep,tf,json,yaml,yml}"];
/// Where model deployments are declared: infrastructure as code, and a .NET Aspire app host's C#.
const MODEL_DEPLOYMENTS: &[&str] = &join::<{ IAC.len() + 1 }>(IAC, &["**/*AppHost/*.cs"]);
/// Where evaluation code and configuration live.
/// A folder named for evaluation (`evals/`, `Evaluations/`, `auto_eval/`, `rag-evaluation/`), a
/// glob fragment for `concat!`: `eval` must start the name or follow a separator, so
/// `retrieval/` is not one.
macro_rules! eval_dir {
    () => {
        "**/{eval,Eval,*_eval,*-eval}*"
    };
}
use eval_dir;

const EVAL_FILES: &[&str] = &[
    concat!(eval_dir!(), "/**/*.{py,json,yaml,yml,ipynb}"),
    "**/evaluators/**/*.{py,json,yaml,yml}",
    "**/evaluat*.py",
];

/// Prompt files: prompty, Dotprompt and GitHub Models prompt files anywhere, files named for a
/// prompt, and templates under a `prompts` folder. A `templates` folder alone says nothing (it
/// holds web pages, devcontainer and editor settings as often as prompts).
const PROMPT_FILES: &[&str] = &[
    "**/*.prompty",
    "**/*.prompt",
    "**/{prompt,prompts,*_prompt,*_prompts,*-prompt,*-prompts}.{py,ts,js,mjs,yaml,yml,json,toml}",
    "**/prompt_*.{py,ts,js}",
    "**/*.prompt.{yml,yaml}",
    "**/*{_prompt,_prompts,-prompt,-prompts,.prompt,.prompts}.{txt,md,j2,jinja,jinja2,hbs,mustache,yaml,yml,json,toml}",
    "**/{system,prompt}{_,-}*.{txt,md,j2,jinja,jinja2}",
    "**/{prompt,prompts}.{txt,md,j2,jinja,jinja2}",
    "**/prompts/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json,prompty,hbs,liquid,mustache,tmpl,st,py,ts,js}",
    "**/prompt_templates/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json}",
    "**/{Prompts,*Prompts,*_prompts,*-prompts}/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json,prompty,hbs,liquid,mustache}",
    "**/templates/*prompt*.{txt,md,j2,jinja,jinja2,json,yaml,yml}",
    // a template named for a prompt (Go `text/template`, `systemprompt_template_default.txt`)
    "**/*{prompt,Prompt}*.{tmpl,gotmpl,tpl}",
    "**/{agent,agents,llm,ai,assistant}/**/templates/*.{tmpl,gotmpl,tpl}",
    "**/*{prompt_template,prompt-template,prompttemplate,PromptTemplate}*.{txt,md,j2,jinja,jinja2}",
];
/// Prompt files plus the configurations that hold prompts (promptfoo, prompt flow; Prompt Flow
/// retires on 2027-04-20, and a flow kept as a file still counts).
const PROMPT_ASSETS: &[&str] = &join::<{ PROMPT_FILES.len() + 2 }>(
    PROMPT_FILES,
    &[
        "**/promptfooconfig*.{yaml,yml,json}",
        "**/flow.dag.{yaml,yml}",
    ],
);

/// Two glob lists as one, at compile time, so a list that extends another does not repeat it.
const fn join<const N: usize>(a: &[&'static str], b: &[&'static str]) -> [&'static str; N] {
    assert!(
        a.len() + b.len() == N,
        "join: N must be the sum of the lengths"
    );
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}
/// User-interface components: a sample question shown in a chat box is not the application's
/// prompt (Angular `*.component.ts`, React and Vue components).
const UI_COMPONENTS: &[&str] = &[
    "**/*.component.{ts,tsx,js}",
    "**/components/**/*.{tsx,jsx,vue,svelte}",
];
/// Prompts for coding assistants (Copilot, Cursor, Claude Code) and editor settings: not the
/// application's.
const ASSISTANT_PROMPTS: &[&str] = &[
    // guardrail prompts (NeMo Guardrails' self-check prompts.yml) speak to responsible AI
    "**/*guardrail*/**",
    "**/.github/**",
    "**/.cursor/**",
    "**/.claude/**",
    "**/.copilot/**",
    "**/.windsurf/**",
    "**/.clinerules/**",
    "**/.continue/**",
    "**/.vscode/**",
    "**/.devcontainer/**",
    // a prompt cache (semantic caching of answers) holds no prompt
    "**/*prompt_cach*",
];

/// Evaluation tools, as they appear on a command line or in an action name. A script counts when
/// its name starts with `eval` at a separator (`run_eval.py`, `evals/`), so `retrieval_benchmark.py`
/// does not; a test run counts in an evaluation folder (`cd X.Evaluation.Tests && dotnet test`).
const EVAL_TOOLS: &str = r"(?i)\bpromptfoo(@[\w.^~-]+)?\s+eval\b|^promptfoo/promptfoo-action@|\bdeepeval\s+test\b|\binspect\s+eval\b|\blm[_-]eval\b|\bbraintrust\s+eval\b|\bgh\s+models\s+eval\b|\bevalite\b|\boaieval\b|/ai-agent-evals@|^azure/ai-evaluation@|\bpf\s+run\s+create\b.*\s--run\b|\bpython3?\s+(-m\s+)?(\S*[/._-])?evals?\w*(\.py)?\b|\b(uv|poetry|pdm|hatch)\s+run\s+(python3?\s+(-m\s+)?)?(\S*[/._-])?evals?\w*\b|\b(dotnet|go|mvn|\./mvnw|gradle|\./gradlew)\s+test\b[^\n]*[/._ -]evals?\w*|\bcd\s+(\S*[/._-])?evals?\w*\S*\s+&&\s+(dotnet|go|mvn|\./mvnw|gradle|\./gradlew|pytest|(npm|pnpm|yarn|bun)(\s+run)?)\s+test\b|\bpytest\b[^\n]*\bevals?\b|\bmake\s+evals?\b|\b(npm|pnpm|yarn|bun)\s+(run\s+)?([\w:-]*[:_-])?evals?\b|\bmlflow\b[^\n]*\bevaluate\b";
/// Commands and actions that deploy an application.
const DEPLOY_STEPS: &str = r"(?i)\bazd\s+(up|deploy)\b|\baz\s+(webapp|containerapp|functionapp)\b.*\b(deploy|up|update|create)\b|\baz\s+ml\s+online-(deployment|endpoint)\s+(create|update)\b|\baz\s+deployment\s+(group|sub)\s+create\b|\bhelm\s+(upgrade|install)\b|\bhelmfile\s+(apply|sync)\b|\bterraform\s+apply\b|\btofu\s+apply\b|\bkubectl\s+(apply|set\s+image|rollout\s+restart)\b|\bkustomize\s+build\b.*\|\s*kubectl\b|\bskaffold\s+(run|deploy)\b|\bgcloud\s+((alpha|beta)\s+)?(run|app|functions)\s+deploy\b|\bgcloud\s+run\s+services\s+(update|replace)\b|\bfirebase\s+deploy\b|\b(cdk|cdktf)\s+deploy\b|\bsam\s+deploy\b|\b(serverless|sls)\s+deploy\b|\bcopilot\s+(svc\s+|app\s+)?deploy\b|\beb\s+deploy\b|\baws\s+ecs\s+update-service\b|\baws\s+lambda\s+update-function-code\b|\baws\s+apprunner\s+(start-deployment|update-service|create-service)\b|\baws\s+cloudformation\s+deploy\b|\bpulumi\s+up\b|\bmodal\s+deploy\b|\btfy\s+deploy\b|\bvercel\b.*\s(deploy|--prod)\b|\bwrangler\s+(deploy|publish)\b|\brailway\s+up\b|\bnetlify\s+deploy\b|\bfly(ctl)?\s+deploy\b|\bfastapi\s+deploy\b|\bmda\s+deploy\b|\bdocker\s+stack\s+deploy\b|\bmake\s+deploy[\w-]*\b|\b(npm|pnpm|yarn|bun)\s+(run\s+)?deploy[\w:-]*\b|\b(turbo|nx|lerna|moon)\s+(run\s+)?deploy[\w:-]*\b|\bnx\s+(run-many|affected)\b.*\s(-t|--targets?)[=\s]deploy\b|\bhuggingface-cli\s+upload\b|\bhf\s+upload\b|\bgit\s+push\b.*huggingface\.co|\blanggraph\s+deploy\b|^azure/(webapps-deploy|functions-action|container-apps-deploy-action|arm-deploy|k8s-deploy|aks-set-context)@|^aws-actions/(amazon-ecs-deploy-task-definition|aws-cloudformation-github-deploy)@|^google-github-actions/(deploy-cloudrun|deploy-appengine|deploy-cloud-functions)@|^azure/static-web-apps-deploy@|^superfly/flyctl-actions|^cloudflare/wrangler-action@|^amondnet/vercel-action@|^\./\.github/actions/[\w.-]*deploy|^[\w.-]+/[\w.-]+/\.github/workflows/[\w.-]*deploy[\w.-]*\.ya?ml@|\bdeploy(ment)?[_-]?(web)?hook";
/// Red-teaming and safety-evaluation tools, as they appear on a command line.
const SAFETY_TOOLS: &str = r"(?i)\bpromptfoo(@[\w.^~-]+)?\s+redteam\b|\bgarak\b|\bpyrit\b|\bdeepteam\b|\bgiskard\s+scan\b|(\b|_)red[-_]?team\w*\.py\b|\btests?/(safety|red[-_]?team\w*|jailbreak\w*)/|\bsafety[-_]?eval\w*";

/// The catalogue, grouped by dimension in questionnaire order.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        models::RULES,
        prompts::RULES,
        evaluation::RULES,
        deployment::RULES,
        monitoring::RULES,
        responsible_ai::RULES,
        assets::RULES,
    ]
    .concat()
});
