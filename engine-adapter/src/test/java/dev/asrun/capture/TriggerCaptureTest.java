package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How runs come about: a trigger window opening, an observed action's signal, an operator
 * instantiating a run at a step. On H2 and PostgreSQL.
 */
class TriggerCaptureTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    @Test
    void aWindowOpeningTriggersTheProcedureAndStartsARun() throws Exception {
      deploy("""
          [procedure]
          id = "sop_capture_window"
          name = "Morning checks"
          version = "3"

          [procedure.context]
          time_of_day = ["08:00", "09:30"]
          timezone = "Europe/Berlin"

          [[procedure.steps]]
          id = "power_on"
          name = "Power on"
          """);
      clockAt(Instant.parse("2025-06-01T05:00:00Z"));
      Job window = engine.getManagementService().createJobQuery()
          .processDefinitionKey("sop_capture_window-window").timers().singleResult();
      fire(window);

      List<LoggedEvent> procedure = procedureEvents("sop_capture_window");
      assertThat(procedure).singleElement().satisfies(opened -> {
        assertThat(opened.type()).isEqualTo(EventType.PROC_TRIGGERED);
        assertThat(opened.source()).isEqualTo(EventSource.SCHEDULER);
        assertThat(opened.runId()).isEmpty();
        assertThat(opened.procedureVersion()).contains("3");
        assertThat(opened.payloadMap()).contains(
            entry("trigger", "window"),
            entry("window_start", "08:00"),
            entry("window_end", "09:30"),
            entry("timezone", "Europe/Berlin"));
      });

      ProcessInstance run = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey("sop_capture_window").singleResult();
      assertThat(trail(run)).containsExactly(
          "proc_triggered scheduler",
          "step_started engine power_on");
      Map<String, Object> triggered = payload(run, EventType.PROC_TRIGGERED, null);
      assertThat(triggered).contains(
          entry("trigger", "window"),
          entry("start_event", "asrun-start-window"),
          entry("window_end", "09:30"));
      Map<String, Object> noExecutor = new HashMap<>();
      noExecutor.put("location", null);
      noExecutor.put("equipment_id", null);
      noExecutor.put("executor_id", null);
      noExecutor.put("notes", null);
      assertThat(triggered.get("context")).isEqualTo(noExecutor);
    }

    @Test
    void anActionsSignalTriggersEveryProcedureWaitingForIt() throws Exception {
      String emergency = """
          [procedure]
          id = "sop_capture_%s"
          name = "On alarm"

          [procedure.context]
          during_action = ["alarm.capture_test"]

          [[procedure.steps]]
          id = "acknowledge"
          name = "Acknowledge"
          """;
      deploy(emergency.formatted("first_responder"), emergency.formatted("second_responder"));
      as("sensor-gateway");
      engine.getRuntimeService().createSignalEvent("alarm.capture_test").send();

      for (String procedure :
          List.of("sop_capture_first_responder", "sop_capture_second_responder")) {
        ProcessInstance run = engine.getRuntimeService().createProcessInstanceQuery()
            .processDefinitionKey(procedure).singleResult();
        assertThat(trail(run)).containsExactly(
            "proc_triggered engine",
            "step_started engine acknowledge");
        assertThat(payload(run, EventType.PROC_TRIGGERED, null)).contains(
            entry("trigger", "action"),
            entry("action", "alarm.capture_test"),
            entry("start_event", "asrun-on-alarm.capture_test"));
      }
    }

    @Test
    void aRunInstantiatedAtAStepIsTriggeredByAnOperator() throws Exception {
      deploy("""
          [procedure]
          id = "sop_capture_restart"
          name = "Restartable"

          [[procedure.steps]]
          id = "prepare"
          name = "Prepare"

          [[procedure.steps]]
          id = "resume"
          name = "Resume"
          """);
      as("bob");
      ProcessInstance run = engine.getRuntimeService()
          .createProcessInstanceByKey("sop_capture_restart")
          .startBeforeActivity("resume")
          .execute(true, false);

      assertThat(trail(run)).containsExactly(
          "proc_triggered engine",
          "step_started engine resume");
      Map<String, Object> triggered = payload(run, EventType.PROC_TRIGGERED, null);
      assertThat(triggered).contains(entry("trigger", "operator"));
      assertThat(object(triggered.get("context"))).containsEntry("executor_id", "bob");
    }
  }
}
