#!/usr/bin/env bash
# Unmatched observations per second over HTTP: packages the example app, starts it on a free
# loopback port with a fresh H2 file database (as bin/start does, without the first-start scenario
# runs) and runs bench/sensors/SensorRate.java against it: BATCHES rounds, each a batch of BATCH new
# observations (recorded), the same batch again (answered from its idempotency keys: the baseline)
# and SINGLES observations reported one per request.
# Usage: bench/sensor-rate.sh [BATCHES] [BATCH] [SINGLES]   defaults 20, 1000, 50
# Environment: MVN_ARGS extra Maven flags (e.g. -o); APP_ARGS extra arguments for the app (e.g.
# --spring.profiles.active=postgres with ASRUN_DB_URL set); APP_JAVA_OPTS extra JVM options for
# the app (e.g. -XX:StartFlightRecording=filename=app.jfr to profile it); JAR an app jar built
# before (e.g. of an earlier commit, to compare) instead of packaging this checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
batches=${1:-20}
batch=${2:-1000}
singles=${3:-50}
work=$(mktemp -d)
app_pid=
cleanup() {
  if [[ -n $app_pid ]]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
read -ra mvn_args <<<"${MVN_ARGS:-}"
read -ra app_args <<<"${APP_ARGS:-}"
jar=${JAR:-}
if [[ -z $jar ]]; then
  mvn -B -q "${mvn_args[@]}" -DskipTests -pl examples -am package
  jar=examples/target/asrun-examples.jar
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -Xms512m -Xmx2g ${APP_JAVA_OPTS:-} -jar "$jar" --server.port="$port" \
  --server.address=127.0.0.1 --spring.datasource.url="jdbc:h2:file:$work/asrun;WRITE_DELAY=0" \
  --asrun.examples.scenarios.runs=0 "${app_args[@]}" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 180); do
  curl -fs -o /dev/null -u demo:demo "http://127.0.0.1:$port/asrun/api/v1/procedures" && break
  kill -0 "$app_pid" 2>/dev/null || { tail -50 "$work/app.log" >&2; exit 1; }
  sleep 1
done
javac -d "$work/classes" bench/sensors/SensorRate.java
echo "load before: $(uptime)"
java -cp "$work/classes" SensorRate "http://127.0.0.1:$port" "$batches" "$batch" "$singles"
echo "load after: $(uptime)"
