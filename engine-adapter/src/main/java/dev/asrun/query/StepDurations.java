package dev.asrun.query;

import java.time.Duration;
import java.util.Objects;

/**
 * The distribution of one step's durations (from start to done, over its done attempts that have a
 * start) in the runs a query selects, made by {@link AsRunQueries#stepDurations}. Percentiles are
 * nearest-rank; durations are rounded half up to the millisecond.
 *
 * @param stepId the step
 * @param attempts how many done attempts have a duration
 * @param min the shortest
 * @param p25 the 25th percentile
 * @param p50 the median
 * @param p75 the 75th percentile
 * @param p90 the 90th percentile
 * @param max the longest
 */
public record StepDurations(
    String stepId,
    long attempts,
    Duration min,
    Duration p25,
    Duration p50,
    Duration p75,
    Duration p90,
    Duration max) {

  public StepDurations {
    Objects.requireNonNull(stepId, "stepId");
  }
}
