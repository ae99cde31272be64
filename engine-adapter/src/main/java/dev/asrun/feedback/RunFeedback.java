package dev.asrun.feedback;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * What the executor says about a run, from Java: corrections (seed 7.2, 11) and the answer to the
 * confirmation prompt (seed 5.3). Each call is one engine command: the event is appended to the
 * run's stream and applied to the run index in its transaction, and the record returned is read in
 * it. The executor is the user authenticated on the engine's identity service, never a name the
 * caller passes. A refused request appends nothing.
 *
 * <p>The user must be allowed to read the run (READ_HISTORY on its procedure's process definition,
 * else the run is not found) and must be the run's executor or hold {@code UPDATE_HISTORY} on the
 * procedure's process definition (else the request is forbidden); see {@link
 * FeedbackAuthorization}. A run is confirmed once: a second answer is refused, a change of mind is
 * a correction.
 */
public final class RunFeedback {

  /** How often a command that lost an optimistic-locking race is tried in all. */
  private static final int ATTEMPTS = 3;

  /** The correction types of seed 7.2 and 11. */
  public static final Set<String> CORRECTION_TYPES =
      Set.of("wrong_procedure", "step_not_done", "step_done_not_detected", "not_a_deviation");

  private static final String WRONG_PROCEDURE = "wrong_procedure";
  private static final String NOT_A_DEVIATION = "not_a_deviation";
  private static final int MAX_REASON = 4000;

  private final ProcessEngineConfigurationImpl configuration;

  public RunFeedback(ProcessEngine engine) {
    this.configuration =
        (ProcessEngineConfigurationImpl)
            Objects.requireNonNull(engine, "engine").getProcessEngineConfiguration();
  }

  /**
   * Appends the correction as a {@code procedure_correction} event (source {@code executor}) to the
   * run's stream.
   *
   * @return the run's record with the correction applied
   * @throws FeedbackException naming the refused field ({@code correction_type}, {@code step_id},
   *     {@code actual_procedure_id}, {@code reason}), or if the run is unknown or not readable
   */
  public RunRecord correct(String runId, CorrectionRequest request) {
    Objects.requireNonNull(request, "request");
    return execute(
        runId,
        (command, connection, record) -> {
          if (!FeedbackAuthorization.speaksFor(command, record.run())) {
            throw FeedbackException.forbidden(
                FeedbackAuthorization.notExecutor(record.run(), "correct"));
          }
          Map<String, Object> payload = correction(record, request);
          payload.put("executor_id", command.getAuthenticatedUserId());
          FeedbackEvents.append(
              record.run(), EventSource.EXECUTOR, EventType.PROCEDURE_CORRECTION, payload);
        });
  }

  /**
   * Records the executor's answer to the run's confirmation prompt: completes the prompt's open
   * task with it, or, when no prompt is open, appends the {@code prompt_response} event directly.
   * The run's executor and holders of the reviewers' grant answer whatever the task's assignee; for
   * a run without an executor, whoever Camunda lets work the prompt's task (its candidate group)
   * answers it too.
   *
   * @param response {@code yes}, {@code no} or {@code partially}
   * @param note the executor's note, if any
   * @return the run's record with the answer
   * @throws FeedbackException naming {@code response} or {@code note} if one is not valid, if the
   *     run is unknown or not readable, ({@link FeedbackException.Kind#FORBIDDEN}) if the user may
   *     not answer for the run, or ({@link FeedbackException.Kind#ALREADY_CONFIRMED}) if it is
   *     answered already
   */
  public RunRecord confirm(String runId, String response, Optional<String> note) {
    Confirmation confirmation = Confirmation.of(response, note.orElse(null));
    try {
      return execute(
          runId,
          (command, connection, record) -> {
            boolean speaksFor = FeedbackAuthorization.speaksFor(command, record.run());
            Optional<String> taskId =
                ConfirmationTaskListener.latestPromptTask(runId).filter(id -> isOpen(command, id));
            boolean candidate = taskId.isPresent() && record.run().context().executorId().isEmpty();
            if (!speaksFor && !candidate) {
              throw FeedbackException.forbidden(
                  FeedbackAuthorization.notExecutor(record.run(), "confirm"));
            }
            if (FeedbackAuthorization.isConfirmed(runId)) {
              throw FeedbackException.alreadyConfirmed(runId);
            }
            if (taskId.isPresent()) {
              Map<String, Object> variables = new LinkedHashMap<>();
              variables.put(ConfirmationProcess.RESPONSE, confirmation.response());
              variables.put(ConfirmationProcess.NOTE, confirmation.note().orElse(null));
              // the executor and grantees answer whoever the task is assigned to; a candidate of
              // a run without an executor only as Camunda lets them work the task
              if (speaksFor) {
                command.runWithoutAuthorization(
                    () -> {
                      configuration.getTaskService().complete(taskId.get(), variables);
                      return null;
                    });
              } else {
                configuration.getTaskService().complete(taskId.get(), variables);
              }
            } else {
              confirmation.append(
                  record.run(),
                  Optional.ofNullable(command.getAuthenticatedUserId()),
                  Optional.empty());
            }
          });
    } catch (AuthorizationException e) {
      throw FeedbackException.forbidden(
          "the engine does not let you complete the confirmation task of run '"
              + runId
              + "': "
              + e.getMessage());
    }
  }

  private static boolean isOpen(CommandContext command, String taskId) {
    return command.runWithoutAuthorization(
            () ->
                command
                    .getProcessEngineConfiguration()
                    .getTaskService()
                    .createTaskQuery()
                    .taskId(taskId)
                    .count())
        > 0;
  }

  /** The correction's payload, checked against the run and its procedure. */
  private static Map<String, Object> correction(RunRecord record, CorrectionRequest request)
      throws SQLException {
    String type = request.correctionType();
    if (type == null || !CORRECTION_TYPES.contains(type)) {
      throw FeedbackException.badField(
          "correction_type",
          (type == null ? "is missing" : "is '" + type + "'")
              + "; valid: wrong_procedure, step_not_done, step_done_not_detected,"
              + " not_a_deviation");
    }
    String reason = request.reason() == null ? "" : request.reason().strip();
    if (reason.isEmpty()) {
      throw FeedbackException.badField(
          "reason", "is required: say why the engine's interpretation is wrong");
    }
    if (reason.length() > MAX_REASON) {
      throw FeedbackException.badField(
          "reason", "is " + reason.length() + " characters long; at most " + MAX_REASON);
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("correction_type", type);
    if (type.equals(WRONG_PROCEDURE)) {
      if (request.stepId().isPresent()) {
        throw FeedbackException.badField("step_id", "is not used by wrong_procedure; leave it out");
      }
      String actual =
          request
              .actualProcedureId()
              .filter(id -> !id.isBlank())
              .orElseThrow(
                  () ->
                      FeedbackException.badField(
                          "actual_procedure_id",
                          "is required for wrong_procedure: the procedure really carried out"));
      if (!Definitions.isDeployedProcedure(actual)) {
        throw FeedbackException.badField(
            "actual_procedure_id", "'" + actual + "' is not a deployed procedure");
      }
      payload.put("step_id", null);
      payload.put("actual_procedure_id", actual);
    } else {
      if (request.actualProcedureId().isPresent()) {
        throw FeedbackException.badField(
            "actual_procedure_id", "is used only by wrong_procedure; leave it out");
      }
      String step =
          request
              .stepId()
              .filter(id -> !id.isBlank())
              .orElseThrow(() -> FeedbackException.badField("step_id", "is required for " + type));
      if (!isStepOf(record, step, type.equals(NOT_A_DEVIATION))) {
        throw FeedbackException.badField(
            "step_id",
            "'"
                + step
                + "' is not a step of procedure '"
                + record.run().procedureId()
                + "'"
                + (type.equals(NOT_A_DEVIATION) ? " nor a deviation of the run" : ""));
      }
      payload.put("step_id", step);
      payload.put("actual_procedure_id", null);
    }
    payload.put("reason", reason);
    return payload;
  }

  /**
   * Whether {@code step} is a step of the run's procedure, or (when {@code orDeviation}) the step
   * or extra action of one of the run's deviations.
   */
  private static boolean isStepOf(RunRecord record, String step, boolean orDeviation)
      throws SQLException {
    if (orDeviation
        && record.deviations().stream()
            .map(Deviation::stepId)
            .anyMatch(id -> id.filter(step::equals).isPresent())) {
      return true;
    }
    return Definitions.ofRun(FeedbackEvents.stream(record.runId()))
        .map(definitions -> definitions.isStep(step))
        .orElse(false);
  }

  /**
   * Work on a readable run in one engine command, its stream locked (see {@link
   * FeedbackEvents#lock}); returns the run's record read after it. A command that loses an
   * optimistic-locking race is run again, up to {@code ATTEMPTS} times.
   */
  private RunRecord execute(String runId, Work work) {
    Objects.requireNonNull(runId, "runId");
    Command<RunRecord> command =
        commandContext -> {
          Connection connection = FeedbackEvents.connection();
          try {
            AsRunQueries queries = AsRunQueries.of(connection);
            if (queries
                .run(runId)
                .filter(
                    found ->
                        FeedbackAuthorization.mayRead(commandContext, found.run().procedureId()))
                .isEmpty()) {
              throw FeedbackException.runNotFound(runId);
            }
            FeedbackEvents.lock(runId);
            RunRecord record = queries.run(runId).orElseThrow();
            work.run(commandContext, connection, record);
            return queries.run(runId).orElseThrow();
          } catch (SQLException e) {
            throw new ProcessEngineException(
                "could not append to the as-run log: " + e.getMessage(), e);
          }
        };
    for (int attempt = 1; ; attempt++) {
      try {
        return configuration.getCommandExecutorTxRequired().execute(command);
      } catch (OptimisticLockingException e) {
        // another answer (Tasklist completing the same prompt task) committed first: work again on
        // what it left, which then answers "already confirmed" rather than a server error
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Work on one run inside the command. */
  @FunctionalInterface
  private interface Work {
    void run(CommandContext command, Connection connection, RunRecord record) throws SQLException;
  }
}
