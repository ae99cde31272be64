package dev.asrun.query;

import dev.asrun.log.EventLog;
import dev.asrun.log.LoggedEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The as-run record's read API: the seed's queries (section 8) over the run index, a general {@link
 * RunQuery}, one run's whole record, and a run's events from the log itself.
 *
 * <p>Made {@linkplain #of(DataSource) on a data source}, each call takes a connection and returns
 * it; made {@linkplain #of(Connection) on a connection}, each call runs on that connection (in its
 * transaction, if one is open) and leaves it open. Every statement is parameterized: ids and names
 * are bound, never spliced into SQL.
 *
 * <p>Lists of runs are newest first (see {@link RunQuery}). The index is derived from the log by
 * {@code dev.asrun.index.RunProjector}; {@link #fullEventLog} reads the log itself.
 */
public final class AsRunQueries {

  private static final String SELECT_RUNS = "SELECT " + Sql.RUN_COLUMNS + " FROM asrun_run";

  private final DataSource dataSource;
  private final Connection connection;
  private final EventLog log = new EventLog();

  private AsRunQueries(DataSource dataSource, Connection connection) {
    this.dataSource = dataSource;
    this.connection = connection;
  }

  /** Queries that take a connection from {@code dataSource} per call. */
  public static AsRunQueries of(DataSource dataSource) {
    return new AsRunQueries(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /** Queries that run on {@code connection}, which the caller opens and closes. */
  public static AsRunQueries of(Connection connection) {
    return new AsRunQueries(null, Objects.requireNonNull(connection, "connection"));
  }

  // ---- seed 8.1: basic queries

  /** Every run of the procedure, newest first. */
  public List<RunSummary> getRuns(String procedureId) throws SQLException {
    return runs(RunQuery.all().withProcedureId(required("procedureId", procedureId)));
  }

  /** The procedure's runs started at or after {@code from} and before {@code to}, newest first. */
  public List<RunSummary> getRunsInRange(String procedureId, Instant from, Instant to)
      throws SQLException {
    return runs(
        RunQuery.all()
            .withProcedureId(required("procedureId", procedureId))
            .withStartedBetween(required("from", from), required("to", to)));
  }

  /** The procedure's aborted runs (cancelled, timed out, deleted), newest first. */
  public List<RunSummary> getFailedRuns(String procedureId) throws SQLException {
    return runs(
        RunQuery.all()
            .withProcedureId(required("procedureId", procedureId))
            .withStatus(RunStatus.ABORTED));
  }

  // ---- seed 8.2: analytics

  /**
   * The mean duration of the procedure's completed runs, to the millisecond (half up); empty if
   * none has completed. Aborted runs are left out: they say how long failing took, not how long the
   * procedure takes.
   */
  public Optional<Duration> averageDuration(String procedureId) throws SQLException {
    required("procedureId", procedureId);
    Total total =
        with(c ->
                Sql.list(
                    c,
                    "SELECT SUM(duration_ms), COUNT(*) FROM asrun_run"
                        + " WHERE procedure_id = ? AND status = ? AND duration_ms IS NOT NULL",
                    List.of(procedureId, RunStatus.COMPLETED.wireName()),
                    row -> new Total(row.getBigDecimal(1), row.getLong(2))))
            .get(0);
    if (total.count() == 0) {
      return Optional.empty();
    }
    BigDecimal mean =
        total.sum().divide(BigDecimal.valueOf(total.count()), 0, RoundingMode.HALF_UP);
    return Optional.of(Duration.ofMillis(mean.longValueExact()));
  }

  /** A sum of milliseconds over {@code count} runs. */
  private record Total(BigDecimal sum, long count) {}

  /**
   * For each step of the procedure that was ever skipped, in how many runs it was skipped: most
   * skipped first, ties by step id. Steps never skipped are absent.
   */
  public Map<String, Long> skippedStepsFrequency(String procedureId) throws SQLException {
    required("procedureId", procedureId);
    List<Map.Entry<String, Long>> counts =
        with(
            c ->
                Sql.list(
                    c,
                    "SELECT step_id, COUNT(DISTINCT run_id) FROM asrun_run_step"
                        + " WHERE procedure_id = ? AND status = ? GROUP BY step_id",
                    List.of(procedureId, StepStatus.SKIPPED.wireName()),
                    row -> Map.entry(row.getString(1), row.getLong(2))));
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts);
    sorted.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> frequency = new LinkedHashMap<>();
    sorted.forEach(entry -> frequency.put(entry.getKey(), entry.getValue()));
    return Collections.unmodifiableMap(frequency);
  }

  /**
   * For each executor of the procedure's ended runs, the share of them that completed rather than
   * aborted, from 0.0 to 1.0; by executor id. Runs still triggered or active, and runs without an
   * executor, are left out.
   */
  public Map<String, Double> executorSuccessRate(String procedureId) throws SQLException {
    required("procedureId", procedureId);
    // No "status IN (...)": H2 would then seek asrun_run_status_idx by status alone and read
    // every ended run of every procedure; this reads the procedure's runs through its index.
    List<Ended> ended =
        with(
            c ->
                Sql.list(
                    c,
                    "SELECT executor_id, SUM(CASE WHEN status = ? THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) FROM asrun_run"
                        + " WHERE procedure_id = ? AND executor_id IS NOT NULL GROUP BY executor_id",
                    List.of(
                        RunStatus.COMPLETED.wireName(), RunStatus.ABORTED.wireName(), procedureId),
                    row -> new Ended(row.getString(1), row.getLong(2), row.getLong(3))));
    Map<String, Double> byExecutor = new TreeMap<>();
    ended.stream()
        .filter(runs -> runs.completed() + runs.aborted() > 0)
        .forEach(
            runs ->
                byExecutor.put(
                    runs.executorId(),
                    (double) runs.completed() / (runs.completed() + runs.aborted())));
    return Collections.unmodifiableMap(byExecutor);
  }

  /** An executor's completed and aborted runs of a procedure. */
  private record Ended(String executorId, long completed, long aborted) {}

  /**
   * The analytics of the runs {@code query} selects (seed 8.2, see {@link ProcedureAnalytics}); the
   * query must name a procedure, its page is ignored. Reads the run index's deviations ({@code
   * asrun_run_deviation}).
   *
   * @throws IllegalArgumentException if the query names no procedure
   */
  public ProcedureAnalytics analytics(RunQuery query) throws SQLException {
    required("query", query);
    String procedureId =
        query
            .procedureId()
            .orElseThrow(() -> new IllegalArgumentException("analytics need a procedure id"));
    return with(c -> Analytics.of(c, procedureId, Filter.of(query)));
  }

  /**
   * The runs {@code query} selects, counted per {@code bucket} of their start (see {@link
   * TrendPoint}), oldest bucket first; buckets without runs are left out. The query must name a
   * procedure, its page is ignored.
   *
   * @throws IllegalArgumentException if the query names no procedure
   */
  public List<TrendPoint> trend(RunQuery query, TrendBucket bucket) throws SQLException {
    required("query", query);
    required("bucket", bucket);
    query
        .procedureId()
        .orElseThrow(() -> new IllegalArgumentException("a trend needs a procedure id"));
    return with(c -> Trends.of(c, bucket, Filter.of(query)));
  }

  /**
   * Per step, the distribution of its durations in the runs {@code query} selects (see {@link
   * StepDurations}), by step id; steps without a timed done attempt are left out. The query must
   * name a procedure, its page is ignored.
   *
   * @throws IllegalArgumentException if the query names no procedure
   */
  public List<StepDurations> stepDurations(RunQuery query) throws SQLException {
    required("query", query);
    query
        .procedureId()
        .orElseThrow(() -> new IllegalArgumentException("step durations need a procedure id"));
    return with(c -> Trends.steps(c, Filter.of(query)));
  }

  // ---- seed 8.3: compliance

  /**
   * Every run whose executor is {@code executorId} (see {@link RunContext#executorId}), newest
   * first.
   */
  public List<RunSummary> proceduresByExecutor(String executorId) throws SQLException {
    return runs(RunQuery.all().withExecutorId(required("executorId", executorId)));
  }

  /** Every run on the equipment, newest first. */
  public List<RunSummary> proceduresOnEquipment(String equipmentId) throws SQLException {
    return runs(RunQuery.all().withEquipmentId(required("equipmentId", equipmentId)));
  }

  /**
   * The page of runs that {@code query} selects which have no done attempt at {@code stepId}, in
   * the query's order: e.g. completed runs that missed a required step.
   */
  public List<RunSummary> runsMissingStep(RunQuery query, String stepId) throws SQLException {
    required("query", query);
    required("stepId", stepId);
    if (selectsNothing(query)) {
      return List.of();
    }
    Filter filter = missingStep(query, stepId);
    List<Object> parameters = new ArrayList<>(filter.parameters());
    parameters.add(query.maxResults());
    parameters.add(query.firstResult());
    String sql = SELECT_RUNS + filter.where() + Sql.NEWEST_FIRST + " LIMIT ? OFFSET ?";
    return with(c -> Sql.list(c, sql, parameters, Sql::summary));
  }

  /** How many runs {@link #runsMissingStep} selects over all pages. */
  public long countMissingStep(RunQuery query, String stepId) throws SQLException {
    required("query", query);
    required("stepId", stepId);
    return selectsNothing(query) ? 0 : count(missingStep(query, stepId));
  }

  private static Filter missingStep(RunQuery query, String stepId) {
    return Filter.of(query)
        .and(
            "NOT EXISTS (SELECT 1 FROM asrun_run_step s WHERE s.run_id = asrun_run.run_id"
                + " AND s.step_id = ? AND s.status = ?)",
            stepId,
            StepStatus.DONE.wireName());
  }

  /**
   * The run's audit trail: every event of the run, in order, read from the log itself (not the
   * index). Empty if the log has no event of that run.
   */
  public List<LoggedEvent> fullEventLog(String runId) throws SQLException {
    required("runId", runId);
    return with(c -> log.run(c, runId));
  }

  // ---- general

  /** The page of runs that {@code query} selects, in its order. */
  public List<RunSummary> runs(RunQuery query) throws SQLException {
    required("query", query);
    if (selectsNothing(query)) {
      return List.of();
    }
    Filter filter = Filter.of(query);
    List<Object> parameters = new ArrayList<>(filter.parameters());
    parameters.add(query.maxResults());
    parameters.add(query.firstResult());
    String sql = SELECT_RUNS + filter.where() + Sql.NEWEST_FIRST + " LIMIT ? OFFSET ?";
    return with(c -> Sql.list(c, sql, parameters, Sql::summary));
  }

  /** How many runs {@code query} selects over all pages. */
  public long count(RunQuery query) throws SQLException {
    required("query", query);
    if (selectsNothing(query)) {
      return 0;
    }
    return count(Filter.of(query));
  }

  private long count(Filter filter) throws SQLException {
    return with(c ->
            Sql.list(
                c,
                "SELECT COUNT(*) FROM asrun_run" + filter.where(),
                filter.parameters(),
                row -> row.getLong(1)))
        .get(0);
  }

  /**
   * Hands the trace of every run {@code query} selects to {@code consumer}, oldest run first
   * (start time, then run id), whatever the query's page: for exports. The runs are read as they
   * are handed over, not all at once; on a connection of its own the read runs in a read-only
   * transaction (PostgreSQL streams rows only inside one).
   *
   * @return how many runs were handed over
   * @throws IOException if the consumer threw it; the read stops there
   */
  public long traces(RunQuery query, RunTrace.Consumer consumer)
      throws SQLException, IOException {
    return traces(query, consumer, Optional.empty());
  }

  /**
   * As {@link #traces(RunQuery, RunTrace.Consumer)}, the statement given at most {@code timeout}
   * (where present) before the driver cancels it: JDBC's query timeout, rounded up to whole
   * seconds, at least one. The connection is returned however the read ends.
   */
  public long traces(RunQuery query, RunTrace.Consumer consumer, Optional<Duration> timeout)
      throws SQLException, IOException {
    required("query", query);
    required("consumer", consumer);
    required("timeout", timeout);
    if (selectsNothing(query)) {
      return 0;
    }
    Filter filter = Filter.of(query);
    int seconds = timeout.map(AsRunQueries::wholeSeconds).orElse(0);
    if (connection != null) {
      return Traces.stream(connection, filter, consumer, seconds);
    }
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        return Traces.stream(c, filter, consumer, seconds);
      } finally {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** The whole record of the run, if the index holds it. */
  public Optional<RunRecord> run(String runId) throws SQLException {
    required("runId", runId);
    return with(
        c -> {
          List<RunSummary> runs =
              Sql.list(c, SELECT_RUNS + " WHERE run_id = ?", List.of(runId), Sql::summary);
          if (runs.isEmpty()) {
            return Optional.empty();
          }
          List<UUID> eventIds =
              Sql.list(
                  c,
                  "SELECT event_id FROM asrun_event WHERE run_id = ? ORDER BY stream_seq",
                  List.of(runId),
                  row -> row.getObject(1, UUID.class));
          List<RunStep> steps =
              Sql.list(
                  c,
                  "SELECT "
                      + Sql.STEP_COLUMNS
                      + " FROM asrun_run_step WHERE run_id = ?"
                      + " ORDER BY first_seq, attempt",
                  List.of(runId),
                  Sql::step);
          List<Correction> corrections =
              Sql.list(
                  c,
                  "SELECT "
                      + Sql.CORRECTION_COLUMNS
                      + " FROM asrun_run_correction WHERE run_id = ? ORDER BY seq",
                  List.of(runId),
                  Sql::correction);
          List<Deviation> deviations =
              new ArrayList<>(
                  Sql.list(
                      c,
                      "SELECT "
                          + Sql.DEVIATION_COLUMNS
                          + " FROM asrun_run_deviation WHERE run_id = ? ORDER BY ordinal",
                      List.of(runId),
                      Sql::deviation));
          for (Correction notDone : Correction.stepsNotDone(corrections)) {
            deviations.add(addedOmission(notDone, deviations));
          }
          List<RunExtras> extras =
              Sql.list(
                  c,
                  "SELECT corrected_procedure_id, confirmation_note FROM asrun_run WHERE run_id = ?",
                  List.of(runId),
                  row ->
                      new RunExtras(
                          Optional.ofNullable(row.getString(1)),
                          Optional.ofNullable(row.getString(2))));
          return Optional.of(
              new RunRecord(
                  runs.get(0),
                  eventIds,
                  steps,
                  deviations,
                  corrections,
                  extras.get(0).correctedProcedureId(),
                  extras.get(0).confirmationNote()));
        });
  }

  /** The fields of a run only its whole record shows. */
  private record RunExtras(Optional<String> correctedProcedureId, Optional<String> confirmationNote) {}

  /**
   * The omission a {@code step_not_done} correction adds: at the step's written position if a
   * deviation of the engine gives it.
   */
  private static Deviation addedOmission(Correction notDone, List<Deviation> engines) {
    String stepId = notDone.stepId().orElseThrow();
    Optional<Integer> expected =
        engines.stream()
            .filter(d -> d.stepId().equals(notDone.stepId()) && d.expectedPosition().isPresent())
            .map(Deviation::expectedPosition)
            .findFirst()
            .orElse(Optional.empty());
    String by = notDone.executorId().map(id -> " by " + id).orElse("");
    return new Deviation(
        "omission",
        Optional.of(stepId),
        expected,
        Optional.empty(),
        Optional.empty(),
        Optional.of(stepId + " was not done, as corrected" + by + ": " + notDone.reason()),
        false);
  }

  /** The run carried by the Camunda process instance, if the index holds it. */
  public Optional<String> runIdOfProcessInstance(String processInstanceId) throws SQLException {
    required("processInstanceId", processInstanceId);
    return with(
            c ->
                Sql.list(
                    c,
                    "SELECT run_id FROM asrun_run WHERE process_instance_id = ?",
                    List.of(processInstanceId),
                    row -> row.getString(1)))
        .stream()
        .findFirst();
  }

  /** The procedure's lifecycle state: how many of its runs are triggered and active. */
  public ProcedureLifecycle lifecycle(String procedureId) throws SQLException {
    required("procedureId", procedureId);
    Map<String, long[]> counts = lifecycleCounts(" AND procedure_id = ?", List.of(procedureId));
    long[] count = counts.getOrDefault(procedureId, new long[2]);
    return new ProcedureLifecycle(procedureId, count[0], count[1]);
  }

  /**
   * Every procedure that is not inactive (it has a triggered or an active run), by procedure id. A
   * procedure absent from the list is inactive.
   */
  public List<ProcedureLifecycle> lifecycles() throws SQLException {
    List<ProcedureLifecycle> lifecycles = new ArrayList<>();
    lifecycleCounts("", List.of())
        .forEach((id, count) -> lifecycles.add(new ProcedureLifecycle(id, count[0], count[1])));
    return List.copyOf(lifecycles);
  }

  /** Per procedure id (sorted): {triggered, active}. */
  private Map<String, long[]> lifecycleCounts(String condition, List<Object> parameters)
      throws SQLException {
    List<Object> all = new ArrayList<>();
    all.add(RunStatus.TRIGGERED.wireName());
    all.add(RunStatus.ACTIVE.wireName());
    all.addAll(parameters);
    List<StatusCount> rows =
        with(
            c ->
                Sql.list(
                    c,
                    "SELECT procedure_id, status, COUNT(*) FROM asrun_run WHERE status IN (?, ?)"
                        + condition
                        + " GROUP BY procedure_id, status",
                    all,
                    row ->
                        new StatusCount(
                            row.getString(1),
                            RunStatus.fromWireName(row.getString(2)),
                            row.getLong(3))));
    Map<String, long[]> counts = new TreeMap<>();
    for (StatusCount row : rows) {
      long[] count = counts.computeIfAbsent(row.procedureId(), id -> new long[2]);
      count[row.status() == RunStatus.ACTIVE ? 1 : 0] = row.count();
    }
    return counts;
  }

  private record StatusCount(String procedureId, RunStatus status, long count) {}

  /** A JDBC query timeout: whole seconds, rounded up, at least one (zero would mean none). */
  private static int wholeSeconds(Duration timeout) {
    long millis = Math.max(1, timeout.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
  }

  private static boolean selectsNothing(RunQuery query) {
    return query.allowedProcedureIds().map(Set::isEmpty).orElse(false);
  }

  private <T> T with(Work<T> work) throws SQLException {
    if (connection != null) {
      return work.run(connection);
    }
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    }
  }

  private static <T> T required(String name, T value) {
    return Objects.requireNonNull(value, name + " is required");
  }

  /** Work on a connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }
}
