//! How quality is measured: evaluation frameworks and metrics, in CI, on a schedule, online.

use super::{eval_dir, Matcher, Rule, CODE, EVAL_FILES, EVAL_TOOLS, ON_EVERY_CHANGE, ON_SCHEDULE};

pub const RULES: &[Rule] = &[
    Rule {
        id: "eval-framework",
        dimension: "evaluation",
        level: 2,
        summary: "an evaluation framework defines quality metrics",
        matcher: Matcher::Dependency(&[
            "azure-ai-evaluation",
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
            "braintrust",
            "arize-phoenix-evals",
            "lighteval",
            "giskard",
            "uptrain",
            "continuous-eval",
            "evalite",
            "vitest-evals",
            "langevals",
            "mlflow-genai",
            "dev.langchain4j:langchain4j-evaluation",
        ]),
        except: &[],
        generic: false,
    },
    Rule {
        id: "promptflow-evals",
        dimension: "evaluation",
        level: 2,
        summary: "prompt flow's evaluators define quality metrics (promptflow-evals is superseded by azure-ai-evaluation and Prompt Flow retires on 2027-04-20; the metrics still count)",
        matcher: Matcher::Dependency(&["promptflow-evals"]),
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
            pattern: r"(?i)\b(gpt_)?(groundedness|relevance|coherence|fluency|similarity)(pro)?(_?(evaluat\w*|score|metric)|evaluator)\b|\x22(gpt_)?(groundedness|relevance|coherence|fluency|similarity)\x22|\brecall@\d|\brecall_at_k\b|\b(mrr|ndcg|hit_rate)(@\d+|_at_k)?\b|\b(tool_trajectory_avg|response_match|final_response_match_v2)_score\b|\bground_?truth",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "eval-metrics-code",
        dimension: "evaluation",
        level: 2,
        summary: "code computes quality metrics with an evaluation library",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r#"(?m)^\s*"?\s*from\s+(ragas|deepeval|inspect_ai|phoenix\.evals|autoevals|openevals|trulens\w*|azure\.ai\.evaluation)(\.\w+)*\s+import\b|(?m)^\s*from\s+langsmith(\.evaluation)?\s+import\s+[^\n]*\bevaluate\b|\bmlflow\.(genai\.)?evaluate\(|\b(Faithfulness|AnswerRelevancy|ContextualPrecision|ContextualRecall|ContextualRelevancy|Hallucination|Toxicity|Bias|Summarization)Metric\(|\bGEval\(|\bassert_test\(|\bEval\(\s*["'][^"']+["']\s*,\s*\{|\bevaluate\(\s*(dataset|data)\s*=[^\n]*\bmetrics\s*=|(?m)^\s*using\s+Microsoft\.Extensions\.AI\.Evaluation(\.Quality)?\s*;|\bnew\s+(Relevance|Coherence|Fluency|Groundedness|Equivalence|Completeness|RelevanceTruthAndCompleteness)Evaluator\(|\bAgentEvaluator\.evaluate\("#,
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "llm-as-judge",
        dimension: "evaluation",
        level: 2,
        summary: "a model grades the application's answers against a rubric (LLM as a judge)",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"(?i)\bllm[-_ ]as[-_ ](a[-_ ])?judge\b|\bjudge_(prompt|model|llm)\b|\bLLMJudge\b|\bcreate_llm_as_judge\(|\bLabeledCriteriaEvalChain\b|\bload_evaluator\(|\b(EVAL|JUDGE|GRADER|GRADING)_PROMPT\b",
        },
        // a judge inside the guardrails checks each live answer: responsible AI, not evaluation
        except: &["**/*guardrail*/**"],
        generic: false,
    },
    Rule {
        id: "github-models-eval",
        dimension: "evaluation",
        level: 2,
        summary: "a GitHub Models prompt file defines test data and evaluators",
        matcher: Matcher::Content {
            files: &["**/*.prompt.{yml,yaml}"],
            pattern: r"(?m)^evaluators:",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "judge-prompts",
        dimension: "evaluation",
        level: 2,
        summary: "evaluation metrics are defined as judge prompts kept with the evaluation",
        matcher: Matcher::Path(&[
            concat!(
                eval_dir!(),
                "/**/{hallucination,toxicity,helpfulness,relevancy,relevance,conciseness,faithfulness,correctness,groundedness,coherence,fluency}*.{md,txt,j2,jinja2,yaml,yml,prompty}"
            ),
            concat!(
                eval_dir!(),
                "/**/*{judge,evaluator,grader,grading}*prompt*.{md,txt,j2,jinja2,yaml,yml,prompty}"
            ),
        ]),
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
];
