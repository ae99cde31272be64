package dev.asrun.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the runs of one procedure say about it (seed 8.2): how many there were, how long the
 * completed ones took, how often each step was skipped, reordered, repeated, overdue or followed by
 * an extra action, and how often each executor's runs succeeded. Made by {@link
 * AsRunQueries#analytics} over the runs a {@link RunQuery} selects (its page is ignored).
 *
 * <p>Frequencies count runs, not events: a step skipped twice in one run counts once. Deviations
 * are the run index's current interpretation ({@code asrun_run_deviation}): those an executor's
 * correction set aside are not counted.
 *
 * @param procedureId the procedure
 * @param runCount how many runs the query selects, in any status
 * @param runsByStatus of those, how many are in each status (every status is present)
 * @param duration the durations of the completed runs, if any completed
 * @param steps per step, by step id
 * @param additions the extra actions (additions), by action and by the step they followed
 * @param executors per executor of ended runs, by executor id
 */
public record ProcedureAnalytics(
    String procedureId,
    long runCount,
    Map<RunStatus, Long> runsByStatus,
    Optional<Durations> duration,
    List<StepFrequency> steps,
    List<Addition> additions,
    List<ExecutorSuccess> executors) {

  public ProcedureAnalytics {
    Objects.requireNonNull(procedureId, "procedureId");
    runsByStatus = Map.copyOf(runsByStatus);
    Objects.requireNonNull(duration, "duration");
    steps = List.copyOf(steps);
    additions = List.copyOf(additions);
    executors = List.copyOf(executors);
  }

  /**
   * The durations of completed runs (from trigger to end), to the millisecond. Percentiles are
   * nearest-rank: the duration that {@code p} percent of the runs took at most.
   *
   * @param runs how many completed runs have a duration
   * @param mean their mean, half up
   * @param p50 the median
   * @param p90 the 90th percentile
   */
  public record Durations(long runs, Duration mean, Duration p50, Duration p90) {}

  /**
   * How one step fared, in runs of the selection.
   *
   * @param stepId the step
   * @param runs runs with at least one attempt at the step (done, skipped, passed over, open, ...)
   * @param skipped runs in which it was skipped by the executor, or passed over as not seen and
   *     not seen later either (a step observed after the run moved on past it was done)
   * @param omitted runs whose deviations name it an omission, the executor's corrections included
   * @param reordered runs whose deviations name it in a reordering
   * @param repeated runs whose deviations name it a repeat
   * @param overdue runs in which an attempt at it passed its timeout
   * @param extraAfter runs in which an extra action (an addition) directly followed it
   * @param meanDuration the mean time from start to done over its done attempts that have a start,
   *     half up to the millisecond; empty if none
   */
  public record StepFrequency(
      String stepId,
      long runs,
      long skipped,
      long omitted,
      long reordered,
      long repeated,
      long overdue,
      long extraAfter,
      Optional<Duration> meanDuration) {

    public StepFrequency {
      Objects.requireNonNull(stepId, "stepId");
      Objects.requireNonNull(meanDuration, "meanDuration");
    }
  }

  /**
   * An extra action done in runs of the selection.
   *
   * @param action the action's name
   * @param afterStepId the trace entry just before it, empty when it came first
   * @param runs runs in which it followed that entry
   * @param occurrences how many times in all
   */
  public record Addition(String action, Optional<String> afterStepId, long runs, long occurrences) {

    public Addition {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(afterStepId, "afterStepId");
    }
  }

  /**
   * One executor's ended runs in the selection.
   *
   * @param executorId the executor
   * @param runs their completed and aborted runs
   * @param successful of those, the ones completed without an open deviation
   * @param successRate {@code successful / runs}, from 0.0 to 1.0
   */
  public record ExecutorSuccess(String executorId, long runs, long successful, double successRate) {

    public ExecutorSuccess {
      Objects.requireNonNull(executorId, "executorId");
    }
  }
}
