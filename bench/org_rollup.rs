//! Times `org`'s pure part on 1,000 repositories: decode 10 recorded GraphQL pages, score every file, render all three formats; then the HTML page alone.
#![allow(clippy::print_stdout)] // A benchmark prints its measurements.
//!
//! Run by `bench/org.sh` (`cargo bench --bench org_rollup`); prints the median of 31 runs and its
//! ratio to the 100 ms goal of issue 10. The network is not part of it: the request count
//! (10 for 1,000 repositories) is held by `tests/it/github_org.rs`.

use std::time::{Duration, Instant};

use llmops_maturity::config::MAX_FILE_BYTES;
use llmops_maturity::evaluate;
use llmops_maturity::org::{html, movement, query, render, rollup};
use llmops_maturity::validate::Lookup;
use serde_json::{json, Value as Json};

const REPOSITORIES: usize = 1000;
const RUNS: usize = 31;

/// A typical answers file: an assessment block, and notes and evidence on most answers.
fn answers(i: usize) -> String {
    let dims = llmops_maturity::questionnaire::builtin().dimensions;
    let mut yaml = format!(
        "# yaml-language-server: $schema=./llmops-maturity.schema.json\nversion: 1\nassessment:\n  team: Team {i}\n  assessed-at: 2026-{:02}-{:02}\n  owners: [\"@acme/team-{i}\"]\nanswers:\n",
        i % 12 + 1,
        i % 28 + 1
    );
    for (k, d) in dims.iter().enumerate() {
        let level = (i + k) % 4 + 1;
        yaml.push_str(&format!(
            "  {}:\n    level: {level}\n    notes: Reviewed in the quarterly review; see the runbook for the details of how this works.\n    evidence:\n      - docs/{}.md\n      - https://wiki.example.com/acme/team-{i}/{}\n",
            d.id, d.id, d.id
        ));
    }
    yaml
}

/// The 10 answers GitHub would give, as the JSON text that comes over the wire.
fn recorded_pages() -> Vec<String> {
    (0..REPOSITORIES / 100)
        .map(|page| {
            let nodes: Vec<Json> = (0..100)
                .map(|j| {
                    let i = page * 100 + j;
                    let object = match i % 10 {
                        0 => Json::Null,
                        1 => json!({"__typename": "Blob", "text": "version: 1\nanswers: {}\n", "isTruncated": false, "isBinary": false, "byteSize": 23}),
                        _ => {
                            let text = answers(i);
                            json!({"__typename": "Blob", "byteSize": text.len(), "text": text, "isTruncated": false, "isBinary": false})
                        }
                    };
                    json!({"nameWithOwner": format!("acme/repo-{i:04}"), "url": format!("https://github.com/acme/repo-{i:04}"),
                           "isArchived": i % 50 == 0, "isFork": false, "defaultBranchRef": {"name": "main"}, "object": object})
                })
                .collect();
            json!({"data": {"rateLimit": {"cost": 1, "remaining": 4990, "resetAt": "2026-11-27T08:00:00Z"},
                "repositoryOwner": {"login": "acme", "repositories": {
                    "pageInfo": {"hasNextPage": page < 9, "endCursor": format!("cursor:{}", page * 100 + 99)},
                    "nodes": nodes}}}})
            .to_string()
        })
        .collect()
}

/// One roll-up; returns what was scored and rendered, and the time of each phase.
fn once(pages: &[String], today: jiff::civil::Date) -> (usize, usize, [Duration; 3]) {
    let t0 = Instant::now();
    let mut listed = Vec::new();
    for text in pages {
        let answer: query::Answer = serde_json::from_str(text).expect("recorded page");
        let page = query::parse_page(answer, "acme", MAX_FILE_BYTES).expect("page");
        listed.extend(page.repositories);
    }
    let (kept, left_out) = rollup::select(listed, &rollup::Filter::default());
    let t1 = Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let r = rollup::rollup(
        "acme",
        "llmops-maturity.yaml",
        &kept,
        left_out,
        Vec::new(),
        threads,
    );
    let t2 = Instant::now();
    let md = render::markdown(&r, today, None);
    let json = serde_json::to_string_pretty(&render::json(&r, None)).expect("JSON");
    let csv = render::csv(&r, today);
    let t3 = Instant::now();
    (
        r.scores().count(),
        md.len() + json.len() + csv.len(),
        [t1 - t0, t2 - t1, t3 - t2],
    )
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let pages = recorded_pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    let today: jiff::civil::Date = "2026-11-27".parse().unwrap();
    let (scored, rendered, _) = once(&pages, today);
    assert_eq!(scored, 800, "every valid file is scored");
    let mut totals = Vec::new();
    let mut phases: [Vec<Duration>; 3] = Default::default();
    for _ in 0..RUNS {
        let start = Instant::now();
        let (_, _, p) = std::hint::black_box(once(std::hint::black_box(&pages), today));
        totals.push(start.elapsed());
        for (all, one) in phases.iter_mut().zip(p) {
            all.push(one);
        }
    }
    // Calibration on the same machine at the same moment: `check`'s core on the 1,000 files
    // alone, one after the other, so a loaded machine shows as such.
    let files: Vec<String> = (0..REPOSITORIES).map(answers).collect();
    let core: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            for f in &files {
                std::hint::black_box(evaluate::evaluate_with("", f.as_bytes(), &|_| {
                    Lookup::Found
                }));
            }
            start.elapsed()
        })
        .collect();
    let ms = median(totals.clone());
    totals.sort();
    let [decode, score, render] = phases.map(median);
    println!(
        "org roll-up of {REPOSITORIES} repositories ({} pages, {} KiB recorded, {scored} scored, {} KiB rendered): median {ms:.1} ms of {RUNS} runs (min {:.1}); {:.2}x the 100 ms goal",
        pages.len(),
        bytes / 1024,
        rendered / 1024,
        totals[0].as_secs_f64() * 1000.0,
        ms / 100.0
    );
    println!(
        "phases (medians): decode {decode:.1} ms, score {score:.1} ms on {} threads, render {render:.1} ms; check's core alone on the same 1,000 files, one thread: {:.1} ms",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        median(core)
    );
    html_page(&pages, today);
}

/// `org --format html` on the same 1,000 repositories, with movement against a previous roll-up
/// in which every tenth repository was a level lower and ten more were listed (issue 20's goal:
/// well under a second, under 1 MiB).
fn html_page(pages: &[String], today: jiff::civil::Date) {
    let mut listed = Vec::new();
    for text in pages {
        let answer: query::Answer = serde_json::from_str(text).expect("recorded page");
        listed.extend(
            query::parse_page(answer, "acme", MAX_FILE_BYTES)
                .expect("page")
                .repositories,
        );
    }
    let (kept, left_out) = rollup::select(listed, &rollup::Filter::default());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let r = rollup::rollup(
        "acme",
        "llmops-maturity.yaml",
        &kept,
        left_out,
        Vec::new(),
        threads,
    );
    let mut previous: Json =
        serde_json::from_str(&serde_json::to_string(&render::json(&r, None)).unwrap()).unwrap();
    let repos = previous["repositories"].as_array_mut().unwrap();
    for (i, repo) in repos.iter_mut().enumerate() {
        if let (0, Some(level)) = (i % 10, repo["level"].as_u64()) {
            repo["level"] = json!(level.saturating_sub(1).max(1));
        }
    }
    for i in 0..10 {
        repos.push(json!({"name": format!("acme/gone-{i}"), "status": "ok", "level": 2}));
    }
    let previous = movement::parse(&previous.to_string()).expect("a roll-up");
    let moved = movement::movement(&r, &previous);
    let view = html::View {
        rollup: &r,
        today,
        host: "github.com",
        movement: Some(&moved),
    };
    let page = html::html(&view);
    let size = page.len();
    // To look at the page (or weigh its parts): ORG_BENCH_PAGE=/tmp/org.html bench/org.sh
    if let Some(path) = std::env::var_os("ORG_BENCH_PAGE") {
        std::fs::write(path, &page).expect("write the page");
    }
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(html::html(std::hint::black_box(&view)));
            start.elapsed()
        })
        .collect();
    let min = times.iter().min().unwrap().as_secs_f64() * 1000.0;
    println!(
        "org --format html of {REPOSITORIES} repositories with --previous: median {:.1} ms of {RUNS} runs (min {min:.1}) to render, {} bytes ({:.0} KiB, {:.0}% of 1 MiB)",
        median(times),
        size,
        size as f64 / 1024.0,
        size as f64 * 100.0 / (1024.0 * 1024.0)
    );
    assert!(size < 1024 * 1024, "the page is {size} bytes, over 1 MiB");
}
