package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.conformance.DeviationDetector;
import dev.asrun.conformance.Template;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.index.RunProjector;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.Statements;
import dev.asrun.record.RecordWriter;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deviations of real runs: the engine works procedures as Tasklist and Cockpit do, and each run's
 * {@code deviation_detected} events follow its trace, in the commands that changed it. On H2 and
 * PostgreSQL.
 */
class DeviationCaptureTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String FOUR_STEPS =
        """
        [procedure]
        id = "sop_deviation_four"
        name = "Four steps"
        timeout = "30m"

        [[procedure.steps]]
        id = "step_a"
        name = "A"

        [[procedure.steps]]
        id = "step_b"
        name = "B"

        [[procedure.steps]]
        id = "step_c"
        name = "C"

        [[procedure.steps]]
        id = "step_d"
        name = "D"
        """;

    @Test
    void aCleanRunHasNoDeviationEvent() throws Exception {
      deploy(FOUR_STEPS);
      as("alice");
      ProcessInstance run = start("sop_deviation_four", null);
      done(run, "step_a");
      done(run, "step_b");
      done(run, "step_c");
      done(run, "step_d");
      assertThat(deviationEvents(run)).isEmpty();
    }

    @Test
    void aSkippedStepIsAnOmissionAtOnceAndFinalAtTheEnd() throws Exception {
      deploy(FOUR_STEPS);
      as("alice");
      ProcessInstance run = start("sop_deviation_four", null);
      done(run, "step_a");
      skip(run, "step_b", "probe broken");
      Map<String, Object> omission = Map.of("deviation_type", "omission", "step_id", "step_b",
          "expected_position", 2, "detail", "step_b (written 2nd) was skipped: probe broken");

      List<Map<String, Object>> events = deviationEvents(run);
      assertThat(events).hasSize(1);
      assertThat(events.get(0)).contains(entry("final", false));
      assertThat(list(events.get(0), "deviations")).containsExactly(omission);
      assertThat(list(events.get(0), "new")).isEqualTo(list(events.get(0), "deviations"));
      assertThat(trail(run)).containsSubsequence("step_skipped executor step_b",
          "deviation_detected engine");

      done(run, "step_c");
      done(run, "step_d");
      events = deviationEvents(run);
      assertThat(events).hasSize(2);
      assertThat(events.get(1)).contains(entry("final", true), entry("new", List.of()));
      assertThat(list(events.get(1), "deviations")).isEqualTo(list(events.get(0), "deviations"));
    }

    @Test
    void anOperatorStartingAStepEarlyMakesOneReorder() throws Exception {
      deploy(FOUR_STEPS);
      as("alice");
      ProcessInstance run = start("sop_deviation_four", null);
      done(run, "step_a");
      as("bob");
      engine.getRuntimeService().createProcessInstanceModification(run.getId())
          .startBeforeActivity("step_c").execute();
      as("alice");
      done(run, "step_c");
      done(run, "step_b");
      as("bob");
      engine.getRuntimeService().createProcessInstanceModification(run.getId())
          .cancelAllForActivity("step_c").execute();
      as("alice");
      done(run, "step_d");

      List<Map<String, Object>> events = deviationEvents(run);
      Map<String, Object> last = events.get(events.size() - 1);
      assertThat(last).contains(entry("final", true));
      assertThat(list(last, "deviations")).containsExactly(Map.of(
          "deviation_type", "reorder", "step_id", "step_b", "expected_position", 2,
          "actual_position", 3, "previous_step_id", "step_c",
          "detail", "step_b was done after step_c (written 2nd, done 3rd)"));
    }

    @Test
    void aRunAbortedByItsTimeoutEndsWithATimeout() throws Exception {
      deploy(FOUR_STEPS);
      as("alice");
      ProcessInstance run = start("sop_deviation_four", null);
      done(run, "step_a");
      fire(timer(run, "asrun-timeout"));

      List<Map<String, Object>> events = deviationEvents(run);
      assertThat(events).hasSize(1);
      assertThat(events.get(0)).contains(entry("final", true));
      assertThat(list(events.get(0), "deviations")).containsExactly(Map.of(
          "deviation_type", "timeout",
          "detail", "the run was aborted: its timeout of 30m was exceeded"));
      Map<String, Object> fields = new HashMap<>();
      fields.put("deviation_type", "timeout");
      fields.put("step_id", null);
      fields.put("expected_position", null);
      fields.put("actual_position", null);
      fields.put("previous_step_id", null);
      fields.put("detail", "the run was aborted: its timeout of 30m was exceeded");
      assertThat(((List<?>) events.get(0).get("deviations")).get(0)).as("the payload's fields")
          .isEqualTo(fields);
    }

    @Test
    void aFailedCheckAndAValueOutOfLimitsAreDeviations() throws Exception {
      deploy(
          """
          [procedure]
          id = "sop_deviation_values"
          name = "Values"

          [[procedure.steps]]
          id = "verify_temperature"
          type = "check"
          name = "Below 200?"
          variable = "temperature_ok"

          [[procedure.steps]]
          id = "record_baseline"
          type = "record"
          name = "Baseline"
            [[procedure.steps.fields]]
            variable = "temperature_f"
            label = "Temperature"
            type = "number"
            max = 200
          """);
      as("alice");
      ProcessInstance run = start("sop_deviation_values", null);
      done(run, "verify_temperature", "temperature_ok", false);
      done(run, "record_baseline", "temperature_f", "250");

      List<Map<String, Object>> events = deviationEvents(run);
      assertThat(events).hasSize(2);
      assertThat(list(events.get(0), "deviations")).extracting(d -> d.get("deviation_type"))
          .containsExactly("check_failed");
      assertThat(list(events.get(1), "deviations")).extracting(d -> d.get("deviation_type"))
          .containsExactly("check_failed", "out_of_limits");
      assertThat(list(events.get(1), "new")).singleElement().satisfies(d -> assertThat(d)
          .contains(entry("step_id", "record_baseline"), entry("actual_position", 2),
              entry("detail", "temperature_f was recorded as 250 at record_baseline, above the"
                  + " maximum 200")));
    }

    @Test
    void anExtraStepAppendedBesideTheEngineIsAnAdditionWhereItWasDone() throws Exception {
      deploy(FOUR_STEPS);
      as("alice");
      ProcessInstance run = start("sop_deviation_four", null);
      done(run, "step_a");
      EventLog log = new EventLog();
      RecordWriter writer =
          new RecordWriter(
              log,
              new RunProjector(),
              new DeviationDetector(
                  id ->
                      Optional.of(
                          Template.of(
                              ProcedureDefinition.read(
                                  engine.getRepositoryService().getBpmnModelInstance(id))))));
      try (Connection connection = configuration().getDataSource().getConnection();
          Statements statements = new Statements(connection)) {
        connection.setAutoCommit(false);
        List<LoggedEvent> written = writer.write(statements, List.of(new NewEvent(
            EventSource.INFERENCE, EventType.EXTRA_STEP, Optional.of("sop_deviation_four"),
            Optional.of("1"), Optional.of(RunIds.of(run.getId())), Optional.empty(),
            Map.of("action", "wipe_bench", "observation_id", "obs-1"))));
        assertThat(written).extracting(LoggedEvent::type)
            .containsExactly(EventType.EXTRA_STEP, EventType.DEVIATION_DETECTED);
        connection.commit();
      }
      done(run, "step_b");
      done(run, "step_c");
      done(run, "step_d");

      List<Map<String, Object>> events = deviationEvents(run);
      assertThat(events).hasSize(2);
      assertThat(list(events.get(0), "deviations")).containsExactly(Map.of(
          "deviation_type", "addition", "step_id", "wipe_bench", "actual_position", 2,
          "previous_step_id", "step_a", "detail",
          "extra step wipe_bench was done after step_a (done 2nd); the procedure has no such"
              + " step"));
      assertThat(events.get(1)).contains(entry("final", true), entry("new", List.of()));
    }

    private List<Map<String, Object>> deviationEvents(ProcessInstance run) throws Exception {
      return events(run).stream().filter(e -> e.type() == EventType.DEVIATION_DETECTED)
          .map(LoggedEvent::payloadMap).toList();
    }

    /** The deviations of {@code key}, each without its null fields. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> payload, String key) {
      return ((List<Map<String, Object>>) payload.get(key)).stream()
          .map(d -> d.entrySet().stream().filter(e -> e.getValue() != null)
              .collect(Collectors.toMap(Map.Entry::getKey,
                  Map.Entry::getValue)))
          .map(d -> (Map<String, Object>) d).toList();
    }
  }
}
