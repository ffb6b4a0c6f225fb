//! How prompts are kept and improved: template files and objects, variants, optimisation.

use super::{Matcher, Rule, ASSISTANT_PROMPTS, CODE, PROMPT_FILES, UI_COMPONENTS};

pub const RULES: &[Rule] = &[
    Rule {
        id: "prompt-files",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are kept as template files, apart from the code",
        matcher: Matcher::Path(PROMPT_FILES),
        except: ASSISTANT_PROMPTS,
        generic: true,
    },
    Rule {
        id: "prompt-template-folder",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompt templates are kept as files in a templates folder",
        matcher: Matcher::Content {
            files: &["**/templates/*.{json,txt,j2,jinja2,yaml,yml}"],
            pattern: r#""prompt[\w-]*"\s*:|(?m)^\s*prompt[\w-]*\s*:|\{\{?\s*(input|question|context|query|instruction|user_input)\s*\}\}?|(?m)^###\s*(Instruction|Response|System)\b"#,
        },
        except: ASSISTANT_PROMPTS,
        generic: false,
    },
    Rule {
        id: "prompt-template-code",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are built from templates or pulled from a prompt hub",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"\b(Chat|System|User|Assistant)?PromptTemplate\b[ \t]*[(.<,;\]})\r\n]|\bpull_prompt\(|\bhub\.pull\(|\bPromptTemplateConfig\b|\bcreate_function_from_prompt\(|\bCreateFunctionFromPrompt\(|\bKernelFunctionFromPrompt\b|\bprompty\.(load|execute)\(|\bload_prompt\(|\bget_prompt\(|(?m)^\s*@(SystemMessage|UserMessage)\b|\bai\.prompt\(|\bdspy\.Signature\b|\bdefinePrompt\(|\.prompt\.template\s*=|\bdef\s+\w*[a-z0-9]_?instructions\(|\bdef\s+_?(build|get|make|create|format|render|generate|compose|construct|prepare|assemble|fmt)_(\w+_)?prompt(_for_\w+|_templates?|_messages?|_text|_str|_string|_parts?)?\(|\bdef\s+\w*(system|sys|agent|chat|user|task|rag|qa)_prompt(_for_\w+|_templates?|_text)?\(|\bdef\s+_?(prompt|instructions)(_(template|text|messages?|builder|str|string|parts?)\w*)?\s*\(|\bfunction\s+\w*(Prompt|Instructions)\(|(?m)^\s*(export\s+)?const\s+\w*(Prompt|Instructions)\s*=\s*\(|\bfmt\.Sprintf\(\s*\x60\s*(You are|You\x27re|Act as)\b|(?m)^\s*(const|var)\s+\w*(Prompt|Instructions)\w*\s*=\s*\x60|(?m)^\s*(export\s+)?const\s+[a-z]\w*(Prompt|Instructions|SystemMessage)\s*(:\s*\w+\s*)?=\s*\x60",
        },
        except: UI_COMPONENTS,
        generic: false,
    },
    Rule {
        id: "prompt-constants",
        dimension: "prompt-engineering",
        level: 2,
        summary: "system prompts are kept as named multi-line templates with placeholders in the code, apart from the calls",
        matcher: Matcher::Content {
            files: CODE,
            // a placeholder inside the string (`{question}`, `{{context}}`, `${input}`): a plain
            // constant is a string, not a template (as the corpus reads it)
            pattern: r#"(?m)^(export\s+)?(const\s+)?([A-Z][A-Z0-9_]*)?(PROMPT|INSTRUCTIONS|SYSTEM_MESSAGE)[A-Z0-9_]*\s*(:\s*[\w\[\]]+\s*)?=\s*(f|r)?("""([^"]|"[^"]|""[^"])*?|'''([^']|'[^']|''[^'])*?)\{\{?\s*[A-Za-z_][\w.]*\s*\}|(?m)^(export\s+)?(const\s+)?([A-Z][A-Z0-9_]*)?(PROMPT|INSTRUCTIONS|SYSTEM_MESSAGE)[A-Z0-9_]*\s*(:\s*[\w\[\]]+\s*)?=\s*`[^`]*?(\$\{|\{\{\s*\w|\{[a-z_][a-z0-9_]*\})"#,
        },
        except: UI_COMPONENTS,
        generic: false,
    },
    Rule {
        id: "prompt-flow",
        dimension: "prompt-engineering",
        level: 2,
        summary: "prompts are structured into a prompt flow (Prompt Flow retires on 2027-04-20; a flow still counts)",
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
        id: "prompt-variants-compared",
        dimension: "prompt-engineering",
        level: 3,
        summary: "several prompts are compared on the same tests (promptfoo)",
        matcher: Matcher::Content {
            files: &["**/promptfooconfig*.{yaml,yml}", "**/promptfoo/**/*.{yaml,yml}"],
            pattern: r"(?m)^prompts:[ \t]*\r?\n[ \t]*-[^\n]*\r?\n[ \t]*-",
        },
        except: &[],
        generic: false,
    },
    Rule {
        id: "prompt-optimisation",
        dimension: "prompt-engineering",
        level: 4,
        summary: "prompts are optimised from evaluation results (a DSPy optimiser, TextGrad): a DSPy dependency alone is not optimisation",
        matcher: Matcher::Content {
            files: CODE,
            pattern: r"(?m)^\s*from\s+dspy\.teleprompt\s+import\b|\bdspy\.teleprompt\.|\b(BootstrapFewShot\w*|MIPROv2|MIPRO|COPRO|GEPA|KNNFewShot|BootstrapFinetune|SIMBA)\(|\bdspy\.(MIPROv2|BootstrapFewShot\w*|COPRO|GEPA|SIMBA)\(|\b(tg|textgrad)\.TextualGradientDescent\(|\bTextualGradientDescent\(",
        },
        except: &[],
        generic: false,
    },
];
