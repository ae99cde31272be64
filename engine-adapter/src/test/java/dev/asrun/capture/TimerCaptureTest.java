package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.log.EventType;
import java.time.Instant;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time in a run: waits, steps overdue, the procedure timeout. On H2 and PostgreSQL. */
class TimerCaptureTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String RECIPE = """
        [procedure]
        id = "sop_capture_recipe"
        name = "Recipe"
        timeout = "2h"

        [[procedure.steps]]
        id = "mix"
        name = "Mix the batter"
        timeout = "5m"

        [[procedure.steps]]
        id = "rest"
        type = "wait"
        name = "Let the dough rest"
        duration = "45m"

        [[procedure.steps]]
        id = "bake"
        name = "Bake"
        """;

    @Test
    void anOverdueStepAndAWaitAreRecordedFromTheScheduler() throws Exception {
      deploy(RECIPE);
      clockAt(Instant.parse("2025-06-01T06:00:00Z"));
      as("alice");
      ProcessInstance run = start("sop_capture_recipe", null);
      fire(timer(run, "mix-overdue"));
      done(run, "mix");
      fire(timer(run, "rest"));
      done(run, "bake");

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine mix",
          "step_overdue scheduler mix",
          "run_started executor mix",
          "step_matched executor mix",
          "step_started engine rest",
          "step_matched scheduler rest",
          "step_started engine bake",
          "step_matched executor bake",
          "proc_completed engine",
          "prompt_issued engine");
      assertThat(payload(run, EventType.STEP_OVERDUE, "mix")).containsEntry("timeout", "PT5M");
      assertThat(payload(run, EventType.STEP_STARTED, "rest")).contains(
          entry("step_type", "wait"), entry("duration", "PT45M"));
      assertThat(payload(run, EventType.STEP_MATCHED, "rest")).containsEntry("outcome", "done");
    }

    @Test
    void aWaitCanBeTheStepThatStartsTheRun() throws Exception {
      deploy("""
          [procedure]
          id = "sop_capture_proofing"
          name = "Proofing"

          [[procedure.steps]]
          id = "proof"
          type = "wait"
          name = "Proof the dough"
          duration = "1h"

          [[procedure.steps]]
          id = "shape"
          name = "Shape"
          """);
      ProcessInstance run = start("sop_capture_proofing", null);
      fire(timer(run, "proof"));

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine proof",
          "run_started scheduler proof",
          "step_matched scheduler proof",
          "step_started engine shape");
    }

    @Test
    void theProcedureTimeoutCancelsTheOpenStepsAndAbortsTheRun() throws Exception {
      deploy(RECIPE);
      clockAt(Instant.parse("2025-06-01T06:00:00Z"));
      as("alice");
      ProcessInstance run = start("sop_capture_recipe", null);
      done(run, "mix");
      fire(timer(run, "asrun-timeout"));

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine mix",
          "run_started executor mix",
          "step_matched executor mix",
          "step_started engine rest",
          "step_skipped scheduler rest",
          "proc_aborted scheduler",
          "prompt_issued engine");
      assertThat(payload(run, EventType.STEP_SKIPPED, "rest")).contains(
          entry("outcome", "cancelled"), entry("reason", "procedure timeout"));
      assertThat(payload(run, EventType.PROC_ABORTED, null)).contains(
          entry("reason", "timeout"), entry("timeout", "PT2H"));
      assertThat(engine.getRuntimeService().createProcessInstanceQuery()
          .processInstanceId(run.getId()).count()).isZero();
    }

    @Test
    void aGroupOverdueIsRecordedForTheGroup() throws Exception {
      deploy("""
          [procedure]
          id = "sop_capture_bake"
          name = "Bake"

          [[procedure.steps]]
          id = "bake"
          type = "group"
          name = "Bake"
          timeout = "1h"
          steps = [
            { id = "load_oven", name = "Load the oven" },
            { id = "unload", name = "Unload" },
          ]
          """);
      ProcessInstance run = start("sop_capture_bake", null);
      fire(timer(run, "bake-overdue"));

      assertThat(trail(run)).containsExactly(
          "proc_triggered executor",
          "step_started engine load_oven",
          "step_overdue scheduler bake");
      assertThat(payload(run, EventType.STEP_OVERDUE, "bake")).containsEntry("timeout", "PT1H");
    }
  }
}
