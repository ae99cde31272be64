package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operators changing runs from Cockpit or the API: modifications (also skipping custom listeners),
 * deletions (also skipping custom listeners), variable changes, incidents. On H2 and PostgreSQL.
 */
class OperatorCaptureTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String CHECKLIST = """
        [procedure]
        id = "sop_capture_checklist"
        name = "Checklist"

        [[procedure.steps]]
        id = "power_on"
        name = "Power on"

        [[procedure.steps]]
        id = "verify_temperature"
        type = "check"
        name = "Temperature fine?"
        variable = "temperature_ok"

        [[procedure.steps]]
        id = "record_baseline"
        type = "record"
        name = "Record the baseline"
          [[procedure.steps.fields]]
          variable = "temperature_f"
          label = "Temperature"
          type = "number"

        [[procedure.steps]]
        id = "shut_down"
        name = "Shut down"
        """;

    @Test
    void aRunWithASkippedStepAndAModificationSkippingCustomListenersHasItsWholeTrail()
        throws Exception {
      deploy(CHECKLIST);
      as("alice");
      ProcessInstance run = start("sop_capture_checklist", null, "location", "lab_3");
      done(run, "power_on");

      as("bob");
      engine.getRuntimeService().createProcessInstanceModification(run.getId())
          .cancelAllForActivity("verify_temperature")
          .startBeforeActivity("record_baseline")
          .setAnnotation("probe replaced, temperature checked by hand")
          .execute(true, false);

      as("alice");
      done(run, "record_baseline", "temperature_f", "185");
      skip(run, "shut_down", "next shift continues");

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine power_on",
          "run_started executor power_on",
          "step_matched executor power_on",
          "step_started engine verify_temperature",
          "operator_modification engine",
          "step_skipped engine verify_temperature",
          "step_started engine record_baseline",
          "step_matched executor record_baseline",
          "step_started engine shut_down",
          "step_skipped executor shut_down",
          "proc_completed engine",
          "prompt_issued engine");

      assertThat(payload(run, EventType.OPERATOR_MODIFICATION, null)).contains(
          entry("operation", "ModifyProcessInstance"),
          entry("user_id", "bob"),
          entry("cancelled_activities", List.of("verify_temperature")),
          entry("started_activities", List.of("record_baseline")),
          entry("skip_custom_listeners", true),
          entry("annotation", "probe replaced, temperature checked by hand"));
      assertThat(payload(run, EventType.STEP_SKIPPED, "verify_temperature")).contains(
          entry("outcome", "cancelled"), entry("reason", "cancelled by operator"));
      assertThat(payload(run, EventType.STEP_MATCHED, "record_baseline")).contains(
          entry("executor_id", "alice"), entry("values", Map.of("temperature_f", "185")));
      assertThat(payload(run, EventType.STEP_SKIPPED, "shut_down")).contains(
          entry("outcome", "skipped"),
          entry("reason", "next shift continues"),
          entry("executor_id", "alice"));
    }

    @Test
    void aModificationWithoutAnAuthenticatedUserIsStillRecorded() throws Exception {
      deploy(CHECKLIST);
      ProcessInstance run = start("sop_capture_checklist", null);
      engine.getRuntimeService().createProcessInstanceModification(run.getId())
          .startBeforeActivity("shut_down")
          .execute(true, true);

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine power_on",
          "operator_modification engine",
          "step_started engine shut_down");
      Map<String, Object> modification = payload(run, EventType.OPERATOR_MODIFICATION, null);
      assertThat(modification).contains(
          entry("user_id", null),
          entry("started_activities", List.of("shut_down")),
          entry("cancelled_activities", List.of()),
          entry("annotation", null));
    }

    @Test
    void aModificationCancellingEverythingAbortsTheRun() throws Exception {
      deploy(CHECKLIST);
      as("alice");
      ProcessInstance run = start("sop_capture_checklist", null);
      as("bob");
      engine.getRuntimeService().createProcessInstanceModification(run.getId())
          .cancelAllForActivity("power_on")
          .execute();

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine power_on",
          "operator_modification engine",
          "step_skipped engine power_on",
          "proc_aborted engine");
      assertThat(payload(run, EventType.PROC_ABORTED, null)).contains(
          entry("reason", "cancelled"),
          entry("user_id", "bob"),
          entry("during_modification", true));
      assertThat(payload(run, EventType.OPERATOR_MODIFICATION, null))
          .containsEntry("skip_custom_listeners", false);
    }

    @Test
    void aBatchModificationOfSeveralRunsIsRecordedInEachRun() throws Exception {
      deploy(CHECKLIST);
      as("alice");
      ProcessInstance first = start("sop_capture_checklist", null);
      ProcessInstance second = start("sop_capture_checklist", null);
      as("bob");
      engine.getRuntimeService().createModification(definition("sop_capture_checklist").getId())
          .cancelAllForActivity("power_on")
          .startBeforeActivity("verify_temperature")
          .processInstanceIds(first.getId(), second.getId())
          .skipCustomListeners()
          .setAnnotation("power was already on")
          .execute();

      for (ProcessInstance run : List.of(first, second)) {
        assertThat(trail(run)).containsExactly(
            "proc_triggered executor",
            "step_started engine power_on",
            "operator_modification engine",
            "step_skipped engine power_on",
            "step_started engine verify_temperature");
        assertThat(payload(run, EventType.OPERATOR_MODIFICATION, null)).contains(
            entry("user_id", "bob"),
            entry("annotation", "power was already on"),
            entry("skip_custom_listeners", true));
      }
    }

    @Test
    void aDeletionSkippingCustomListenersStillAbortsTheRun() throws Exception {
      deploy(CHECKLIST);
      as("alice");
      ProcessInstance run = start("sop_capture_checklist", null);
      done(run, "power_on");
      as("bob");
      engine.getRuntimeService().deleteProcessInstance(run.getId(), "wrong reactor", true);

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine power_on",
          "run_started executor power_on",
          "step_matched executor power_on",
          "step_started engine verify_temperature",
          "step_skipped engine verify_temperature",
          "proc_aborted engine",
          "prompt_issued engine");
      assertThat(payload(run, EventType.STEP_SKIPPED, "verify_temperature")).contains(
          entry("outcome", "cancelled"), entry("reason", "run cancelled"));
      assertThat(payload(run, EventType.PROC_ABORTED, null)).contains(
          entry("reason", "cancelled"),
          entry("user_id", "bob"),
          entry("delete_reason", "wrong reactor"),
          entry("skip_custom_listeners", true),
          entry("during_modification", false));
    }

    @Test
    void anOperatorChangingAVariableIsRecordedWithTheValue() throws Exception {
      deploy(CHECKLIST);
      as("alice");
      ProcessInstance run = start("sop_capture_checklist", null);
      as("bob");
      engine.getRuntimeService().setVariable(run.getId(), "temperature_f", "195");
      engine.getRuntimeService().removeVariable(run.getId(), "temperature_f");

      List<LoggedEvent> changes = events(run).stream()
          .filter(event -> event.type() == EventType.OPERATOR_MODIFICATION)
          .toList();
      assertThat(changes).hasSize(2);
      assertThat(changes.get(0).payloadMap()).contains(
          entry("operation", "SetVariable"),
          entry("user_id", "bob"),
          entry("variables", Map.of("temperature_f", "195")),
          entry("removed_variables", List.of()));
      assertThat(changes.get(1).payloadMap()).contains(
          entry("operation", "RemoveVariable"),
          entry("variables", Map.of()),
          entry("removed_variables", List.of("temperature_f")));
    }

    @Test
    void incidentsAreRecordedWhenTheyOpenAndWhenTheyAreResolved() throws Exception {
      deploy(CHECKLIST);
      as("alice");
      ProcessInstance run = start("sop_capture_checklist", null);
      String execution = task(run, "power_on").getExecutionId();
      Incident incident = engine.getRuntimeService()
          .createIncident("probe", execution, "probe-7", "probe offline");
      engine.getRuntimeService().resolveIncident(incident.getId());

      List<LoggedEvent> incidents = events(run).stream()
          .filter(event -> event.type() == EventType.INCIDENT)
          .toList();
      assertThat(incidents).extracting(event -> event.payloadMap().get("state"))
          .containsExactly("open", "resolved");
      assertThat(incidents).allSatisfy(event -> assertThat(event.source())
          .isEqualTo(EventSource.ENGINE));
      assertThat(incidents.get(0).payloadMap()).contains(
          entry("incident_id", incident.getId()),
          entry("incident_type", "probe"),
          entry("message", "probe offline"),
          entry("activity_id", "power_on"),
          entry("configuration", "probe-7"));
    }

    @Test
    void anOperatorFiringATimerByHandIsRecordedBeforeWhatTheTimerDid() throws Exception {
      deploy("""
          [procedure]
          id = "sop_capture_timed_check"
          name = "Timed check"

          [[procedure.steps]]
          id = "inspect"
          name = "Inspect"
          timeout = "5m"
          """);
      as("alice");
      ProcessInstance run = start("sop_capture_timed_check", null);
      as("bob");
      engine.getManagementService().executeJob(timer(run, "inspect-overdue").getId());

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine inspect",
          "operator_modification engine",
          "step_overdue scheduler inspect");
      assertThat(payload(run, EventType.OPERATOR_MODIFICATION, null)).contains(
          entry("operation", "Execute"), entry("entity_type", "Job"), entry("user_id", "bob"));
    }
  }
}
