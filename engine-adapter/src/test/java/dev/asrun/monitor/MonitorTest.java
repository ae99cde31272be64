package dev.asrun.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.AsRunPlugin;
import dev.asrun.capture.TestEngines;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.conformance.ExhaustiveReference;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor's rules on a real engine, on H2 and PostgreSQL: observations complete, move on and
 * start runs, are recorded late or as extra steps, go to called runs, respect contexts, are
 * idempotent and authorized, and bad ones record nothing.
 */
class MonitorTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios {

    private static final Instant AT = Instant.parse("2025-06-02T08:05:00Z");

    ProcessEngine engine;
    ObservationService service;
    private final List<String> deployments = new ArrayList<>();
    private final EventLog log = new EventLog();
    /** Unique per test: the log is shared by all tests on a database. */
    private String p;

    @BeforeEach
    void bind(ProcessEngine processEngine) {
      engine = processEngine;
      service = new ObservationService(engine);
      p = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @AfterEach
    void cleanUp() throws SQLException {
      ClockUtil.reset();
      engine.getIdentityService().clearAuthentication();
      for (String deployment : deployments) {
        engine.getRepositoryService().deleteDeployment(deployment, true, true);
      }
      try (Connection connection = connection()) {
        assertThat(new LogVerifier().verify(connection).problems()).isEmpty();
      }
    }

    @Test
    void anObservationOfTheCurrentStepCompletesItsTask() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", "lab_1", "r1");
      Observation seen = observation("act_a_" + p, "alice", "lab_1", "r1");
      ObservationResult result = service.report(seen);

      assertThat(result.matched()).singleElement()
          .satisfies(m -> assertThat(m.stepId()).isEqualTo("a"));
      assertThat(result.unmatched()).isFalse();
      assertThat(openSteps(run)).containsExactly("b");
      LoggedEvent matched = only(run, EventType.STEP_MATCHED, "a");
      assertThat(matched.source()).isEqualTo(EventSource.INFERENCE);
      assertThat(matched.occurredAt()).contains(seen.timestamp());
      assertThat(matched.payloadMap())
          .containsEntry("executor_id", "alice")
          .containsEntry("observation_id", result.observationId());
      assertThat(types(run)).containsSubsequence(
          "observation_received", "run_started", "step_matched a");
    }

    /**
     * Four sensors report the current step of one run at the same moment: their commands race for
     * the same task, and the losers of Camunda's optimistic-locking race are worked again on what
     * the winner left. The run ends as if they had come one after the other: one completion and
     * three corroborations, every report answered.
     */
    @Test
    void observationsRacingForOneStepEndAsOneCompletionAndCorroborations() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", "lab_1", "r1");
      int racers = 4;
      List<ObservationResult> results =
          race(racers, i -> observation("act_a_" + p, "sensor_" + i, "lab_1", "r1"));
      assertThat(results).allSatisfy(result -> assertThat(result.matched())
          .extracting(ObservationResult.Match::stepId).containsExactly("a"));

      assertThat(openSteps(run)).containsExactly("b");
      List<String> types = types(run);
      assertThat(types).filteredOn("step_matched a"::equals).hasSize(1);
      assertThat(types).filteredOn("step_corroborated"::equals).hasSize(racers - 1);
    }

    @Test
    void observationsRacingOnTwoEngineNodesEndAsOneRunWithOneCompletionPerStep()
        throws Exception {
      deploy(sequence("a", "b", "c"));
      ObservationService[] nodes = {
        service, new ObservationService(TestEngines.secondNode(engine))
      };
      int racers = 4;
      List<ObservationResult> started =
          race(racers, i -> observation("act_a_" + p, "sensor_" + i, "lab_4", "r4"),
              i -> nodes[i % 2]);
      List<ObservationResult> moved =
          race(racers, i -> observation("act_b_" + p, "sensor_" + i, "lab_4", "r4"),
              i -> nodes[i % 2]);

      List<ProcessInstance> runs =
          engine.getRuntimeService().createProcessInstanceQuery()
              .processDefinitionKey(p + "_a_b_c").list();
      assertThat(runs).hasSize(1);
      assertThat(started).flatExtracting(ObservationResult::startedRuns).hasSize(1);
      assertThat(moved).allSatisfy(result -> assertThat(result.matched())
          .extracting(ObservationResult.Match::stepId).containsExactly("b"));
      assertThat(openSteps(runs.get(0))).containsExactly("c");
      List<String> types = types(runs.get(0));
      assertThat(types).filteredOn("step_matched a"::equals).hasSize(1);
      assertThat(types).filteredOn("step_matched b"::equals).hasSize(1);
      assertThat(types).filteredOn("step_corroborated"::equals).hasSize(2 * (racers - 1));
    }

    @Test
    void anObservationRacingATasklistCompletionOfTheSameStepEndsAsOneCompletion()
        throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      String task = engine.getTaskService().createTaskQuery().processInstanceId(run.getId())
          .taskDefinitionKey("a").singleResult().getId();
      CyclicBarrier together = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      boolean operatorFirst;
      ObservationResult sensed;
      try {
        Future<ObservationResult> sensor =
            threads.submit(
                () -> {
                  together.await();
                  return service.report(sensor("act_a_" + p, Instant.now()));
                });
        Future<Boolean> operator =
            threads.submit(
                () -> {
                  together.await();
                  engine.getIdentityService().setAuthenticatedUserId("alice");
                  try {
                    engine.getTaskService().complete(task);
                    return true;
                  } catch (RuntimeException doneBySensor) {
                    // Camunda refuses the completion: the task is gone (NotFoundException), was
                    // changed (OptimisticLockingException), or, read just before the sensor's
                    // command committed, has lost its execution (Camunda's own NullPointerException)
                    return false;
                  } finally {
                    engine.getIdentityService().clearAuthentication();
                  }
                });
        sensed = sensor.get();
        operatorFirst = operator.get();
      } finally {
        threads.shutdownNow();
      }

      assertThat(sensed.matched()).extracting(ObservationResult.Match::stepId)
          .containsExactly("a");
      assertThat(openSteps(run)).containsExactly("b");
      List<String> types = types(run);
      assertThat(types).filteredOn("step_matched a"::equals).hasSize(1);
      assertThat(types).filteredOn("step_corroborated"::equals).hasSize(operatorFirst ? 1 : 0);
      assertThat(only(run, EventType.STEP_MATCHED, "a").source())
          .isEqualTo(operatorFirst ? EventSource.EXECUTOR : EventSource.INFERENCE);
    }

    @Test
    void observationsRacingToStartARunInOneContextStartOneRun() throws Exception {
      deploy(sequence("a", "b", "c"));
      int racers = 4;
      List<ObservationResult> results =
          race(racers, i -> observation("act_a_" + p, "sensor_" + i, "lab_2", "r2"));

      List<ProcessInstance> runs =
          engine.getRuntimeService().createProcessInstanceQuery()
              .processDefinitionKey(p + "_a_b_c").list();
      assertThat(runs).hasSize(1);
      assertThat(results).flatExtracting(ObservationResult::startedRuns)
          .containsExactly(runId(runs.get(0)));
      assertThat(results).allSatisfy(result -> assertThat(result.matched())
          .extracting(ObservationResult.Match::stepId).containsExactly("a"));
      assertThat(openSteps(runs.get(0))).containsExactly("b");
      List<String> types = types(runs.get(0));
      assertThat(types).filteredOn("step_matched a"::equals).hasSize(1);
      assertThat(types).filteredOn("step_corroborated"::equals).hasSize(racers - 1);
    }

    @Test
    void anObservationOfALaterStepMovesTheRunOnAndPassesOverTheStepsBefore() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, null);
      service.report(observation("act_a_" + p, null, null, null));
      ObservationResult result = service.report(observation("act_c_" + p, null, null, null));

      assertThat(result.matched()).extracting(ObservationResult.Match::stepId).containsExactly("c");
      assertThat(engine.getRuntimeService().createProcessInstanceQuery()
          .processInstanceId(run.getId()).count()).isZero();
      LoggedEvent passed = only(run, EventType.STEP_SKIPPED, "b");
      assertThat(passed.payloadMap())
          .containsEntry("outcome", "not_seen")
          .containsEntry("reason", "not seen: the run moved on to c");
      assertThat(only(run, EventType.STEP_MATCHED, "c").payloadMap())
          .containsEntry("observation_id", result.observationId());
      assertThat(types(run)).doesNotContain("operator_modification");
      assertThat(types(run)).contains("proc_completed");
    }

    @Test
    void movingOnPastAnAnyOrderGroupEndsTheGroupAndTheRun() throws Exception {
      deploy(grouped());
      ProcessInstance run = startByHand("grouped", null, null);
      service.report(observation("act_a_" + p, null, null, null));
      service.report(observation("act_b_" + p, null, null, null));
      assertThat(openSteps(run)).containsExactly("c1");

      service.report(observation("act_d_" + p, null, null, null));

      assertEnded(run);
      assertThat(only(run, EventType.STEP_SKIPPED, "c1").payloadMap())
          .containsEntry("reason", "not seen: the run moved on to d");
    }

    @Test
    void aStepInsideAnAnyOrderGroupKeepsTheOtherBranchOpen() throws Exception {
      deploy(grouped());
      ProcessInstance run = startByHand("grouped", null, null);
      service.report(observation("act_a_" + p, null, null, null));

      service.report(observation("act_c2_" + p, null, null, null));
      assertThat(openSteps(run)).containsExactly("b");
      service.report(observation("act_b_" + p, null, null, null));
      assertThat(openSteps(run)).containsExactly("d");
      service.report(observation("act_d_" + p, null, null, null));

      assertEnded(run);
    }

    @Test
    void movingIntoAnAnyOrderGroupStartsItsOtherBranches() throws Exception {
      deploy(grouped());
      ProcessInstance run = startByHand("grouped", null, null);

      service.report(observation("act_b_" + p, null, null, null));
      assertThat(openSteps(run)).containsExactly("c1");
      service.report(observation("act_d_" + p, null, null, null));

      assertEnded(run);
    }

    @Test
    void aSequenceReportedOutOfOrderInOneBatchEnds() throws Exception {
      deploy(sequence("s1", "s2", "s3", "s4", "s5", "s6", "s7"));
      ProcessInstance run = startByHand("a_b_c", null, null);

      service.reportAll(List.of("s1", "s3", "s2", "s4", "s5", "s6", "s7").stream()
          .map(step -> observation("act_" + step + "_" + p, null, null, null)).toList());

      assertEnded(run);
    }

    @Test
    void aRunMovedPastAnAnyOrderGroupInOneBatchEnds() throws Exception {
      deploy(grouped());
      ProcessInstance run = startByHand("grouped", null, null);

      service.reportAll(List.of("a", "b", "d").stream()
          .map(step -> observation("act_" + step + "_" + p, null, null, null)).toList());

      assertEnded(run);
    }

    /**
     * Fixed-seed random traces over three procedures (an any-order group holding a sequence; a
     * sequence group holding an any-order group, then an optional step; conditions on a step, on a
     * group inside an any-order group and on an optional step, decided by the run's location),
     * each step reported zero to two times in random order, then the last step; reported one at a
     * time or as one batch sent in a random order with claimed times in the trace's order. Each
     * run must end (no execution left, {@code proc_completed}) and its record must agree with an
     * exhaustive search ({@link ExhaustiveReference}) on the same trace:
     *
     * <ul>
     *   <li>the trace the deviations are detected on is every report, in claimed-time order (the
     *       reporter is one witness, so nothing is a corroboration);
     *   <li>the run's final deviations cost, as alignment moves, the least cost the search finds
     *       for that trace with the steps the engine reached (its own history, which decides which
     *       conditions were bypassed);
     *   <li>its additions, repeats and omissions are exactly those every optimal alignment gives
     *       ({@link ExhaustiveReference.CompletedRun#determined}).
     * </ul>
     *
     * Only what is uniquely determined is compared: where several alignments are optimal (of a
     * swapped pair either step may be the reorder) the reorders named may differ between them, so
     * they are compared through the cost alone.
     */
    @Test
    void everyRandomTraceEndsTheRunWithDeviationsOfTheExhaustiveOptimum() throws Exception {
      deploy(grouped(), nestedGroups(), conditions());
      long seed = 20_261_205L;
      Random random = new Random(seed);
      List<List<String>> stepsOf = List.of(
          List.of("a", "b", "c1", "c2"),
          List.of("a", "x", "y", "z1", "z2", "o"),
          List.of("a", "b", "c1", "c2", "c3", "o"));
      List<String> suffixes = List.of("grouped", "nested_groups", "conditions");
      int deviating = 0;
      for (int i = 0; i < 90; i++) {
        int procedure = i % 3;
        List<String> trace = new ArrayList<>();
        for (String step : stepsOf.get(procedure)) {
          for (int times = random.nextInt(3); times > 0; times--) {
            trace.add(step);
          }
        }
        Collections.shuffle(trace, random);
        trace.add("d");
        boolean batched = random.nextBoolean();
        String location = random.nextBoolean() ? "lab_1" : "lab_2";
        ProcessInstance run = startByHand(suffixes.get(procedure), location, null);
        Instant at = ClockUtil.now().toInstant();
        List<Observation> observations = new ArrayList<>();
        for (int k = 0; k < trace.size(); k++) {
          observations.add(claimedAt(observation("act_" + trace.get(k) + "_" + p, null,
              location, null), at.plusSeconds(k)));
        }
        String what = "%s %s of %s in %s (seed %d, trace %d)".formatted(
            batched ? "the batch" : "the reports", trace, suffixes.get(procedure), location, seed,
            i);
        if (batched) {
          List<Observation> sent = new ArrayList<>(observations);
          Collections.shuffle(sent, random);
          service.reportAll(sent);
        } else {
          for (Observation observation : observations) {
            service.report(observation);
          }
        }
        assertThat(engine.getRuntimeService().createExecutionQuery()
                .processInstanceId(run.getId()).count())
            .as("executions left after %s", what).isZero();
        assertThat(types(run)).as("the log after %s", what).contains("proc_completed");
        ExhaustiveReference.CompletedRun reference = ExhaustiveReference.ofCompletedRun(
            engine.getRepositoryService().getBpmnModelInstance(run.getProcessDefinitionId()),
            events(run), reached(run));
        assertThat(reference.trace()).as("the trace recorded for %s", what)
            .containsExactlyElementsOf(trace);
        assertThat(reference.recordedCost())
            .as("the cost of the deviations %s after %s", finalDeviations(run), what)
            .isEqualTo(reference.optimum());
        assertThat(reference.recorded())
            .as("the additions, repeats and omissions %s after %s", finalDeviations(run), what)
            .containsExactlyElementsOf(reference.determined());
        deviating += reference.optimum() > 0 ? 1 : 0;
      }
      assertThat(deviating).as("runs that deviated, of 90").isPositive();
    }

    @Test
    void anObservationOfAStepAlreadyDoneIsRecordedLate() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, null);
      service.report(observation("act_a_" + p, null, null, null));
      service.report(observation("act_c_" + p, null, null, null));
      assertThat(openSteps(run)).isEmpty();

      ProcessInstance second = startByHand("a_b_c", null, null);
      service.report(observation("act_a_" + p, null, null, null));
      service.report(observation("act_a_" + p, null, null, null));
      List<LoggedEvent> late = events(second).stream()
          .filter(e -> e.type() == EventType.STEP_MATCHED && "a".equals(e.payloadMap().get("step_id")))
          .toList();
      assertThat(late).hasSize(2);
      assertThat(late.get(1).payloadMap()).containsEntry("late", true);
      assertThat(openSteps(second)).containsExactly("b");
    }

    @Test
    void anObservationOfNoStepIsAnExtraStepOfTheActiveRunsInItsContext() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance here = startByHand("a_b_c", "lab_1", null);
      ProcessInstance elsewhere = startByHand("a_b_c", "lab_2", null);
      service.report(observation("act_a_" + p, null, "lab_1", null));
      service.report(observation("act_a_" + p, null, "lab_2", null));

      ObservationResult result = service.report(observation("wipe_bench", "bob", "lab_1", null));

      assertThat(result.matched()).isEmpty();
      assertThat(result.extraStepRuns()).containsExactly(runId(here));
      assertThat(result.unmatched()).isFalse();
      assertThat(only(here, EventType.EXTRA_STEP, null).payloadMap())
          .containsEntry("action", "wipe_bench")
          .containsEntry("executor_id", "bob")
          .containsEntry("observation_id", result.observationId());
      assertThat(types(elsewhere)).doesNotContain("extra_step");
      assertThat(openSteps(here)).containsExactly("b");
    }

    @Test
    void laterObservationsMatchOnlyRunsWhoseContextAgrees() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance reactor1 = startByHand("a_b_c", "plant", "reactor_1");
      ProcessInstance reactor2 = startByHand("a_b_c", "plant", "reactor_2");

      ObservationResult result = service.report(observation("act_a_" + p, null, "plant", "reactor_2"));

      assertThat(result.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(reactor2));
      assertThat(openSteps(reactor1)).containsExactly("a");
      assertThat(openSteps(reactor2)).containsExactly("b");
    }

    @Test
    void theFirstStepOfSeveralProceduresStartsThemAll() throws Exception {
      deploy(
          procedure("startup", "", "power_on_reactor_" + p, "verify_temperature_" + p),
          procedure("commissioning", "", "power_on_reactor_" + p, "inspect_seals_" + p),
          procedure("elsewhere", "location = \"plant_south\"", "power_on_reactor_" + p, "x_" + p));

      ObservationResult result = service.report(
          observation("power_on_reactor_" + p, "alice", "plant_north", "reactor_02"));

      assertThat(result.startedRuns()).hasSize(2);
      assertThat(result.matched()).extracting(ObservationResult.Match::procedureId)
          .containsExactlyInAnyOrder(p + "_startup", p + "_commissioning");
      for (ObservationResult.Match match : result.matched()) {
        String instance = engine.getRuntimeService().createProcessInstanceQuery()
            .processDefinitionKey(match.procedureId()).singleResult().getId();
        List<LoggedEvent> trail = events(instance);
        LoggedEvent triggered = trail.get(0);
        assertThat(triggered.type()).isEqualTo(EventType.PROC_TRIGGERED);
        assertThat(triggered.payloadMap())
            .containsEntry("trigger", "observation")
            .containsEntry("observation_id", result.observationId());
        assertThat(object(triggered.payloadMap().get("context")))
            .containsEntry("executor_id", "alice")
            .containsEntry("location", "plant_north")
            .containsEntry("equipment_id", "reactor_02");
        assertThat(runId(instance)).isIn(result.startedRuns());
      }
      assertThat(engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(p + "_elsewhere").count()).isZero();
    }

    @Test
    void anObservationThatWouldMoveMoreRunsThanTheLimitIsRefusedAndRecordsNothing()
        throws Exception {
      deploy(
          procedure("startup", "", "power_on_reactor_" + p, "verify_temperature_" + p),
          procedure("commissioning", "", "power_on_reactor_" + p, "inspect_seals_" + p));
      AsRunPlugin plugin = plugin();
      long before = eventCount();
      plugin.setRunsPerObservation(1);
      try {
        ObservationService limited = new ObservationService(engine);
        assertThatThrownBy(() -> limited.report(
                observation("power_on_reactor_" + p, "alice", null, null)))
            .isInstanceOfSatisfying(ObservationException.class, e -> {
              assertThat(e.kind()).isEqualTo(ObservationException.Kind.BAD_INPUT);
              assertThat(e.field()).isEqualTo("action");
              assertThat(e.getMessage()).contains("2 runs", "at most 1");
            });
      } finally {
        plugin.setRunsPerObservation(AsRunPlugin.DEFAULT_RUNS_PER_OBSERVATION);
      }

      assertThat(eventCount()).isEqualTo(before);
      assertThat(instancesOf("startup")).isEmpty();
      assertThat(instancesOf("commissioning")).isEmpty();
      assertThat(new ObservationService(engine)
              .report(observation("power_on_reactor_" + p, "alice", null, null)).startedRuns())
          .hasSize(2);
    }

    @Test
    void anActionTriggerTriggersAndTheFirstStepActivates() throws Exception {
      deploy(procedure("alarm", "during_action = \"alarm_" + p + "\"", "cool_" + p, "log_" + p));
      ObservationResult triggered = service.report(observation("alarm_" + p, null, null, null));
      assertThat(triggered.startedRuns()).hasSize(1);
      assertThat(triggered.matched()).isEmpty();
      ObservationResult again = service.report(observation("alarm_" + p, null, null, null));
      assertThat(again.startedRuns()).isEmpty();

      String instance = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(p + "_alarm").singleResult().getId();
      ObservationResult first = service.report(observation("cool_" + p, null, null, null));
      assertThat(first.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(instance));
      assertThat(types(instance)).contains("run_started");
    }

    @Test
    void anActionTriggersAProcedureWithATimeWindowOnlyWhileTheWindowIsOpen() throws Exception {
      deploy(procedure("gated", "time_of_day = [\"20:00\", \"21:00\"]\n"
          + "during_action = \"door_" + p + "\"", "cool_" + p, "log_" + p));

      ObservationResult before = service.report(observation("door_" + p, null, null, null));
      assertThat(before.startedRuns()).isEmpty();
      assertThat(before.unmatched()).isTrue();

      fireWindow("gated", "asrun-window-timer");
      assertThat(instancesOf("gated")).isEmpty();
      assertThat(procedureEvents("gated")).isEmpty();
      String window = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(p + "_gated-window").singleResult().getId();

      ObservationResult inside = service.report(observation("door_" + p, null, null, null));
      assertThat(inside.startedRuns()).hasSize(1);
      String run = instancesOf("gated").get(0);
      assertThat(events(run).get(0).payloadMap())
          .containsEntry("trigger", "action")
          .containsEntry("window_process_instance_id", window)
          .containsEntry("window_end", "21:00");

      fireWindow("gated", "asrun-window-wait");
      assertThat(instancesOf("gated")).isEmpty();
      assertThat(types(run)).last().isEqualTo("trigger_expired");

      ObservationResult after = service.report(observation("door_" + p, null, null, null));
      assertThat(after.startedRuns()).isEmpty();
      assertThat(after.unmatched()).isTrue();
    }

    @Test
    void aRunAnActionTriggeredInItsWindowStaysOnceItsFirstStepIsSeen() throws Exception {
      deploy(procedure("gated_seen", "time_of_day = [\"20:00\", \"21:00\"]\n"
          + "during_action = \"door_" + p + "\"", "cool_" + p, "log_" + p));
      fireWindow("gated_seen", "asrun-window-timer");
      service.report(observation("door_" + p, null, null, null));
      service.report(observation("cool_" + p, null, null, null));

      fireWindow("gated_seen", "asrun-window-wait");

      String run = instancesOf("gated_seen").get(0);
      assertThat(types(run)).contains("run_started").doesNotContain("trigger_expired");
    }

    @Test
    void aWindowWithoutAnEndLetsItsActionTriggerUntilMidnightAndExpiresNothing() throws Exception {
      deploy(procedure("gated_evening", "time_of_day = [\"22:15\"]\n"
          + "during_action = \"door_" + p + "\"", "cool_" + p, "log_" + p));
      fireWindow("gated_evening", "asrun-window-timer");
      ObservationResult evening = service.report(observation("door_" + p, null, null, null));
      assertThat(evening.startedRuns()).hasSize(1);

      fireWindow("gated_evening", "asrun-window-wait");

      String run = instancesOf("gated_evening").get(0);
      assertThat(types(run)).doesNotContain("trigger_expired");
      service.report(observation("cool_" + p, null, null, null));
      ObservationResult afterMidnight = service.report(observation("door_" + p, null, null, null));
      assertThat(afterMidnight.startedRuns()).isEmpty();
      assertThat(instancesOf("gated_evening")).containsExactly(run);
    }

    @Test
    void aStepOfANestedProcedureGoesToTheCalledRun() throws Exception {
      deploy(nested());
      service.report(observation("power_" + p, null, null, null));
      ProcessInstance parent = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(p + "_parent").singleResult();
      ProcessInstance child = engine.getRuntimeService().createProcessInstanceQuery()
          .superProcessInstanceId(parent.getId()).singleResult();

      ObservationResult result = service.report(observation("calibrate_" + p, null, null, null));

      assertThat(result.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(child));
      assertThat(result.extraStepRuns()).isEmpty();
      assertThat(types(parent)).doesNotContain("extra_step");
      ObservationResult last = service.report(observation("adjust_" + p, null, null, null));

      assertThat(last.extraStepRuns()).isEmpty();
      assertThat(types(parent)).doesNotContain("extra_step");
      assertThat(openSteps(parent)).containsExactly("finish");
    }

    @Test
    void aBatchSeesTheRunsItStartedAndTheRunsTheyCall() throws Exception {
      deploy(nested());

      List<ObservationResult> results = service.reportAll(List.of(
          observation("power_" + p, null, "bay_1", null),
          observation("calibrate_" + p, null, "bay_1", null),
          observation("adjust_" + p, null, "bay_1", null),
          observation("finish_" + p, null, "bay_1", null)));

      ProcessInstance parent = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(p + "_parent").singleResult();
      assertThat(parent).isNull();
      String parentRun = results.get(0).startedRuns().get(0);
      assertThat(results).allSatisfy(result -> assertThat(result.extraStepRuns()).isEmpty());
      assertThat(results.get(1).matched()).singleElement()
          .satisfies(m -> assertThat(m.procedureId()).isEqualTo(p + "_child"));
      assertThat(results.get(2).matched()).singleElement()
          .satisfies(m -> assertThat(m.stepId()).isEqualTo("adjust"));
      assertThat(results.get(3).matched()).singleElement()
          .satisfies(m -> {
            assertThat(m.runId()).isEqualTo(parentRun);
            assertThat(m.stepId()).isEqualTo("finish");
          });
    }

    @Test
    void aRunTriggeredBeforeAndActivatedInTheBatchTakesTheBatchsExtraSteps() throws Exception {
      deploy(procedure("alarm", "during_action = \"alarm_" + p + "\"", "cool_" + p, "log_" + p));
      service.report(observation("alarm_" + p, null, "hall_" + p, null));
      String instance = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(p + "_alarm").singleResult().getId();

      List<ObservationResult> results = service.reportAll(List.of(
          observation("cool_" + p, null, "hall_" + p, null),
          observation("sweep_" + p, null, "hall_" + p, null)));

      assertThat(results.get(0).matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(instance));
      assertThat(results.get(1).extraStepRuns()).containsExactly(runId(instance));
    }

    @Test
    void aRunThatNamesNothingTakesWhatItsProcedureAdmits() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance anywhere = startByHand("a_b_c", "", " ");
      ProcessInstance elsewhere = startByHand("a_b_c", "lab_2", "");

      ObservationResult result =
          service.report(observation("act_a_" + p, null, "lab_1", "bench_7"));

      assertThat(result.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(anywhere));
      assertThat(openSteps(elsewhere)).containsExactly("a");
    }

    @Test
    void aRunTakesOnlyObservationsThatShareSomethingWithItsContext() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance alices = startAs("alice_" + p, "a_b_c", null, null);
      ProcessInstance onR1 = startAs("carol_" + p, "a_b_c", null, "r1_" + p);
      List<String> theirs = List.of(runId(alices), runId(onR1));

      ObservationResult otherEquipment =
          service.report(observation("act_a_" + p, "bob_" + p, null, "x_" + p));
      ObservationResult noContext =
          service.report(observation("act_a_" + p, "bob_" + p, null, null));

      for (ObservationResult result : List.of(otherEquipment, noContext)) {
        assertThat(result.matched()).extracting(ObservationResult.Match::runId)
            .doesNotContainAnyElementsOf(theirs);
        assertThat(result.startedRuns()).as("a run of its own: the first step of the procedure")
            .hasSize(1);
      }
      assertThat(openSteps(alices)).containsExactly("a");
      assertThat(openSteps(onR1)).containsExactly("a");

      ObservationResult byAlice =
          service.report(observation("act_a_" + p, "alice_" + p, null, null));
      ObservationResult onItsEquipment =
          service.report(observation("act_a_" + p, "dave_" + p, null, "r1_" + p));

      assertThat(byAlice.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(alices));
      assertThat(onItsEquipment.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(onR1));
    }

    @Test
    void ofTwoRunsOfAProcedureTheOneSharingMoreTakesTheObservation() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance onR1 = startByHand("a_b_c", null, "r1");
      ProcessInstance inPlantOnR1 = startByHand("a_b_c", "plant", "r1");

      ObservationResult result = service.report(observation("act_a_" + p, null, "plant", "r1"));

      assertThat(result.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(inPlantOnR1));
      assertThat(openSteps(onR1)).containsExactly("a");
    }

    @Test
    void twoRunsThatFitEquallyMakeTheObservationAmbiguousAndMoveNeither() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance first = startByHand("a_b_c", null, "r1");
      ProcessInstance second = startByHand("a_b_c", null, "r1");

      ObservationResult result = service.report(observation("act_a_" + p, "bob", null, "r1"));

      assertThat(result.matched()).isEmpty();
      assertThat(result.startedRuns()).isEmpty();
      assertThat(result.unmatched()).isFalse();
      assertThat(result.ambiguous()).containsExactly(
          new ObservationResult.Ambiguous(p + "_a_b_c", List.of(runId(first), runId(second))));
      assertThat(openSteps(first)).containsExactly("a");
      assertThat(openSteps(second)).containsExactly("a");
      assertThat(types(first)).doesNotContain("observation_received");
      try (Connection connection = connection()) {
        assertThat(log.stream(connection, "engine"))
            .filteredOn(e -> result.observationId().equals(e.payloadMap().get("observation_id")))
            .satisfiesExactly(
                received -> assertThat(received.type()).isEqualTo(EventType.OBSERVATION_RECEIVED),
                ambiguous -> {
                  assertThat(ambiguous.type()).isEqualTo(EventType.OBSERVATION_AMBIGUOUS);
                  assertThat(ambiguous.payloadMap())
                      .containsEntry("procedure_id", p + "_a_b_c")
                      .containsEntry("candidates", List.of(runId(first), runId(second)));
                });
      }
    }

    @Test
    void anObservationNamingItsRunMovesThatRunOnly() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance first = startByHand("a_b_c", null, "r1");
      ProcessInstance second = startByHand("a_b_c", null, "r1");

      ObservationResult result =
          service.report(named(observation("act_a_" + p, "bob", "lab_9", null), runId(second)));

      assertThat(result.matched()).extracting(ObservationResult.Match::runId)
          .containsExactly(runId(second));
      assertThat(result.ambiguous()).isEmpty();
      assertThat(openSteps(first)).containsExactly("a");
      assertThat(openSteps(second)).containsExactly("b");
    }

    @Test
    void refusesARunIdThatNamesNoOpenRunAndRecordsNothing() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      long before = eventCount();

      for (String runId : List.of(UUID.randomUUID().toString(), "not a run")) {
        assertThatThrownBy(() -> service.report(
                named(observation("act_a_" + p, "bob", null, "r1"), runId)))
            .isInstanceOfSatisfying(ObservationException.class, e -> {
              assertThat(e.kind()).isEqualTo(ObservationException.Kind.BAD_INPUT);
              assertThat(e.field()).isEqualTo("run_id");
              assertThat(e.getMessage()).contains("names no open run you may read");
            });
      }

      assertThat(eventCount()).isEqualTo(before);
      assertThat(openSteps(run)).containsExactly("a");
    }

    @Test
    void deployingSuspendingAndActivatingChangeWhatTheNextObservationStarts() throws Exception {
      String first = "unpack_" + p;
      assertThat(service.report(observation(first, null, "dock_1", null)).unmatched()).isTrue();

      deploy(procedure("receiving", "", first, "store_" + p));
      assertThat(service.report(observation(first, null, "dock_1", null)).startedRuns())
          .hasSize(1);

      engine.getRepositoryService().suspendProcessDefinitionByKey(p + "_receiving");
      assertThat(service.report(observation(first, null, "dock_2", null)).unmatched()).isTrue();

      engine.getRepositoryService().activateProcessDefinitionByKey(p + "_receiving");
      assertThat(service.report(observation(first, null, "dock_2", null)).startedRuns())
          .hasSize(1);
    }

    @Test
    void anObservationOfNothingIsUnmatched() throws Exception {
      ObservationResult result = service.report(observation("nothing_" + p, null, null, null));
      assertThat(result.unmatched()).isTrue();
      try (Connection connection = connection()) {
        List<LoggedEvent> engineStream = log.stream(connection, "engine");
        List<LoggedEvent> recorded =
            engineStream.stream()
                .filter(e -> result.observationId().equals(e.payloadMap().get("observation_id")))
                .toList();
        assertThat(recorded)
            .extracting(LoggedEvent::type)
            .containsExactly(EventType.OBSERVATION_UNMATCHED);
        assertThat(recorded.get(0).payloadMap())
            .containsEntry("action", "nothing_" + p)
            .containsKeys("source", "executor_id", "context", "idempotency_key", "matched");
      }
    }

    @Test
    void anAuthenticatedReportersUnmatchedObservationsFormTheReportersOwnStream()
        throws Exception {
      String sensor = "sensor_" + p;
      engine.getIdentityService().setAuthenticatedUserId(sensor);
      ObservationResult result;
      try {
        result = service.report(observation("nothing_" + p, null, null, null));
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
      assertThat(result.unmatched()).isTrue();
      try (Connection connection = connection()) {
        assertThat(log.stream(connection, "reporter:" + sensor))
            .extracting(LoggedEvent::type)
            .containsExactly(EventType.OBSERVATION_UNMATCHED);
        assertThat(log.stream(connection, "engine"))
            .noneMatch(e -> result.observationId().equals(e.payloadMap().get("observation_id")));
      }
    }

    @Test
    void aSensorReportingEachStepAnOperatorJustCompletedInTasklistCorroboratesIt()
        throws Exception {
      deploy(sequence("a", "b", "c", "d", "e", "f", "g"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      List<ObservationResult> sensed = new ArrayList<>();
      for (String step : List.of("a", "b", "c", "d", "e", "f", "g")) {
        completeInTasklist(run, step, "alice");
        sensed.add(service.report(sensor("act_" + step + "_" + p, Instant.now())));
      }

      assertThat(types(run)).contains("proc_completed");
      List<LoggedEvent> corroborated = events(run).stream()
          .filter(e -> e.type() == EventType.STEP_CORROBORATED).toList();
      assertThat(corroborated).extracting(e -> e.payloadMap().get("step_id"))
          .containsExactly("a", "b", "c", "d", "e", "f");
      for (LoggedEvent event : corroborated) {
        LoggedEvent done =
            only(run, EventType.STEP_MATCHED, (String) event.payloadMap().get("step_id"));
        assertThat(done.source()).isEqualTo(EventSource.EXECUTOR);
        assertThat(event.source()).isEqualTo(EventSource.INFERENCE);
        assertThat(event.payloadMap())
            .containsEntry("corroborated_event_id", done.eventId().toString())
            .containsEntry("executor_id", "sensor_1")
            .containsEntry("source", "inference")
            .containsKeys("corroborated_seq", "observation_id", "gap");
      }
      assertThat(sensed.get(0).matched()).extracting(ObservationResult.Match::stepId)
          .containsExactly("a");
      assertThat(finalDeviations(run)).isEmpty();
    }

    @Test
    void aStepReportedAgainAfterAnotherStepWasDoneIsARepeat() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      completeInTasklist(run, "a", "alice");
      completeInTasklist(run, "b", "alice");
      service.report(sensor("act_a_" + p, Instant.now()));

      assertThat(types(run)).doesNotContain("step_corroborated");
      assertThat(finalDeviations(run)).extracting(d -> d.get("deviation_type"))
          .contains("repeat");
    }

    @Test
    void aStepReportedAgainBeyondTheToleranceIsARepeat() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      completeInTasklist(run, "a", "alice");
      service.report(sensor("act_a_" + p, Instant.now().plus(Duration.ofMinutes(3))));

      assertThat(types(run)).doesNotContain("step_corroborated");
      assertThat(finalDeviations(run)).extracting(d -> d.get("deviation_type"))
          .contains("repeat");
    }

    @Test
    void aBatchIsWorkedInClaimedTimeOrderAndAnsweredInRequestOrder() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      Instant at = Instant.now();
      List<ObservationResult> results = service.reportAll(List.of(
          sensor("act_a_" + p, at),
          sensor("act_c_" + p, at.plusSeconds(2)),
          sensor("act_b_" + p, at.plusSeconds(1))));

      assertThat(results).extracting(r -> r.matched().get(0).stepId())
          .containsExactly("a", "c", "b");
      assertThat(types(run)).containsSubsequence(
          "step_matched a", "step_matched b", "step_matched c", "proc_completed");
      assertThat(types(run)).doesNotContain("step_skipped");
      assertThat(finalDeviations(run)).isEmpty();
    }

    @Test
    void aReportDeliveredLateIsPlacedAtTheTimeItClaims() throws Exception {
      deploy(sequence("a", "b", "c", "d"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      Instant at = Instant.now();
      service.report(sensor("act_a_" + p, at));
      service.report(sensor("act_c_" + p, at.plusSeconds(3)));
      service.report(sensor("act_b_" + p, at.plusSeconds(2)));
      service.report(sensor("act_d_" + p, at.plusSeconds(4)));

      assertThat(finalDeviations(run)).extracting(d -> d.get("deviation_type"))
          .doesNotContain("reorder", "repeat");
    }

    @Test
    void refusesAClaimedTimeBeyondTheFutureHorizonAndRecordsNothing() throws Exception {
      deploy(sequence("a", "b", "c"));
      startByHand("a_b_c", null, "r1");
      long before = eventCount();
      Instant later = Instant.now().plus(Duration.ofHours(1));

      assertThatThrownBy(() -> service.reportAll(List.of(
              sensor("act_a_" + p, Instant.now()), sensor("act_b_" + p, later))))
          .isInstanceOf(ObservationException.class)
          .satisfies(e -> assertThat(((ObservationException) e).field())
              .isEqualTo("[1].timestamp"))
          .hasMessageContaining("future horizon");
      assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aReportClaimedAMomentBeforeTheRunStartedIsKeptWhereItArrivedAndFlagged()
        throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      Instant start = runStart(run);
      service.report(sensor("act_b_" + p, start.minusSeconds(30)));
      service.report(sensor("act_a_" + p, start.plusSeconds(1)));
      service.report(sensor("act_c_" + p, start.plusSeconds(2)));

      assertThat(only(run, EventType.STEP_MATCHED, "b").occurredAt())
          .contains(start.minusSeconds(30));
      List<String> flagged = new ArrayList<>();
      try (Connection connection = connection()) {
        AsRunQueries.of(connection).traces(RunQuery.all().withProcedureId(p + "_a_b_c"),
            trace -> trace.entries().stream()
                .filter(e -> e.eventType().equals("step_matched"))
                .forEach(e -> flagged.add(e.activity() + " " + trace.claimedBeforeStart(e))));
      }
      assertThat(flagged).as("placed where they arrived, b flagged")
          .containsExactly("b true", "a false", "c false");
      assertThat(finalDeviations(run)).extracting(d -> d.get("deviation_type"))
          .containsExactly("reorder");
    }

    @Test
    void refusesAClaimLongBeforeTheStartOfARunItWouldBeRecordedInAndRecordsNothing()
        throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      Instant start = runStart(run);
      long before = eventCount();

      assertThatThrownBy(() -> service.report(sensor("act_a_" + p, start.minusSeconds(3600))))
          .isInstanceOfSatisfying(ObservationException.class,
              e -> assertThat(e.field()).isEqualTo("timestamp"))
          .hasMessageContaining("before-start tolerance");
      assertThatThrownBy(() -> service.reportAll(List.of(
              sensor("act_a_" + p, start.plusSeconds(1)),
              sensor("act_b_" + p, start.minus(Duration.ofMinutes(6))))))
          .isInstanceOfSatisfying(ObservationException.class,
              e -> assertThat(e.field()).isEqualTo("[1].timestamp"));
      assertThat(eventCount()).isEqualTo(before);
      assertThat(openSteps(run)).containsExactly("a");

      plugin().setBeforeStartTolerance(Duration.ofHours(2));
      try {
        new ObservationService(engine).report(sensor("act_a_" + p, start.minusSeconds(3600)));
      } finally {
        plugin().setBeforeStartTolerance(Duration.ofMinutes(5));
      }
      assertThat(openSteps(run)).as("within a tolerance set to 2 hours").containsExactly("b");
    }

    @Test
    void aRunAReportStartedLateBeginsAtTheTimeThatReportClaims() throws Exception {
      deploy(sequence("a", "b", "c"));
      Instant hourAgo = ClockUtil.now().toInstant().minus(Duration.ofHours(1));
      ObservationResult first = service.report(sensor("act_a_" + p, hourAgo));
      service.report(sensor("act_b_" + p, hourAgo.plusSeconds(60)));
      service.report(sensor("act_c_" + p, hourAgo.plusSeconds(120)));

      assertThat(first.startedRuns()).hasSize(1);
      String instance = instancesOfAnyState("a_b_c");
      assertThat(types(instance)).containsSubsequence(
          "step_matched a", "step_matched b", "step_matched c", "proc_completed");
      try (Connection connection = connection()) {
        assertThat(AsRunQueries.of(connection).run(runId(instance)).orElseThrow().run()
            .startTime()).isEqualTo(hourAgo);
      }
    }

    @Test
    void aBatchRetriedAfterATimeoutRecordsEachObservationOnce() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, null);
      List<Observation> batch = List.of(
          keyed(observation("act_a_" + p, null, null, null), p + "-1"),
          keyed(observation("act_b_" + p, null, null, null), p + "-2"));

      List<ObservationResult> first = service.reportAll(batch);
      long eventsAfterFirst = eventCount();
      List<ObservationResult> retried = service.reportAll(batch);

      assertThat(retried).isEqualTo(first);
      assertThat(eventCount()).isEqualTo(eventsAfterFirst);
      assertThat(events(run).stream().filter(e -> e.type() == EventType.STEP_MATCHED))
          .hasSize(2);
      assertThat(openSteps(run)).containsExactly("c");
    }

    @Test
    void theSameKeyFromTwoReportersIsTwoObservations() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      String key = p + "-shared";
      engine.getIdentityService().setAuthenticatedUserId("alice");
      ObservationResult alices =
          service.report(keyed(observation("act_a_" + p, null, null, "r1"), key));
      engine.getIdentityService().setAuthenticatedUserId("bob");
      ObservationResult bobs =
          service.report(keyed(observation("act_b_" + p, null, null, "r1"), key));
      long eventsAfterBoth = eventCount();
      engine.getIdentityService().setAuthenticatedUserId("alice");
      ObservationResult alicesRetry =
          service.report(keyed(observation("act_c_" + p, null, null, "r1"), key));

      assertThat(bobs.observationId()).isNotEqualTo(alices.observationId());
      assertThat(bobs.matched()).singleElement()
          .satisfies(m -> assertThat(m.stepId()).isEqualTo("b"));
      assertThat(alicesRetry).isEqualTo(alices);
      assertThat(eventCount()).isEqualTo(eventsAfterBoth);
      assertThat(only(run, EventType.STEP_MATCHED, "b").payloadMap())
          .containsEntry("executor_id", "bob");
      assertThat(openSteps(run)).containsExactly("c");
    }

    @Test
    void whatTheReporterMayNotCauseIsNotCausedAndTheAnswerSaysSoWithoutNamingUnreadableRuns()
        throws Exception {
      deploy(sequence("a", "b", "c"), procedure("other", "", "first_" + p, "second_" + p));
      ProcessInstance run = startByHand("a_b_c", null, null);
      String mallory = "mallory_" + p;
      String definition = p + "_a_b_c";
      ProcessEngineConfigurationImpl configuration =
          (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
      List<String> grants = new ArrayList<>();
      configuration.setAuthorizationEnabled(true);
      try {
        engine.getIdentityService().setAuthenticatedUserId(mallory);
        ObservationResult noGrant = service.report(observation("act_a_" + p, null, null, null));
        ObservationResult noStart =
            service.report(observation("first_" + p, null, null, null));
        engine.getIdentityService().clearAuthentication();
        grants.add(grant(mallory, definition, Permissions.READ_HISTORY, Permissions.UPDATE_TASK));
        engine.getIdentityService().setAuthenticatedUserId(mallory);
        ObservationResult worked = service.report(observation("act_a_" + p, null, null, null));
        ObservationResult noMove = service.report(observation("act_c_" + p, null, null, null));
        engine.getIdentityService().clearAuthentication();

        assertThat(noGrant.matched()).isEmpty();
        assertThat(noGrant.notAllowed()).containsExactly(
            new ObservationResult.NotAllowed("complete_task", null, null, null));
        assertThat(noStart.startedRuns()).isEmpty();
        assertThat(noStart.notAllowed()).containsExactly(
            new ObservationResult.NotAllowed("start_run", null, null, null));
        assertThat(instancesOf("other")).isEmpty();
        assertThat(worked.matched()).singleElement()
            .satisfies(m -> assertThat(m.stepId()).isEqualTo("a"));
        assertThat(worked.notAllowed()).isEmpty();
        assertThat(noMove.matched()).isEmpty();
        assertThat(noMove.notAllowed()).containsExactly(new ObservationResult.NotAllowed(
            "move_run", runId(run), definition, "c"));
        assertThat(openSteps(run)).containsExactly("b");
        assertThat(events(run).stream().filter(e -> e.type() == EventType.STEP_MATCHED))
            .hasSize(1);
      } finally {
        engine.getIdentityService().clearAuthentication();
        configuration.setAuthorizationEnabled(false);
        grants.forEach(engine.getAuthorizationService()::deleteAuthorization);
      }
    }

    private String grant(String user, String definitionKey, Permission... permissions) {
      Authorization authorization =
          engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      authorization.setUserId(user);
      authorization.setResource(Resources.PROCESS_DEFINITION);
      authorization.setResourceId(definitionKey);
      for (Permission permission : permissions) {
        authorization.addPermission(permission);
      }
      return engine.getAuthorizationService().saveAuthorization(authorization).getId();
    }

    @Test
    void aBatchIsAllOrNothing() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, null);
      engine.getIdentityService().setAuthenticatedUserId("carol");
      long before = eventCount();

      assertThatThrownBy(() -> service.reportAll(List.of(
              observation("act_a_" + p, null, null, null),
              observation("act_b_" + p, "dave", null, null))))
          .isInstanceOfSatisfying(ObservationException.class, e -> {
            assertThat(e.kind()).isEqualTo(ObservationException.Kind.FORBIDDEN);
            assertThat(e.field()).isEqualTo("[1].executor_id");
          });
      assertThat(eventCount()).isEqualTo(before);
      assertThat(openSteps(run)).containsExactly("a");

    }

    @Test
    void anIngestServiceReportsForAnyExecutorAndOthersOnlyForThemselves() throws Exception {
      deploy(sequence("a", "b", "c"));
      ProcessInstance run = startByHand("a_b_c", null, "r1");
      engine.getIdentityService().setAuthentication("sensor-gw", List.of(ObservationService.INGEST_GROUP));
      service.report(observation("act_a_" + p, "alice", null, "r1"));
      engine.getIdentityService().setAuthenticatedUserId("bob");
      service.report(observation("act_b_" + p, null, null, "r1"));

      assertThat(only(run, EventType.STEP_MATCHED, "a").payloadMap()).containsEntry("executor_id", "alice");
      assertThat(only(run, EventType.STEP_MATCHED, "b").payloadMap()).containsEntry("executor_id", "bob");
      assertThatThrownBy(() -> service.report(observation("act_c_" + p, "alice", null, "r1")))
          .isInstanceOf(ObservationException.class)
          .hasMessageContaining("executor_id");
    }

    @Test
    void refusesAnObservationWithoutAction() {
      assertThatThrownBy(() -> new Observation(null, AT, EventSource.INFERENCE, Optional.empty(),
              Map.of(), Optional.empty()))
          .isInstanceOfSatisfying(ObservationException.class,
              e -> assertThat(e.field()).isEqualTo("action"));
      assertThatThrownBy(() -> new Observation("x", AT, EventSource.ENGINE, Optional.empty(),
              Map.of(), Optional.empty()))
          .isInstanceOfSatisfying(ObservationException.class,
              e -> assertThat(e.field()).isEqualTo("source"));
      assertThatThrownBy(() -> new Observation("x", AT, EventSource.EXECUTOR, Optional.empty(),
              Map.of("location", 3), Optional.empty()))
          .isInstanceOfSatisfying(ObservationException.class,
              e -> assertThat(e.field()).isEqualTo("context.location"));
    }

    // --- helpers

    private String sequence(String... steps) {
      StringBuilder toml = new StringBuilder("""
          [procedure]
          id = "%s_a_b_c"
          name = "Sequence"
          """.formatted(p));
      for (String step : steps) {
        toml.append("""
            [[procedure.steps]]
            id = "%s"
            name = "Step %s"
            action = "act_%s_%s"
            """.formatted(step, step, step, p));
      }
      return toml.toString();
    }

    /** {@code a}, an any-order group of {@code b} and a sequence {@code c1, c2}, then {@code d}. */
    private String grouped() {
      return """
          [procedure]
          id = "%1$s_grouped"
          name = "Grouped"
          [[procedure.steps]]
          id = "a"
          name = "a"
          action = "act_a_%1$s"
          [[procedure.steps]]
          id = "g"
          type = "group"
          name = "g"
          order = "any"
            [[procedure.steps.steps]]
            id = "b"
            name = "b"
            action = "act_b_%1$s"
            [[procedure.steps.steps]]
            id = "h"
            type = "group"
            name = "h"
            steps = [
              { id = "c1", name = "c1", action = "act_c1_%1$s" },
              { id = "c2", name = "c2", action = "act_c2_%1$s" },
            ]
          [[procedure.steps]]
          id = "d"
          name = "d"
          action = "act_d_%1$s"
          """.formatted(p);
    }

    /**
     * {@code a}, a sequence group of {@code x} and an any-order group of {@code y} and a sequence
     * {@code z1, z2}, then an optional {@code o} and {@code d}.
     */
    private String nestedGroups() {
      return """
          [procedure]
          id = "%1$s_nested_groups"
          name = "Nested groups"
          [[procedure.steps]]
          id = "a"
          name = "a"
          action = "act_a_%1$s"
          [[procedure.steps]]
          id = "outer"
          type = "group"
          name = "outer"
            [[procedure.steps.steps]]
            id = "x"
            name = "x"
            action = "act_x_%1$s"
            [[procedure.steps.steps]]
            id = "inner"
            type = "group"
            name = "inner"
            order = "any"
              [[procedure.steps.steps.steps]]
              id = "y"
              name = "y"
              action = "act_y_%1$s"
              [[procedure.steps.steps.steps]]
              id = "z"
              type = "group"
              name = "z"
              steps = [
                { id = "z1", name = "z1", action = "act_z1_%1$s" },
                { id = "z2", name = "z2", action = "act_z2_%1$s" },
              ]
          [[procedure.steps]]
          id = "o"
          name = "o"
          action = "act_o_%1$s"
          optional = true
          [[procedure.steps]]
          id = "d"
          name = "d"
          action = "act_d_%1$s"
          """.formatted(p);
    }

    /**
     * {@code a}, {@code b} when the location is lab_2, an any-order group of {@code c1} and a
     * sequence {@code c2, c3} when the location is lab_1, an optional {@code o} when the location
     * is lab_2, then {@code d}.
     */
    private String conditions() {
      return """
          [procedure]
          id = "%1$s_conditions"
          name = "Conditions"
          [[procedure.steps]]
          id = "a"
          name = "a"
          action = "act_a_%1$s"
          [[procedure.steps]]
          id = "b"
          name = "b"
          action = "act_b_%1$s"
          when = "location == 'lab_2'"
          [[procedure.steps]]
          id = "g"
          type = "group"
          name = "g"
          order = "any"
            [[procedure.steps.steps]]
            id = "c1"
            name = "c1"
            action = "act_c1_%1$s"
            [[procedure.steps.steps]]
            id = "h"
            type = "group"
            name = "h"
            when = "location == 'lab_1'"
            steps = [
              { id = "c2", name = "c2", action = "act_c2_%1$s" },
              { id = "c3", name = "c3", action = "act_c3_%1$s" },
            ]
          [[procedure.steps]]
          id = "o"
          name = "o"
          action = "act_o_%1$s"
          optional = true
          when = "location == 'lab_2'"
          [[procedure.steps]]
          id = "d"
          name = "d"
          action = "act_d_%1$s"
          """.formatted(p);
    }

    /** The steps (and other activities) the engine reached in the run, from its history. */
    private Set<String> reached(ProcessInstance run) {
      Set<String> reached = new HashSet<>();
      engine.getHistoryService().createHistoricActivityInstanceQuery()
          .processInstanceId(run.getId()).list()
          .forEach(activity -> reached.add(activity.getActivityId()));
      return reached;
    }

    /** The run's process instance has ended and its log says the procedure completed. */
    private void assertEnded(ProcessInstance run) throws SQLException {
      assertThat(engine.getRuntimeService().createExecutionQuery()
          .processInstanceId(run.getId()).count()).as("executions left").isZero();
      assertThat(types(run)).contains("proc_completed");
    }

    /** A parent procedure whose second step calls a child procedure of two steps. */
    private String[] nested() {
      String child = """
          [procedure]
          id = "%1$s_child"
          name = "Child"
          [[procedure.steps]]
          id = "calibrate"
          name = "calibrate"
          action = "calibrate_%1$s"
          [[procedure.steps]]
          id = "adjust"
          name = "adjust"
          action = "adjust_%1$s"
          """;
      String parent = """
          [procedure]
          id = "%1$s_parent"
          name = "Parent"
          [[procedure.steps]]
          id = "power_on"
          name = "power_on"
          action = "power_%1$s"
          [[procedure.steps]]
          id = "call_child"
          name = "call_child"
          reference = "%1$s_child"
          [[procedure.steps]]
          id = "finish"
          name = "finish"
          action = "finish_%1$s"
          """;
      return new String[] {child.formatted(p), parent.formatted(p)};
    }

    private String procedure(String suffix, String context, String... actions) {
      StringBuilder toml = new StringBuilder("""
          [procedure]
          id = "%s_%s"
          name = "%s"
          """.formatted(p, suffix, suffix));
      if (!context.isEmpty()) {
        toml.append("[procedure.context]\n").append(context).append('\n');
      }
      for (int i = 0; i < actions.length; i++) {
        toml.append("""
            [[procedure.steps]]
            id = "step_%d"
            name = "Step %d"
            action = "%s"
            """.formatted(i + 1, i + 1, actions[i]));
      }
      return toml.toString();
    }

    private void deploy(String... tomls) {
      List<Source> sources = new ArrayList<>();
      for (int i = 0; i < tomls.length; i++) {
        sources.add(new Source("inline-" + i + ".toml", tomls[i]));
      }
      CompilationResult result = ProcedureCompiler.compile(sources);
      assertThat(result.diagnostics()).extracting(Diagnostic::format).isEmpty();
      DeploymentBuilder builder = engine.getRepositoryService().createDeployment().name("monitor");
      for (CompiledProcedure procedure : result.procedures()) {
        builder.addString(procedure.resourceName(), procedure.bpmnXml());
      }
      deployments.add(builder.deploy().getId());
    }

    /** Moves the engine clock to the due date of a timer of the window's process and fires it. */
    private void fireWindow(String suffix, String activityId) {
      Job job = engine.getManagementService().createJobQuery().timers()
          .processDefinitionKey(p + "_" + suffix + "-window").activityId(activityId)
          .singleResult();
      assertThat(job).as("timer %s of the window of %s", activityId, suffix).isNotNull();
      ClockUtil.setCurrentTime(job.getDuedate());
      engine.getManagementService().executeJob(job.getId());
    }

    /** The engine's as-run plugin, whose settings the observation services read. */
    private AsRunPlugin plugin() {
      return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
          .getProcessEnginePlugins().stream()
          .filter(AsRunPlugin.class::isInstance).map(AsRunPlugin.class::cast)
          .findFirst().orElseThrow();
    }

    /** The run's start as the run index has it. */
    private Instant runStart(ProcessInstance run) throws SQLException {
      try (Connection connection = connection()) {
        return AsRunQueries.of(connection).run(runId(run)).orElseThrow().run().startTime();
      }
    }

    /** The one process instance of the procedure, ended or not. */
    private String instancesOfAnyState(String suffix) {
      return engine.getHistoryService().createHistoricProcessInstanceQuery()
          .processDefinitionKey(p + "_" + suffix).singleResult().getId();
    }

    private List<String> instancesOf(String suffix) {
      return engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(p + "_" + suffix).list().stream()
          .map(ProcessInstance::getId).toList();
    }

    private List<LoggedEvent> procedureEvents(String suffix) throws SQLException {
      try (Connection connection = connection()) {
        return log.stream(connection, "procedure:" + p + "_" + suffix);
      }
    }

    private ProcessInstance startByHand(String suffix, String location, String equipment) {
      String definition = engine.getRepositoryService().createProcessDefinitionQuery()
          .processDefinitionKey(p + "_" + suffix).latestVersion().singleResult().getId();
      Map<String, Object> form = new java.util.HashMap<>();
      form.put("location", location);
      form.put("equipment_id", equipment);
      return engine.getFormService().submitStartForm(definition, form);
    }

    /** Starts a run in Tasklist as {@code user} would: the run's executor is that user. */
    private ProcessInstance startAs(String user, String suffix, String location, String equipment) {
      engine.getIdentityService().setAuthenticatedUserId(user);
      try {
        return startByHand(suffix, location, equipment);
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
    }

    /** {@code o} naming its run {@code runId}. */
    private static Observation named(Observation o, String runId) {
      return new Observation(o.action(), o.timestamp(), o.source(), o.executorId(), o.context(),
          o.idempotencyKey(), Optional.of(runId));
    }

    private static Observation observation(
        String action, String executor, String location, String equipment) {
      Map<String, Object> context = new java.util.LinkedHashMap<>();
      if (location != null) {
        context.put("location", location);
      }
      if (equipment != null) {
        context.put("equipment_id", equipment);
      }
      return new Observation(action, ClockUtil.now().toInstant(), EventSource.INFERENCE,
          Optional.ofNullable(executor), context, Optional.empty());
    }

    /** A sensor's report of {@code action} on equipment r1, claimed at {@code at}. */
    private static Observation sensor(String action, Instant at) {
      return new Observation(action, at, EventSource.INFERENCE, Optional.of("sensor_1"),
          Map.of("equipment_id", "r1"), Optional.empty());
    }

    /** Completes the open task of {@code step} as {@code user} would in Tasklist. */
    private void completeInTasklist(ProcessInstance run, String step, String user) {
      String task = engine.getTaskService().createTaskQuery().processInstanceId(run.getId())
          .taskDefinitionKey(step).singleResult().getId();
      engine.getIdentityService().setAuthenticatedUserId(user);
      try {
        engine.getTaskService().complete(task);
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
    }

    /** The deviations of the run's latest {@code deviation_detected}; none if there is none. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> finalDeviations(ProcessInstance run) throws SQLException {
      List<LoggedEvent> detected = events(run).stream()
          .filter(e -> e.type() == EventType.DEVIATION_DETECTED).toList();
      return detected.isEmpty()
          ? List.of()
          : (List<Map<String, Object>>)
              detected.get(detected.size() - 1).payloadMap().get("deviations");
    }

    private static Observation claimedAt(Observation o, Instant at) {
      return new Observation(o.action(), at, o.source(), o.executorId(), o.context(),
          o.idempotencyKey());
    }

    private static Observation keyed(Observation o, String key) {
      return new Observation(o.action(), o.timestamp(), o.source(), o.executorId(), o.context(),
          Optional.of(key));
    }

    private List<String> openSteps(ProcessInstance run) {
      return engine.getTaskService().createTaskQuery().processInstanceId(run.getId()).list()
          .stream().map(task -> task.getTaskDefinitionKey()).sorted().toList();
    }

    /** Reports {@code racers} observations at the same moment, each on a thread of its own. */
    private List<ObservationResult> race(int racers, IntFunction<Observation> observations)
        throws Exception {
      return race(racers, observations, i -> service);
    }

    /**
     * Reports {@code racers} observations at the same moment, each on a thread of its own, the
     * {@code i}th to {@code nodes.apply(i)}.
     */
    private List<ObservationResult> race(
        int racers, IntFunction<Observation> observations, IntFunction<ObservationService> nodes)
        throws Exception {
      CyclicBarrier together = new CyclicBarrier(racers);
      ExecutorService threads = Executors.newFixedThreadPool(racers);
      try {
        List<Future<ObservationResult>> answers = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          Observation seen = observations.apply(i);
          ObservationService node = nodes.apply(i);
          answers.add(
              threads.submit(
                  () -> {
                    together.await();
                    return node.report(seen);
                  }));
        }
        List<ObservationResult> results = new ArrayList<>();
        for (Future<ObservationResult> answer : answers) {
          results.add(answer.get());
        }
        return results;
      } finally {
        threads.shutdownNow();
      }
    }

    private static String runId(ProcessInstance run) {
      return runId(run.getId());
    }

    private static String runId(String processInstanceId) {
      return dev.asrun.capture.Observing.runIdOf(processInstanceId);
    }

    private List<LoggedEvent> events(ProcessInstance run) throws SQLException {
      return events(run.getId());
    }

    private List<LoggedEvent> events(String processInstanceId) throws SQLException {
      try (Connection connection = connection()) {
        return log.run(connection, runId(processInstanceId));
      }
    }

    private List<String> types(ProcessInstance run) throws SQLException {
      return types(run.getId());
    }

    private List<String> types(String processInstanceId) throws SQLException {
      return events(processInstanceId).stream()
          .map(e -> e.type().wireName()
              + (e.type() == EventType.STEP_MATCHED ? " " + e.payloadMap().get("step_id") : ""))
          .toList();
    }

    private LoggedEvent only(ProcessInstance run, EventType type, String step) throws SQLException {
      List<LoggedEvent> matching = events(run).stream()
          .filter(e -> e.type() == type)
          .filter(e -> step == null || step.equals(e.payloadMap().get("step_id")))
          .toList();
      assertThat(matching).as("%s of %s", type, step).hasSize(1);
      return matching.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
      return (Map<String, Object>) json;
    }

    private long eventCount() throws SQLException {
      try (Connection connection = connection();
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM asrun_event")) {
        row.next();
        return row.getLong(1);
      }
    }

    private Connection connection() throws SQLException {
      return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
          .getDataSource().getConnection();
    }
  }
}
