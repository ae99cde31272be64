#!/usr/bin/env bash
# Tracking overhead: the same workload (RUNS runs of a generated 20-step procedure, worked through
# the Java API as Tasklist works them) on a Camunda engine without the as-run plugin and on one
# with it, alternating, in one JVM, each engine on a fresh database of its own. Prints the median
# wall time per run of each, the ratio, and the database rows written (and asrun's share).
# Usage: bench/tracking-overhead.sh [RUNS] [DB]   RUNS default 200; DB h2, postgres or both (default)
# Environment: WARMUP (default 50) warm-up runs per engine; MVN_ARGS extra Maven flags (e.g. -o);
# JAVA_OPTS extra JVM flags, e.g. -Dasrun.bench.noPrompts=true (tracked engine without confirmation
# prompts), -Dasrun.bench.statements=25 (H2: the 25 statements whose time differs most between the
# two databases) or -XX:StartFlightRecording=filename=t.jfr,settings=profile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-200}
db=${2:-both}
warmup=${WARMUP:-50}
source bench/lib.sh
bench_databases "$db"
bench_compile bench/tracking/TrackingOverhead.java
for d in "${dbs[@]}"; do
  java ${JAVA_OPTS:-} -Xms512m -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$work/classes:$cp" TrackingOverhead "$runs" "$warmup" "$d"
done
