#!/usr/bin/env bash
# Benchmark `org`'s pure part: 1,000 repositories' files from a recorded GraphQL answer (10 pages),
# decoded, scored with the same core as `check`, and rendered as Markdown, JSON and CSV.
# Prints the median of 31 runs and its ratio to issue 10's goal (under 100 ms).
# Usage: bench/org.sh   (builds with the bench profile, which is the release profile)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench org_rollup
