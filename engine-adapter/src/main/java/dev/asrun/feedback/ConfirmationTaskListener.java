package dev.asrun.feedback;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunSummary;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * The confirmation task's built-in listener. Create: only while {@link ConfirmationPrompts} issues
 * a prompt (else the start is refused); gives the task its name (the procedure and where it ran),
 * description, assignee or candidate group, its due date (when its timer ends it unanswered, {@link
 * ConfirmationExpiry}), and appends {@code prompt_issued}. Complete: appends {@code
 * prompt_response}, after checking that the task is a prompt the run's own stream issued (variables
 * can be changed; the log cannot), that whoever completes it may answer for the run (its executor
 * or a holder of the reviewers' grant, see {@link FeedbackAuthorization}; for a run without an
 * executor, whoever Camunda lets work the task), that the run is not answered already, and that the
 * answer is Yes, No or Partially.
 */
final class ConfirmationTaskListener implements TaskListener {

  /** The prompt being issued on this thread, by the command that ended its run. */
  static final ThreadLocal<Prompt> ISSUING = new ThreadLocal<>();

  private final Duration expireAfter;

  /**
   * @param expireAfter how long a prompt stays open unanswered (its due date)
   */
  ConfirmationTaskListener(Duration expireAfter) {
    this.expireAfter = Objects.requireNonNull(expireAfter, "expireAfter");
  }

  /** A prompt being issued. */
  record Prompt(
      RunSummary run,
      String procedureName,
      List<StepMarks.Mark> marks,
      Optional<String> assignee,
      String candidateGroup) {}

  @Override
  public void notify(DelegateTask task) {
    try {
      if (EVENTNAME_CREATE.equals(task.getEventName())) {
        issued(task);
      } else if (EVENTNAME_COMPLETE.equals(task.getEventName())) {
        answered(task);
      }
    } catch (SQLException e) {
      throw new ProcessEngineException(
          "could not record the confirmation prompt in the as-run log: " + e.getMessage(), e);
    }
  }

  private void issued(DelegateTask task) throws SQLException {
    Prompt prompt = ISSUING.get();
    if (prompt == null
        || !prompt.run().runId().equals(task.getVariable(ConfirmationProcess.RUN_ID))) {
      throw new ProcessEngineException(
          "the process '"
              + ConfirmationProcess.KEY
              + "' is started by the as-run plugin when a run ends; it cannot be started by hand");
    }
    task.setName(name(prompt));
    task.setDescription(StepMarks.lines(prompt.marks()));
    task.setDueDate(Date.from(task.getCreateTime().toInstant().plus(expireAfter)));
    if (prompt.assignee().isPresent()) {
      task.setAssignee(prompt.assignee().get());
    } else {
      task.addCandidateGroup(prompt.candidateGroup());
    }
    List<Map<String, Object>> steps =
        prompt.marks().stream()
            .map(mark -> Map.<String, Object>of("step_id", mark.stepId(), "mark", mark.mark()))
            .toList();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("task_id", task.getId());
    payload.put("steps", steps);
    FeedbackEvents.append(prompt.run(), EventSource.ENGINE, EventType.PROMPT_ISSUED, payload);
  }

  /**
   * The task's name in Tasklist's list: which run it asks about, by its procedure's name and where
   * it ran, since an executor may have several runs to confirm.
   */
  static String name(Prompt prompt) {
    return "Confirm: " + prompt.procedureName() + HelperProcesses.where(prompt.run());
  }

  private static void answered(DelegateTask task) throws SQLException {
    Object runId = task.getVariable(ConfirmationProcess.RUN_ID);
    Connection connection = FeedbackEvents.connection();
    RunRecord record =
        runId instanceof String id ? AsRunQueries.of(connection).run(id).orElse(null) : null;
    if (record == null || !issuedTask(record.runId(), task.getId())) {
      throw new ProcessEngineException(
          "task "
              + task.getId()
              + " is not a confirmation prompt the as-run log issued for run '"
              + runId
              + "'");
    }
    CommandContext command = Context.getCommandContext();
    FeedbackEvents.lock(record.runId());
    if (record.run().context().executorId().isPresent()
        && !FeedbackAuthorization.speaksFor(command, record.run())) {
      throw new AuthorizationException(FeedbackAuthorization.notExecutor(record.run(), "confirm"));
    }
    if (FeedbackAuthorization.isConfirmed(record.runId())) {
      throw new ProcessEngineException(
          FeedbackException.alreadyConfirmed(record.runId()).getMessage());
    }
    Confirmation confirmation;
    try {
      confirmation =
          Confirmation.of(
              task.getVariable(ConfirmationProcess.RESPONSE),
              task.getVariable(ConfirmationProcess.NOTE));
    } catch (FeedbackException e) {
      throw new ProcessEngineException(
          "the confirmation's "
              + ConfirmationProcess.RESPONSE
              + "/"
              + ConfirmationProcess.NOTE
              + ": "
              + e.getMessage(),
          e);
    }
    confirmation.append(
        record.run(),
        Optional.ofNullable(command.getAuthenticatedUserId()),
        Optional.of(task.getId()));
  }

  /** Whether the run's stream issued a prompt with task {@code taskId}. */
  static boolean issuedTask(String runId, String taskId) throws SQLException {
    return FeedbackEvents.stream(runId).stream()
        .anyMatch(
            event ->
                event.type() == EventType.PROMPT_ISSUED
                    && taskId.equals(event.payloadMap().get("task_id")));
  }

  /** The task of the run's latest prompt, if one was issued. */
  static Optional<String> latestPromptTask(String runId) throws SQLException {
    List<LoggedEvent> events = FeedbackEvents.stream(runId);
    for (int i = events.size() - 1; i >= 0; i--) {
      LoggedEvent event = events.get(i);
      if (event.type() == EventType.PROMPT_ISSUED
          && event.payloadMap().get("task_id") instanceof String taskId) {
        return Optional.of(taskId);
      }
    }
    return Optional.empty();
  }
}
