#!/usr/bin/env bash
# Measures the release binary's size (and build time) per build setting: opt-level 3/s/z, each
# with LTO on (fat, as Cargo.toml's release profile) and off. The rest of Cargo.toml's release
# profile (codegen-units = 1, strip, panic = abort) stays as it is.
#
# Usage: bench/size.sh [SOURCE_DIR] [OUT_DIR]
#   SOURCE_DIR  the crate to build (default: this checkout)
#   OUT_DIR     one target folder per setting, kept so a rerun only relinks (default: target/bench-size)
# Builds one setting at a time with -j2: this machine has 2 cores. Prints a Markdown table.
set -euo pipefail

src=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
out=${2:-$src/target/bench-size}
mkdir -p "$out"
target=${BENCH_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}

echo "| opt-level | lto | size (bytes) | size (MiB) | build time (s) |"
echo "|---|---|---:|---:|---:|"
for opt in 3 s z; do
    for lto in fat off; do
        dir=$out/opt-$opt-lto-$lto
        start=$(date +%s)
        CARGO_TARGET_DIR=$dir CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt CARGO_PROFILE_RELEASE_LTO=$lto \
            cargo build --quiet --release --locked -j 2 --target "$target" --manifest-path "$src/Cargo.toml" >&2
        seconds=$(($(date +%s) - start))
        bin=$dir/$target/release/llmops-maturity
        bytes=$(wc -c <"$bin" | tr -d ' ')
        printf '| %s | %s | %d | %s | %d |\n' "$opt" "$lto" "$bytes" \
            "$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')" "$seconds"
    done
done
