#!/usr/bin/env bash
# Renders the sticky pull request comment, as the tests pin it byte for byte
# (tests/snapshots/github_ci__comment_typical_change.snap: the body `ci` posts), to a PNG for the
# README and the documentation: Markdown -> HTML with GitHub-like CSS (Python-Markdown, which the
# documentation's virtual environment .venv-docs has), then a headless Chromium screenshot.
#
# Usage: bash scripts/screenshot-comment.sh [OUT.png]   (default docs/src/images/comment.png)
# Needs: .venv-docs (pip install -r docs/requirements.txt), chromium (Debian: apt-get install -y
# chromium fonts-noto-color-emoji).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/src/images/comment.png}
snapshot=tests/snapshots/github_ci__comment_typical_change.snap
python=.venv-docs/bin/python
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[[ -x $python ]] || { echo "needs .venv-docs: python3 -m venv .venv-docs && .venv-docs/bin/pip install -r docs/requirements.txt" >&2; exit 1; }
[[ -n $chromium ]] || { echo "needs chromium (Debian: apt-get install -y chromium fonts-noto-color-emoji)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" - "$snapshot" "$work/comment.html" <<'PY'
import sys, markdown
text = open(sys.argv[1], encoding="utf-8").read()
# An insta snapshot: a YAML header between two `---` lines, then the body as `ci` posts it.
body = text.split("\n---\n", 1)[1]
# GitHub renders Markdown inside <details>; Python-Markdown does when asked with markdown="1".
body = body.replace("<details>", '<details markdown="1">')
html = markdown.markdown(body, extensions=["tables", "md_in_html"])
css = """
body { margin: 0; background: #f6f8fa; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI",
  "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; font-size: 14px; line-height: 1.5;
  color: #1f2328; }
.comment { margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; background: #fff; }
.header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0;
  border-radius: 6px 6px 0 0; color: #59636e; }
.header b { color: #1f2328; }
.body { padding: 16px; }
h2 { font-size: 1.5em; margin: 0 0 16px; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; }
h3 { font-size: 1.25em; margin: 24px 0 16px; }
table { border-collapse: collapse; margin: 0 0 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) { background: #f6f8fa; }
th { font-weight: 600; }
code { background: #eff1f3; border-radius: 6px; padding: .2em .4em; font-size: 85%;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
sub { color: #59636e; }
details summary { cursor: pointer; color: #0969da; }
a { color: #0969da; text-decoration: none; }
"""
page = f"""<!doctype html><html><head><meta charset="utf-8"><style>{css}</style></head><body>
<div class="comment"><div class="header"><b>github-actions</b> bot commented</div>
<div class="body">{html}</div></div></body></html>"""
open(sys.argv[2], "w", encoding="utf-8").write(page)
PY
mkdir -p "$(dirname "$out")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --hide-scrollbars --force-device-scale-factor=1 --window-size=900,530 \
    --screenshot="$PWD/$out" "file://$work/comment.html" 2>/dev/null
echo "wrote $out"
