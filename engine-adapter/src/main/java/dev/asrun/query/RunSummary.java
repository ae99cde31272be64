package dev.asrun.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as the run index holds it (seed 4.2), without its steps and events: what lists of runs
 * return. {@link AsRunQueries#run} gives the whole {@link RunRecord}.
 *
 * @param runId the run's id, as in the log's {@code run_id}
 * @param processInstanceId the Camunda process instance that carries the run
 * @param procedureId the procedure (the BPMN process key)
 * @param procedureVersion the procedure's version (its version tag, else the deployed version)
 * @param status where the run is in its lifecycle
 * @param abortReason why an aborted run ended, e.g. {@code timeout} or {@code cancelled}
 * @param startTime when the run was triggered: started by hand, by its time window, by an action,
 *     by a parent run (server time); a run an observation started, when that observation claims
 *     (its first event's claimed time, where earlier than the server's)
 * @param activatedAt when its first step was detected (server time), the run going from {@code
 *     triggered} to {@code active}; empty while triggered
 * @param endTime when it completed or aborted (server time)
 * @param duration from start to end, for an ended run: from the trigger, as the seed's {@code
 *     proc_completed} counts it (section 4.1)
 * @param context who, where, on what
 * @param executorConfirmation the executor's answer to the confirmation prompt: {@code yes}, {@code
 *     no} or {@code partially}
 * @param parentRunId the run whose step started this one, for a nested run
 * @param deviationCount how many deviations the run has
 */
public record RunSummary(
    String runId,
    Optional<String> processInstanceId,
    String procedureId,
    Optional<String> procedureVersion,
    RunStatus status,
    Optional<String> abortReason,
    Instant startTime,
    Optional<Instant> activatedAt,
    Optional<Instant> endTime,
    Optional<Duration> duration,
    RunContext context,
    Optional<String> executorConfirmation,
    Optional<String> parentRunId,
    int deviationCount) {

  public RunSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(processInstanceId, "processInstanceId");
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(procedureVersion, "procedureVersion");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(abortReason, "abortReason");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(activatedAt, "activatedAt");
    Objects.requireNonNull(endTime, "endTime");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(executorConfirmation, "executorConfirmation");
    Objects.requireNonNull(parentRunId, "parentRunId");
  }
}
