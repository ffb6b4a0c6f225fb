//! How harm is kept out: content safety, guardrails, red-teaming, safety evaluation.

use super::{Matcher, Rule, CODE, CODE_GLOB, ON_SCHEDULE, SAFETY_TOOLS, UI_COMPONENTS};

pub const RULES: &[Rule] = &[
    Rule {
        id: "content-safety",
        dimension: "responsible-ai",
        level: 2,
        summary: "a content-safety or guardrail library screens inputs and outputs",
        matcher: Matcher::Content {
            files: &[CODE_GLOB, "**/config.{yml,yaml}"],
            pattern: r#"(?m)^\s*(from|import)\s+(guardrails|nemoguardrails|presidio_analyzer|presidio_anonymizer|azure\.ai\.contentsafety|lakera\w*|llamafirewall)\b|\bContentSafetyClient\(|\bRailsConfig\.from_(path|content)\(|\bLLMRails\(|\badd_middleware\(\s*\w*Guardrails\w*Middleware\b|[=(,]\s*\w*Guardrails\w*Middleware\(|\b\w*Guardrail\w*Advisor\b|\bSafeGuardAdvisor\b|from\s+["']@azure-rest/ai-content-safety["']|(?m)^rails:|@(input|output)_guardrail\b|\b(input|output)_guardrails\s*=|\b(input|output)Guardrails\s*:|\b(Input|Output)Guardrail\(|\bguardrailIdentifier\b|\bguardrailConfig\b|\bguardrail_?[Ii]d\s*[=:]|\bapply_guardrail\(|\bApplyGuardrailCommand\b|(?i:\bllama[-_ ]?guard\b)|\bprompt[-_]?guard\b|api\.lakera\.ai|\bsafety_settings\s*=\s*(\{\s*[^\s}]|\[\s*[^\s\]]|[a-z_][\w.]*\b)|\bSafetySetting\(|\bHarmBlockThreshold\b|\bsafetySettings\s*:"#,
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "llm-guard",
        dimension: "responsible-ai",
        level: 2,
        summary: "the scanners of llm-guard screen prompts and outputs (llm-guard is archived upstream: its scanners still run and still count; plan a maintained replacement)",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"(?m)^\s*(from|import)\s+llm_guard\b",
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
            pattern: r"(?i)\bcontent_?safety\w*|Microsoft\.CognitiveServices/accounts/raiPolicies|\bazurerm_cognitive_account_rai_policy\b|\baws_bedrock_guardrail\b|\bawscc_bedrock_guardrail\b|AWS::Bedrock::Guardrail\b",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "guardrail-config",
        dimension: "responsible-ai",
        level: 2,
        summary: "guardrails are configured as files (NeMo Guardrails Colang flows, Guardrails AI specs)",
        matcher: Matcher::Path(&["**/*.co", "**/*.rail", "**/.guardrails/**"]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "safety-metric",
        dimension: "responsible-ai",
        level: 2,
        summary: "a safety metric (toxicity, harmfulness, bias) is defined for the evaluation",
        matcher: Matcher::Path(&[
            "**/eval*/**/{toxicity,harmfulness,bias,safety,jailbreak}*.{md,txt,j2,jinja2,yaml,yml,prompty,py}",
        ]),
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
            pattern: r#"\bAzureContentSafety\b|contentsafety/(text|image):analyze|\bmoderations\.create\(|\bAnalyzeTextOptions\(|\bRailsConfig\.from_path\("#,
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
            pattern: r"(?m)^redteam:|\bazure\.ai\.evaluation\.red_team\b|\bRedTeam\(|\b(ContentSafety|Violence|HateUnfairness|SelfHarm|Sexual|ProtectedMaterial|IndirectAttack)Evaluator\b|\bimport\s+[^\n]*\b(harmfulness|maliciousness)\b|\b(Toxicity|Bias)Metric\(|^\s*(from|import)\s+(pyrit|garak)\b",
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
    // Generic: an approval step or a guardrails module says nothing alone (a deployment tool
    // has approvals too); in an LLM application it keeps the model's actions and words in check.
    // A confirm flag on one tool (`needsApproval: true`, a "run this command?" prompt) is not an
    // action guardrail; a permission gate over the agent's tools, one a user can skip, is.
    Rule {
        id: "agent-action-approval",
        dimension: "responsible-ai",
        level: 2,
        summary: "the agent's tool calls pass a permission gate: side-effecting tools wait for a person's approval, or its shell tool refuses a denylist of commands",
        matcher: Matcher::Content {
            files: CODE,
            // LangGraph's human-in-the-loop: an Agent Inbox interrupt, or a graph that stops before
            // named nodes (an empty `interrupt_before=[]` is the templates' default, not a gate);
            // a coding agent's shell tool that refuses listed commands (`bannedCommands`)
            pattern: r#"(?i)tool_?(call_?)?(approval|permission)s?\b|\bHumanInTheLoopMiddleware\(|\bskip_?permissions\b|\bHumanInterrupt\b|\binterrupt_?before\s*[=:]\s*\[\s*["']|\b(banned|blocked|denied|forbidden|disallowed|dangerous)_?commands\b|\b(allowed|disallowed)_?tools\b"#,
        },
        except: UI_COMPONENTS,
        generic: true,
    },
    Rule {
        id: "guardrail-code",
        dimension: "responsible-ai",
        level: 2,
        summary: "the application has its own guardrails module that checks what goes to and comes from the model",
        matcher: Matcher::Path(&[
            "**/*{guardrail,Guardrail}*/**/*.{py,ts,js,mjs,java,kt,go,cs}",
            "**/*{guardrail,Guardrail}*.{py,ts,js,mjs,java,kt,go,cs}",
        ]),
        except: UI_COMPONENTS,
        generic: true,
    },
    Rule {
        id: "pii-redaction",
        dimension: "responsible-ai",
        level: 2,
        summary: "personal data is detected and redacted before it reaches the model or the user",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"(?i:pii_?(redact|mask|filter|detect|scrub|anonymi[sz])|(redact|mask|scrub|anonymi[sz]e|strip)_?pii)|\bpresidio[-_](analyzer|anonymizer)\b|\bPresidio(Analyzer|Anonymizer|Client|Redactor)\w*",
        },
        except: UI_COMPONENTS,
        generic: true,
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
];
