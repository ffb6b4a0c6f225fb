//! `history --format html` against a real git repository that changes questionnaire: the page's structure, its numbers against the JSON, hostile text, and the page in headless Chromium.

use serde_json::Value;

use super::browser::{self, Server};
use super::gitrepo::{answers, Repo};
use super::{bin, stderr, stdout};

const FILE: &str = "llmops-maturity.yaml";

/// Four versions: two on llmops-2024, one invalid, then one on genaiops-2025 whose team and
/// notes are hostile.
fn switching_repo() -> Repo {
    let r = Repo::new();
    r.write(FILE, &answers([1, 1, 2, 1, 1, 1, 2]));
    r.commit("start");
    r.write(FILE, &answers([2, 2, 3, 2, 2, 1, 2]));
    r.commit("more");
    let hostile_key = "  \"<img src=x onerror=document.title='pwned'>\\u202e\": 2\n";
    r.write(FILE, &(answers([2, 2, 3, 2, 2, 1, 2]) + hostile_key));
    r.commit("broken");
    let genai = answers([3, 3, 3, 3, 2, 2, 3])
        .replace("version: 1\n", "version: 1\nquestionnaire: genaiops-2025\nassessment:\n  team: \"<script>document.title='pwned'</script>\\u202e\"\n")
        .replace("  models: 3\n", "  models: {level: 3, notes: \"\\\"><img src=x onerror=document.title='pwned'>\"}\n");
    r.write(FILE, &genai);
    r.commit("the 2025 bands");
    r
}

fn page_and_json(r: &Repo) -> (String, Value) {
    let run = |format: &str| {
        let o = bin()
            .current_dir(r.path())
            .args(["history", "--format", format])
            .output()
            .expect("the binary runs");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let json = serde_json::from_str(&run("json")).expect("JSON");
    (run("html"), json)
}

#[test]
fn the_history_page_has_a_row_per_version_and_the_scores_of_the_json() {
    let r = switching_repo();
    let (html, json) = page_and_json(&r);
    if let Some(dir) = std::env::var_os("LLMOPS_DASHBOARD_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("history.html"), &html).unwrap();
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).expect("well-formed");
    let versions = json["versions"].as_array().unwrap();
    let rows: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("data-version"))
        .collect();
    let commits: Vec<&str> = versions
        .iter()
        .map(|v| v["commit"].as_str().unwrap())
        .collect();
    assert_eq!(rows, commits, "one row per version, newest first");
    // The chart, oldest first: a point per version, the invalid one without a score.
    let points: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("point"))
        .map(|n| n.attribute("data-score").unwrap())
        .collect();
    let scores: Vec<String> = versions
        .iter()
        .rev()
        .map(|v| v["score"].as_u64().map_or(String::new(), |s| s.to_string()))
        .collect();
    assert_eq!(points, scores);
    let lines = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "polyline")
        .count();
    assert_eq!(
        lines, 1,
        "the 2025 version starts a series of its own (of one point)"
    );
    assert!(
        html.contains("genaiops-2025 2025.08 · <b>changed</b>"),
        "{html}"
    );
    // No links at all, no markup from the file, no raw bidi control.
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        assert!(!matches!(tag, "a" | "img"), "a <{tag}>");
    }
    let scripts = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "script");
    assert_eq!(scripts.count(), 1);
    assert!(
        html.contains("unknown key `&lt;img src=x onerror=document.title=&#39;pwned&#39;&gt;"),
        "the invalid version's message shows the key as text: {html}"
    );
    assert!(!html.contains('\u{202e}'));
}

#[test]
fn in_chromium_the_history_page_loads_nothing_more() {
    let Some(chromium) = browser::chromium("in_chromium_the_history_page_loads_nothing_more")
    else {
        return;
    };
    let r = switching_repo();
    let (html, json) = page_and_json(&r);
    let server = Server::start(html.into_bytes());
    let dom = browser::dump_dom(&chromium, &server.url);
    assert!(
        dom.contains("<title>LLMOps maturity history of llmops-maturity.yaml</title>"),
        "{dom}"
    );
    assert_eq!(
        dom.matches("<tr data-version=").count(),
        json["versions"].as_array().unwrap().len()
    );
    assert!(
        dom.contains("<button type=\"button\">Commit</button>"),
        "the page's script ran"
    );
    assert!(!dom.contains("<img"));
    assert_eq!(server.requests(), ["GET /page.html HTTP/1.1"]);
}
