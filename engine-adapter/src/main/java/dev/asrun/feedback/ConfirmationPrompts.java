package dev.asrun.feedback;

import dev.asrun.capture.RunEndListener;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * The confirmation prompt of seed 5.3: when a top-level run that had a step detected ends
 * (completed or aborted) unconfirmed (an answer given before its end stands), a Tasklist task for
 * its executor (else for the candidate group) shows the detected steps with their marks ({@link
 * StepMarks}) and asks "Does this match what you did?" — Yes / No / Partially, and a note.
 *
 * <p>The task belongs to the small process {@value ConfirmationProcess#KEY} that {@link #deploy}
 * deploys once (duplicate filtering) and that the run's end starts in the same engine command, with
 * the run id as business key. A hyphen is not allowed in procedure ids, so no procedure can take
 * its key; it carries no {@code asrun.schema}, so it is not a run itself. Its task's creation
 * appends {@code prompt_issued} ({@code task_id}, {@code steps} with their marks) to the run's
 * stream; its completion appends {@code prompt_response} ({@code response}, {@code note}, {@code
 * executor_id} = the authenticated user, {@code task_id}), and the run's {@code
 * executor_confirmation} follows it. Started any other way (by hand, through the API), the process
 * is refused.
 *
 * <p>A prompt nobody answers does not stay in Tasklist forever: its due date is its end, and a
 * timer on the task ends it then and appends {@code prompt_expired} ({@link ConfirmationExpiry});
 * the run stays unconfirmed and can still be confirmed through the API.
 */
public final class ConfirmationPrompts implements RunEndListener {

  private final String candidateGroup;
  private final Duration expireAfter;

  /**
   * @param candidateGroup who may answer the prompt of a run without an executor
   * @param expireAfter how long a prompt stays open unanswered (positive, checked by the plugin)
   */
  public ConfirmationPrompts(String candidateGroup, Duration expireAfter) {
    this.candidateGroup = Objects.requireNonNull(candidateGroup, "candidateGroup");
    this.expireAfter = Objects.requireNonNull(expireAfter, "expireAfter");
  }

  /** Attaches the prompt's listeners when the engine parses the confirmation process. */
  public BpmnParseListener parseListener() {
    return ConfirmationProcess.parseListener(
        new ConfirmationTaskListener(expireAfter), new ConfirmationExpiry());
  }

  /** Deploys the confirmation process and its hourly expiry, unless deployed already. */
  public void deploy(ProcessEngine engine) {
    ConfirmationProcess.deploy(engine);
  }

  @Override
  public void runEnded(String runId, Connection connection) throws SQLException {
    RunRecord record = AsRunQueries.of(connection).run(runId).orElse(null);
    if (record == null
        || record.run().parentRunId().isPresent()
        || record.run().activatedAt().isEmpty()
        || FeedbackAuthorization.isConfirmed(runId)) {
      return;
    }
    Optional<Definitions> definitions = Definitions.ofRun(FeedbackEvents.stream(runId));
    List<StepMarks.Mark> marks =
        StepMarks.of(record, id -> definitions.map(d -> d.name(id)).orElse(id));
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(ConfirmationProcess.RUN_ID, runId);
    variables.put(ConfirmationProcess.STEPS, StepMarks.line(marks));

    CommandContext command = Context.getCommandContext();
    boolean operationLog = command.isUserOperationLogEnabled();
    String procedureName =
        definitions.map(d -> d.name(record.run().procedureId())).orElse(record.run().procedureId());
    ConfirmationTaskListener.ISSUING.set(
        new ConfirmationTaskListener.Prompt(
            record.run(),
            procedureName,
            marks,
            record.run().context().executorId(),
            candidateGroup));
    command.disableUserOperationLog();
    try {
      command.runWithoutAuthorization(
          () ->
              command
                  .getProcessEngineConfiguration()
                  .getRuntimeService()
                  .startProcessInstanceByKey(ConfirmationProcess.KEY, runId, variables));
    } finally {
      if (operationLog) {
        command.enableUserOperationLog();
      }
      ConfirmationTaskListener.ISSUING.remove();
    }
  }
}
