//! The terminal report: aligned, readable without colour, coloured only when asked to.

use std::fmt::Write;

use crate::changed::{ChangedFile, EvidenceChanges};
use crate::commitments::{relative, Review, TargetStatus, WaiverStatus};
use crate::diff::Diff;
use crate::questionnaire::Questionnaire;
use crate::scan::evidence::{Evidence, Status};
use crate::score::Score;
use crate::untrusted::{self, shown};
use crate::validate::Assessment;

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

fn bar(points: u8, max: u8) -> String {
    let filled = usize::from(points.min(max));
    format!(
        "{}{}",
        "■".repeat(filled),
        "□".repeat(usize::from(max) - filled)
    )
}

/// The `check` report for a valid file; with `evidence`, each answer shows its evidence status
/// and, when verified, where the repository shows it.
pub fn report(path: &str, score: &Score, evidence: Option<&Evidence>, color: bool) -> String {
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
    if let Some(about) = about(a) {
        let _ = writeln!(out, "{}", s.dim(&about));
    }
    let _ = writeln!(out, "{}", level.meaning);
    out.push('\n');
    answers(&mut out, score, evidence, s);
    if let Some(review) = &score.review {
        commitments(&mut out, review, s);
    }
    next_steps(&mut out, score, s);
    out
}

/// Team, date and owners on one line, or `None` when the file names none of them.
///
/// The answers file's own words, each one escaped and cut to one line's worth; the line starts
/// with a label, so a team named `::add-mask::x` cannot start a command either.
fn about(a: &Assessment) -> Option<String> {
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
    (!about.is_empty()).then(|| about.join(" · "))
}

/// One aligned row per answer: name, bar, points, evidence status, the option's text.
fn answers(out: &mut String, score: &Score, evidence: Option<&Evidence>, s: Style) {
    let a = &score.assessment;
    let width = a
        .answers
        .iter()
        .map(|x| x.dimension.name.len())
        .max()
        .unwrap_or(0);
    for answer in &a.answers {
        let name = format!("{:width$}", answer.dimension.name);
        let mut line = format!(
            "  {name}  {} {}  ",
            s.level(
                crate::render::quarter(answer.level, answer.dimension.max_points()),
                &bar(answer.level, answer.dimension.max_points()),
            ),
            answer.level
        );
        let seen = evidence.and_then(|e| e.of(answer.dimension.id));
        if let Some(e) = seen {
            let status = format!("{:<11}", e.status.as_str());
            let _ = write!(
                line,
                "{}  ",
                match e.status {
                    Status::Verified => s.level(4, &status),
                    Status::Unsupported => s.level(2, &status),
                    _ => s.dim(&status),
                }
            );
        }
        line.push_str(answer.dimension.option(answer.level));
        if let Some(best) = seen
            .filter(|e| e.status == Status::Verified)
            .and_then(|e| e.strongest())
        {
            let at = format!("  (seen: {}:{})", shown(&best.path), best.line);
            line.push_str(&s.dim(&at));
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

/// `A, B, C and 2 more (1/4)`: at most three names, each with its own scale when the scales differ.
fn weakest(score: &Score) -> String {
    let of = |d: &crate::questionnaire::Dimension| {
        format!("{}/{}", score.points(d.id).unwrap_or(1), d.max_points())
    };
    let first = of(score.weakest[0]);
    let same = score.weakest.iter().all(|d| of(d) == first);
    let mut names: Vec<String> = score
        .weakest
        .iter()
        .take(3)
        .map(|d| match same {
            true => d.name.to_string(),
            false => format!("{} ({})", d.name, of(d)),
        })
        .collect();
    if score.weakest.len() > 3 {
        names.push(format!("{} more", score.weakest.len() - 3));
    }
    let list = match names.len() {
        1 => names.remove(0),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    };
    match same {
        true => format!("{list} ({first})"),
        false => list,
    }
}

/// The weakest dimensions, the way to the next level, and what to read.
fn next_steps(out: &mut String, score: &Score, s: Style) {
    let level = score.level;
    if !score.weakest.is_empty() {
        let _ = writeln!(out, "Weakest: {}", weakest(score));
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
    if !level.references.is_empty() {
        let _ = writeln!(out, "Suggested reading:");
    }
    for r in level.references {
        let _ = writeln!(out, "  - {}: {}", r.title, s.dim(r.url));
    }
}

/// Targets, waivers and the review cadence, a line each; nothing when the file has none.
fn commitments(out: &mut String, review: &Review, s: Style) {
    let start = out.len();
    targets(out, review, s);
    waivers(out, review, s);
    if let (Some(every), Some(days)) = (review.review_every, review.days_since_assessed) {
        let next = i64::from(every) - days;
        let when = if review.stale {
            s.level(1, &format!("stale, the review was due {}", relative(next)))
        } else {
            format!("next review due {}", relative(next))
        };
        let _ = writeln!(
            out,
            "Review every {}: assessed {}, {when}",
            plural(every, "day"),
            relative(-days)
        );
    }
    if out.len() > start {
        out.push('\n');
    }
}

fn targets(out: &mut String, review: &Review, s: Style) {
    if !review.targets.is_empty() {
        let _ = writeln!(out, "Targets:");
        let width = review
            .targets
            .iter()
            .map(|t| t.target.describe().chars().count())
            .max()
            .unwrap_or(0);
        for t in &review.targets {
            let status = match t.status {
                TargetStatus::Met => s.level(4, "met"),
                TargetStatus::Pending => format!("pending, due {}", relative(t.days_left)),
                TargetStatus::DueSoon => {
                    s.level(2, &format!("due soon, {}", relative(t.days_left)))
                }
                TargetStatus::Missed => s.level(1, &format!("missed, {}", relative(t.days_left))),
            };
            let what = t.target.describe();
            let pad = width - what.chars().count();
            let _ = writeln!(
                out,
                "  {what}{}  by {}  {status}",
                " ".repeat(pad),
                t.target.by
            );
        }
    }
}

fn waivers(out: &mut String, review: &Review, s: Style) {
    if !review.waivers.is_empty() {
        let _ = writeln!(out, "Waivers:");
        let width = review
            .waivers
            .iter()
            .map(|w| w.waiver.dimension.name.chars().count())
            .max()
            .unwrap_or(0);
        for w in &review.waivers {
            let status = match w.status {
                WaiverStatus::Active => format!(
                    "active until {} ({})",
                    w.waiver.expires,
                    relative(w.days_left)
                ),
                WaiverStatus::Expired => s.level(
                    1,
                    &format!(
                        "expired on {} ({})",
                        w.waiver.expires,
                        relative(w.days_left)
                    ),
                ),
            };
            let approved = w
                .waiver
                .approved_by
                .as_deref()
                .map(|a| format!(", approved by {}", shown(a)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:width$}  {status}{approved}",
                w.waiver.dimension.name
            );
            // A label first: the reason is the file's text, and a log line must not start with it.
            let _ = writeln!(out, "    reason: {}", shown(&w.waiver.reason));
        }
    }
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
        Some((base_total, base_level, base_name)) if diff.questionnaire.is_some() => {
            let change = diff.questionnaire.as_ref().expect("matched on is_some");
            let _ = writeln!(
                out,
                "Questionnaire: {} (--fail-on-regression does not fire)\nBase: level {base_level} · {base_name} ({base_total} points); head: level {level} · {name} ({total} points)",
                change.sentence()
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
    commitment_changes(&mut out, diff);
    out
}

/// What the change did to targets and waivers, a line each.
fn commitment_changes(out: &mut String, diff: &Diff) {
    for t in &diff.targets {
        let dates = match (t.before, t.after) {
            (None, Some(after)) => format!("added, by {after}"),
            (Some(before), None) => format!("removed (was by {before})"),
            (Some(before), Some(after)) => format!("moved, by {before} -> {after}"),
            (None, None) => continue,
        };
        let _ = writeln!(out, "  target {}: {dates}", t.goal.describe());
    }
    for w in &diff.waivers {
        let waiver = w.waiver();
        let mut what = match w.kind() {
            "added" => format!("added, until {}", waiver.expires),
            "removed" => format!("removed (was until {})", waiver.expires),
            _ => String::from("changed"),
        };
        if let Some((before, after)) = w.expiry_moved() {
            let verb = if after > before {
                "extended"
            } else {
                "shortened"
            };
            let _ = write!(what, ", {verb} {before} -> {after}");
        }
        if w.reason_changed() {
            what.push_str(", new reason");
        }
        if w.approver_changed() {
            what.push_str(", new approver");
        }
        let _ = writeln!(out, "  waiver {}: {what}", w.dimension.name);
        if w.after.is_some() && (w.kind() == "added" || w.reason_changed()) {
            let _ = writeln!(out, "    reason: {}", shown(&waiver.reason));
        }
    }
}

/// What a change did to the evidence, for `diff`: a line per dimension.
pub fn evidence_changes(changes: &EvidenceChanges) -> String {
    let mut out = String::new();
    let files = |files: &[ChangedFile]| -> String {
        files
            .iter()
            .map(|f| {
                shown(
                    f.base_path()
                        .filter(|_| f.head_path().is_none())
                        .unwrap_or(&f.path),
                )
                .into_owned()
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for lost in &changes.lost {
        let _ = writeln!(
            out,
            "  evidence lost: {} (answered {}): supported level {} -> {}; {}",
            lost.dimension,
            lost.answer,
            lost.base_level,
            lost.head_level,
            files(&lost.files)
        );
    }
    for re in &changes.reconfirm {
        let _ = writeln!(
            out,
            "  re-confirm: {} (answered {}): {} changed",
            re.dimension,
            re.answer,
            files(&re.files)
        );
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
