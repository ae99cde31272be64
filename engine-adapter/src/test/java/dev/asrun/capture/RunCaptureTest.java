package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run worked from start to end in Tasklist's way: what the log holds, in order. On H2 and
 * PostgreSQL.
 */
class RunCaptureTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String STARTUP = """
        [procedure]
        id = "sop_capture_startup"
        name = "Startup"
        version = "2025.06"

        [[procedure.steps]]
        id = "power_on"
        name = "Power on"

        [[procedure.steps]]
        id = "verify_temperature"
        type = "check"
        name = "Temperature below 200°F?"
        variable = "temperature_ok"

        [[procedure.steps]]
        id = "record_baseline"
        type = "record"
        name = "Record the baseline"
          [[procedure.steps.fields]]
          variable = "temperature_f"
          label = "Temperature"
          type = "number"
          unit = "°F"
        """;

    @Test
    void recordsTheTriggerEveryStepAndTheCompletionInOrder() throws Exception {
      deploy(STARTUP);
      clockAt(Instant.parse("2025-06-01T06:00:00Z"));
      as("alice");
      ProcessInstance run = start("sop_capture_startup", "batch-7",
          "location", "lab_3", "equipment_id", "reactor_02", "notes", "after maintenance");

      done(run, "power_on", PERFORMED_AT, "2025-06-01 08:05");
      skip(run, "verify_temperature", "sensor broken", "temperature_ok", false);
      clockAt(Instant.parse("2025-06-01T06:01:30Z"));
      done(run, "record_baseline", "temperature_f", "180");

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine power_on",
          "run_started executor power_on",
          "step_matched executor power_on",
          "step_started engine verify_temperature",
          "step_skipped executor verify_temperature",
          "step_started engine record_baseline",
          "deviation_detected engine",
          "step_matched executor record_baseline",
          "proc_completed engine",
          "deviation_detected engine",
          "prompt_issued engine");
      assertThat(events(run)).allSatisfy(event -> {
        assertThat(event.procedureId()).contains("sop_capture_startup");
        assertThat(event.procedureVersion()).contains("2025.06");
        assertThat(event.runId()).contains(RunIds.of(run.getId()));
      });

      Map<String, Object> triggered = payload(run, EventType.PROC_TRIGGERED, null);
      assertThat(triggered).contains(
          entry("trigger", "manual"),
          entry("start_event", "asrun-start"),
          entry("process_instance_id", run.getId()),
          entry("business_key", "batch-7"));
      assertThat(triggered.get("context")).isEqualTo(Map.of(
          "location", "lab_3", "equipment_id", "reactor_02", "executor_id", "alice",
          "notes", "after maintenance"));

      LoggedEvent poweredOn = only(run.getId(), EventType.STEP_MATCHED, "power_on");
      assertThat(poweredOn.occurredAt()).contains(
          LocalDateTime.parse("2025-06-01T08:05").atZone(ZoneId.systemDefault()).toInstant());
      assertThat(poweredOn.payloadMap()).contains(
          entry("outcome", "done"), entry("executor_id", "alice"), entry("values", Map.of()));

      Map<String, Object> skipped = payload(run, EventType.STEP_SKIPPED, "verify_temperature");
      assertThat(skipped).contains(
          entry("outcome", "skipped"),
          entry("reason", "sensor broken"),
          entry("executor_id", "alice"),
          entry("values", Map.of("temperature_ok", false)));
      assertThat(only(run.getId(), EventType.STEP_SKIPPED, "verify_temperature").occurredAt())
          .isEmpty();

      assertThat(payload(run, EventType.STEP_MATCHED, "record_baseline"))
          .containsEntry("values", Map.of("temperature_f", "180"));
      assertThat(payload(run, EventType.STEP_STARTED, "record_baseline"))
          .containsEntry("step_type", "record")
          .containsEntry("task_id",
              engine.getHistoryService().createHistoricTaskInstanceQuery()
                  .processInstanceId(run.getId()).taskDefinitionKey("record_baseline")
                  .singleResult().getId());
      assertThat(payload(run, EventType.PROC_COMPLETED, null))
          .containsEntry("duration_ms", 90_000);
    }

    @Test
    void theExecutorIsTheAuthenticatedUserNeverAClientSuppliedName() throws Exception {
      deploy(STARTUP);
      as("alice");
      ProcessInstance run = start("sop_capture_startup", null, "executor_id", "mallory");
      as("bob");
      done(run, "power_on", "executor_id", "mallory");

      assertThat(object(payload(run, EventType.PROC_TRIGGERED, null).get("context")))
          .containsEntry("executor_id", "alice");
      assertThat(payload(run, EventType.STEP_MATCHED, "power_on"))
          .containsEntry("executor_id", "bob")
          .containsEntry("values", Map.of());
      assertThat(payload(run, EventType.RUN_STARTED, null)).containsEntry("executor_id", "bob");
    }

    @Test
    void aCompletionRecordsOnlyWhatItWroteNotWhatEarlierStepsLeft() throws Exception {
      deploy(STARTUP);
      as("alice");
      ProcessInstance run = start("sop_capture_startup", null);
      skip(run, "power_on", "already on", PERFORMED_AT, "2025-06-01 07:00");
      engine.getTaskService().complete(task(run, "verify_temperature").getId());
      engine.getTaskService().complete(task(run, "record_baseline").getId(),
          Map.of("temperature_f", 170L));

      assertThat(trail(run)).containsSubsequence(
          "step_skipped executor power_on",
          "step_matched executor verify_temperature",
          "step_matched executor record_baseline");
      LoggedEvent verified = only(run.getId(), EventType.STEP_MATCHED, "verify_temperature");
      assertThat(verified.payloadMap())
          .containsEntry("outcome", "done")
          .containsEntry("values", Map.of())
          .doesNotContainKey("reason");
      assertThat(verified.occurredAt()).isEmpty();
      assertThat(payload(run, EventType.STEP_MATCHED, "record_baseline"))
          .containsEntry("values", Map.of("temperature_f", 170));
    }

    @Test
    void aClaimedTimeThatIsNoTimeAndAnUnknownOutcomeAreKeptAsText() throws Exception {
      deploy(STARTUP);
      as("alice");
      ProcessInstance run = start("sop_capture_startup", null);
      engine.getTaskService().complete(task(run, "power_on").getId(), fields(
          OUTCOME, "partly", PERFORMED_AT, "this morning"));

      LoggedEvent poweredOn = only(run.getId(), EventType.STEP_MATCHED, "power_on");
      assertThat(poweredOn.occurredAt()).isEmpty();
      assertThat(poweredOn.payloadMap())
          .containsEntry("outcome", "done")
          .containsEntry("outcome_text", "partly")
          .containsEntry("performed_at_text", "this morning");
    }

    @Test
    void onlyTheFirstCompletedStepStartsTheRun() throws Exception {
      deploy(STARTUP);
      as("alice");
      ProcessInstance run = start("sop_capture_startup", null);
      done(run, "power_on");
      done(run, "verify_temperature", "temperature_ok", true);

      List<LoggedEvent> events = events(run);
      assertThat(events).filteredOn(event -> event.type() == EventType.RUN_STARTED)
          .singleElement()
          .satisfies(started -> {
            assertThat(started.source()).isEqualTo(EventSource.EXECUTOR);
            assertThat(started.payloadMap()).containsEntry("step_id", "power_on");
          });
    }

    @Test
    void aProcessNotCompiledByTheProjectLeavesNoEvent() throws Exception {
      deployForeign("plain.bpmn", """
          <?xml version="1.0" encoding="UTF-8"?>
          <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                       xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                       targetNamespace="https://example.org/plain">
            <process id="plain_capture_process" isExecutable="true" camunda:historyTimeToLive="1">
              <startEvent id="start"/>
              <sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
              <userTask id="work"/>
              <sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
              <endEvent id="end"/>
            </process>
          </definitions>
          """);
      as("alice");
      ProcessInstance run = engine.getRuntimeService()
          .startProcessInstanceByKey("plain_capture_process");
      engine.getTaskService().complete(
          engine.getTaskService().createTaskQuery().processInstanceId(run.getId()).singleResult()
              .getId());

      assertThat(events(run)).isEmpty();
      assertThat(procedureEvents("plain_capture_process")).isEmpty();
    }

    @Test
    void theVersionIsTheDefinitionsNumberWhenItHasNoVersionTag() throws Exception {
      deploy(STARTUP.replace("version = \"2025.06\"\n", ""));
      as("alice");
      ProcessInstance run = start("sop_capture_startup", null);

      assertThat(events(run)).first()
          .extracting(LoggedEvent::procedureVersion)
          .isEqualTo(Optional.of(Integer.toString(definition("sop_capture_startup").getVersion())));
    }

    @Test
    void aValueEnteredAgainIsRecordedAgainEvenWhenItIsTheSame() throws Exception {
      deploy("""
          [procedure]
          id = "sop_capture_readings"
          name = "Readings"

          [[procedure.steps]]
          id = "first_reading"
          type = "record"
          name = "First reading"
            [[procedure.steps.fields]]
            variable = "reading"
            label = "Reading"

          [[procedure.steps]]
          id = "second_reading"
          type = "record"
          name = "Second reading"
            [[procedure.steps.fields]]
            variable = "reading"
            label = "Reading"
          """);
      as("alice");
      ProcessInstance run = start("sop_capture_readings", null);
      done(run, "first_reading", "reading", "42");
      done(run, "second_reading", "reading", "42");

      assertThat(payload(run, EventType.STEP_MATCHED, "first_reading"))
          .containsEntry("values", Map.of("reading", "42"));
      assertThat(payload(run, EventType.STEP_MATCHED, "second_reading"))
          .containsEntry("values", Map.of("reading", "42"));
    }

    @Test
    void stepsOfAnAnyOrderGroupAreRecordedAsWorkedAndABypassedStepNotAtAll() throws Exception {
      deploy("""
          [procedure]
          id = "sop_capture_release"
          name = "Release"

          [[procedure.steps]]
          id = "checks"
          type = "group"
          name = "Checks"
          order = "any"
          steps = [
            { id = "check_logs", name = "Check the logs" },
            { id = "check_metrics", name = "Check the metrics" },
          ]

          [[procedure.steps]]
          id = "healthy"
          type = "check"
          name = "Healthy?"
          variable = "healthy"

          [[procedure.steps]]
          id = "roll_back"
          name = "Roll back"
          when = "not healthy"

          [[procedure.steps]]
          id = "announce"
          name = "Announce"
          """);
      as("alice");
      ProcessInstance run = start("sop_capture_release", null);
      done(run, "check_metrics");
      done(run, "check_logs");
      done(run, "healthy", "healthy", true);
      done(run, "announce");

      List<String> trail = trail(run);
      assertThat(trail.subList(1, 3)).containsExactlyInAnyOrder(
          "step_started engine check_logs", "step_started engine check_metrics");
      assertThat(trail.subList(3, trail.size())).containsExactly(
          "run_started executor check_metrics",
          "step_matched executor check_metrics",
          "step_matched executor check_logs",
          "step_started engine healthy",
          "step_matched executor healthy",
          "step_started engine announce",
          "step_matched executor announce",
          "proc_completed engine",
          "prompt_issued engine");
    }
  }
}
