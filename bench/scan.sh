#!/usr/bin/env bash
# Benchmark `llmops-maturity scan` against ripgrep searching the same patterns, side by side in one
# hyperfine run (medians and the ratio), plus peak memory (GNU time's maximum resident set size).
#
# Trees: (1) a large real tree of at least 50,000 files: the cargo registry's sources plus
# /usr/share copied into one folder under /tmp (kept between runs: delete it to rebuild);
# (2) 100,000 small generated files; (3) this repository, and an empty folder beside it (what
# starting up costs), with hyperfine's median of RUNS_REPO runs (default 100) and the load average.
# ripgrep gets the rules' content and workflow-step patterns (from `scan --rules --format json`)
# twice: over every file, as `rg -l` would be used naively, and limited to the files the rules
# read (the rules' globs as `-g`), which is the like-for-like comparison. Both walk hidden files
# and respect .gitignore, as scan does.
#
# Usage: bench/scan.sh [BINARY]   (default: builds and uses target/release/llmops-maturity)
#        REPO_ONLY=1 bench/scan.sh [BINARY]   only (3): this repository and the empty folder
# Needs: hyperfine, ripgrep and GNU time (Debian: apt-get install -y hyperfine ripgrep time).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=target/release/llmops-maturity
fi
bin=$(realpath "$bin")
runs=${RUNS:-3}
corpus=${CORPUS:-/tmp/llmops-scan-corpus}
many=${MANY:-/tmp/llmops-scan-100k}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { # hyperfine JSON, command index -> median ms
  python3 -c "import json; r=json.load(open('$1'))['results'][$2]; print(f\"{r['median']*1000:.1f}\")"
}
peak() { # median of 3 peak-RSS samples (KiB) of a command run in folder $1
  local dir=$1; shift
  for _ in 1 2 3; do (cd "$dir" && /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1); done | sort -n | sed -n 2p
}
this_repository() {
  mkdir -p "$work/empty"
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  hyperfine -N -i --warmup 5 --runs "${RUNS_REPO:-100}" --export-json "$work/h.json" \
    "$bin scan . --format json" "$bin scan $work/empty --format json" >/dev/null 2>&1
  echo "this repository ($(git ls-files | wc -l) tracked files): scan median $(median "$work/h.json" 0) ms," \
    "an empty folder $(median "$work/h.json" 1) ms (load average $load at the start; $(nproc) cores);" \
    "peak RSS $(peak . "$bin" scan . --format json) KiB"
}
if [ -n "${REPO_ONLY:-}" ]; then
  this_repository
  exit 0
fi

if [ ! -d "$corpus" ]; then
  mkdir -p "$corpus"
  cp -r "$HOME/.cargo/registry/src" "$corpus/cargo-registry-src"
  cp -r /usr/share "$corpus/usr-share" 2>/dev/null || true
fi
if [ ! -d "$many" ]; then
  python3 - "$many" <<'PY'
import os, sys
root = sys.argv[1]
for i in range(1000):
    d = os.path.join(root, f"pkg{i:04d}")
    os.makedirs(d)
    for j in range(100):
        name = ["mod{}.py", "notes{}.md", "data{}.json", "conf{}.yaml"][j % 4].format(j)
        with open(os.path.join(d, name), "w") as f:
            f.write("import os\n" if name.endswith(".py") else "x: 1\n")
# A few real signals, so the scan has something to report.
os.makedirs(os.path.join(root, ".github/workflows"))
open(os.path.join(root, "requirements.txt"), "w").write("openai\nragas\n")
open(os.path.join(root, ".github/workflows/eval.yml"), "w").write(
    "on: [pull_request]\njobs:\n  e:\n    steps:\n      - run: npx promptfoo eval\n")
PY
fi

"$bin" scan --rules --format json >"$work/rules.json"
python3 - "$work/rules.json" "$work" <<'PY'
import json, sys
rules = json.load(open(sys.argv[1]))["rules"]
patterns, globs = [], set()
for r in rules:
    how = r["how"]
    # As scan compiles them: an ASCII word boundary (a Unicode one slows both engines badly on
    # non-English text).
    if "pattern" in how:
        patterns.append(how["pattern"].replace("\\b", "(?-u:\\b)"))
        globs.update(how["files"])
    if "step" in how:
        patterns.append(how["step"].replace("\\b", "(?-u:\\b)"))
        globs.add(".github/workflows/*.{yml,yaml}")
    if "names" in how:
        # Manifests: the names are searched for as words in the manifest files.
        patterns.append("|".join(n.replace(".", "\\.").replace("*", "[\\w.-]*") for n in how["names"]))
globs.update(["**/*requirements*.{txt,in}", "**/requirements/*.{txt,in}", "**/pyproject.toml",
              "**/setup.cfg", "**/Pipfile", "**/{environment,conda}*.{yml,yaml}", "**/package.json",
              "**/Cargo.toml", "**/go.mod", "**/*.csproj"])
open(sys.argv[2] + "/patterns.txt", "w").write("\n".join(patterns) + "\n")
open(sys.argv[2] + "/globs.txt", "w").write(" ".join("-g '" + g + "'" for g in sorted(globs)))
PY
# -U: some patterns span lines (a YAML list item and its key); scan reads whole files too.
# A run that takes longer than RG_TIMEOUT seconds (default 120) is cut: its median then reads as
# about that many seconds, a lower bound.
rg_all="timeout ${RG_TIMEOUT:-120} rg -l -U --hidden --no-messages -f $work/patterns.txt"
rg_globs="$rg_all $(cat "$work/globs.txt")"

echo "binary: $bin; ripgrep: $(rg --version | head -1); $(nproc) cores; $runs runs each"
for tree in "$corpus" "$many"; do
  files=$(cd "$tree" && rg --files --hidden --no-messages | wc -l)
  (cd "$tree" && hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$work/h.json" \
    "$bin scan . --format json" "$rg_all ." "$rg_globs ." >/dev/null 2>&1) || true
  scan_ms=$(median "$work/h.json" 0); all_ms=$(median "$work/h.json" 1); globs_ms=$(median "$work/h.json" 2)
  scan_kb=$(peak "$tree" "$bin" scan . --format json)
  all_kb=$(peak "$tree" sh -c "$rg_all . || true")
  globs_kb=$(peak "$tree" sh -c "$rg_globs . || true")
  scanned=$(cd "$tree" && "$bin" scan . --format json | python3 -c "import json,sys; print(json.load(sys.stdin)['files_scanned'])")
  echo
  echo "tree $tree: $files files seen by rg --files --hidden, $scanned scanned by scan"
  printf '  %-34s median %8s ms   peak RSS %7s KiB\n' "llmops-maturity scan" "$scan_ms" "$scan_kb"
  printf '  %-34s median %8s ms   peak RSS %7s KiB   scan/rg = %s\n' "rg -l (same patterns, every file)" "$all_ms" "$all_kb" \
    "$(python3 -c "print(f'{$scan_ms/$all_ms:.2f}')")"
  printf '  %-34s median %8s ms   peak RSS %7s KiB   scan/rg = %s\n' "rg -l (same patterns, rule globs)" "$globs_ms" "$globs_kb" \
    "$(python3 -c "print(f'{$scan_ms/$globs_ms:.2f}')")"
done

echo
this_repository
