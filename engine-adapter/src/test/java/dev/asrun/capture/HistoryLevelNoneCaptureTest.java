package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.log.EventType;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The record does not depend on Camunda's history: on an engine with history level {@code none}
 * ({@code camunda.history-none.cfg.xml}) runs, their values, an operator's modification skipping
 * custom listeners and a deletion are recorded as with full history. Only what exists in history
 * alone (incidents, the operation log and with it a modification's annotation) is missing.
 */
class HistoryLevelNoneCaptureTest extends CaptureTest {

  @RegisterExtension
  static final ProcessEngineExtension ENGINE_WITHOUT_HISTORY = ProcessEngineExtension.builder()
      .configurationResource("camunda.history-none.cfg.xml")
      .build();

  private static final String CHECKLIST = """
      [procedure]
      id = "sop_capture_no_history"
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
      """;

  @Test
  void aRunWithASkippedStepAndAModificationIsRecordedWithoutHistory() throws Exception {
    deploy(CHECKLIST);
    as("alice");
    ProcessInstance run = start("sop_capture_no_history", null, "location", "lab_3");
    skip(run, "power_on", "already on");
    as("bob");
    engine.getRuntimeService().createProcessInstanceModification(run.getId())
        .cancelAllForActivity("verify_temperature")
        .startBeforeActivity("record_baseline")
        .setAnnotation("not kept: annotations live in history")
        .execute(true, false);
    as("alice");
    done(run, "record_baseline", "temperature_f", "185");

    assertThat(trail(run)).containsExactly(
        "proc_triggered executor",
        "step_started engine power_on",
        "run_started executor power_on",
        "step_skipped executor power_on",
        "step_started engine verify_temperature",
        "operator_modification engine",
        "step_skipped engine verify_temperature",
        "step_started engine record_baseline",
        "step_matched executor record_baseline",
        "proc_completed engine",
          "prompt_issued engine");
    assertThat(payload(run, EventType.OPERATOR_MODIFICATION, null)).contains(
        entry("user_id", "bob"),
        entry("cancelled_activities", List.of("verify_temperature")),
        entry("started_activities", List.of("record_baseline")),
        entry("skip_custom_listeners", true),
        entry("annotation", null));
    assertThat(payload(run, EventType.STEP_MATCHED, "record_baseline")).contains(
        entry("executor_id", "alice"), entry("values", Map.of("temperature_f", "185")));
  }

  @Test
  void aDeletionSkippingCustomListenersIsRecordedWithoutHistory() throws Exception {
    deploy(CHECKLIST);
    as("alice");
    ProcessInstance run = start("sop_capture_no_history", null);
    as("bob");
    engine.getRuntimeService().deleteProcessInstance(run.getId(), "wrong reactor", true);

    assertThat(trail(run)).endsWith("step_skipped engine power_on", "proc_aborted engine");
    assertThat(payload(run, EventType.PROC_ABORTED, null)).contains(
        entry("user_id", "bob"), entry("delete_reason", "wrong reactor"),
        entry("skip_custom_listeners", true));
  }
}
