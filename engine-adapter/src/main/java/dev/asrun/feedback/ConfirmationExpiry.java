package dev.asrun.feedback;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunRecord;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * The built-in listener on the start of the hourly expiry process: ends the confirmation prompts
 * past their task's due date, oldest first, at most {@value #PER_SWEEP} in one sweep (the rest in
 * the next), in the sweep's command. For each it appends {@code prompt_expired} ({@code task_id},
 * {@code due_date}) to the run whose stream issued the task, then deletes the prompt's process
 * instance (Camunda's history says: internally terminated, "not answered by" its due date). The run
 * stays unconfirmed; its executor can still answer through {@link RunFeedback#confirm}, which
 * records the answer without a task. A prompt whose due date was cleared in Tasklist never ends;
 * one moved later ends later.
 */
final class ConfirmationExpiry implements ExecutionListener {

  /** The most prompts one sweep ends. */
  static final int PER_SWEEP = 500;

  @Override
  public void notify(DelegateExecution execution) {
    CommandContext command = Context.getCommandContext();
    ProcessEngineConfigurationImpl configuration = command.getProcessEngineConfiguration();
    RuntimeService runtime = configuration.getRuntimeService();
    List<Task> overdue =
        command.runWithoutAuthorization(
            () ->
                configuration
                    .getTaskService()
                    .createTaskQuery()
                    .processDefinitionKey(ConfirmationProcess.KEY)
                    .taskDefinitionKey(ConfirmationProcess.TASK)
                    .dueBefore(ClockUtil.getCurrentTime())
                    .orderByDueDate()
                    .asc()
                    .listPage(0, PER_SWEEP));
    for (Task prompt : overdue) {
      command.runWithoutAuthorization(
          () -> {
            ProcessInstance instance =
                runtime
                    .createProcessInstanceQuery()
                    .processInstanceId(prompt.getProcessInstanceId())
                    .singleResult();
            if (instance == null || !expired(instance.getBusinessKey(), prompt)) {
              return null;
            }
            runtime.deleteProcessInstance(
                prompt.getProcessInstanceId(),
                "not answered by " + prompt.getDueDate().toInstant(),
                false,
                false);
            return null;
          });
    }
  }

  /**
   * Appends {@code prompt_expired} to the run whose stream issued {@code prompt}, if one did; false
   * when the run was confirmed meanwhile (its answer committed while this sweep waited for the
   * run's stream): that prompt is answered, not expired.
   */
  private static boolean expired(String runId, Task prompt) {
    try {
      if (runId == null) {
        return true;
      }
      FeedbackEvents.lock(runId);
      if (FeedbackAuthorization.isConfirmed(runId)) {
        return false;
      }
      RunRecord record = AsRunQueries.of(FeedbackEvents.connection()).run(runId).orElse(null);
      if (record == null || !ConfirmationTaskListener.issuedTask(runId, prompt.getId())) {
        return true;
      }
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("task_id", prompt.getId());
      payload.put("due_date", prompt.getDueDate().toInstant().toString());
      FeedbackEvents.append(record.run(), EventSource.SCHEDULER, EventType.PROMPT_EXPIRED, payload);
      return true;
    } catch (SQLException e) {
      throw new ProcessEngineException(
          "could not record the expired confirmation prompt of run '"
              + runId
              + "' in the as-run log: "
              + e.getMessage(),
          e);
    }
  }
}
