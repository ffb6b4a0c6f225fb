//! One-file examples of the rules' newer alternatives, each scanned on its own: what must fire and the near miss that must not.
//!
//! The fixture trees under `fixtures/scan/rules/` prove each rule fires somewhere; these pin the
//! individual alternatives written from a development set, so narrowing a pattern later cannot
//! silently drop one. Every tree also holds `requirements.txt` with `openai`, so the generic
//! rules (which count only in an LLM application) are judged too.

use std::path::Path;

/// (rule, path, text, should fire)
const CASES: &[(&str, &str, &str, bool)] = &[
    // LangGraph's Agent Inbox interrupt before a side-effecting node
    (
        "agent-action-approval",
        "src/nodes/human.ts",
        "const interruptValue: HumanInterrupt = {\n  action_request: { action: \"Schedule post\" },\n};\n",
        true,
    ),
    (
        "agent-action-approval",
        "app/graph.py",
        "graph = builder.compile(interrupt_before=[\"publish\"])\n",
        true,
    ),
    (
        "agent-action-approval",
        "internal/tools/bash.go",
        "var bannedCommands = []string{\"curl\", \"wget\"}\n",
        true,
    ),
    (
        "agent-action-approval",
        "app/graph.py",
        "graph = builder.compile(interrupt_before=[])\n",
        false,
    ),
    (
        "retrieval-tuned",
        "src/approach.ts",
        "const results = await client.search(query, {\n  queryType: 'semantic',\n  semanticSearchOptions: { configurationName: 'default' },\n});\n",
        true,
    ),
    (
        "retrieval-tuned",
        "Search/Retriever.cs",
        "var options = new SearchOptions { QueryType = SearchQueryType.Semantic };\n",
        true,
    ),
    // configuring an index for semantic search is not ranking the request's results
    (
        "retrieval-tuned",
        "src/indexer.ts",
        "const index = { name, semanticSearch: { defaultConfigurationName: 'default' } };\n",
        false,
    ),
    (
        "eval-metrics",
        "eval/data/test_config.json",
        "{\"criteria\": {\"tool_trajectory_avg_score\": 1.0, \"response_match_score\": 0.8}}\n",
        true,
    ),
    (
        "eval-metrics",
        "eval/eval_retriever.py",
        "ground_truth_df = pd.read_parquet(ground_truth_path)\n",
        true,
    ),
    // ground truth outside an evaluation folder is not an evaluation
    (
        "eval-metrics",
        "app/labels.py",
        "ground_truth_df = pd.read_parquet(ground_truth_path)\n",
        false,
    ),
    (
        "eval-metrics-code",
        "agents/rag/check_agent.py",
        "await AgentEvaluator.evaluate(\"rag\", \"data/conversation.test.json\")\n",
        true,
    ),
    (
        "prompt-constants",
        "src/approach.ts",
        "const SYSTEM_MESSAGE_CHAT_CONVERSATION = `Answer only from the sources.\n{follow_up_questions_prompt}\n`;\n",
        true,
    ),
    (
        "prompt-constants",
        "src/approach.ts",
        "const SYSTEM_MESSAGE = `Answer only from the sources.\nBe brief.`;\n",
        false,
    ),
    (
        "llm-config-files",
        "models.yaml",
        "- provider: openai\n  models:\n    - name: gpt-5\n      max_input_tokens: 400000\n      supports_function_calling: true\n",
        true,
    ),
    (
        "llm-config-files",
        "settings.yaml",
        "generation:\n  max_tokens: 400\n",
        false,
    ),
    ("logging-config", "src/main.rs", "fn main() {\n    env_logger::init();\n}\n", true),
    (
        "logging-config",
        "src/main.rs",
        "fn main() {\n    tracing_subscriber::fmt().init();\n}\n",
        true,
    ),
    // a reusable deploy workflow of another repository, called when a package is published
    (
        "deploy-workflow",
        ".github/workflows/deploy-development.yml",
        "on:\n  registry_package:\njobs:\n  trigger:\n    uses: acme/ci/.github/workflows/deploy-development.yml@2.2.0\n",
        true,
    ),
    (
        "deploy-workflow",
        ".github/workflows/deploy-development.yml",
        "on:\n  workflow_dispatch:\njobs:\n  trigger:\n    uses: acme/ci/.github/workflows/deploy-development.yml@2.2.0\n",
        false,
    ),
    // the Responses and Realtime APIs' flat function tools, in a React component
    (
        "function-calling",
        "client/components/ToolPanel.jsx",
        "const sessionUpdate = {\n  type: \"session.update\",\n  session: { tools: [ { type: \"function\", name: \"display_color_palette\" } ] },\n};\n",
        true,
    ),
    (
        "function-calling",
        "app/agent.py",
        "for call in response.choices[0].message.tool_calls:\n    run(call)\n",
        true,
    ),
    (
        "function-calling",
        "app/agent.py",
        "function_call = message.additional_kwargs.get(\"function_call\", {})\n",
        true,
    ),
    (
        "prompt-template-code",
        "src/llmLib.js",
        "const chain = new ConversationChain({ llm, memory });\nchain.prompt.template = `Current conversation:\n{history}\nHuman: {input}`;\n",
        true,
    ),
    (
        "rag-code",
        "supabase/migrations/20231007_match.sql",
        "create or replace function match_document_sections(embedding vector(384), match_threshold float)\nreturns setof document_sections as $$\n  select * from document_sections order by document_sections.embedding <=> embedding;\n$$ language sql;\n",
        true,
    ),
    // a vector column alone is storage, not retrieval
    (
        "rag-code",
        "supabase/migrations/20231006_documents.sql",
        "create extension if not exists vector;\ncreate table document_sections (id bigint, embedding vector(384));\n",
        false,
    ),
    ("platform-config", "supabase/config.toml", "project_id = \"chat\"\n", true),
    (
        "agent-action-approval",
        "src/create-prompt/index.ts",
        "const allowedTools = [\"Edit\", \"Read\"];\nconst disallowedTools = [\"WebSearch\"];\n",
        true,
    ),
    (
        "deploy-workflow",
        ".github/workflows/webhooks.yml",
        "on:\n  push:\n    branches: [main]\njobs:\n  invoke:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          curl -X POST \\\n            ${{ secrets.DEPLOYMENT_WEBHOOK_URL }}\n",
        true,
    ),
    // deploying into a throw-away kind cluster on the runner is a test
    (
        "deploy-workflow",
        ".github/workflows/e2e.yml",
        "on:\n  push:\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: helm/kind-action@v1\n      - run: helm install app ./helm/app\n",
        false,
    ),
    (
        "eval-in-ci",
        ".github/workflows/eval-pr.yml",
        "on:\n  pull_request:\njobs:\n  evals:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run test:all_evals\n",
        true,
    ),
    // `retrieval` holds `eval` but names no evaluation
    (
        "eval-in-ci",
        ".github/workflows/ci.yml",
        "on:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run test:retrieval\n",
        false,
    ),
    // a function that builds an agent's instructions, and one that only handles a user's prompt
    (
        "prompt-template-code",
        "airline/agents.py",
        "def seat_services_instructions(run_context, agent):\n    return f\"You help with seats for {run_context.context.name}.\"\n",
        true,
    ),
    (
        "prompt-template-code",
        "src/agents/agents.py",
        "async def handle_prompt(request):\n    return await agent.run(request.text)\n",
        false,
    ),
    (
        "package-publish",
        ".github/workflows/release.yml",
        "on:\n  push:\n    branches: [development]\njobs:\n  release:\n    uses: acme/ci/.github/workflows/python_package_release.yml@2.2.0\n",
        true,
    ),
    ("infrastructure-as-code", "render.yaml", "services:\n  - type: web\n    name: api\n", true),
    // commented-out code is not a practice
    (
        "content-safety",
        "app/agent.py",
        "safety_settings = {HarmCategory.HARM_CATEGORY_HATE_SPEECH: HarmBlockThreshold.BLOCK_LOW_AND_ABOVE}\nmodel.generate_content(q, safety_settings=safety_settings)\n",
        true,
    ),
    (
        "content-safety",
        "app/agent.py",
        "# safety_settings = {HarmCategory.HARM_CATEGORY_HATE_SPEECH: HarmBlockThreshold.BLOCK_LOW_AND_ABOVE}\n# model.generate_content(q, safety_settings=safety_settings)\n",
        false,
    ),
    (
        "llm-as-judge",
        "src/main/java/Review.java",
        "/*\n * Tests the LLM-as-a-Judge pattern with a local judge model\n */\nclass Review {}\n",
        false,
    ),
];

fn fires(rule: &str, path: &str, text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "openai==1.0.0\n").unwrap();
    let found = super::scan(Path::new(dir.path()), ".").unwrap();
    found.signals.iter().any(|s| s.rule == rule)
}

#[test]
fn each_alternative_fires_on_its_example_and_not_on_its_near_miss() {
    let wrong: Vec<String> = CASES
        .iter()
        .filter(|(rule, path, text, want)| fires(rule, path, text) != *want)
        .map(|(rule, path, _, want)| {
            let what = if *want { "does not fire" } else { "fires" };
            format!("{rule} {what} on its {path} example")
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
