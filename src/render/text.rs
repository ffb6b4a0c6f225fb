//! The terminal report: aligned, readable without colour, coloured only when asked to.

use std::fmt::Write;

use crate::diff::Diff;
use crate::questionnaire::Questionnaire;
use crate::score::Score;
use crate::untrusted;

/// ANSI styling, reduced to nothing when colour is off.
#[derive(Clone, Copy)]
struct Style(bool);

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
    fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
    /// Red, yellow, cyan, green for levels 1 to 4.
    fn level(self, level: u8, text: &str) -> String {
        let code = match level {
            1 => "31",
            2 => "33",
            3 => "36",
            _ => "32",
        };
        self.paint(code, text)
    }
}

fn bar(points: u8) -> String {
    let filled = usize::from(points.min(4));
    format!("{}{}", "■".repeat(filled), "□".repeat(4 - filled))
}

/// The `check` report for a valid file.
pub fn report(path: &str, score: &Score, color: bool) -> String {
    let s = Style(color);
    let mut out = String::new();
    let a = &score.assessment;
    let level = score.level;
    let headline = format!("level {} · {}", level.number, level.name);
    let path = untrusted::shown(path);
    let _ = writeln!(
        out,
        "{path}: {} ({}/{} points)",
        s.bold(&s.level(level.number, &headline)),
        score.total,
        score.max
    );
    // The answers file's own words, each one escaped and cut to one line's worth; the line
    // starts with a label, so a team named `::add-mask::x` cannot start a command either.
    let mut about = Vec::new();
    if let Some(team) = &a.team {
        about.push(format!("team {}", untrusted::shown(team)));
    }
    if let Some(date) = &a.assessed_at {
        about.push(format!("assessed {}", untrusted::shown(date)));
    }
    if !a.owners.is_empty() {
        let owners: Vec<_> = a.owners.iter().map(|o| untrusted::shown(o)).collect();
        about.push(format!("owners {}", owners.join(", ")));
    }
    if !about.is_empty() {
        let _ = writeln!(out, "{}", s.dim(&about.join(" · ")));
    }
    let _ = writeln!(out, "{}", level.meaning);
    out.push('\n');

    let width = a
        .answers
        .iter()
        .map(|x| x.dimension.name.len())
        .max()
        .unwrap_or(0);
    for answer in &a.answers {
        let name = format!("{:width$}", answer.dimension.name);
        let _ = writeln!(
            out,
            "  {name}  {} {}  {}",
            s.level(answer.level, &bar(answer.level)),
            answer.level,
            answer.dimension.option(answer.level)
        );
    }
    out.push('\n');

    if !score.weakest.is_empty() {
        let names: Vec<&str> = score.weakest.iter().map(|d| d.name).collect();
        let lowest = score.points(score.weakest[0].id).unwrap_or(1);
        let _ = writeln!(out, "Weakest: {} ({lowest}/4)", names.join(", "));
    }
    match (score.next, score.points_to_next) {
        (Some(next), Some(points)) => {
            let _ = writeln!(
                out,
                "{} to level {} · {}. {}",
                plural(points, "point"),
                next.number,
                next.name,
                level.advice
            );
        }
        _ => {
            let _ = writeln!(out, "Top level reached. {}", level.advice);
        }
    }
    let _ = writeln!(out, "Suggested reading:");
    for r in level.references {
        let _ = writeln!(out, "  - {}: {}", r.title, s.dim(r.url));
    }
    out
}

/// The `diff` report: what changed from base to head.
pub fn diff(diff: &Diff, color: bool) -> String {
    let s = Style(color);
    let mut out = String::new();
    let (total, level, name) = diff.head;
    match diff.base {
        None => {
            let _ = writeln!(
                out,
                "New assessment: level {level} · {name} ({total} points)"
            );
        }
        Some((base_total, base_level, base_name)) => {
            let delta = diff.score_delta().unwrap_or(0);
            let verdict = match diff.level_delta().unwrap_or(0) {
                d if d > 0 => s.level(4, "level up"),
                d if d < 0 => s.level(1, "level down"),
                _ => "same level".to_string(),
            };
            let _ = writeln!(
                out,
                "Score {base_total} -> {total} ({delta:+}); level {base_level} · {base_name} -> {level} · {name} ({verdict})"
            );
        }
    }
    if diff.base.is_some() && diff.changes.is_empty() {
        let _ = writeln!(out, "No answer changed.");
    }
    let width = diff
        .changes
        .iter()
        .map(|c| c.dimension.name.len())
        .max()
        .unwrap_or(0);
    for c in &diff.changes {
        let before = c.before.map_or("-".to_string(), |b| b.to_string());
        let mut line = format!("  {:width$}  {before} -> {}", c.dimension.name, c.after);
        if c.delta() != 0 {
            let _ = write!(line, " ({:+})", c.delta());
        }
        let mut also = Vec::new();
        if c.evidence_changed {
            also.push("evidence changed");
        }
        if c.notes_changed {
            also.push("notes changed");
        }
        if !also.is_empty() {
            let _ = write!(line, "  [{}]", also.join(", "));
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The questionnaire as plain text, for `questions`.
pub fn questions(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", q.title);
    for d in q.dimensions {
        let _ = writeln!(out, "{} ({}): {}", d.name, d.id, d.question);
        for (i, option) in d.options.iter().enumerate() {
            let _ = writeln!(out, "  {}. {option}", i + 1);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Levels (total of the seven answers):");
    for l in q.levels {
        let _ = writeln!(
            out,
            "  {} {:<9} {:>2}-{:<2}  {}",
            l.number, l.name, l.min, l.max, l.meaning
        );
    }
    out
}

pub(crate) fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
