//! The shell every dashboard page shares (a strict Content-Security-Policy, the styles, the one inline script) around a body the caller renders: pure.
//!
//! A page must work offline, from an artifact and from GitHub Pages alike, so it loads nothing:
//! `default-src 'none'` forbids every fetch, and the one `<style>` and the one `<script>` are
//! allowed by their SHA-256 hashes, so text that slipped into the page as markup could neither
//! run nor style anything (<https://www.w3.org/TR/CSP3/#external-hash>). No element carries a
//! `style` attribute, which the policy would block.

pub mod palette;
pub mod svg;

use std::fmt::Write as _;
use std::sync::OnceLock;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::escape;

/// The one script: sorts a `table.sortable` by a clicked header and filters the repository rows.
/// Without it every table is complete and in a sensible order, so it only adds. It writes no
/// markup (only `textContent` and attributes), so no text of the page can become code. It holds
/// no `<` or `&`, so the page stays well-formed XML too (the tests parse it as such).
pub const SCRIPT: &str = r#"(function(){
function key(c){if(!c)return '';var v=c.getAttribute('data-v');if(v!==null)return Number(v);var t=c.textContent;return /^[0-9]+$/.test(t)?Number(t):t.toLowerCase();}
var f=document.getElementById('filter');
if(f){f.hidden=false;f.querySelector('input').addEventListener('input',function(e){
var q=e.target.value.toLowerCase();
document.querySelectorAll('tr[data-repo]').forEach(function(r){r.hidden=q===''?false:r.textContent.toLowerCase().indexOf(q)===-1;});});}
document.querySelectorAll('table.sortable').forEach(function(t){
var hs=t.tHead.rows[0].cells;
Array.prototype.forEach.call(hs,function(th,i){
var b=document.createElement('button');b.type='button';b.textContent=th.textContent;th.textContent='';th.appendChild(b);
b.addEventListener('click',function(){
var up=th.getAttribute('aria-sort')!=='ascending';
Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',up?'ascending':'descending');
var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);return (y>x?-1:x>y?1:0)*(up?1:-1);});
rows.forEach(function(r){body.appendChild(r);});});});});
})();"#;

/// The base styles; the level colours come from [`palette`]. On a narrow screen a chart keeps its
/// size and scrolls sideways in its box, since shrunk to 320 px its labels would be unreadable.
const BASE_STYLE: &str = "*{box-sizing:border-box}\
body{margin:0 auto;max-width:100rem;padding:1rem;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#fff}\
h1{font-size:1.5rem;margin:.2rem 0 .5rem;overflow-wrap:anywhere}h2{font-size:1.2rem;margin:2rem 0 .5rem;overflow-wrap:anywhere}\
h3{font-size:1rem;margin:1.2rem 0 .4rem}p{margin:.4rem 0}code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}\
a{color:#0550ae}a:focus,button:focus,input:focus{outline:3px solid #0550ae;outline-offset:1px}\
.muted{color:#57606a}.scroll{overflow-x:auto;max-width:100%}\
figure{margin:1rem 0}figcaption{font-weight:600;margin:.3rem 0}\
svg{display:block;max-width:100%;height:auto}svg.wide{max-width:none}svg text{font:12px system-ui,sans-serif;fill:#1f2328}\
svg .axis{stroke:#57606a;stroke-width:1}svg .line{fill:none;stroke:#1f2328;stroke-width:2}svg .dot{fill:#1f2328}\
svg text.num{text-anchor:middle}svg text.end{text-anchor:end}\
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}caption{text-align:left;font-weight:600;padding:.3rem 0}\
th,td{border:1px solid #d0d7de;padding:.25rem .45rem;text-align:left;vertical-align:top}\
thead th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
.nw{white-space:nowrap}td.c{min-width:15rem}th.d{max-width:5.5rem;font-size:.75rem}\
.charts{display:flex;flex-wrap:wrap;gap:0 2.5rem;align-items:flex-start}\
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:inherit;text-align:left}\
th[aria-sort=ascending] button::after{content:' \\25B2'}th[aria-sort=descending] button::after{content:' \\25BC'}\
#filter input{font:inherit;padding:.3rem;width:min(24rem,100%)}\
.stats{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;list-style:none}.stats b{font-size:1.15rem}\
.warn{border-left:4px solid #9a6700;padding:.3rem .8rem;background:#fff8c5}\
footer{margin-top:2rem;font-size:.85rem}\
@media (max-width:40rem){body{padding:.6rem}.scroll svg{max-width:none}}";

/// The page's styles: the base and the level colours.
fn style() -> &'static str {
    static STYLE: OnceLock<String> = OnceLock::new();
    STYLE.get_or_init(|| format!("{BASE_STYLE}{}", palette::css()))
}

/// `'sha256-...'` of `text`, as a CSP source expression.
fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The policy the page declares for itself: nothing but its own inline style and script.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        hash(style()),
        hash(SCRIPT)
    )
}

/// A whole page: `title` is plain text (escaped here), `body` is HTML the caller rendered with
/// every outside text escaped. The page is also well-formed XML (void elements closed with
/// `/>`, no named entity but XML's), so a test can read its structure with an XML parser. The
/// icon is an empty `data:` URL, or a browser would ask the server for `/favicon.ico`.
pub fn page(title: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 8 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\"/>\n\
         <meta name=\"referrer\" content=\"no-referrer\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <link rel=\"icon\" href=\"data:,\"/>\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{body}\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        content_security_policy(),
        escape::html(title),
        style(),
    );
    out
}

/// The filter box the script shows; hidden without the script, which it would need.
pub const FILTER: &str = "<p id=\"filter\" hidden=\"hidden\"><label>Filter the repositories <input type=\"search\" autocomplete=\"off\"/></label></p>\n";

/// The footer line: which tool wrote the page, about what and when.
pub fn footer(what: &str) -> String {
    format!(
        "<footer class=\"muted\"><p>Written by llmops-maturity {} · {what}</p></footer>",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style_and_script() {
        let html = page("t <x>", "<p>body</p>");
        let csp = content_security_policy();
        assert!(html.contains(&csp));
        assert!(csp.starts_with("default-src 'none'; "));
        assert!(!csp.contains("unsafe"), "{csp}");
        assert!(html.contains("<title>t &lt;x&gt;</title>"));
        // The hashes are of the exact text between the tags.
        let style_text = html.split("<style>").nth(1).unwrap();
        let style_text = style_text.split("</style>").next().unwrap();
        assert!(csp.contains(&hash(style_text)));
        let script_text = html.split("<script>").nth(1).unwrap();
        let script_text = script_text.split("</script>").next().unwrap();
        assert!(csp.contains(&hash(script_text)));
        assert!(
            !html.contains(" style="),
            "no style attribute: CSP blocks them"
        );
    }

    #[test]
    fn the_page_is_well_formed_xml() {
        let html = page("t", FILTER);
        roxmltree::Document::parse_with_options(
            &html,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("well-formed");
        assert!(!SCRIPT.contains('<') && !SCRIPT.contains('&'));
    }

    #[test]
    fn the_script_writes_no_markup() {
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval",
        ] {
            assert!(!SCRIPT.contains(sink), "{sink}");
        }
    }
}
