#!/usr/bin/env bash
# Compile benchmark: a generated catalog of COUNT procedures (default 1000) of 30 steps each, with
# groups, conditions and references. Times `validate` (parse + validate: the baseline) and
# `compile` (parse + validate + lower + emit + write) over RUNS runs each (default 5, alternating),
# with GNU time, and prints the medians: wall seconds, ms per procedure, peak memory, and the ratio.
# Usage: bench/compile-catalog.sh [COUNT] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-1000}
runs=${2:-5}
jar=toml-to-bpmn/target/toml-to-bpmn.jar
[[ -f $jar ]] || mvn -B -q -DskipTests -pl toml-to-bpmn package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java bench/CatalogGenerator.java "$work/catalog" "$count"
echo "catalog: $count procedures, $(cat "$work"/catalog/*.toml | wc -l) lines of TOML"

measure() { # name, then the command; appends "wall_seconds peak_kib" to $work/$name
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/one" "$@" >/dev/null
  cat "$work/one" >>"$work/$name"
}
for ((i = 0; i < runs; i++)); do
  measure validate java -jar "$jar" validate "$work/catalog"
  rm -rf "$work/out"
  measure compile java -jar "$jar" compile "$work/catalog" -o "$work/out"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for name in validate compile; do
  wall=$(cut -d' ' -f1 "$work/$name" | median)
  peak=$(cut -d' ' -f2 "$work/$name" | median)
  printf '%-9s median wall %6.2f s  %6.2f ms/procedure  peak RSS %5d MiB\n' \
    "$name" "$wall" "$(echo "$wall * 1000 / $count" | bc -l)" $((peak / 1024))
done
v=$(cut -d' ' -f1 "$work/validate" | median)
c=$(cut -d' ' -f1 "$work/compile" | median)
printf 'compile / validate wall-time ratio: %.2f\n' "$(echo "$c / $v" | bc -l)"
echo "BPMN written: $(ls "$work/out" | wc -l) files, $(du -sh "$work/out" | cut -f1)"
