package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.log.LoggedEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
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
      failingCompletionLeavesNoEvent("the command fails", task ->
          configuration().getCommandExecutorTxRequired().execute(context -> {
            engine.getTaskService().complete(task);
            throw new IllegalStateException("the command fails after the step was completed");
          }));
    }

    /**
     * The as-run session flushes before the engine writes anything of its own; a command failing
     * in between (as one does when another node takes the id block a confirmation prompt needs)
     * must not commit the events it wrote, or the client's retry records the step again.
     */
    @Test
    void aCommandThatFailsAfterItsEventsWereWrittenLeavesNoEvent() throws Exception {
      Map<Class<?>, SessionFactory> sessions = configuration().getSessionFactories();
      sessions.put(FailingFlush.class, new FailingFlush());
      ProcessInstance run;
      String task;
      try {
        run = failingCompletionLeavesNoEvent(FailingFlush.FAILURE, failing ->
            configuration().getCommandExecutorTxRequired().execute(context -> {
              context.getDbEntityManager();
              context.getSession(FailingFlush.class);
              engine.getTaskService().complete(failing);
              return null;
            }));
        task = task(run, "sign_off").getId();
      } finally {
        sessions.remove(FailingFlush.class);
      }

      engine.getTaskService().complete(task);
      assertThat(trail(run)).containsOnlyOnce("step_matched executor sign_off");
    }

    /**
     * Starts a run of {@link #ONE_STEP} as alice and has {@code completion} complete its step in a
     * command that fails with {@code failure}; the run's events and its open task are as before.
     */
    private ProcessInstance failingCompletionLeavesNoEvent(
        String failure, Consumer<String> completion) throws Exception {
      deploy(ONE_STEP);
      as("alice");
      ProcessInstance run = start("sop_capture_one_step", null);
      List<LoggedEvent> before = events(run);
      String task = task(run, "sign_off").getId();

      assertThatThrownBy(() -> completion.accept(task)).hasMessageContaining(failure);

      assertThat(events(run)).isEqualTo(before);
      assertThat(task(run, "sign_off").getId()).isEqualTo(task);
      return run;
    }

    @Test
    void aRunStartedAndCompletedInOneCommandHasItsEventsInOrder() throws Exception {
      deploy(ONE_STEP);
      as("alice");
      String[] runId = new String[1];
      configuration().getCommandExecutorTxRequired().execute(context -> {
        ProcessInstance started = engine.getRuntimeService()
            .startProcessInstanceByKey("sop_capture_one_step");
        List<TaskEntity> created =
            context.getDbEntityManager().getCachedEntitiesByType(TaskEntity.class);
        assertThat(created).hasSize(1);
        engine.getTaskService().complete(created.get(0).getId());
        runId[0] = started.getId();
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

  /**
   * A session whose flush fails: opened after the engine's own sessions and before the as-run
   * session, it flushes after the as-run events were written and before the engine writes.
   */
  private static final class FailingFlush implements SessionFactory, Session {

    static final String FAILURE = "the command fails between the as-run and the engine's writes";

    @Override
    public Class<?> getSessionType() {
      return FailingFlush.class;
    }

    @Override
    public Session openSession() {
      return this;
    }

    @Override
    public void flush() {
      throw new IllegalStateException(FAILURE);
    }

    @Override
    public void close() {}
  }
}
