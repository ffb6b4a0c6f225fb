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
    /// Every listed rule has a signal; this one points where the last listed rule's first does.
    AllOf(&'static [&'static str]),
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
    /// A practice of any web service (a Dockerfile, a dashboard): it counts only in a repository
    /// where some non-generic rule shows an LLM application, so a plain service scores 1.
    pub generic: bool,
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

/// Tests, documentation, workshops and examples: a package imported or a file kept only there
/// is not a practice of the application, so no rule counts these paths (a workflow is judged by
/// what it runs, not where it lives).
pub const NOT_PRACTICE: &[&str] = &[
    "**/docs/**",
    "**/doc/**",
    "**/workshop*/**",
    "**/tutorial*/**",
    "**/examples/**",
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

/// Triggers that run a workflow on a clock.
const ON_SCHEDULE: &[&str] = &["schedule"];
/// Triggers that ship what was merged or released; a manual dispatch alone is scripted (level 2),
/// not continuous delivery.
const ON_SHIP: &[&str] = &["push", "release", "workflow_run"];
/// Triggers that run a workflow for every change, proposed or merged.
const ON_EVERY_CHANGE: &[&str] = &["pull_request", "pull_request_target", "merge_group", "push"];

/// Source files where code shows how the application calls models.
const CODE: &[&str] = &["**/*.{py,ipynb,ts,tsx,js,mjs,cs,java,go}"];
/// Infrastructure as code: Bicep, Terraform, ARM templates and YAML (azd, Kubernetes); the
/// rule's pattern does the narrowing.
const IAC: &[&str] = &["**/*.{bicep,tf,json,yaml,yml}"];
/// Where evaluation code and configuration live.
const EVAL_FILES: &[&str] = &[
    "**/eval*/**/*.{py,json,yaml,yml,ipynb}",
    "**/evaluators/**/*.{py,json,yaml,yml}",
    "**/evaluat*.py",
];

/// Prompt files: prompty and GitHub prompt files anywhere, templates under a `prompts` folder.
const PROMPT_FILES: &[&str] = &[
    "**/*.prompty",
    "**/prompts.py",
    "**/templates/*.{json,txt,j2,jinja2}",
    "**/*.prompt.{yml,yaml}",
    "**/prompts/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json,prompty,hbs,liquid,mustache,tmpl}",
    "**/prompt_templates/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json}",
];
/// Prompt files plus the configurations that hold prompts (promptfoo, prompt flow).
const PROMPT_ASSETS: &[&str] = &[
    "**/*.prompty",
    "**/prompts.py",
    "**/templates/*.{json,txt,j2,jinja2}",
    "**/*.prompt.{yml,yaml}",
    "**/prompts/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json,prompty,hbs,liquid,mustache,tmpl}",
    "**/prompt_templates/**/*.{txt,md,jinja,jinja2,j2,yaml,yml,json}",
    "**/promptfooconfig*.{yaml,yml,json}",
    "**/flow.dag.{yaml,yml}",
];

/// Evaluation tools, as they appear on a command line or in an action name.
const EVAL_TOOLS: &str = r"(?i)\bpromptfoo\s+eval\b|^promptfoo/promptfoo-action@|\bdeepeval\s+test\b|\binspect\s+eval\b|\blm[_-]eval\b|/ai-agent-evals@|^azure/ai-evaluation@|\bpf\s+run\s+create\b.*\s--run\b|\bpython3?\s+(-m\s+)?\S*eval\w*(\.py)?\b";
/// Commands and actions that deploy an application.
const DEPLOY_STEPS: &str = r"(?i)\bazd\s+(up|deploy)\b|\baz\s+(webapp|containerapp|functionapp)\b.*\b(deploy|up|update|create)\b|\baz\s+ml\s+online-(deployment|endpoint)\s+(create|update)\b|\baz\s+deployment\s+(group|sub)\s+create\b|\bhelm\s+(upgrade|install)\b|\bterraform\s+apply\b|\bkubectl\s+apply\b|\bgcloud\s+run\s+deploy\b|\bfly\s+deploy\b|\bfastapi\s+deploy\b|\bmda\s+deploy\b|^azure/(webapps-deploy|functions-action|container-apps-deploy-action|arm-deploy|k8s-deploy)@|^aws-actions/amazon-ecs-deploy-task-definition@|^google-github-actions/deploy-cloudrun@|^azure/static-web-apps-deploy@|^\./\.github/actions/[\w.-]*deploy";
/// Red-teaming and safety-evaluation tools, as they appear on a command line.
const SAFETY_TOOLS: &str =
    r"(?i)\bpromptfoo\s+redteam\b|\bgarak\b|\bpyrit\b|\bred[-_]?team\w*\.py\b|\bsafety[-_]?eval\w*";

/// The catalogue, grouped by dimension in questionnaire order.
pub const RULES: &[Rule] = &[
    // models
    Rule {
        id: "llm-sdk",
        dimension: "models",
        level: 1,
        summary: "the application calls LLMs through a client library",
        matcher: Matcher::Dependency(&[
            "openai",
            "azure-ai-inference",
            "azure-ai-projects",
            "anthropic",
            "google-genai",
            "google-generativeai",
            "mistralai",
            "cohere",
            "ollama",
            "groq",
            "prompty",
            "promptflow",
            "promptflow-core",
            "@azure/openai",
            "@anthropic-ai/sdk",
            "@google/genai",
            "azure.ai.openai",
            "azure.ai.inference",
            "openai-dotnet",
            "github.com/sashabaranov/go-openai",
            "github.com/openai/openai-go",
            "async-openai",
        ]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "model-deployment-as-code",
        dimension: "models",
        level: 2,
        summary: "the hosted models (name and version) are pinned as code, so the choice is reviewable",
        matcher: Matcher::Content {
            files: IAC,
            pattern: r"Microsoft\.CognitiveServices/accounts/deployments|\bazurerm_cognitive_deployment\b|(?m)^deployments:[ \t]*\r?\n\s*-\s*name:.*\r?\n\s*model:",
        },
        except: &[],
        generic: false,
    },
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
            "llama-index",
            "llama-index-core",
            "langchain-chroma",
            "langchain-qdrant",
            "langchain-pinecone",
            "llama-index-vector-stores-*",
        ]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "agent-framework",
        dimension: "models",
        level: 3,
        summary: "an agent framework combines models and tools in flows",
        matcher: Matcher::Dependency(&[
            "semantic-kernel",
            "microsoft.semantickernel",
            "microsoft.semantickernel.*",
            "langgraph",
            "@langchain/langgraph",
            "autogen-agentchat",
            "pyautogen",
            "ag2",
            "crewai",
            "openai-agents",
            "@openai/agents",
            "azure-ai-agents",
            "deepagents",
            "managed-deepagents",
        ]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "function-calling",
        dimension: "models",
        level: 3,
        summary: "the application lets the model call tools (function calling)",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\btool_choice\b|\bbind_tools\(|\bfunction_tool\(|@function_tool\b|@kernel_function\b|\[KernelFunction\b|\bparallel_tool_calls\b|\bkernel\.add_plugin\(|\binitialize_agent\b|\bcreate_react_agent\b|\bFunctionTool\b|\bQueryEngineTool\b|\b(OpenAIAgent|ReActAgent)\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "prompt-flow-with-tools",
        dimension: "models",
        level: 3,
        summary: "a prompt flow combines model calls with code tools",
        matcher: Matcher::Content {
            files: &["**/flow.dag.{yaml,yml}"],
            pattern: r"(?s)\btype:\s*llm\b.*\btype:\s*python\b|(?s)\btype:\s*python\b.*\btype:\s*llm\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "retrieval-tuned",
        dimension: "models",
        level: 3,
        summary: "retrieval is tuned for quality: hybrid keyword and vector search, or semantic ranking",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"(?s)\bVectorizedQuery\b.*\bQueryType\.SEMANTIC\b|(?s)\bQueryType\.SEMANTIC\b.*\bVectorizedQuery\b|\bhybrid_query\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "fine-tuning-library",
        dimension: "models",
        level: 4,
        summary: "a fine-tuning library adapts models to the team's needs",
        matcher: Matcher::Dependency(&["peft", "trl", "unsloth", "axolotl"]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "fine-tuning-job",
        dimension: "models",
        level: 4,
        summary: "code starts a fine-tuning job",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\bfine_tuning\.jobs\.create\(|\bfineTuning\.jobs\.create\(|\bFineTuningJob\.create\(|\bSFTTrainer\(|\bLoraConfig\(",
        },
        except: &[],
        generic: false,
    },
    // prompt-engineering
    Rule {
        id: "prompt-files",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are kept as template files, apart from the code",
        matcher: Matcher::Path(PROMPT_FILES),
        except: &[],
        generic: true,
    },
    Rule {
        id: "prompt-template-code",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are built from templates or pulled from a prompt hub",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\b(Chat)?PromptTemplate\b|\bpull_prompt\(|\bhub\.pull\(",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "prompt-flow",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are structured into a prompt flow",
        matcher: Matcher::Path(&["**/flow.dag.{yaml,yml}", "**/flow.flex.{yaml,yml}"]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "prompt-variants",
        dimension: "prompt-engineering",
        level: 3,
        summary: "prompt variants are defined so they can be compared",
        matcher: Matcher::Content {
            files: &["**/flow.dag.{yaml,yml}"],
            pattern: r"(?m)^\s*node_variants:|\buse_variants:\s*true\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "prompt-optimisation",
        dimension: "prompt-engineering",
        level: 4,
        summary: "prompts are optimised from evaluation results (DSPy)",
        matcher: Matcher::Dependency(&["dspy", "dspy-ai"]),
        except: &[],
        generic: false,
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
            "microsoft.extensions.ai.evaluation",
            "microsoft.extensions.ai.evaluation.*",
        ]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "eval-metrics",
        dimension: "evaluation",
        level: 2,
        summary: "evaluation code or configuration computes named quality metrics",
        matcher: Matcher::Content {
            files: EVAL_FILES,
            pattern: r"(?i)\b(gpt_)?(groundedness|relevance|coherence|fluency|similarity)(pro)?(_?(evaluat\w*|score|metric)|evaluator)\b|\x22(gpt_)?(groundedness|relevance|coherence|fluency|similarity)\x22",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "eval-config",
        dimension: "evaluation",
        level: 2,
        summary: "a promptfoo configuration defines test cases and assertions",
        matcher: Matcher::Content {
            files: &["**/promptfooconfig*.{yaml,yml}"],
            pattern: r"(?m)^(tests|defaultTest):",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "eval-in-ci",
        dimension: "evaluation",
        level: 3,
        summary: "an evaluation runs in CI on every change (pull request or push)",
        matcher: Matcher::WorkflowStep {
            on: ON_EVERY_CHANGE,
            step: EVAL_TOOLS,
        },
        except: &[],
        generic: false,
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
        generic: false,
    },
    Rule {
        id: "online-evaluation",
        dimension: "evaluation",
        level: 4,
        summary: "production responses are evaluated continuously for quality",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"(?s)\bCONTINUOUS_EVALUATION\b.*\bbuiltin\.(groundedness|relevance|coherence|fluency|similarity|task_adherence|intent_resolution)\b",
        },
        except: &[],
        generic: false,
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
            "**/*.dockerfile",
            "**/Containerfile",
        ]),
        except: &["**/.devcontainer/**"],
        generic: true,
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
        generic: true,
    },
    Rule {
        id: "deploy-workflow",
        dimension: "deployment",
        level: 3,
        summary: "a CI/CD workflow deploys when changes land (push or release)",
        matcher: Matcher::WorkflowStep {
            on: ON_SHIP,
            step: DEPLOY_STEPS,
        },
        except: &[],
        generic: true,
    },
    Rule {
        id: "manual-deploy-workflow",
        dimension: "deployment",
        level: 2,
        summary: "a workflow deploys the application when started by hand (scripted, repeatable)",
        matcher: Matcher::WorkflowStep {
            on: &["workflow_dispatch"],
            step: DEPLOY_STEPS,
        },
        except: &[],
        generic: true,
    },
    Rule {
        id: "staged-environments",
        dimension: "deployment",
        level: 4,
        summary: "a deployment workflow promotes through several GitHub environments (staged rollout)",
        matcher: Matcher::WorkflowEnvironments { on: ON_SHIP },
        except: &[],
        generic: true,
    },
    // monitoring
    Rule {
        id: "request-logging",
        dimension: "monitoring",
        level: 2,
        summary: "requests and errors are logged to an error-tracking or telemetry service",
        matcher: Matcher::Dependency(&[
            "sentry-sdk",
            "@sentry/node",
            "opencensus-ext-azure",
            "applicationinsights",
            "microsoft.applicationinsights.aspnetcore",
            "opentelemetry-sdk",
            "@opentelemetry/sdk-node",
        ]),
        except: &[],
        generic: true,
    },
    Rule {
        id: "logging-config",
        dimension: "monitoring",
        level: 2,
        summary: "the application configures logging of requests and errors",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\blogging\.basicConfig\(|\bRotatingFileHandler\(|\bstructlog\.configure\(|\blogging\.config\.dictConfig\(",
        },
        except: &[],
        generic: true,
    },
    Rule {
        id: "app-insights-tracing",
        dimension: "monitoring",
        level: 3,
        summary: "requests are traced to Azure Monitor (Application Insights) with latency and errors",
        matcher: Matcher::Dependency(&[
            "azure-monitor-opentelemetry",
            "azure-monitor-opentelemetry-exporter",
            "@azure/monitor-opentelemetry",
            "azure.monitor.opentelemetry.aspnetcore",
            "azure.monitor.opentelemetry.exporter",
        ]),
        except: &[],
        generic: true,
    },
    Rule {
        id: "llm-tracing",
        dimension: "monitoring",
        level: 3,
        summary: "LLM calls are traced with their latency, token use and errors",
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
            "traceloop-sdk",
            "@traceloop/node-server-sdk",
            "openlit",
            "opik",
            "agentops",
            "mlflow-tracing",
        ]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "llm-tracing-code",
        dimension: "monitoring",
        level: 3,
        summary: "the application instruments its LLM calls for tracing",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\bOpenAIInstrumentor\(\)|\bAIInferenceInstrumentor\(\)|\bAIProjectInstrumentor\(\)|\bLangchainInstrumentor\(\)|\bTraceloop\.init\(|\bopenlit\.init\(|@traceable\b|\bLangfuse\(|\bfrom\s+langfuse(\.\w+)*\s+import\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "dashboards-as-code",
        dimension: "monitoring",
        level: 3,
        summary: "monitoring dashboards or alert rules are defined as code",
        matcher: Matcher::Content {
            files: IAC,
            pattern: r"Microsoft\.Portal/dashboards|Microsoft\.Insights/(workbooks|metricAlerts|scheduledQueryRules)|\bazurerm_portal_dashboard\b|\bazurerm_monitor_(metric_alert|scheduled_query_rules_alert\w*)\b|\bkind:\s*PrometheusRule\b",
        },
        except: &[],
        generic: true,
    },
    // responsible-ai
    Rule {
        id: "content-safety",
        dimension: "responsible-ai",
        level: 2,
        summary: "a content-safety or guardrail library screens inputs and outputs",
        matcher: Matcher::Content {
            files: &[
                "**/*.{py,ipynb,ts,tsx,js,mjs,cs,java,go}",
                "**/config.{yml,yaml}",
            ],
            pattern: r#"(?m)^\s*(from|import)\s+(guardrails|nemoguardrails|llm_guard|presidio_analyzer|presidio_anonymizer|azure\.ai\.contentsafety)\b|\bContentSafetyClient\(|\bRailsConfig\.from_path\(|\bLLMRails\(|\w*Guardrails\w*Middleware\(|from\s+["']@azure-rest/ai-content-safety["']|(?m)^rails:"#,
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "content-safety-infra",
        dimension: "responsible-ai",
        level: 2,
        summary: "a content-safety service or content-filter policy is provisioned as code",
        matcher: Matcher::Content {
            files: &["**/*.{bicep,tf}"],
            pattern: r"(?i)\bcontent_?safety\w*|Microsoft\.CognitiveServices/accounts/raiPolicies|\bazurerm_cognitive_account_rai_policy\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "content-filter-handling",
        dimension: "responsible-ai",
        level: 2,
        summary: "the application checks content with a moderation API or handles content-filter results",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r#"\bmoderations\.create\(|\bAnalyzeTextOptions\(|==\s*["']content_filter["']|\bRailsConfig\.from_path\("#,
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "red-team-or-safety-eval",
        dimension: "responsible-ai",
        level: 2,
        summary: "the application is red-teamed or safety-evaluated with a tool",
        matcher: Matcher::Content {
            files: &["**/*.{py,ipynb,yaml,yml}"],
            pattern: r"(?m)^redteam:|\bazure\.ai\.evaluation\.red_team\b|\bRedTeam\(|\b(ContentSafety|Violence|HateUnfairness|SelfHarm|Sexual|ProtectedMaterial|IndirectAttack)Evaluator\b|^\s*(from|import)\s+(pyrit|garak)\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "red-teaming-tool",
        dimension: "responsible-ai",
        level: 2,
        summary: "a red-teaming tool is a dependency of the project",
        matcher: Matcher::Dependency(&["pyrit", "garak"]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "transparency-note",
        dimension: "responsible-ai",
        level: 2,
        summary: "a transparency note or model card documents limits and risks",
        matcher: Matcher::Path(&[
            "**/TRANSPARENCY*.md",
            "**/[Tt]ransparency[-_ ][Nn]ote*.md",
            "**/MODEL_CARD*.md",
            "**/[Mm]odel[-_ ]card*.md",
            "**/modelcard.md",
        ]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "safety-eval-in-ci",
        dimension: "responsible-ai",
        level: 3,
        summary: "a safety evaluation or red-teaming run is enforced in CI for every change or release",
        matcher: Matcher::WorkflowStep {
            on: &[
                "pull_request",
                "pull_request_target",
                "merge_group",
                "push",
                "release",
            ],
            step: SAFETY_TOOLS,
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "online-safety-evaluation",
        dimension: "responsible-ai",
        level: 3,
        summary: "every production response is evaluated for safety by a continuous evaluation rule",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"(?s)\bCONTINUOUS_EVALUATION\b.*\bbuiltin\.(violence|hate_unfairness|self_harm|sexual|protected_material|indirect_attack|code_vulnerability)\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "safety-eval-on-schedule",
        dimension: "responsible-ai",
        level: 4,
        summary: "a safety evaluation or red-teaming run is automated on a schedule",
        matcher: Matcher::WorkflowStep {
            on: ON_SCHEDULE,
            step: SAFETY_TOOLS,
        },
        except: &[],
        generic: false,
    },
    // asset-management
    Rule {
        id: "prompts-versioned",
        dimension: "asset-management",
        level: 2,
        summary: "prompts and their configuration are tracked in the repository as files",
        matcher: Matcher::Path(PROMPT_ASSETS),
        except: &[],
        generic: true,
    },
    Rule {
        id: "model-config-as-code",
        dimension: "asset-management",
        level: 2,
        summary: "the model deployments are tracked in the repository as code",
        matcher: Matcher::Content {
            files: IAC,
            pattern: r"Microsoft\.CognitiveServices/accounts/deployments|\bazurerm_cognitive_deployment\b|(?m)^deployments:[ \t]*\r?\n\s*-\s*name:.*\r?\n\s*model:",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "environments-as-code",
        dimension: "asset-management",
        level: 3,
        summary: "prompts, code and environments are versioned together, so a release can be rebuilt or rolled back",
        matcher: Matcher::AllOf(&["prompts-versioned", "infrastructure-as-code"]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "prompt-versions-per-environment",
        dimension: "asset-management",
        level: 3,
        summary: "prompt versions are pinned per environment in a prompt hub",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r#"(?s)["'][\w./-]+:(staging|production)["'].*\bpull_prompt\(|(?s)\bpull_prompt\(.*["'][\w./-]+:(staging|production)["']"#,
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "data-versioning",
        dimension: "asset-management",
        level: 3,
        summary: "data or models are versioned with DVC",
        matcher: Matcher::Path(&["**/*.dvc", "**/dvc.yaml", "**/.dvc/config"]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "ml-asset-registry",
        dimension: "asset-management",
        level: 3,
        summary: "models, data or environments are registered as versioned Azure ML or MLflow assets",
        matcher: Matcher::Content {
            files: &["**/*.{yaml,yml,py}"],
            pattern: r"azuremlschemas\.azureedge\.net/latest/(model|data|environment)\.schema\.json|\bmlflow\.register_model\(|\bml_client\.models\.create_or_update\(|\bml_client\.data\.create_or_update\(",
        },
        except: &[],
        generic: false,
    },
];
