//! The catalogue of practices `scan` recognises, as data: adding a rule is one entry here plus a fixture.
//!
//! Each rule names the questionnaire dimension it speaks to and the level (the option's points) that
//! seeing it supports. Levels are deliberately conservative: a signal supports the level it proves
//! on its own, and a reviewer should never have to argue a signal down (precision over recall).
//! Globs are matched against the path relative to the scanned root, with `/` separators; `*` stays
//! inside one folder and `**/` spans any number of them. Dependency names are compared after
//! normalisation: lower case, and for Python `_` and `.` become `-` (PEP 503).

/// How a rule finds its practice.
#[derive(Debug, Clone, Copy)]
pub enum Matcher {
    /// A file exists whose path matches one of the globs; the signal points at line 1.
    Path(&'static [&'static str]),
    /// A dependency manifest (`requirements*.txt`, `pyproject.toml`, `setup.cfg`, `Pipfile`,
    /// `environment.yml`, `package.json`, `Cargo.toml`, `go.mod`, `*.csproj`) declares a package
    /// whose normalised name matches one of the globs. Test-only groups and files do not count.
    Dependency(&'static [&'static str]),
    /// A file whose path matches one of `files` contains a match of `pattern` (a Rust regex).
    Content {
        files: &'static [&'static str],
        pattern: &'static str,
    },
    /// A GitHub Actions workflow triggered by one of `on` has a step whose `run:` line or
    /// `uses:` value matches `step` (a Rust regex).
    WorkflowStep {
        on: &'static [&'static str],
        step: &'static str,
    },
    /// A GitHub Actions workflow triggered by one of `on` deploys to at least two distinct
    /// `environment:` names (stages such as staging and production).
    WorkflowEnvironments { on: &'static [&'static str] },
}

/// One practice: what it is, where it counts, and how it is found.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case id, shown in every signal.
    pub id: &'static str,
    /// The questionnaire dimension id.
    pub dimension: &'static str,
    /// The level (1-4) that this practice supports on its own.
    pub level: u8,
    /// One sentence a reviewer understands, saying what was seen.
    pub summary: &'static str,
    pub matcher: Matcher,
    /// Paths that never count for this rule, even when the matcher matches.
    pub except: &'static [&'static str],
}

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

/// Test code: a package imported or a file kept only for tests is not a practice, so no rule
/// counts these paths (workflows are judged by what they run, not where they live).
pub const TEST_PATHS: &[&str] = &[
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

/// The per-repository ignore file, read like `.gitignore` in every folder.
pub const IGNORE_FILE: &str = ".llmops-maturity-ignore";

/// Triggers that run a workflow for a proposed change.
const ON_CHANGE: &[&str] = &["pull_request", "pull_request_target", "merge_group"];
/// Triggers that run a workflow on a clock.
const ON_SCHEDULE: &[&str] = &["schedule"];
/// Triggers that ship what was merged or released (a manual dispatch included).
const ON_SHIP: &[&str] = &["push", "release", "workflow_dispatch"];

/// Source files where code shows how the application calls models.
const CODE: &[&str] = &["**/*.{py,ipynb,ts,tsx,js,mjs,cs,java,go}"];
/// Infrastructure as code.
const IAC: &[&str] = &[
    "**/*.{bicep,tf}",
    "**/*.{json,yaml,yml}", // ARM templates and Kubernetes manifests; narrowed by the pattern.
];

/// Prompt files: prompty and GitHub prompt files anywhere, templates under a `prompts` folder.
const PROMPT_FILES: &[&str] = &[
    "**/*.prompty",
    "**/*.prompt.{yml,yaml}",
    "**/prompts/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json,prompty,hbs,liquid,mustache,tmpl}",
    "**/prompt_templates/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json}",
];

/// Evaluation tools, as they appear on a command line or in an action name.
const EVAL_TOOLS: &str = r"(?i)\bpromptfoo\b|\bdeepeval\b|\bragas\b|\binspect\s+eval\b|\blm[_-]eval\b|\bazure-ai-evaluation\b|\bai-agent-evals\b|\bpf\s+run\b.*\beval|\bpython3?\s+(-m\s+)?\S*eval\w*(\.py)?\b|\bpytest\b.*\beval\w*";

pub const RULES: &[Rule] = &[
    // models
    Rule {
        id: "rag-retrieval",
        dimension: "models",
        level: 2,
        summary: "a vector store or search index grounds answers in the team's own data (RAG)",
        matcher: Matcher::Dependency(&[
            "azure-search-documents",
            "@azure/search-documents",
            "azure.search.documents",
            "chromadb",
            "faiss-cpu",
            "faiss-gpu",
            "pinecone",
            "pinecone-client",
            "@pinecone-database/pinecone",
            "qdrant-client",
            "@qdrant/js-client-rest",
            "weaviate-client",
            "pgvector",
            "pymilvus",
            "lancedb",
            "langchain-chroma",
            "langchain-qdrant",
            "langchain-pinecone",
            "llama-index-vector-stores-*",
        ]),
        except: &[],
    },
    Rule {
        id: "orchestration-framework",
        dimension: "models",
        level: 3,
        summary: "an orchestration framework combines models, tools and retrieval in flows",
        matcher: Matcher::Dependency(&[
            "semantic-kernel",
            "microsoft.semantickernel",
            "microsoft.semantickernel.*",
            "langchain",
            "langchain-core",
            "langgraph",
            "@langchain/core",
            "@langchain/langgraph",
            "llama-index",
            "llama-index-core",
            "llamaindex",
            "autogen-agentchat",
            "pyautogen",
            "ag2",
            "litellm",
            "crewai",
            "haystack-ai",
            "openai-agents",
            "@openai/agents",
            "azure-ai-agents",
            "github.com/tmc/langchaingo",
        ]),
        except: &[],
    },
    Rule {
        id: "function-calling",
        dimension: "models",
        level: 3,
        summary: "the application lets the model call tools (function calling)",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r#"\btool_choice\b|\bbind_tools\(|@kernel_function\b|\[KernelFunction\b|\bparallel_tool_calls\b"#,
        },
        except: &[],
    },
    Rule {
        id: "fine-tuning-library",
        dimension: "models",
        level: 4,
        summary: "a fine-tuning library adapts models to the team's needs",
        matcher: Matcher::Dependency(&["peft", "trl", "unsloth", "axolotl"]),
        except: &[],
    },
    Rule {
        id: "fine-tuning-job",
        dimension: "models",
        level: 4,
        summary: "code starts a hosted fine-tuning job",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\bfine_tuning\.jobs\.create\(|\bfineTuning\.jobs\.create\(|\bFineTuningJob\.create\(|\bcreate_finetuning_job\(",
        },
        except: &[],
    },
    // prompt-engineering
    Rule {
        id: "prompt-files",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are kept as template files, apart from the code",
        matcher: Matcher::Path(PROMPT_FILES),
        except: &[],
    },
    Rule {
        id: "prompt-flow",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are structured into a prompt flow",
        matcher: Matcher::Path(&["**/flow.dag.{yaml,yml}", "**/flow.flex.{yaml,yml}"]),
        except: &[],
    },
    Rule {
        id: "prompt-variants",
        dimension: "prompt-engineering",
        level: 3,
        summary: "prompt variants are defined to be compared",
        matcher: Matcher::Content {
            files: &["**/flow.dag.{yaml,yml}"],
            pattern: r"(?m)^\s*(node_)?variants:",
        },
        except: &[],
    },
    Rule {
        id: "prompt-optimisation",
        dimension: "prompt-engineering",
        level: 4,
        summary: "prompts are optimised from evaluation results (DSPy)",
        matcher: Matcher::Dependency(&["dspy", "dspy-ai"]),
        except: &[],
    },
    // evaluation
    Rule {
        id: "eval-framework",
        dimension: "evaluation",
        level: 2,
        summary: "an evaluation framework defines quality metrics",
        matcher: Matcher::Dependency(&[
            "azure-ai-evaluation",
            "promptflow-evals",
            "promptfoo",
            "deepeval",
            "ragas",
            "trulens",
            "trulens-eval",
            "inspect-ai",
            "lm-eval",
            "autoevals",
            "openevals",
            "evals",
            "microsoft.extensions.ai.evaluation",
            "microsoft.extensions.ai.evaluation.*",
        ]),
        except: &[],
    },
    Rule {
        id: "eval-config",
        dimension: "evaluation",
        level: 2,
        summary: "an evaluation configuration defines test cases and assertions",
        matcher: Matcher::Path(&["**/promptfooconfig.{yaml,yml,json,js,ts}"]),
        except: &[],
    },
    Rule {
        id: "eval-on-pull-request",
        dimension: "evaluation",
        level: 3,
        summary: "an evaluation runs in CI on every pull request",
        matcher: Matcher::WorkflowStep {
            on: ON_CHANGE,
            step: EVAL_TOOLS,
        },
        except: &[],
    },
    Rule {
        id: "eval-on-schedule",
        dimension: "evaluation",
        level: 4,
        summary: "an evaluation runs continuously, on a schedule",
        matcher: Matcher::WorkflowStep {
            on: ON_SCHEDULE,
            step: EVAL_TOOLS,
        },
        except: &[],
    },
    // deployment
    Rule {
        id: "container-image",
        dimension: "deployment",
        level: 2,
        summary: "the application is packaged as a container image",
        matcher: Matcher::Path(&[
            "**/Dockerfile",
            "**/Dockerfile.*",
            "**/*.Dockerfile",
            "**/Containerfile",
        ]),
        except: &["**/.devcontainer/**"],
    },
    Rule {
        id: "infrastructure-as-code",
        dimension: "deployment",
        level: 2,
        summary: "infrastructure and deployment are scripted as code",
        matcher: Matcher::Path(&[
            "**/*.bicep",
            "**/*.tf",
            "**/azure.yaml",
            "**/Chart.yaml",
            "**/kustomization.yaml",
            "**/Pulumi.yaml",
            "**/cdk.json",
        ]),
        except: &[],
    },
    Rule {
        id: "deploy-workflow",
        dimension: "deployment",
        level: 3,
        summary: "a CI/CD workflow deploys on push, release or dispatch",
        matcher: Matcher::WorkflowStep {
            on: ON_SHIP,
            step: r"(?i)\bazd\s+(up|deploy|provision)\b|\baz\s+(webapp|containerapp|functionapp)\b.*\b(deploy|up|update|create)\b|\baz\s+ml\s+online-(deployment|endpoint)\s+(create|update)\b|\baz\s+deployment\s+(group|sub)\s+create\b|\bhelm\s+(upgrade|install)\b|\bterraform\s+apply\b|\bkubectl\s+apply\b|\bgcloud\s+run\s+deploy\b|\bfly\s+deploy\b|^azure/(webapps-deploy|functions-action|container-apps-deploy-action|arm-deploy|k8s-deploy)@|^aws-actions/amazon-ecs-deploy-task-definition@|^google-github-actions/deploy-cloudrun@|^azure/static-web-apps-deploy@",
        },
        except: &[],
    },
    Rule {
        id: "staged-environments",
        dimension: "deployment",
        level: 4,
        summary:
            "a deployment workflow promotes through several GitHub environments (staged rollout)",
        matcher: Matcher::WorkflowEnvironments { on: ON_SHIP },
        except: &[],
    },
    // monitoring
    Rule {
        id: "app-telemetry",
        dimension: "monitoring",
        level: 2,
        summary: "requests and errors are logged to a telemetry service",
        matcher: Matcher::Dependency(&[
            "azure-monitor-opentelemetry",
            "azure-monitor-opentelemetry-exporter",
            "opencensus-ext-azure",
            "applicationinsights",
            "@azure/monitor-opentelemetry",
            "microsoft.applicationinsights.aspnetcore",
            "azure.monitor.opentelemetry.aspnetcore",
            "azure.monitor.opentelemetry.exporter",
            "opentelemetry-sdk",
            "@opentelemetry/sdk-node",
        ]),
        except: &[],
    },
    Rule {
        id: "llm-tracing",
        dimension: "monitoring",
        level: 3,
        summary: "LLM calls are traced with their latency, token use and quality",
        matcher: Matcher::Dependency(&[
            "langfuse",
            "langsmith",
            "arize-phoenix",
            "arize-phoenix-otel",
            "openinference-instrumentation-*",
            "@arizeai/openinference-*",
            "opentelemetry-instrumentation-openai",
            "opentelemetry-instrumentation-openai-v2",
            "opentelemetry-instrumentation-langchain",
            "azure-core-tracing-opentelemetry",
            "traceloop-sdk",
            "@traceloop/node-server-sdk",
            "opik",
            "weave",
            "agentops",
            "mlflow-tracing",
        ]),
        except: &[],
    },
    Rule {
        id: "alerts-as-code",
        dimension: "monitoring",
        level: 3,
        summary: "alert rules or dashboards are defined as code",
        matcher: Matcher::Content {
            files: IAC,
            pattern: r"Microsoft\.Insights/(metricAlerts|scheduledQueryRules|activityLogAlerts)|Microsoft\.Portal/dashboards|azurerm_monitor_(metric_alert|scheduled_query_rules_alert\w*)|azurerm_portal_dashboard|\bkind:\s*PrometheusRule\b",
        },
        except: &[],
    },
    // responsible-ai
    Rule {
        id: "content-safety",
        dimension: "responsible-ai",
        level: 2,
        summary: "a content-safety or guardrail library filters inputs and outputs",
        matcher: Matcher::Dependency(&[
            "azure-ai-contentsafety",
            "@azure-rest/ai-content-safety",
            "azure.ai.contentsafety",
            "guardrails-ai",
            "nemoguardrails",
            "llm-guard",
            "presidio-analyzer",
            "presidio-anonymizer",
            "rebuff",
        ]),
        except: &[],
    },
    Rule {
        id: "content-filter-policy",
        dimension: "responsible-ai",
        level: 2,
        summary: "a content filter policy is configured for the model deployment",
        matcher: Matcher::Content {
            files: &["**/*.{bicep,tf,json}"],
            pattern: r"\braiPolicyName\b|\braiPolicies\b|\brai_policy_name\b|Microsoft\.CognitiveServices/accounts/raiPolicies",
        },
        except: &[],
    },
    Rule {
        id: "moderation-call",
        dimension: "responsible-ai",
        level: 2,
        summary: "the application checks content with a moderation or content-safety API",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\bmoderations\.create\(|\bContentSafetyClient\(|\banalyze_text\(|\bAnalyzeTextOptions\(",
        },
        except: &[],
    },
    Rule {
        id: "transparency-note",
        dimension: "responsible-ai",
        level: 2,
        summary: "a transparency note, responsible-AI FAQ or model card documents limits and risks",
        matcher: Matcher::Path(&[
            "**/TRANSPARENCY*.md",
            "**/[Tt]ransparency*[Nn]ote*.md",
            "**/*RAI*FAQ*.md",
            "**/RESPONSIBLE_AI*.md",
            "**/[Rr]esponsible[-_ ][Aa][Ii]*.md",
            "**/MODEL_CARD*.md",
            "**/[Mm]odel[-_ ][Cc]ard*.md",
        ]),
        except: &[],
    },
    Rule {
        id: "red-teaming-tool",
        dimension: "responsible-ai",
        level: 2,
        summary: "a red-teaming or safety-evaluation tool is part of the project",
        matcher: Matcher::Dependency(&["pyrit", "garak"]),
        except: &[],
    },
    Rule {
        id: "safety-eval-in-ci",
        dimension: "responsible-ai",
        level: 3,
        summary:
            "a safety evaluation or red-teaming run is enforced in CI for every change or release",
        matcher: Matcher::WorkflowStep {
            on: &[
                "pull_request",
                "pull_request_target",
                "merge_group",
                "push",
                "release",
            ],
            step: r"(?i)\bpromptfoo\s+redteam\b|\bgarak\b|\bpyrit\b|\bred[-_]?team\w*\.py\b|\bsafety[-_]?eval\w*",
        },
        except: &[],
    },
    Rule {
        id: "safety-eval-on-schedule",
        dimension: "responsible-ai",
        level: 4,
        summary: "a safety evaluation or red-teaming run is automated on a schedule",
        matcher: Matcher::WorkflowStep {
            on: ON_SCHEDULE,
            step: r"(?i)\bpromptfoo\s+redteam\b|\bgarak\b|\bpyrit\b|\bred[-_]?team\w*\.py\b|\bsafety[-_]?eval\w*",
        },
        except: &[],
    },
    // asset-management
    Rule {
        id: "prompts-versioned",
        dimension: "asset-management",
        level: 2,
        summary: "prompts are tracked in the repository as files",
        matcher: Matcher::Path(PROMPT_FILES),
        except: &[],
    },
    Rule {
        id: "data-versioning",
        dimension: "asset-management",
        level: 3,
        summary: "data or models are versioned with DVC",
        matcher: Matcher::Path(&["**/*.dvc", "**/dvc.yaml", "**/.dvc/config"]),
        except: &[],
    },
    Rule {
        id: "ml-asset-specs",
        dimension: "asset-management",
        level: 3,
        summary: "models, data or environments are versioned as Azure ML or MLflow assets",
        matcher: Matcher::Content {
            files: &["**/*.{yaml,yml,py}"],
            pattern: r"azuremlschemas\.azureedge\.net/latest/(model|data|environment)\.schema\.json|\bmlflow\.register_model\(|\bml_client\.models\.create_or_update\(",
        },
        except: &[],
    },
];
