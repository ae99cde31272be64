#!/usr/bin/env bash
# Observations per second: the monitor (ObservationService: matching, log, run index, deviation
# detector) on a Camunda engine with the as-run plugin, with 100 and then 1,000 active runs over 100
# generated procedures, against completing runs' open tasks through TaskService (what Tasklist
# does) in the same engine, alternating in rounds of 10. Prints both rates, the ratio and the
# events written per operation, per level of active runs.
# Usage: bench/observations.sh [OBSERVATIONS] [DB]   OBSERVATIONS per level (default 100), as
#   many task completions; DB h2 (a file database), postgres or both (default)
# Environment: WARMUP (default 10) warm-up observations and completions per level; MVN_ARGS extra
#   Maven flags (e.g. -o).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
observations=${1:-100}
db=${2:-both}
warmup=${WARMUP:-10}
source bench/lib.sh
bench_databases "$db"
bench_compile bench/observations/ObservationsBench.java
for d in "${dbs[@]}"; do
  mkdir -p "$work/$d"
  java -Xms512m -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$work/classes:$cp" ObservationsBench "$observations" "$warmup" "$d" "$work/$d"
done
