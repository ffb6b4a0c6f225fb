//! `badge`: the SVG read back with an XML parser, the shields.io endpoint JSON, and invalid files.

use std::process::Output;

use serde_json::Value;

use super::{run, stderr, stdout};

/// Verdana 11 px widths printed by anafanafo 2.0.0 (`measure(text, {font: '11px Verdana'})`), the
/// table shields.io measures with: an oracle independent of this crate's copy of it.
const ANAFANAFO: &[(&str, f64)] = &[
    ("LLMOps maturity", 93.77),
    ("3 · Managed", 68.43),
    ("1 · Initial", 50.32),
    ("2 · Defined", 61.01),
    ("4 · Optimized", 74.49),
    ("invalid", 35.99),
];

fn reference_width(text: &str) -> f64 {
    ANAFANAFO
        .iter()
        .find(|(t, _)| *t == text)
        .unwrap_or_else(|| panic!("no reference width for {text:?}"))
        .1
}

fn attr(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("no {name} on {node:?}"))
        .parse()
        .unwrap()
}

/// Parses the SVG and checks what every badge must have; returns (title, texts).
fn check_svg(svg: &str) -> (String, Vec<String>) {
    let doc = roxmltree::Document::parse(svg).expect("the badge is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .expect("a <title>")
        .to_string();
    assert_eq!(root.attribute("aria-label"), Some(title.as_str()));
    // Self-contained: no link, image, stylesheet or font to fetch.
    for n in doc.descendants().filter(|n| n.is_element()) {
        assert!(
            ![
                "image",
                "style",
                "script",
                "a",
                "foreignObject",
                "font-face"
            ]
            .contains(&n.tag_name().name()),
            "{n:?}"
        );
        for a in n.attributes() {
            assert!(
                !a.name().contains("href") && !a.value().contains("://"),
                "{n:?} {a:?}"
            );
        }
    }
    // The two coloured halves fill the width, and each text fits its half with padding.
    let width = attr(root, "width");
    assert_eq!(attr(root, "height"), 20.0);
    let rects: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.parent().is_some_and(|p| p.has_tag_name("g")))
        .collect();
    let (label, message) = (rects[0], rects[1]);
    let (label_w, message_w) = (attr(label, "width"), attr(message, "width"));
    assert_eq!(attr(message, "x"), label_w);
    assert_eq!(label_w + message_w, width);
    let texts: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("aria-hidden").is_none())
        .collect();
    assert_eq!(texts.len(), 2);
    let mut shown = Vec::new();
    for (text, (start, w)) in texts.iter().zip([(0.0, label_w), (label_w, message_w)]) {
        let content = text.text().unwrap().to_string();
        let length = attr(*text, "textLength");
        if ANAFANAFO.iter().any(|(t, _)| *t == content) {
            assert!(
                (length - reference_width(&content)).abs() < 0.005,
                "{content}: {length}"
            );
        }
        assert!(
            length + 10.0 <= w && w <= length + 11.0,
            "{content}: {length} in {w}"
        );
        assert_eq!(attr(*text, "x"), start + w / 2.0, "{content} is centred");
        shown.push(content);
    }
    (title, shown)
}

fn badge(args: &[&str]) -> Output {
    let mut all = vec!["badge"];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn svg_badge_shows_the_level_at_the_right_width() {
    for (file, message, colour) in [
        ("fixtures/valid/score-07.yaml", "1 · Initial", "#e05d44"),
        ("fixtures/valid/score-16.yaml", "2 · Defined", "#fe7d37"),
        ("fixtures/valid/score-17.yaml", "3 · Managed", "#dfb317"),
        ("fixtures/valid/score-28.yaml", "4 · Optimized", "#4c1"),
    ] {
        let o = badge(&[file]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let svg = stdout(&o);
        let (title, texts) = check_svg(&svg);
        assert_eq!(title, format!("LLMOps maturity: {message}"));
        assert_eq!(texts, ["LLMOps maturity", message]);
        assert!(svg.contains(&format!("fill=\"{colour}\"")), "{file}");
    }
}

#[test]
fn an_invalid_file_gets_the_invalid_badge_and_exit_2() {
    let o = badge(&["fixtures/invalid/level-out-of-range.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let (title, texts) = check_svg(&stdout(&o));
    assert_eq!(title, "LLMOps maturity: invalid");
    assert_eq!(texts[1], "invalid");
    assert!(
        stderr(&o).contains("the badge says \"invalid\""),
        "{}",
        stderr(&o)
    );

    let o = badge(&[
        "fixtures/invalid/level-out-of-range.yaml",
        "--format",
        "shields",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"schemaVersion": 1, "label": "LLMOps maturity", "message": "invalid",
                           "color": "lightgrey", "isError": true})
    );
    let missing = badge(&["no-such-file.yaml", "--format", "shields"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).contains("\"invalid\""));
}

#[test]
fn shields_endpoint_json_names_the_level() {
    let o = badge(&["fixtures/valid/score-17.yaml", "--format", "shields"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"schemaVersion": 1, "label": "LLMOps maturity", "message": "3 · Managed", "color": "yellow"})
    );
}

#[test]
fn output_writes_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("badge.svg");
    let o = badge(&[
        "fixtures/valid/score-22.yaml",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let (title, _) = check_svg(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(title, "LLMOps maturity: 4 · Optimized");
    // A missing folder is made; a path under a file cannot be written.
    let o = badge(&[
        "fixtures/valid/score-22.yaml",
        "--output",
        dir.path().join("no/such/dir.svg").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = badge(&[
        "fixtures/valid/score-22.yaml",
        "--output",
        out.join("inside-a-file.svg").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("llmops-maturity: error: cannot write"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_custom_label_is_escaped_and_measured() {
    let label = "<Team & \"Co\"> 🚀\n::error::x";
    let o = badge(&["fixtures/valid/score-17.yaml", "--label", label]);
    assert_eq!(o.status.code(), Some(0));
    let (title, texts) = check_svg(&stdout(&o));
    assert_eq!(
        texts[0], "<Team & \"Co\"> 🚀 ::error::x",
        "read back as written, line break dropped"
    );
    assert_eq!(title, "<Team & \"Co\"> 🚀 ::error::x: 3 · Managed");
    for line in stdout(&o).lines() {
        assert!(!line.trim_start().starts_with("::"), "{line}");
    }
    let empty = badge(&["fixtures/valid/score-17.yaml", "--label", ""]);
    assert_eq!(
        empty.status.code(),
        Some(2),
        "an empty label is a usage error"
    );
}

#[test]
fn svg_badge_snapshot() {
    let o = badge(&["fixtures/valid/score-17.yaml"]);
    insta::assert_snapshot!("badge_level_3_svg", stdout(&o));
}
