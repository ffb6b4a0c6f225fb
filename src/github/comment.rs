//! Decides what to do with the sticky pull request comment, from the comments already there; no I/O.
//!
//! The sticky comment is recognised by a marker at the start of its body and by its author, so a
//! comment someone else wrote (or quoted) is never touched, and one comment per config file lets a
//! monorepo keep several.

use crate::github::api::{Comment, User};

/// GitHub rejects comment bodies longer than this many characters
/// (<https://docs.github.com/rest/issues/comments#create-an-issue-comment>).
pub const MAX_BODY_CHARS: usize = 65_536;

/// When to write the comment (`--comment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Write when the answers (or targets, or waivers) differ from the base, and tell a sticky
    /// comment when they no longer do.
    OnChange,
    /// Create or update on every run (still no write when the body is identical).
    Always,
    /// Never comment.
    Never,
}

/// The login the Actions token (`GITHUB_TOKEN`) acts as; its comments show as `github-actions[bot]`.
pub const ACTIONS_LOGIN: &str = "github-actions";

/// Whose comments count as ours: a login and whether it is a bot, since a person may hold the
/// same name as an app (on GitHub Enterprise Server anyone may register `github-actions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Without the `[bot]` suffix.
    login: String,
    bot: bool,
}

impl Identity {
    /// The identity behind GraphQL's `viewer.login`. A login with a `[bot]` suffix, or the
    /// Actions token's own, is an app's bot; any other is a person's (a personal token).
    pub fn from_viewer(login: &str) -> Identity {
        let base = login.strip_suffix("[bot]").unwrap_or(login);
        Identity {
            bot: base.len() != login.len() || base.eq_ignore_ascii_case(ACTIONS_LOGIN),
            login: base.to_string(),
        }
    }

    /// The Actions token's bot, `github-actions[bot]`: what a failed `viewer` lookup falls back
    /// to, so no other app's comment (nor a person's) is ever taken for ours.
    pub fn actions() -> Identity {
        Identity::from_viewer(ACTIONS_LOGIN)
    }

    /// Whether `user` wrote with this identity: the same login and the same kind of account.
    /// REST names a bot `LOGIN[bot]` with type `Bot`, a person `LOGIN` with type `User`.
    pub fn wrote(&self, user: &User) -> bool {
        if self.bot {
            user.kind == "Bot"
                && user
                    .login
                    .strip_suffix("[bot]")
                    .is_some_and(|a| a.eq_ignore_ascii_case(&self.login))
        } else {
            user.kind == "User" && user.login.eq_ignore_ascii_case(&self.login)
        }
    }
}

/// The marker that opens the sticky comment for one config file.
///
/// The path is escaped so it cannot end the HTML comment early (`--`, `>`), and `%` is escaped
/// first so two different paths never give the same marker.
pub fn marker(config_path: &str) -> String {
    let mut escaped = String::with_capacity(config_path.len());
    let mut previous = '\0';
    for c in config_path.chars() {
        match c {
            '%' => escaped.push_str("%25"),
            '>' => escaped.push_str("%3E"),
            '<' => escaped.push_str("%3C"),
            '\n' => escaped.push_str("%0A"),
            '\r' => escaped.push_str("%0D"),
            '-' if previous == '-' => escaped.push_str("%2D"),
            c => escaped.push(c),
        }
        previous = c;
    }
    format!("<!-- llmops-maturity: {escaped} -->")
}

/// The sticky comments: written by us, starting with the marker, oldest first.
pub fn stickies<'a>(
    comments: &'a [Comment],
    marker: &str,
    identity: &Identity,
) -> Vec<&'a Comment> {
    let mut found: Vec<&Comment> = comments
        .iter()
        .filter(|c| {
            c.user.as_ref().is_some_and(|u| identity.wrote(u))
                && c.body
                    .as_deref()
                    .is_some_and(|b| b.trim_start().starts_with(marker))
        })
        .collect();
    // Comment ids grow with time, so the smallest id is the oldest comment.
    found.sort_by_key(|c| c.id);
    found
}

/// What this run wants to say.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    pub mode: Mode,
    /// The answers differ from the base's.
    pub changed: bool,
    /// The body to post, marker first, already within [`MAX_BODY_CHARS`].
    pub body: &'a str,
    /// The body for a sticky comment whose answers match the base again.
    pub reverted_body: &'a str,
}

/// What to do with the sticky comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    Create {
        body: String,
    },
    Update {
        id: u64,
        body: String,
    },
    /// The sticky comment already says exactly this: write nothing, notify no one.
    Unchanged {
        id: u64,
    },
    Skip {
        reason: &'static str,
    },
}

/// Decides the write for this run from the comments on the pull request.
pub fn plan(comments: &[Comment], marker: &str, identity: &Identity, wanted: Wanted<'_>) -> Plan {
    if wanted.mode == Mode::Never {
        return Plan::Skip {
            reason: "commenting is off (--comment never)",
        };
    }
    let existing = stickies(comments, marker, identity).into_iter().next();
    let body = if wanted.changed || wanted.mode == Mode::Always {
        wanted.body
    } else if existing.is_some() {
        // The answers were changed and then changed back: the comment must not keep showing
        // a change that no longer exists.
        wanted.reverted_body
    } else {
        return Plan::Skip {
            reason: "the answers match the base",
        };
    };
    match existing {
        None => Plan::Create {
            body: body.to_string(),
        },
        Some(c) if same_body(c.body.as_deref().unwrap_or_default(), body) => {
            Plan::Unchanged { id: c.id }
        }
        Some(c) => Plan::Update {
            id: c.id,
            body: body.to_string(),
        },
    }
}

/// How to repair a race after this run created comment `created`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dedupe {
    /// The comment that stays: the oldest sticky.
    pub keep: u64,
    /// A new body for `keep` when it is another run's comment saying something else.
    pub update: Option<String>,
    /// Newer stickies, this run's included when it is not the oldest.
    pub delete: Vec<u64>,
}

/// Two runs can both find no comment and both create one; listing again after the create and
/// keeping only the oldest makes every run converge on the same single comment.
pub fn dedupe(
    comments: &[Comment],
    marker: &str,
    identity: &Identity,
    created: u64,
    body: &str,
) -> Dedupe {
    let found = stickies(comments, marker, identity);
    let Some(oldest) = found.first() else {
        // The listing does not show our comment yet; there is nothing older to defer to.
        return Dedupe {
            keep: created,
            update: None,
            delete: Vec::new(),
        };
    };
    let keep = oldest.id.min(created);
    let mut delete: Vec<u64> = found
        .iter()
        .map(|c| c.id)
        .filter(|&id| id != keep)
        .collect();
    if created != keep && !delete.contains(&created) {
        delete.push(created);
    }
    let update = (keep != created && !same_body(oldest.body.as_deref().unwrap_or_default(), body))
        .then(|| body.to_string());
    Dedupe {
        keep,
        update,
        delete,
    }
}

/// Bodies compare equal when they differ only in line endings or trailing space: GitHub may
/// store a body edited in the browser with CRLF, and that must not count as a change.
pub fn same_body(a: &str, b: &str) -> bool {
    let normal = |s: &str| s.replace("\r\n", "\n").trim_end().to_string();
    normal(a) == normal(b)
}

/// Cuts a body to GitHub's limit at a block boundary, closes what the cut leaves open, and ends
/// with a link to the run whose job summary holds the full report.
///
/// A cut inside `<details>` would fold the notice away with the rest of the section, and one
/// inside a code block would show it as code: so an open code fence and every open `<details>`
/// are closed before the notice, which follows a blank line (ending a table or a quote).
pub fn fit(body: &str, run_url: &str) -> String {
    if body.chars().count() <= MAX_BODY_CHARS {
        return body.to_string();
    }
    let notice = format!(
        "\n\n---\n**The report is too long for a comment and was cut here.** \
         The full report is in the [job summary of this run]({run_url})."
    );
    let room = MAX_BODY_CHARS.saturating_sub(notice.chars().count() + CLOSING_ROOM);
    let cut = body.char_indices().nth(room).map_or(body.len(), |(i, _)| i);
    let head = block_boundary(&body[..cut]);
    format!("{head}{}{notice}", closing(head))
}

/// Characters kept free for [`closing`]: our report nests at most one `<details>`.
const CLOSING_ROOM: usize = 200;

/// `text` up to its last blank line (the end of a block), or its last line break when no
/// blank line is in its second half.
fn block_boundary(text: &str) -> &str {
    match text.rfind("\n\n") {
        Some(i) if i >= text.len() / 2 => &text[..i],
        _ => text.rfind('\n').map_or(text, |i| &text[..i]),
    }
}

/// What closes the constructs still open at the end of `head`: a code fence, then `<details>`.
/// User text cannot open either (it is escaped), so counting our own markup is enough.
fn closing(head: &str) -> String {
    let mut out = String::new();
    let fences = head
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    if fences % 2 == 1 {
        out.push_str("\n```");
    }
    let open = head
        .matches("<details")
        .count()
        .saturating_sub(head.matches("</details>").count());
    for _ in 0..open {
        out.push_str("\n\n</details>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "github-actions";

    fn user(login: &str, kind: &str) -> Option<User> {
        Some(User {
            login: login.to_string(),
            kind: kind.to_string(),
        })
    }

    fn comment(id: u64, login: &str, kind: &str, body: &str) -> Comment {
        Comment {
            id,
            body: Some(body.to_string()),
            user: user(login, kind),
            created_at: None,
        }
    }

    fn bot(id: u64, body: &str) -> Comment {
        comment(id, "github-actions[bot]", "Bot", body)
    }

    fn me() -> Identity {
        Identity::from_viewer(ME)
    }

    fn wanted<'a>(mode: Mode, changed: bool, body: &'a str) -> Wanted<'a> {
        Wanted {
            mode,
            changed,
            body,
            reverted_body: "<!-- llmops-maturity: a.yaml -->\nreverted",
        }
    }

    const M: &str = "<!-- llmops-maturity: a.yaml -->";

    #[test]
    fn marker_cannot_close_the_html_comment() {
        assert_eq!(
            marker("llmops-maturity.yaml"),
            "<!-- llmops-maturity: llmops-maturity.yaml -->"
        );
        let m = marker("a--b->c%2D");
        assert_eq!(m, "<!-- llmops-maturity: a-%2Db-%3Ec%252D -->");
        assert_eq!(
            m.matches("--").count(),
            2,
            "only the opening and closing dashes: {m}"
        );
        assert_ne!(marker("a--b"), marker("a-%2Db"));
    }

    #[test]
    fn first_run_creates() {
        let plan = plan(&[], M, &me(), wanted(Mode::OnChange, true, "new"));
        assert_eq!(plan, Plan::Create { body: "new".into() });
    }

    #[test]
    fn on_change_without_a_change_or_a_sticky_skips() {
        let plan = plan(
            &[bot(1, "hello")],
            M,
            &me(),
            wanted(Mode::OnChange, false, "x"),
        );
        assert!(matches!(plan, Plan::Skip { .. }), "{plan:?}");
    }

    #[test]
    fn an_identical_body_is_not_written_again() {
        let body = format!("{M}\nreport");
        let stored = format!("{M}\r\nreport\r\n");
        let comments = [bot(5, &stored)];
        let plan = plan(&comments, M, &me(), wanted(Mode::Always, true, &body));
        assert_eq!(plan, Plan::Unchanged { id: 5 });
    }

    #[test]
    fn a_changed_body_updates_the_oldest_sticky_in_place() {
        let comments = [
            comment(1, "alice", "User", "LGTM"),
            bot(7, &format!("{M}\nold")),
            bot(9, &format!("{M}\nolder duplicate")),
        ];
        let body = format!("{M}\nnew");
        let plan = plan(&comments, M, &me(), wanted(Mode::OnChange, true, &body));
        assert_eq!(plan, Plan::Update { id: 7, body });
    }

    #[test]
    fn reverted_answers_update_the_sticky_to_say_so() {
        let comments = [bot(3, &format!("{M}\nlevel 2 -> 3"))];
        let w = wanted(Mode::OnChange, false, "unused");
        assert_eq!(
            plan(&comments, M, &me(), w),
            Plan::Update {
                id: 3,
                body: w.reverted_body.to_string()
            }
        );
        let already = [bot(3, w.reverted_body)];
        assert_eq!(plan(&already, M, &me(), w), Plan::Unchanged { id: 3 });
    }

    #[test]
    fn never_mode_skips_even_with_changes() {
        let plan = plan(&[], M, &me(), wanted(Mode::Never, true, "x"));
        assert!(matches!(plan, Plan::Skip { .. }));
    }

    #[test]
    fn comments_by_others_are_never_ours() {
        // A person quoting the marker, another bot, and our marker for another file.
        let comments = [
            comment(1, "alice", "User", &format!("{M}\nquoted")),
            comment(2, "dependabot[bot]", "Bot", &format!("{M}\nnot ours")),
            bot(3, "<!-- llmops-maturity: b.yaml -->\nother file"),
            bot(4, &format!("see {M}")),
        ];
        let plan = plan(&comments, M, &me(), wanted(Mode::OnChange, true, "new"));
        assert_eq!(plan, Plan::Create { body: "new".into() });
    }

    #[test]
    fn a_personal_token_matches_its_own_login() {
        let comments = [comment(4, "Alice", "User", &format!("{M}\nold"))];
        let alice = Identity::from_viewer("alice");
        assert_eq!(stickies(&comments, M, &alice).len(), 1);
        assert!(stickies(&comments, M, &me()).is_empty());
        // An app called `alice` is not the person alice.
        let app = [comment(5, "alice[bot]", "Bot", &format!("{M}\napp"))];
        assert!(stickies(&app, M, &alice).is_empty());
    }

    #[test]
    fn a_person_named_like_the_actions_bot_is_not_it() {
        let comments = [
            comment(1, "github-actions", "User", &format!("{M}\nperson")),
            comment(
                2,
                "github-actions[bot]",
                "User",
                &format!("{M}\nforged type"),
            ),
            bot(3, &format!("{M}\nours")),
        ];
        for identity in [
            me(),
            Identity::from_viewer("github-actions[bot]"),
            Identity::actions(),
        ] {
            let found = stickies(&comments, M, &identity);
            assert_eq!(
                found.iter().map(|c| c.id).collect::<Vec<_>>(),
                [3],
                "{identity:?}"
            );
        }
    }

    #[test]
    fn the_fallback_identity_is_the_actions_bot_only() {
        let comments = [
            comment(1, "alice", "User", &format!("{M}\nperson")),
            comment(2, "some-app[bot]", "Bot", &format!("{M}\nanother bot")),
        ];
        assert!(stickies(&comments, M, &Identity::actions()).is_empty());
    }

    #[test]
    fn comments_without_body_or_author_are_ignored() {
        let comments = [Comment {
            id: 1,
            body: None,
            user: None,
            created_at: None,
        }];
        assert!(stickies(&comments, M, &Identity::actions()).is_empty());
    }

    #[test]
    fn dedupe_keeps_the_oldest_and_updates_it_when_it_differs() {
        let body = format!("{M}\nmine");
        let comments = [bot(10, &format!("{M}\ntheirs")), bot(11, &body)];
        let d = dedupe(&comments, M, &me(), 11, &body);
        assert_eq!(
            d,
            Dedupe {
                keep: 10,
                update: Some(body.clone()),
                delete: vec![11]
            }
        );
    }

    #[test]
    fn dedupe_after_winning_deletes_the_newer_ones() {
        let body = format!("{M}\nmine");
        let comments = [
            bot(10, &body),
            bot(12, &body),
            comment(11, "bob", "User", &body),
        ];
        let d = dedupe(&comments, M, &me(), 10, &body);
        assert_eq!(
            d,
            Dedupe {
                keep: 10,
                update: None,
                delete: vec![12]
            }
        );
    }

    #[test]
    fn dedupe_with_an_identical_older_comment_only_deletes_ours() {
        let body = format!("{M}\nsame");
        let d = dedupe(&[bot(10, &body), bot(11, &body)], M, &me(), 11, &body);
        assert_eq!(d.keep, 10);
        assert_eq!(d.update, None);
        assert_eq!(d.delete, [11]);
    }

    #[test]
    fn dedupe_when_the_listing_lags_keeps_ours() {
        let d = dedupe(&[], M, &me(), 11, "x");
        assert_eq!(d.keep, 11);
        assert!(d.delete.is_empty() && d.update.is_none());
        // An older sticky is listed but ours is not yet: ours still goes.
        let body = format!("{M}\nx");
        let d = dedupe(&[bot(10, &body)], M, &me(), 11, &body);
        assert_eq!((d.keep, d.delete), (10, vec![11]));
    }

    #[test]
    fn an_absurd_run_url_does_not_panic() {
        let body = "x\n".repeat(MAX_BODY_CHARS);
        let url = "u".repeat(MAX_BODY_CHARS * 2);
        assert!(fit(&body, &url).contains(&url));
    }

    #[test]
    fn short_bodies_are_kept_whole() {
        assert_eq!(fit("short", "https://run"), "short");
        let exact = "é".repeat(MAX_BODY_CHARS);
        assert_eq!(fit(&exact, "https://run"), exact);
    }

    #[test]
    fn a_cut_inside_details_closes_it_so_the_notice_shows() {
        let url = "https://github.com/o/r/actions/runs/42";
        let item = format!("- **Models**: {}\n", "note ".repeat(50));
        let body = format!(
            "{M}\n## Report\n\n<details><summary>Evidence and notes</summary>\n\n{}\n</details>\n",
            item.repeat(400)
        );
        let fitted = fit(&body, url);
        assert!(fitted.chars().count() <= MAX_BODY_CHARS);
        assert_eq!(fitted.matches("<details>").count(), 1);
        assert_eq!(fitted.matches("</details>").count(), 1);
        let notice = fitted.find("**The report is too long").unwrap();
        assert!(
            fitted.find("</details>").unwrap() < notice,
            "{}",
            &fitted[fitted.len() - 400..]
        );
        assert!(fitted.contains("</details>\n\n---\n**The report"));
        // A code block left open is closed too.
        let code = format!("{M}\n```text\n{}", "x\n".repeat(MAX_BODY_CHARS));
        let fitted = fit(&code, url);
        assert_eq!(
            fitted.matches("```").count(),
            2,
            "{}",
            &fitted[fitted.len() - 200..]
        );
    }

    #[test]
    fn long_bodies_are_cut_at_a_line_with_a_link_to_the_run() {
        let url = "https://github.com/o/r/actions/runs/42";
        let line = format!("| {} |\n", "é".repeat(97));
        let body = format!("{M}\n{}", line.repeat(1000));
        let fitted = fit(&body, url);
        assert!(fitted.chars().count() <= MAX_BODY_CHARS);
        assert!(fitted.starts_with(M));
        assert!(fitted.contains(&format!("]({url})")));
        let kept = fitted.split("\n\n---\n").next().unwrap();
        assert!(
            kept.ends_with('|'),
            "cut mid-line: {:?}",
            &kept[kept.len() - 20..]
        );
    }
}
