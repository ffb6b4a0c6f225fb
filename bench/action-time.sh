#!/usr/bin/env bash
# Times the action from the start of its install step to the end of its `ci` step, the two
# commands action.yml runs, with (a) the binary already in the tool cache and (b) a download
# (served from 127.0.0.1, checksum-verified, unpacked, cached). Uses hyperfine (Debian package).
#
# Usage: bench/action-time.sh BINARY
#   BINARY  a release build of llmops-maturity (e.g. from bench/size.sh), packed as the release
#           asset for this runner and listed in a scratch copy of dist/SHA256SUMS.
set -euo pipefail

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid"; fi
    rm -rf "$work"
}
trap cleanup EXIT

version=0.0.0-bench
target=x86_64-unknown-linux-musl # the asset name the script asks for on Linux X64
name=llmops-maturity-$version-$target
mkdir -p "$work/assets/v$version" "$work/pack/$name" "$work/action/dist" "$work/workspace"
cp "$bin" "$work/pack/$name/llmops-maturity"
tar -czf "$work/assets/v$version/$name.tar.gz" -C "$work/pack" "$name"
cp -R "$repo/scripts" "$repo/action.yml" "$work/action/"
echo "$version" >"$work/action/dist/VERSION"
echo bench/llmops-maturity >"$work/action/dist/REPOSITORY"
(cd "$work/assets/v$version" && sha256sum "$name.tar.gz") >"$work/action/dist/SHA256SUMS"
cat >"$work/workspace/llmops-maturity.yaml" <<'YAML'
version: 1
answers:
  models: 3
  prompt-engineering: 3
  evaluation: 2
  deployment: 3
  monitoring: 2
  responsible-ai: 3
  asset-management: 3
YAML

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$work/assets" "$port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

# The two steps of action.yml, with the environment a push job gives them (no token: no API).
cat >"$work/steps.sh" <<'STEPS'
set -euo pipefail
out=$(mktemp "$RUNNER_TEMP/output.XXXXXX")
GITHUB_OUTPUT=$out bash "$GITHUB_ACTION_PATH/scripts/install.sh" >/dev/null
ACTION_LLMOPS_MATURITY_BINARY=$(sed -n 's/^path=//p' "$out")
GITHUB_OUTPUT=$out "$ACTION_LLMOPS_MATURITY_BINARY" ci >/dev/null
STEPS
export RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP=$work/temp RUNNER_TOOL_CACHE=$work/tool-cache
export GITHUB_ACTION_PATH=$work/action GITHUB_WORKSPACE=$work/workspace GITHUB_PATH=$work/github-path
export GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH=$repo/tests/data/github/payloads/push.payload.json
export GITHUB_REPOSITORY=octo/repo GITHUB_RUN_ID=1 GITHUB_STEP_SUMMARY=$work/summary.md
export GITHUB_SERVER_URL=https://github.com GITHUB_API_URL=http://127.0.0.1:9
export LLMOPS_MATURITY_DOWNLOAD_BASE=http://127.0.0.1:$port
mkdir -p "$work/temp"
cd "$work/workspace"

echo "binary: $bin ($(wc -c <"$bin" | tr -d ' ') bytes)"
# One --prepare per command, in order: nothing before a cached run, an empty tool cache before
# a downloaded one.
hyperfine --shell=none --warmup 2 --runs "${BENCH_RUNS:-20}" \
    --prepare true --prepare "rm -rf $work/tool-cache" \
    --command-name "cached binary" --command-name "downloaded binary" \
    "bash $work/steps.sh" "bash $work/steps.sh" \
    --export-json "$work/times.json"
# The machine is shared and noisy: medians and their ratio are what to compare.
python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for r in results:
    print(f"{r['command']}: median {r['median'] * 1000:.1f} ms")
print(f"downloaded / cached: {results[1]['median'] / results[0]['median']:.2f}x")
PY
