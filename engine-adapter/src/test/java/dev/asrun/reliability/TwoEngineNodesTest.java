package dev.asrun.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.AsRunPlugin;
import dev.asrun.capture.RunIds;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.index.AllQueries;
import dev.asrun.index.IndexDatabase;
import dev.asrun.index.IndexTables;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.RunProjector;
import dev.asrun.index.Vendor;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventType;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.VerifyReport;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.common.BaseDataSource;

/**
 * Two engine nodes on one database, as Camunda clusters: two process engines (each with its own
 * connection pool, job executor and as-run plugin) on the same database, working the same runs at
 * once. Clients start runs and complete steps on both nodes, alternating, so the steps of one run
 * that may be done in any order are completed on different nodes at the same moment; they retry a
 * completion the engine refused with an {@link OptimisticLockingException}, as a real client does,
 * and note every completion the engine acknowledged. Both job executors fire the timers (waits,
 * step timeouts) and the procedure calls a nested procedure. Afterwards the log holds every
 * acknowledged completion exactly once, every run's lifecycle exactly once, no fork in any chain,
 * every chain verifies, and the run index kept live by both nodes equals its rebuild from the log.
 *
 * <p>On H2 the two engines share one in-memory database in this JVM (H2's MVStore: row locks,
 * {@code SELECT ... FOR UPDATE}); on PostgreSQL, one real server.
 */
class TwoEngineNodesTest {

  private static final int RUNS = 40;
  private static final int CLIENTS = 6;
  private static final int MAX_ATTEMPTS = 50;

  private static final String BATCH = "sop_two_nodes_batch";
  private static final String ZERO = "sop_two_nodes_zero";

  private static final List<String> USERS = List.of("alice", "bob", "carol");
  private static final List<String> EQUIPMENT = List.of("reactor_01", "reactor_02", "reactor_03");
  private static final List<String> LOCATIONS = List.of("lab_3", "lab_5");

  /**
   * Two lines worked in any order, each a sequence: so the run's first step is done on either line,
   * on either node, and nothing of the engine's own makes two such completions wait for each other.
   * A step timeout and a wait give the job executors work in the middle of the run.
   */
  private static final String BATCH_TOML =
      """
      [procedure]
      id = "sop_two_nodes_batch"
      name = "Batch on two lines"

      [[procedure.steps]]
      id = "lines"
      type = "group"
      name = "Both lines"
      order = "any"

        [[procedure.steps.steps]]
        id = "line_a"
        type = "group"
        name = "Line A"
        steps = [
          { id = "a_open", name = "Open line A", timeout = "1s" },
          { id = "a_check", type = "check", name = "Line A tight?", variable = "a_ok" },
        ]

        [[procedure.steps.steps]]
        id = "line_b"
        type = "group"
        name = "Line B"
        steps = [
          { id = "b_open", name = "Open line B" },
          { id = "b_settle", type = "wait", name = "Let line B settle", duration = "1s" },
          { id = "b_record", type = "record", name = "Record line B", fields = [
            { variable = "pressure", label = "Pressure", type = "number", unit = "bar" },
          ] },
        ]

      [[procedure.steps]]
      id = "calibrate"
      name = "Zero the gauge"
      reference = "sop_two_nodes_zero"

      [[procedure.steps]]
      id = "sign_off"
      name = "Sign off"
      timeout = "2s"
      """;

  private static final String ZERO_TOML =
      """
      [procedure]
      id = "sop_two_nodes_zero"
      name = "Zero a gauge"

      [[procedure.steps]]
      id = "zero"
      name = "Zero it"
      """;

  /** The steps of each procedure: each ends exactly once per run in this workload. */
  private static final Map<String, List<String>> STEPS =
      Map.of(
          BATCH,
          List.of("a_open", "a_check", "b_open", "b_settle", "b_record", "calibrate", "sign_off"),
          ZERO,
          List.of("zero"));

  /** The steps completed through their forms; the others through the Java API. */
  private static final Set<String> FORM_STEPS = Set.of("a_check", "b_record", "sign_off");

  private final List<ProcessEngine> nodes = new ArrayList<>();
  private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

  /** The completions the engine acknowledged: task id to {@code outcome by user}. */
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

  @AfterEach
  void stopTheClientsAndNodes() {
    clients.shutdownNow();
    stopNodes();
  }

  @OnBothDatabases
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoNodesWorkingTheSameRunsRecordEachCompletionOnceInChainsThatVerify(Vendor vendor)
      throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    for (int node = 1; node <= 2; node++) {
      nodes.add(node("asrun-node-" + node + "-" + vendor.name().toLowerCase(), vendor, db));
    }
    deploy(nodes.get(0));
    nodes.forEach(TwoEngineNodesTest::loadDefinitions);
    Instant begun = Instant.now();

    Map<String, String> processInstanceIdsByRunId = work();
    Instant ended = Instant.now();
    stopNodes();

    List<LoggedEvent> events = db.inTransaction(TwoEngineNodesTest::wholeLog);
    assertThat(events).extracting(LoggedEvent::eventId).doesNotHaveDuplicates();
    assertThat(events)
        .extracting(event -> event.stream() + "#" + event.streamSeq())
        .as("positions (stream, stream_seq)")
        .doesNotHaveDuplicates();

    assertThat(completionsRecorded(events))
        .as("the log's step completions by task, against the completions the engine acknowledged")
        .isEqualTo(
            acknowledged.entrySet().stream()
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey, entry -> List.of(entry.getValue()), (a, b) -> a,
                        TreeMap::new)));

    Map<String, List<LoggedEvent>> runs = byRun(events);
    assertThat(runs.keySet())
        .containsExactlyInAnyOrderElementsOf(processInstanceIdsByRunId.keySet());
    Map<String, Map<String, Long>> miscounted = new TreeMap<>();
    List<String> repeatedOverdue = new ArrayList<>();
    runs.forEach(
        (runId, trail) -> {
          String procedure = trail.get(0).procedureId().orElseThrow();
          Map<String, Long> tally = tally(trail);
          if (!tally.equals(expectedTally(procedure))) {
            miscounted.put(runId + " of " + procedure, tally);
          }
          List<Object> overdue = overdue(trail);
          if (overdue.size() != Set.copyOf(overdue).size()) {
            repeatedOverdue.add(runId + " " + overdue);
          }
        });
    assertThat(miscounted)
        .as("runs whose start, end or steps were not recorded exactly once; expected %s and %s",
            expectedTally(BATCH), expectedTally(ZERO))
        .isEmpty();
    assertThat(repeatedOverdue).as("runs with a step overdue twice").isEmpty();

    VerifyReport report = db.inTransaction(connection -> new LogVerifier().verify(connection));
    assertThat(report.problems()).as("problems the log verifier found").isEmpty();
    assertThat(report.events()).isEqualTo(events.size());

    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    assertThat(queries.count(RunQuery.all().withStatus(RunStatus.COMPLETED)))
        .isEqualTo(2L * RUNS);
    Instant middle = begun.plus(Duration.between(begun, ended).dividedBy(2));
    AllQueries.Subjects subjects =
        new AllQueries.Subjects(
            List.of(ZERO, BATCH, "sop_two_nodes_never_run"),
            Stream.concat(USERS.stream(), Stream.of("nobody")).toList(),
            Stream.concat(EQUIPMENT.stream(), Stream.of("reactor_99")).toList(),
            LOCATIONS,
            processInstanceIdsByRunId,
            begun.minusSeconds(60),
            begun,
            middle,
            ended.plusSeconds(60));
    Map<String, Object> live =
        db.inTransaction(connection -> AllQueries.answers(AsRunQueries.of(connection), subjects));
    List<List<List<String>>> liveTables = IndexTables.dump(db);

    db.inTransaction(new RunProjector()::rebuild);

    Map<String, Object> rebuilt =
        db.inTransaction(connection -> AllQueries.answers(AsRunQueries.of(connection), subjects));
    assertThat(rebuilt.keySet()).containsExactlyElementsOf(live.keySet());
    for (String query : live.keySet()) {
      assertThat(rebuilt.get(query)).as(query).isEqualTo(live.get(query));
    }
    assertThat(IndexTables.dump(db)).isEqualTo(liveTables);
  }

  /**
   * Starts the runs and completes every step on both nodes until every run (and every nested run)
   * has ended; returns the runs' ids with their process instance ids.
   */
  private Map<String, String> work() throws Exception {
    List<Future<?>> pending = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      int run = i;
      pending.add(clients.submit(() -> start(nodes.get(run % 2), run)));
    }
    ProcessEngine observer = nodes.get(0);
    Set<String> dispatched = new HashSet<>();
    int turn = 0;
    while (ended(observer) < 2L * RUNS) {
      settle(pending);
      List<Task> open =
          observer.getTaskService().createTaskQuery().processDefinitionKeyIn(BATCH, ZERO)
              .orderByProcessInstanceId().asc().list();
      for (Task task : open) {
        if (dispatched.add(task.getId())) {
          ProcessEngine node = nodes.get(turn % 2);
          String user = USERS.get(turn % USERS.size());
          boolean skip = turn % 7 == 3;
          turn++;
          pending.add(clients.submit(() -> complete(node, task, user, skip)));
        }
      }
      Thread.sleep(50);
    }
    for (Future<?> future : pending) {
      future.get();
    }
    Map<String, String> runs = new LinkedHashMap<>();
    for (HistoricProcessInstance instance :
        observer.getHistoryService().createHistoricProcessInstanceQuery()
            .processDefinitionKeyIn(BATCH, ZERO).orderByProcessInstanceId().asc().list()) {
      runs.put(RunIds.of(instance.getId()), instance.getId());
    }
    return runs;
  }

  private static long ended(ProcessEngine node) {
    return node.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKeyIn(BATCH, ZERO).finished().count();
  }

  /** Rethrows what a finished client call threw; forgets the calls that succeeded. */
  private static void settle(List<Future<?>> pending) throws Exception {
    for (Iterator<Future<?>> calls = pending.iterator(); calls.hasNext(); ) {
      Future<?> call = calls.next();
      if (call.isDone()) {
        call.get();
        calls.remove();
      }
    }
  }

  private void start(ProcessEngine node, int run) {
    String user = USERS.get(run % USERS.size());
    String definition =
        node.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(BATCH)
            .latestVersion().singleResult().getId();
    Map<String, Object> form = new HashMap<>();
    form.put("location", LOCATIONS.get(run % LOCATIONS.size()));
    form.put("equipment_id", EQUIPMENT.get(run % EQUIPMENT.size()));
    form.put("notes", "batch " + run);
    retried(
        node, user, () -> node.getFormService().submitStartForm(definition, "batch-" + run, form));
  }

  /**
   * Completes {@code task} on {@code node} as {@code user}: an action step through the Java API
   * without any variable (as an integration completes a task), a check or record step through its
   * form, done or, with {@code skip}, skipped with a reason. The completion is noted once the
   * engine acknowledged it.
   */
  private void complete(ProcessEngine node, Task task, String user, boolean skip) {
    String step = task.getTaskDefinitionKey();
    if (!FORM_STEPS.contains(step)) {
      retried(node, user, () -> node.getTaskService().complete(task.getId()));
      acknowledged.put(task.getId(), "done by " + user);
      return;
    }
    Map<String, Object> form = new HashMap<>();
    switch (step) {
      case "a_check" -> form.put("a_ok", true);
      case "b_record" -> form.put("pressure", "2.5");
      default -> { }
    }
    String outcome = skip ? "skipped" : "done";
    form.put("asrun_outcome", outcome);
    if (skip) {
      form.put("asrun_skip_reason", "not needed for this batch");
    }
    retried(node, user, () -> node.getFormService().submitTaskForm(task.getId(), form));
    acknowledged.put(task.getId(), outcome + " by " + user);
  }

  /**
   * Runs {@code command} on {@code node} as {@code user}, again while the engine refuses it with an
   * {@link OptimisticLockingException} (its transaction rolled back, so it is safe to repeat).
   */
  private static void retried(ProcessEngine node, String user, Runnable command) {
    for (int attempt = 1; ; attempt++) {
      node.getIdentityService().setAuthenticatedUserId(user);
      try {
        command.run();
        return;
      } catch (OptimisticLockingException refused) {
        if (attempt == MAX_ATTEMPTS) {
          throw refused;
        }
      } finally {
        node.getIdentityService().clearAuthentication();
      }
    }
  }

  /** Every event of the log, in {@code seq} order. */
  private static List<LoggedEvent> wholeLog(Connection connection) throws Exception {
    EventLog log = new EventLog();
    List<LoggedEvent> events = new ArrayList<>();
    List<LoggedEvent> page;
    while (!(page = log.after(connection, events.isEmpty() ? 0 : events.get(events.size() - 1)
        .seq(), 1000)).isEmpty()) {
      events.addAll(page);
    }
    return events;
  }

  /** The completions of user task steps in the log: task id to each {@code outcome by user}. */
  private static Map<String, List<String>> completionsRecorded(List<LoggedEvent> events) {
    return events.stream()
        .filter(event -> event.type() == EventType.STEP_MATCHED
            || event.type() == EventType.STEP_SKIPPED)
        .filter(event -> event.payloadMap().get("task_id") != null)
        .collect(
            Collectors.groupingBy(
                event -> (String) event.payloadMap().get("task_id"),
                TreeMap::new,
                Collectors.mapping(
                    event -> event.payloadMap().get("outcome") + " by "
                        + event.payloadMap().get("executor_id"),
                    Collectors.toList())));
  }

  private static Map<String, List<LoggedEvent>> byRun(List<LoggedEvent> events) {
    return events.stream()
        .filter(event -> event.runId().isPresent())
        .collect(
            Collectors.groupingBy(
                event -> event.runId().get(), TreeMap::new, Collectors.toList()));
  }

  /** How often the run started, became active and ended, and how often each step ended. */
  private static Map<String, Long> tally(List<LoggedEvent> trail) {
    return trail.stream()
        .filter(event -> switch (event.type()) {
          case PROC_TRIGGERED, RUN_STARTED, PROC_COMPLETED, PROC_ABORTED, STEP_MATCHED,
              STEP_SKIPPED -> true;
          default -> false;
        })
        .collect(
            Collectors.groupingBy(
                event -> switch (event.type()) {
                  case STEP_MATCHED, STEP_SKIPPED -> "ended " + event.payloadMap().get("step_id");
                  default -> event.type().wireName();
                },
                TreeMap::new,
                Collectors.counting()));
  }

  private static Map<String, Long> expectedTally(String procedure) {
    Map<String, Long> expected = new TreeMap<>();
    expected.put(EventType.PROC_TRIGGERED.wireName(), 1L);
    expected.put(EventType.RUN_STARTED.wireName(), 1L);
    expected.put(EventType.PROC_COMPLETED.wireName(), 1L);
    for (String step : STEPS.get(procedure)) {
      expected.put("ended " + step, 1L);
    }
    return expected;
  }

  private static List<Object> overdue(List<LoggedEvent> trail) {
    return trail.stream()
        .filter(event -> event.type() == EventType.STEP_OVERDUE)
        .map(event -> event.payloadMap().get("step_id"))
        .toList();
  }

  /**
   * An engine node on the test's database: its own pool and job executor, polling often, and
   * Camunda's UUID ids as a cluster is configured (the Spring Boot starter's default): the default
   * standalone {@code DbIdGenerator} makes nodes race for the next id block, which Camunda answers
   * with an {@code OptimisticLockingException} to whichever command needed the block.
   */
  private static ProcessEngine node(String name, Vendor vendor, IndexDatabase db) {
    StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName(name);
    configuration.setJdbcUrl(jdbcUrl(db.dataSource()));
    configuration.setJdbcDriver(vendor == Vendor.H2 ? "org.h2.Driver" : "org.postgresql.Driver");
    configuration.setJdbcUsername(vendor == Vendor.H2 ? "sa" : "postgres");
    configuration.setJdbcPassword("");
    configuration.setJdbcMaxActiveConnections(20);
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setHistory("full");
    configuration.setIdGenerator(new StrongUuidGenerator());
    DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
    jobExecutor.setWaitTimeInMillis(50);
    jobExecutor.setMaxWait(250);
    configuration.setJobExecutor(jobExecutor);
    configuration.setJobExecutorActivate(true);
    configuration.getProcessEnginePlugins().add(new AsRunPlugin());
    return configuration.buildProcessEngine();
  }

  private static String jdbcUrl(DataSource dataSource) {
    if (dataSource instanceof JdbcDataSource h2) {
      return h2.getURL();
    }
    return ((BaseDataSource) dataSource).getUrl();
  }

  private static void deploy(ProcessEngine node) {
    CompilationResult result =
        ProcedureCompiler.compile(
            List.of(
                new Source("two-nodes-batch.toml", BATCH_TOML),
                new Source("two-nodes-zero.toml", ZERO_TOML)));
    assertThat(result.diagnostics()).extracting(Diagnostic::format).isEmpty();
    DeploymentBuilder deployment =
        node.getRepositoryService().createDeployment().name("two-nodes");
    for (CompiledProcedure procedure : result.procedures()) {
      deployment.addString(procedure.resourceName(), procedure.bpmnXml());
    }
    deployment.deploy();
  }

  /**
   * Loads the deployed definitions into {@code node}'s deployment cache, as a node's first request
   * does, before the clients race: two threads of a node that find its cache cold parse the same
   * deployment at once, and Camunda can then create a timer for a definition whose id is not yet
   * set ("processDefinitionId is null", seen once in a clean-clone run). The record's races are the
   * test's subject, not the engine's cold cache.
   */
  private static void loadDefinitions(ProcessEngine node) {
    RepositoryService repository = node.getRepositoryService();
    for (ProcessDefinition definition :
        repository.createProcessDefinitionQuery().processDefinitionKeyIn(BATCH, ZERO).list()) {
      repository.getProcessDefinition(definition.getId());
      repository.getBpmnModelInstance(definition.getId());
    }
  }

  private void stopNodes() {
    for (ProcessEngine node : nodes) {
      node.close();
    }
    nodes.clear();
  }
}
