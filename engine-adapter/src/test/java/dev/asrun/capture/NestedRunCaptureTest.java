package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.log.EventType;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step that calls another procedure: the called run is a run of its own, linked both ways. On H2
 * and PostgreSQL.
 */
class NestedRunCaptureTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String PARENT = """
        [procedure]
        id = "sop_capture_parent"
        name = "Daily startup"

        [[procedure.steps]]
        id = "power_on"
        name = "Power on"

        [[procedure.steps]]
        id = "calibrate"
        name = "Calibrate the sensor"
        reference = "sop_capture_child"

        [[procedure.steps]]
        id = "start_pump"
        name = "Start the pump"
        """;

    private static final String CHILD = """
        [procedure]
        id = "sop_capture_child"
        name = "Sensor calibration"
        timeout = "10m"

        [[procedure.steps]]
        id = "zero"
        name = "Zero the probe"
        """;

    @Test
    void aCalledProcedureIsARunOfItsOwnLinkedToItsParent() throws Exception {
      deploy(PARENT, CHILD);
      as("alice");
      ProcessInstance parent = start("sop_capture_parent", "batch-9", "location", "lab_3");
      done(parent, "power_on");
      ProcessInstance child = child(parent);
      as("carol");
      done(child, "zero");

      assertThat(trail(parent)).containsExactly(
          "proc_triggered executor",
          "step_started engine power_on",
          "run_started executor power_on",
          "step_matched executor power_on",
          "step_started engine calibrate",
          "subrun_started engine calibrate",
          "subrun_ended engine calibrate",
          "step_matched engine calibrate",
          "step_started engine start_pump");
      assertThat(trail(child)).containsExactly(
          "proc_triggered engine",
          "step_started engine zero",
          "run_started executor zero",
          "step_matched executor zero",
          "proc_completed engine");

      String childRun = RunIds.of(child.getId());
      assertThat(payload(parent, EventType.SUBRUN_STARTED, "calibrate")).contains(
          entry("child_run_id", childRun),
          entry("child_procedure_id", "sop_capture_child"),
          entry("child_process_instance_id", child.getId()));
      assertThat(payload(parent, EventType.SUBRUN_ENDED, "calibrate")).contains(
          entry("child_run_id", childRun), entry("status", "completed"));
      assertThat(payload(parent, EventType.STEP_STARTED, "calibrate"))
          .containsEntry("reference", "sop_capture_child");
      assertThat(payload(parent, EventType.STEP_MATCHED, "calibrate"))
          .containsEntry("child_run_id", childRun);

      Map<String, Object> triggered = payload(child, EventType.PROC_TRIGGERED, null);
      assertThat(triggered).contains(
          entry("trigger", "reference"),
          entry("parent_run_id", RunIds.of(parent.getId())),
          entry("parent_step_id", "calibrate"),
          entry("business_key", "batch-9"));
      assertThat(object(triggered.get("context"))).contains(
          entry("location", "lab_3"), entry("executor_id", "alice"));
    }

    @Test
    void aCalledRunAbortedByItsTimeoutLeavesItsStepInTheParentNotDone() throws Exception {
      deploy(PARENT, CHILD);
      as("alice");
      ProcessInstance parent = start("sop_capture_parent", null);
      done(parent, "power_on");
      ProcessInstance child = child(parent);
      fire(timer(child, "asrun-timeout"));

      assertThat(trail(child)).endsWith("step_skipped scheduler zero", "proc_aborted scheduler");
      assertThat(trail(parent)).containsSubsequence(
          "subrun_started engine calibrate",
          "subrun_ended engine calibrate",
          "step_skipped engine calibrate",
          "step_started engine start_pump");
      assertThat(payload(parent, EventType.SUBRUN_ENDED, "calibrate")).contains(
          entry("status", "aborted"), entry("reason", "timeout"));
      assertThat(payload(parent, EventType.STEP_SKIPPED, "calibrate")).contains(
          entry("outcome", "aborted"), entry("reason", "called run aborted: timeout"));
    }

    @Test
    void deletingTheParentAbortsTheCalledRunToo() throws Exception {
      deploy(PARENT, CHILD);
      as("alice");
      ProcessInstance parent = start("sop_capture_parent", null);
      done(parent, "power_on");
      ProcessInstance child = child(parent);
      as("bob");
      engine.getRuntimeService().deleteProcessInstance(parent.getId(), "line stopped");

      assertThat(trail(child)).endsWith("step_skipped engine zero", "proc_aborted engine");
      assertThat(payload(child, EventType.PROC_ABORTED, null)).contains(
          entry("reason", "cancelled"), entry("user_id", "bob"),
          entry("delete_reason", "line stopped"));
      assertThat(trail(parent)).endsWith(
          "subrun_ended engine calibrate",
          "step_skipped engine calibrate",
          "proc_aborted engine",
          "prompt_issued engine");
      assertThat(payload(parent, EventType.SUBRUN_ENDED, "calibrate")).contains(
          entry("status", "aborted"), entry("reason", "cancelled"));
      assertThat(payload(parent, EventType.STEP_SKIPPED, "calibrate")).contains(
          entry("outcome", "cancelled"), entry("reason", "run cancelled"));
    }

    @Test
    void deletingTheCalledRunCancelsItsStepInTheParent() throws Exception {
      deploy(PARENT, CHILD);
      as("alice");
      ProcessInstance parent = start("sop_capture_parent", null);
      done(parent, "power_on");
      ProcessInstance child = child(parent);
      as("bob");
      engine.getRuntimeService().deleteProcessInstance(child.getId(), "probe broken");

      assertThat(trail(child)).endsWith("step_skipped engine zero", "proc_aborted engine");
      assertThat(payload(child, EventType.PROC_ABORTED, null)).contains(
          entry("reason", "cancelled"), entry("delete_reason", "probe broken"));
      assertThat(trail(parent)).endsWith(
          "subrun_ended engine calibrate",
          "step_skipped engine calibrate",
          "proc_aborted engine",
          "prompt_issued engine");
      assertThat(payload(parent, EventType.STEP_SKIPPED, "calibrate")).contains(
          entry("outcome", "cancelled"), entry("child_run_id", RunIds.of(child.getId())));
    }

    private ProcessInstance child(ProcessInstance parent) {
      ProcessInstance child = engine.getRuntimeService().createProcessInstanceQuery()
          .superProcessInstanceId(parent.getId()).singleResult();
      assertThat(child).as("the called run of %s", parent.getId()).isNotNull();
      return child;
    }
  }
}
