//! Text from outside (answers files, repository files, server answers) made inert for each output language: Markdown, HTML, XML, URLs and JSON.
//!
//! One function per language, so every renderer escapes the same way and a fix lands everywhere.
//! What a runner's log needs (one line, no workflow command) is `untrusted`'s job, not this one's.

use std::fmt::Write;

/// Escapes user text for inline Markdown, table cells included.
///
/// HTML special characters become entities; Markdown punctuation is backslash-escaped; `@` and
/// `#` (and the dash of `GH-1`) get a zero-width space after them so GitHub links no one and no
/// issue (the trick Renovate uses in its release notes); so do `www` before a dot and `:` before
/// `//`, which would start GFM's extended autolinks (<https://github.github.com/gfm/#autolinks-extension->)
/// whether a renderer finds them while parsing or in the text afterwards; line breaks become
/// spaces so a table row stays one row.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        // `GH-123` is an issue reference GitHub links, in any case; a zero-width space after
        // the dash keeps it text.
        if c == '-'
            && gh_reference_before(&out, previous)
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            out.push_str("-&#8203;");
            previous = c;
            continue;
        }
        previous = c;
        if c == '.' && ends_with_www(&out) {
            out.push_str("&#8203;");
        }
        match c {
            '#' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric()) => {
                out.push_str("#&#8203;")
            }
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:&#8203;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '~' | '!' | '{' | '}' | ':' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => push_neutral(&mut out, c),
        }
    }
    out
}

/// Whether `out` ends with a `GH` that starts a word, so a following `-123` would link it.
fn gh_reference_before(out: &str, previous: char) -> bool {
    if !previous.eq_ignore_ascii_case(&'h') {
        return false;
    }
    let mut tail = out.chars().rev();
    let (h, g, before) = (tail.next(), tail.next(), tail.next());
    h.is_some_and(|h| h.eq_ignore_ascii_case(&'h'))
        && g.is_some_and(|g| g.eq_ignore_ascii_case(&'g'))
        && before.is_none_or(|b| !b.is_alphanumeric() && b != '_')
}

/// User text as inline code: an HTML `<code>` element, which no backtick can break out of.
///
/// Markdown inside an inline HTML element is still Markdown (CommonMark 6.6, raw HTML), so the
/// text gets no chance to be any: every ASCII punctuation mark that Markdown or GitHub gives a
/// meaning to is written as a character reference (`[x](http:evil)` shows as typed and links
/// nowhere), and extended autolinks and mentions are broken with a zero-width space.
pub fn markdown_code(text: &str) -> String {
    let mut out = String::from("<code>");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '.' && ends_with_www(&out) {
            out.push_str("&#8203;");
        }
        match c {
            '[' | ']' | '(' | ')' | '!' | '*' | '_' | '~' | '`' | '\\' | '$' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            // `://` starts an extended autolink; any other colon is plain text in code.
            ':' if chars.peek() == Some(&'/') => out.push_str("&#58;&#8203;"),
            c => push_neutral(&mut out, c),
        }
    }
    out.push_str("</code>");
    out
}

/// Text as a Markdown code span, fenced with one backtick more than its longest run of them
/// (CommonMark 6.1), so nothing in it can close the span: unlike a backslash, which is literal
/// inside a code span, the fence keeps a backtick in the text a backtick. Nothing in a code span
/// is Markdown or HTML, and GitHub links no mention, issue or URL in it. `in_table` writes `|`
/// as `\|`, which a GFM table reads before the span (outside a table it would show).
pub fn code_span(text: &str, in_table: bool) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect();
    let text = if in_table {
        text.replace('|', "\\|")
    } else {
        text
    };
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space on each side when the text starts or ends with a backtick (or is all spaces),
    // which CommonMark strips again.
    let pad = text.starts_with('`') || text.ends_with('`') || text.trim().is_empty();
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{text}{space}{fence}")
}

/// One of our own messages, whose backtick-quoted parts (`` `models` ``, a value quoted from
/// the file) become code spans and the rest inline text; everything from the user is escaped
/// either way. An unpaired backtick is shown as one.
pub fn message(text: &str, in_table: bool) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return markdown(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                code_span(part, in_table)
            } else {
                markdown(part)
            }
        })
        .collect()
}

/// Whether the escaped text so far ends with `www` (any case), so a dot now would make it an
/// extended autolink.
fn ends_with_www(out: &str) -> bool {
    out.len() >= 3
        && out.is_char_boundary(out.len() - 3)
        && out[out.len() - 3..].eq_ignore_ascii_case("www")
}

/// What `markdown` and `markdown_code` both do to a character: HTML specials become entities, `|` keeps
/// a table row whole, `@` mentions no one, line breaks become spaces, other controls vanish.
fn push_neutral(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '|' => out.push_str("&#124;"),
        '@' => out.push_str("@&#8203;"),
        // In a code element `#` is shown as itself, and `##[` would be a legacy workflow
        // command if the Markdown is printed in a job log.
        '#' => out.push_str("&#35;"),
        '\n' | '\r' | '\t' => out.push(' '),
        c if c.is_control() => {}
        c => out.push(c),
    }
}

/// Percent-encodes the characters that would end a Markdown link target early or break HTML.
pub fn url(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '"' | '\'' | '|' | '`' | '\\' | '[' | ']' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes what would end a Markdown link target or break out of HTML.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || "/-_.~".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// Escapes text for XML and HTML character data and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // U+FFFE and U+FFFF are not XML characters either.
            '\u{fffe}' | '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML character data and quoted attribute values (the dashboard pages).
///
/// On top of what [`xml`] does, characters that would change what a reader sees without being
/// seen are written as visible `[U+XXXX]` text: bidirectional overrides and isolates (which
/// reorder the rest of a line, <https://trojansource.codes>), other controls, and the line and
/// paragraph separators. A line break or tab becomes a space, so a table cell stays one line,
/// and the `[` of `##[` a character reference, so a page printed in a job log runs nothing.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // `##[` anywhere in a printed line is a legacy workflow command to a runner.
            '[' if out.ends_with("##") => out.push_str("&#91;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if invisible(c) => {
                let _ = write!(out, "[U+{:04X}]", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A character that is not shown as itself but changes the text around it, or is not text.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'   // zero-width spaces and joiners, direction marks
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{202a}'..='\u{202e}' // bidirectional embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidirectional isolates
            | '\u{061c}'               // the Arabic letter mark
            | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// An `href` for a link the dashboard may write: only `https://HOST/...` on the GitHub host the
/// run talked to, escaped for an attribute; anything else (`javascript:`, `http:`, another host,
/// a `//` that leaves it) is `None` and is shown as text.
pub fn html_href(url: &str, host: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let path = rest.strip_prefix(host)?;
    if host.is_empty() || !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    if url.chars().any(|c| c.is_whitespace() || invisible(c)) {
        return None;
    }
    Some(html(url))
}

/// JSON for stdout, where a runner would run a legacy `##[command]` found anywhere in a line:
/// inside a string (the only place `##` can be in our JSON) `[` is written `\u005b`, which every
/// JSON reader reads back as `[`, so the values are unchanged and no line holds a command.
pub fn json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    Ok(serde_json::to_string_pretty(value)?.replace("##[", "##\\u005b"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_html_mentions_and_tables() {
        let s = markdown("<img src=x onerror=alert(1)> @octocat | fixes #12\nnext");
        assert_eq!(
            s,
            "&lt;img src=x onerror=alert\\(1\\)&gt; @&#8203;octocat &#124; fixes #&#8203;12 next"
        );
    }

    #[test]
    fn gh_references_are_not_linked() {
        assert_eq!(
            markdown("see GH-1, gh-22 and (Gh-3)"),
            "see GH-&#8203;1, gh-&#8203;22 and \\(Gh-&#8203;3\\)"
        );
        // Not references: a word that ends in gh, no digits, or a longer prefix.
        assert_eq!(markdown("high-5 GH-x BGH-1"), "high-5 GH-x BGH-1");
    }

    #[test]
    fn code_never_holds_a_legacy_workflow_command() {
        assert_eq!(
            markdown_code("docs/x ##[add-mask]Managed"),
            "<code>docs/x &#35;&#35;&#91;add-mask&#93;Managed</code>"
        );
    }

    #[test]
    fn code_cannot_be_closed_by_the_user() {
        let s = markdown_code("</code><script>x</script>");
        assert_eq!(s.matches("</code>").count(), 1, "{s}");
        assert!(!s.contains("<script>"));
    }

    #[test]
    fn html_shows_markup_and_bidi_controls_as_text() {
        assert_eq!(
            html("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(html("abc\u{202e}fed\nx"), "abc[U+202E]fed x");
        assert_eq!(html("it's <b>"), "it&#39;s &lt;b&gt;");
    }

    #[test]
    fn html_links_go_only_to_the_github_host_over_https() {
        let host = "github.com";
        assert_eq!(
            html_href("https://github.com/o/r", host).as_deref(),
            Some("https://github.com/o/r")
        );
        for bad in [
            "javascript:alert(1)",
            "http://github.com/o/r",
            "https://github.com.evil.example/o",
            "https://github.com//evil.example",
            "https://evil.example/github.com/",
            "https://github.com/o/r\u{202e}x",
            "https://github.com",
        ] {
            assert_eq!(html_href(bad, host), None, "{bad}");
        }
        assert_eq!(
            html_href("https://github.com/o/\"><x", host).as_deref(),
            Some("https://github.com/o/&quot;&gt;&lt;x")
        );
    }

    #[test]
    fn url_keeps_link_targets_closed() {
        assert_eq!(url("https://x.test/a b)c"), "https://x.test/a%20b%29c");
    }

    /// Hostile texts seen in pull requests and server answers (issue 16's corpus, shortened).
    const HOSTILE: &[&str] = &[
        "prompts/[x](http:evil.example).txt",
        "![img](https://evil.example/p.png)",
        "www.evil.example/path",
        "see www.evil.example/path now",
        "https://evil.example/x and http://evil.example",
        "ftp://evil.example/f",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "[a]: https://evil.example",
        "[click][a]",
        "<https://evil.example>",
        "mailto:root@evil.example",
        "x@evil.example",
        "__init__.py *bold* ~~gone~~ `tick`",
        "&lt;not-a-tag&gt; &amp;",
        "a|b|c",
        "line\nbreak\r\n| x | y |",
        "@octocat #12 GH-3",
        "$x^2$",
    ];

    /// GitHub's flavour as comrak implements it, raw HTML allowed as GitHub allows `<code>`.
    fn gfm(markdown: &str) -> String {
        let mut options = comrak::Options::default();
        options.extension.autolink = true;
        options.extension.table = true;
        options.extension.strikethrough = true;
        options.render.r#unsafe = true;
        comrak::markdown_to_html(markdown, &options)
    }

    /// The text a reader sees: tags dropped, references decoded, zero-width spaces gone.
    fn seen(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let mut out = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace('\u{200b}', "");
        out = out.replace("&amp;", "&");
        out.trim().to_string()
    }

    #[test]
    fn no_hostile_text_becomes_markup_in_a_gfm_renderer() {
        for text in HOSTILE {
            let one_line = text.replace(['\n', '\r'], " ");
            for (how, escaped) in [("code", markdown_code(text)), ("text", markdown(text))] {
                for doc in [
                    format!("before {escaped} after\n"),
                    format!("| a | b |\n|---|---|\n| {escaped} | x |\n"),
                ] {
                    let html = gfm(&doc);
                    for tag in ["<a ", "<img", "<script", "<em>", "<strong>", "<del>", "<br"] {
                        assert!(!html.contains(tag), "{how} {text:?}: {tag} in {html}");
                    }
                    assert!(
                        seen(&html).contains(&one_line),
                        "{how} {text:?}: shown as {:?}",
                        seen(&html)
                    );
                }
            }
        }
    }

    #[test]
    fn a_link_around_escaped_code_is_the_only_link() {
        for text in HOSTILE {
            let doc = format!(
                "[{}](https://github.test/{})\n",
                markdown_code(text),
                url(text)
            );
            let html = gfm(&doc);
            assert_eq!(html.matches("<a ").count(), 1, "{text:?}: {html}");
            assert!(
                html.contains("href=\"https://github.test/"),
                "{text:?}: {html}"
            );
        }
    }

    #[test]
    fn code_spans_stay_code_whatever_they_hold() {
        for text in [
            "models",
            "a`b",
            "``x",
            "`",
            " ",
            "x | y",
            "[x](http:evil.example)",
            "www.evil.example",
        ] {
            let html = gfm(&format!("see {} here\n", code_span(text, false)));
            assert_eq!(html.matches("<code>").count(), 1, "{text:?}: {html}");
            assert!(!html.contains("<a "), "{text:?}: {html}");
            assert!(seen(&html).contains(text.trim()), "{text:?}: {html}");
        }
        let html = gfm(&format!("| a |\n|---|\n| {} |\n", code_span("x | y", true)));
        assert!(html.contains("<code>x | y</code>"), "{html}");
    }

    #[test]
    fn messages_keep_their_code_spans_as_code() {
        let html = gfm(&format!(
            "{}\n",
            message(
                "`models` is answered 4 (`llmops-maturity scan --rules` explains each)",
                false
            )
        ));
        assert_eq!(
            html,
            "<p><code>models</code> is answered 4 (<code>llmops-maturity scan --rules</code> explains each)</p>\n"
        );
        assert!(!message("`a` and `b`", false).contains("\\`"));
    }
}
