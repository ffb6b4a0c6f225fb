#!/usr/bin/env bash
# Measures the PyPI channel as a user without Rust meets it: the wheel's size, and the wall time
# from the start of the install of the wheel into a fresh virtual environment to the end of the
# first `llmops-maturity check` of this repository's llmops-maturity.yaml; with pip and with uv,
# each the median of several runs, against `check` alone (binary already installed) as a ratio.
#
# Usage: bench/wheel-install.sh [WHEEL] [RUNS]
#   WHEEL  a built wheel (default: the one scripts/test-dist.sh left in target/dist/wheels, else
#          `maturin build --release` now, into target/dist/bench-wheels)
#   RUNS   runs per installer (default 9)
# Needs: python3; maturin and uv come from PyPI into .venv-dist. The install reads the local
# wheel only (--no-index): no network is timed. The virtual environment is created before the
# clock starts (pipx and uvx make theirs too, but that is the installer's cost, not the wheel's).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

wheel=${1:-}
runs=${2:-9}
venv=.venv-dist
if [[ ! -x $venv/bin/python ]]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check maturin==1.16.0 uv==0.13.9

if [[ -z $wheel ]]; then
    shopt -s nullglob
    found=(target/dist/wheels/llmops_maturity-*.whl)
    shopt -u nullglob
    if [[ ${#found[@]} -eq 1 ]]; then
        wheel=${found[0]}
    else
        rm -rf target/dist/bench-wheels
        "$venv/bin/maturin" build --release --locked --out target/dist/bench-wheels >&2
        wheel=$(find target/dist/bench-wheels -name 'llmops_maturity-*.whl' | head -n 1)
    fi
fi
wheel=$(cd "$(dirname "$wheel")" && pwd)/$(basename "$wheel")

"$venv/bin/python" - "$wheel" "$runs" "$venv/bin/uv" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time
wheel, runs, uv = sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3])
size = os.path.getsize(wheel)
print(f"wheel: {os.path.basename(wheel)}: {size:,} bytes ({size / 1048576:.2f} MiB)")

def run(*cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)

installers = {
    "pip": lambda env: [f"{env}/bin/python", "-m", "pip", "install", "--no-index",
                        "--disable-pip-version-check", "--quiet", wheel],
    "uv": lambda env: [uv, "pip", "install", "--offline", "--no-index", "--quiet",
                       "--python", f"{env}/bin/python", wheel],
}
results = {}
check_alone = []
for name, install in installers.items():
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = f"{tmp}/venv"
            run("python3", "-m", "venv", env)
            start = time.perf_counter()
            run(*install(env))
            run(f"{env}/bin/llmops-maturity", "check", "llmops-maturity.yaml")
            times.append(time.perf_counter() - start)
            if name == "pip":
                t = time.perf_counter()
                run(f"{env}/bin/llmops-maturity", "check", "llmops-maturity.yaml")
                check_alone.append(time.perf_counter() - t)
    results[name] = times

alone = statistics.median(check_alone)
print(f"runs per installer: {runs}; check alone (installed): median {alone * 1000:.1f} ms")
print("| installer | median (s) | min (s) | max (s) | median / check alone |")
print("|---|---:|---:|---:|---:|")
for name, times in results.items():
    m = statistics.median(times)
    print(f"| {name} | {m:.3f} | {min(times):.3f} | {max(times):.3f} | {m / alone:.0f}x |")
PY
