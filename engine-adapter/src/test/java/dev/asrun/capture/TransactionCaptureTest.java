package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.log.LoggedEvent;
import java.util.List;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The record commits with the engine command that caused it, or not at all. On H2 and PostgreSQL.
 */
class TransactionCaptureTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    private static final String ONE_STEP = """
        [procedure]
        id = "sop_capture_one_step"
        name = "One step"

        [[procedure.steps]]
        id = "sign_off"
        name = "Sign off"
        """;

    @Test
    void aCommandThatFailsLeavesNoEvent() throws Exception {
      deploy(ONE_STEP);
      as("alice");
      ProcessInstance run = start("sop_capture_one_step", null);
      List<LoggedEvent> before = events(run);
      String task = task(run, "sign_off").getId();

      assertThatThrownBy(() -> configuration().getCommandExecutorTxRequired().execute(context -> {
        engine.getTaskService().complete(task);
        throw new IllegalStateException("the command fails after the step was completed");
      })).hasMessageContaining("the command fails");

      assertThat(events(run)).isEqualTo(before);
      assertThat(task(run, "sign_off").getId()).isEqualTo(task);
    }

    @Test
    void aRunStartedAndCompletedInOneCommandHasItsEventsInOrder() throws Exception {
      deploy(ONE_STEP);
      as("alice");
      String[] runId = new String[1];
      configuration().getCommandExecutorTxRequired().execute(context -> {
        ProcessInstance started = engine.getRuntimeService()
            .startProcessInstanceByKey("sop_capture_one_step");
        ExecutionEntity run = context.getExecutionManager().findExecutionById(started.getId());
        engine.getTaskService().complete(run.getTasks().get(0).getId());
        runId[0] = run.getId();
        return null;
      });

      assertThat(trail(runId[0])).containsExactly(
          "proc_triggered executor",
          "step_started engine sign_off",
          "run_started executor sign_off",
          "step_matched executor sign_off",
          "proc_completed engine",
          "prompt_issued engine");
    }
  }
}
