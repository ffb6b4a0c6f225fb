#!/usr/bin/env bash
# Benchmark `llmops-maturity check` as a whole process: median wall time (hyperfine) and peak
# memory (GNU time's maximum resident set size), on a typical answers file and on a 1 MiB one.
# Usage: bench/check.sh [BINARY]   (default: builds and uses target/release/llmops-maturity)
# Needs: hyperfine and GNU time (Debian: apt-get install -y hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=target/release/llmops-maturity
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

typical=fixtures/valid/full.yaml
big=$work/big.yaml
# A valid file just under the 1 MiB limit: seven answers with thousands of evidence URLs each,
# so the parser and validator see real structure rather than one long comment.
python3 - "$big" <<'PY'
import sys
dims = ["models", "prompt-engineering", "evaluation", "deployment", "monitoring", "responsible-ai", "asset-management"]
limit = 1024 * 1024
out = ["version: 1", "answers:"]
size = sum(len(l) + 1 for l in out)
per_dim = []
for d in dims:
    per_dim.append([f"  {d}:", "    level: 2", "    notes: benchmark file", "    evidence:"])
i = 0
while True:
    line = f"      - https://wiki.example.com/evidence/{i:07d}"
    if size + len(line) + 1 + 2000 > limit:  # 2000: the per-answer header lines
        break
    per_dim[i % 7].append(line)
    size += len(line) + 1
    i += 1
for block in per_dim:
    out.extend(block)
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
echo "binary: $bin ($(wc -c <"$bin") bytes)"
echo "typical: $typical ($(wc -c <"$typical") bytes); big: $(wc -c <"$big") bytes"
"$bin" check "$big" --format json >/dev/null

for f in "$typical" "$big"; do
  hyperfine --warmup 5 --runs 50 -N --export-json "$work/h.json" "$bin check $f --repo-root ." >/dev/null
  median_ms=$(python3 -c "import json,sys; r=json.load(open('$work/h.json'))['results'][0]; print(f\"{r['median']*1000:.2f}\")")
  peaks=()
  for _ in 1 2 3 4 5; do
    peaks+=("$(/usr/bin/time -f %M "$bin" check "$f" --repo-root . 2>&1 >/dev/null | tail -1)")
  done
  peak_kb=$(printf '%s\n' "${peaks[@]}" | sort -n | sed -n 3p)
  echo "$(basename "$f"): median ${median_ms} ms, peak RSS ${peak_kb} KiB (median of 5)"
done
