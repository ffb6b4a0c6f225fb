//! The built-in `llmops-2024` questionnaire: dimensions, options, level bands and references.

/// A reading suggestion shown under "to reach the next level".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub title: &'static str,
    pub url: &'static str,
}

/// One of the seven areas a team answers, with its four options (worth 1..=4 points).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimension {
    /// Kebab-case key used in `llmops-maturity.yaml`.
    pub id: &'static str,
    /// Short human name, used as a table row heading.
    pub name: &'static str,
    pub question: &'static str,
    /// `options[i]` is the answer worth `i + 1` points.
    pub options: [&'static str; 4],
}

impl Dimension {
    /// The text of the option worth `points` (1..=4).
    pub fn option(&self, points: u8) -> &'static str {
        self.options[usize::from(points.clamp(1, 4) - 1)]
    }
}

/// A maturity level and the band of total points that earns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    pub number: u8,
    pub name: &'static str,
    /// Inclusive band of total points.
    pub min: u8,
    pub max: u8,
    /// What reaching this level means.
    pub meaning: &'static str,
    /// What to work on to move past this level (or, at the top, to stay there).
    pub advice: &'static str,
    /// Suggested reading to reach the next level.
    pub references: &'static [Reference],
}

/// A complete questionnaire.
#[derive(Debug, PartialEq, Eq)]
pub struct Questionnaire {
    pub id: &'static str,
    pub title: &'static str,
    pub dimensions: &'static [Dimension],
    pub levels: &'static [Level],
}

impl Questionnaire {
    pub fn dimension(&self, id: &str) -> Option<&'static Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// The level whose band holds `total`; totals outside every band clamp to the nearest one.
    pub fn level_for(&self, total: u32) -> &'static Level {
        self.levels
            .iter()
            .find(|l| total <= u32::from(l.max))
            .unwrap_or_else(|| self.levels.last().expect("a questionnaire has levels"))
    }

    pub fn level(&self, number: u8) -> Option<&'static Level> {
        self.levels.iter().find(|l| l.number == number)
    }

    pub fn min_score(&self) -> u32 {
        self.dimensions.len() as u32
    }

    pub fn max_score(&self) -> u32 {
        4 * self.dimensions.len() as u32
    }
}

/// Every questionnaire this build knows, by id.
pub fn all() -> &'static [&'static Questionnaire] {
    static ALL: [&Questionnaire; 1] = [&LLMOPS_2024];
    &ALL
}

/// The questionnaire used when a file names none.
pub fn builtin() -> &'static Questionnaire {
    &LLMOPS_2024
}

pub fn find(id: &str) -> Option<&'static Questionnaire> {
    all().iter().copied().find(|q| q.id == id)
}

const fn r(title: &'static str, url: &'static str) -> Reference {
    Reference { title, url }
}

const PROMPT_FLOW: Reference = r(
    "Prompt flow",
    "https://learn.microsoft.com/en-us/azure/ai-foundry/concepts/prompt-flow",
);
const EVALUATION: Reference = r(
    "Evaluating generative AI applications",
    "https://learn.microsoft.com/en-us/azure/ai-foundry/concepts/observability",
);

static LLMOPS_2024: Questionnaire = Questionnaire {
    id: "llmops-2024",
    title: "LLMOps maturity (llmops-2024)",
    dimensions: &[
        Dimension {
            id: "models",
            name: "Models",
            question: "How does the team choose and adapt LLMs?",
            options: [
                "Ad-hoc trials of hosted LLM APIs in isolated experiments",
                "Candidate models compared for the use case; grounding with the team's own data (RAG)",
                "Flows combining several models, tools / function calling; retrieval tuned for quality, latency and cost",
                "Models fine-tuned or optimised for specific needs; advanced retrieval; new models tracked and re-evaluated continuously",
            ],
        },
        Dimension {
            id: "prompt-engineering",
            name: "Prompt engineering",
            question: "How are prompts designed and managed?",
            options: [
                "Simple ad-hoc prompts",
                "Structured design: templates and system messages",
                "Complex prompts integrated into applications; prompt variants compared systematically",
                "Prompts optimised continuously from evaluation results and production feedback",
            ],
        },
        Dimension {
            id: "evaluation",
            name: "Evaluation",
            question: "How is the quality of LLM applications evaluated?",
            options: [
                "Manual spot checks or basic metrics only",
                "Defined metrics, including groundedness, relevance and similarity, run on test sets",
                "Batch evaluation on every significant change, variants compared against thresholds",
                "Continuous large-scale evaluation of quality, cost and latency, with synthetic data, at several lifecycle stages",
            ],
        },
        Dimension {
            id: "deployment",
            name: "Deployment",
            question: "How are LLM applications deployed?",
            options: [
                "Manually",
                "Scripted, repeatable deployment",
                "Automated CI/CD pipelines package and deploy flows and applications",
                "CI/CD with automated quality gates, staged or A/B rollout, and reliable rollback",
            ],
        },
        Dimension {
            id: "monitoring",
            name: "Monitoring",
            question: "How are LLM applications monitored in production?",
            options: [
                "No LLM-specific monitoring",
                "Basic logging of requests and errors",
                "Quality metrics (groundedness, similarity) and operational metrics (latency, error rate, token use) tracked",
                "Tracing and detailed request/response logging; automated alerts on drift, bias and quality; predictive analytics feed improvements",
            ],
        },
        Dimension {
            id: "responsible-ai",
            name: "Responsible AI",
            question: "How are content safety and responsible AI handled?",
            options: [
                "Not addressed systematically",
                "Content filters enabled; safety and ethics reviewed",
                "Safety measures and responsible-AI metrics enforced and monitored for every release",
                "Comprehensive programme: automated safety evaluation and alerting, kept in line with evolving standards",
            ],
        },
        Dimension {
            id: "asset-management",
            name: "Asset management",
            question: "How are prompts, flows, configuration and model versions managed?",
            options: [
                "Not under version control",
                "Code in source control; prompts and configuration partly tracked",
                "Prompts, code, configuration and environments versioned, with change tracking and rollback",
                "Full lifecycle versioning with automated promotion/approval and one-step rollback, shared across teams",
            ],
        },
    ],
    levels: &[
        Level {
            number: 1,
            name: "Initial",
            min: 7,
            max: 11,
            meaning: "The team is finding out what LLMs can do for it; practices are not yet structured.",
            advice: "Get to know the LLM APIs on offer, design prompts with structure instead of by trial, and start measuring results with a few basic metrics.",
            references: &[
                r("Azure AI Studio model catalog", "https://learn.microsoft.com/en-us/azure/ai-foundry/concepts/foundry-models-overview"),
                r("Explore the model catalog (video)", "https://www.youtube.com/watch?v=GS5ZIiNqcEY"),
                r("Introduction to prompt engineering", "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/prompt-engineering"),
                r("Prompt engineering techniques", "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/advanced-prompt-engineering"),
                r("System message framework", "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/system-message"),
                PROMPT_FLOW,
                EVALUATION,
                r("Generative AI fundamentals (training path)", "https://learn.microsoft.com/en-us/training/paths/introduction-generative-ai/"),
                r("Generative AI for Beginners course", "https://github.com/microsoft/generative-ai-for-beginners"),
            ],
        },
        Level {
            number: 2,
            name: "Defined",
            min: 12,
            max: 16,
            meaning: "LLM work is becoming systematic: development and experiments follow a structure, but integration and optimisation are still thin.",
            advice: "Integrate richer prompts into the applications, deploy through CI/CD, track groundedness, relevance and similarity, and make content safety and ethics part of every release.",
            references: &[
                PROMPT_FLOW,
                r("Build with prompt flow", "https://learn.microsoft.com/en-us/azure/ai-foundry/how-to/flow-develop"),
                r("Deploy a flow for real-time inference", "https://learn.microsoft.com/en-us/azure/ai-foundry/how-to/flow-deploy"),
                r("Integrate prompt flow with LLMOps (CI/CD)", "https://learn.microsoft.com/en-us/azure/machine-learning/prompt-flow/how-to-integrate-with-llm-app-devops"),
                r("Evaluation and monitoring metrics", "https://learn.microsoft.com/en-us/azure/ai-foundry/concepts/observability"),
                r("Azure AI Content Safety", "https://learn.microsoft.com/en-us/azure/ai-services/content-safety/overview"),
                r("Responsible AI tools and practices in LLMOps", "https://azure.microsoft.com/en-us/blog/infuse-responsible-ai-tools-and-practices-in-your-llmops/"),
            ],
        },
        Level {
            number: 3,
            name: "Managed",
            min: 17,
            max: 21,
            meaning: "LLM workflows are advanced, deployment is structured and monitoring is proactive; operational excellence is within reach.",
            advice: "Improve continuously: predictive monitoring, complete content safety, fine-tuning where it pays, and version control with rollback for every asset.",
            references: &[
                r("Fine-tune a foundation model with Azure Machine Learning", "https://learn.microsoft.com/en-us/training/modules/finetune-foundation-model-with-azure-machine-learning/"),
                r("Customise a model with fine-tuning", "https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/fine-tuning"),
                r("Monitor generative AI applications", "https://learn.microsoft.com/en-us/azure/machine-learning/prompt-flow/how-to-monitor-generative-ai-applications"),
                r("Elevate LLM applications to production with LLMOps", "https://techcommunity.microsoft.com/t5/ai-machine-learning-blog/elevate-your-llm-applications-to-production-via-llmops/ba-p/3979114"),
            ],
        },
        Level {
            number: 4,
            name: "Optimized",
            min: 22,
            max: 28,
            meaning: "The team develops, deploys and monitors LLM applications with operational excellence.",
            advice: "Stay ahead: evaluate new models as they appear, keep the strategy tied to business goals, keep the team learning, and share what works with the community.",
            references: &[
                r("Model catalog", "https://ai.azure.com/explore/models"),
                EVALUATION,
            ],
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_every_total_without_gaps() {
        let q = builtin();
        assert_eq!(u32::from(q.levels[0].min), q.min_score());
        assert_eq!(u32::from(q.levels.last().unwrap().max), q.max_score());
        for pair in q.levels.windows(2) {
            assert_eq!(pair[0].max + 1, pair[1].min);
        }
    }

    #[test]
    fn level_boundaries_follow_the_seed() {
        let q = builtin();
        let cases = [
            (7, 1),
            (11, 1),
            (12, 2),
            (16, 2),
            (17, 3),
            (21, 3),
            (22, 4),
            (28, 4),
        ];
        for (total, level) in cases {
            assert_eq!(q.level_for(total).number, level, "total {total}");
        }
    }
}
