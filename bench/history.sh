#!/usr/bin/env bash
# Benchmark `llmops-maturity history` on a generated repository whose answers file has 1,000
# versions on the first-parent line (every 10th one invalid, every 50th a merge of a side branch),
# against reading the same versions with one `git show` per commit, the design it replaces.
# Reports the median wall time of each and their ratio.
# Usage: bench/history.sh [BINARY] [VERSIONS]   (default: builds target/release/llmops-maturity; 1000)
# Needs: git and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
versions=${2:-1000}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=target/release/llmops-maturity
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
git init -q -b main "$repo"

# One `git fast-import` builds the whole history in about a second.
python3 - "$versions" <<'PY' | git -C "$repo" fast-import --quiet
import sys
n = int(sys.argv[1])
dims = ["models", "prompt-engineering", "evaluation", "deployment", "monitoring", "responsible-ai", "asset-management"]
def answers(i):
    if i % 10 == 9:
        return "version: 1\nanswers:\n  models: 7\n"  # invalid: level out of range, the rest missing
    out = ["version: 1", "assessment:", "  team: Benchmark team", f"  assessed-at: 2026-01-{i % 28 + 1:02d}", "answers:"]
    for d, dim in enumerate(dims):
        out += [f"  {dim}:", f"    level: {(i + d) % 4 + 1}", f"    notes: Version {i} of the {dim} answer, with a sentence of notes.",
                "    evidence:", f"      - docs/{dim}.md", f"      - https://wiki.example.com/{dim}/{i}"]
    return "\n".join(out) + "\n"
def data(text):
    b = text.encode()
    return f"data {len(b)}\n".encode() + b + b"\n"
w = sys.stdout.buffer
mark = 0
main_tip = None
for i in range(n):
    t = 1767225600 + i * 3600
    if i % 50 == 49 and main_tip is not None:
        # A side branch with one commit, merged with --no-ff: the merge is the version on main.
        mark += 1
        side = mark
        w.write(b"commit refs/heads/side\n" + f"mark :{side}\ncommitter Bench <b@example.com> {t - 60} +0000\n".encode()
                + data(f"side {i}") + f"from :{main_tip}\nM 100644 inline llmops-maturity.yaml\n".encode() + data(answers(i)))
        mark += 1
        w.write(b"commit refs/heads/main\n" + f"mark :{mark}\ncommitter Bench <b@example.com> {t} +0000\n".encode()
                + data(f"merge {i}") + f"from :{main_tip}\nmerge :{side}\nM 100644 inline llmops-maturity.yaml\n".encode() + data(answers(i)))
    else:
        mark += 1
        w.write(b"commit refs/heads/main\n" + f"mark :{mark}\ncommitter Bench <b@example.com> {t} +0000\n".encode()
                + data(f"version {i}") + (f"from :{main_tip}\n".encode() if main_tip else b"")
                + b"M 100644 inline llmops-maturity.yaml\n" + data(answers(i)))
    main_tip = mark
PY
git -C "$repo" checkout -q main

count=$("$bin" history --limit "$versions" --format json -- "$repo/llmops-maturity.yaml" |
  python3 -c "import json,sys; v=json.load(sys.stdin)['versions']; print(len(v), sum(1 for x in v if not x['valid']))")
echo "binary: $bin"
echo "repository: $versions versions of llmops-maturity.yaml on the first-parent line (listed, invalid: $count)"

python3 - "$bin" "$repo" "$versions" <<'PY'
import os, resource, statistics, subprocess, sys, time
bin, repo, n = sys.argv[1], sys.argv[2], sys.argv[3]
def measure(cmd, runs, shell=False):
    """Median wall time and median CPU time (user + sys of the process and the git it starts)."""
    subprocess.run(cmd, cwd=repo, shell=shell, check=True, stdout=subprocess.DEVNULL)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=repo, shell=shell, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)
load = os.getloadavg()[0]
print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start "
      "(wall times grow with the load; CPU time does not)")
json_wall, json_cpu = measure([bin, "history", "--limit", n, "--format", "json"], 21)
text_wall, text_cpu = measure([bin, "history", "--limit", n], 21)
md_wall, md_cpu = measure([bin, "history", "--limit", n, "--format", "markdown"], 21)
# The design it replaces: one `git show` per version (reading only, scoring nothing).
per_wall, per_cpu = measure(
    f"git log --first-parent --format=%H -n {n} -- llmops-maturity.yaml | "
    "while read -r c; do git show \"$c:llmops-maturity.yaml\" >/dev/null 2>&1 || true; done",
    3, shell=True)
for name, wall, cpu, runs in [("history --format json", json_wall, json_cpu, 21),
                              ("history (text)", text_wall, text_cpu, 21),
                              ("history --format markdown", md_wall, md_cpu, 21),
                              ("one git show per commit, reading only", per_wall, per_cpu, 3)]:
    print(f"{name:40} median wall {wall * 1000:6.0f} ms, CPU {cpu * 1000:6.0f} ms ({runs} runs)")
print(f"one git show per commit / history --format json: {per_wall / json_wall:.1f}x the wall time, "
      f"{per_cpu / json_cpu:.1f}x the CPU time")
print(f"load average at the end: {os.getloadavg()[0]:.1f}")
PY
