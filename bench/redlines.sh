#!/usr/bin/env bash
# Redline proposals' precision and recall per kind on generated histories with known truth (steps
# skipped, neighbours swapped, extra actions inserted, timeouts too short or far too generous,
# values outside their limits, each at planted rates of 0.1 to 0.95 over 5 to 200 runs, with 5 %
# noise), for a grid of min_runs and threshold, then the defaults by run count and rate; prints
# Markdown tables (docs/benchmarks.md).
# Usage: bench/redlines.sh [HISTORIES]   HISTORIES per rate and run count, default 40
# Environment: MVN_ARGS extra Maven flags (e.g. -o).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
histories=${1:-40}
source bench/lib.sh
# the histories are written with the proposals' tests' RunBuilder
bench_compile bench/redlines/RedlineBench.java engine-adapter/src/test/java/dev/asrun/redline/RunBuilder.java
java -cp "$work/classes:$cp" dev.asrun.redline.RedlineBench "$histories"
