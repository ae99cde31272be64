#!/usr/bin/env bash
# Alignment time: align + classify a run's trace against generated 50- and 200-step procedures
# (a sequence, and one with any-order groups of five), clean and with about one deviation per 20
# steps; prints the median time of each and the ratio deviated / clean.
# Usage: bench/alignment.sh [ROUNDS]   ROUNDS default 200 (after as many warm-up rounds)
# Environment: MVN_ARGS extra Maven flags (e.g. -o).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-200}
source bench/lib.sh
bench_compile bench/alignment/AlignmentBench.java
java -Xms256m -Xmx1g -cp "$work/classes:$cp" dev.asrun.conformance.AlignmentBench "$rounds"
