#!/usr/bin/env bash
# Builds the dashboard pages from the test fixtures and writes PNG screenshots of them, taken by
# headless Chromium, to docs/src/images/ (checked in, shown by docs/src/dashboard.md).
#
#   scripts/screenshot-dashboard.sh        # needs cargo, git and chromium (apt-get install chromium)
#
# - org: the roll-up of tests/it/github_org/dashboard.rs (the GraphQL fake serves its repositories,
#   with a previous roll-up for the movement); the test writes the page when LLMOPS_DASHBOARD_OUT
#   is set.
# - history: a git repository made here with one commit per fixtures/valid/score-*.yaml, so the
#   line climbs through every level band.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${LLMOPS_CHROMIUM:-chromium}
command -v "$chromium" >/dev/null || { echo "no chromium: apt-get install -y chromium, or set LLMOPS_CHROMIUM" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
images=docs/src/images
mkdir -p "$images"

LLMOPS_DASHBOARD_OUT="$out" cargo test --quiet --test it github_org::dashboard::previous_adds_movement >/dev/null
cargo build --quiet

# A repository whose answers file goes through the score fixtures, one commit a day.
repo="$out/repo"
git_() {
    GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com \
        GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.com git -C "$repo" "$@"
}
mkdir -p "$repo"
git_ init -q -b main .
day=1
for score in 07 11 12 16 17 21 22 28; do
    cp "fixtures/valid/score-$score.yaml" "$repo/llmops-maturity.yaml"
    git_ add -A
    date=$(printf '2026-03-%02dT12:00:00+00:00' "$day")
    GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date git_ commit -q -m "score $score"
    day=$((day + 3))
done
(cd "$repo" && env -i PATH="$PATH" "$OLDPWD/target/debug/llmops-maturity" history --format html) >"$out/history.html"

shoot() { # page png width,height
    local profile
    profile=$(mktemp -d)
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size="$3" \
        --screenshot="$2" "file://$1" 2>/dev/null
    rm -rf "$profile"
    echo "wrote $2"
}
shoot "$out/org.html" "$images/org-dashboard.png" 1280,900
shoot "$out/org.html" "$images/org-dashboard-table.png" 1280,1800
shoot "$out/org.html" "$images/org-dashboard-320px.png" 320,900
shoot "$out/history.html" "$images/history-dashboard.png" 1280,900
