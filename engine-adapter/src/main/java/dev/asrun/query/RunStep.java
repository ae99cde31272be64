package dev.asrun.query;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt at one step of a run. A step started again (a loop, an operator's start-before) has
 * one {@code RunStep} per attempt.
 *
 * @param stepId the step's id in the procedure (the BPMN activity id)
 * @param attempt 1 for the first attempt at this step in the run, 2 for the second, ...
 * @param taskId the Camunda task of this attempt, for a user task
 * @param stepType the kind of step, as the capture layer names it (e.g. {@code userTask})
 * @param status where the attempt stands
 * @param overdue whether it passed its timeout before it was done or skipped
 * @param startedAt when it started (server time); empty when it was done or skipped without a
 *     recorded start
 * @param endedAt when it was done, skipped or cancelled (server time)
 * @param occurredAt when the executor says it was actually performed, if they said
 * @param executorId who completed or skipped it
 * @param reason why it was skipped, as the executor wrote it
 */
public record RunStep(
    String stepId,
    int attempt,
    Optional<String> taskId,
    Optional<String> stepType,
    StepStatus status,
    boolean overdue,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    Optional<Instant> occurredAt,
    Optional<String> executorId,
    Optional<String> reason) {

  public RunStep {
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(stepType, "stepType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(reason, "reason");
  }
}
