package dev.asrun.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The runs of one procedure started in one {@link TrendBucket}, made by {@link AsRunQueries#trend}.
 * Percentiles are nearest-rank over the bucket's completed runs, as in {@link ProcedureAnalytics}.
 *
 * @param start the bucket's first instant (UTC)
 * @param runs runs started in the bucket, in any status
 * @param completed of those, the completed ones
 * @param aborted of those, the aborted ones
 * @param p50 the median duration of the completed ones; empty if none completed
 * @param p90 their 90th percentile; empty if none completed
 * @param deviations the deviations of the bucket's runs that stand after the executors'
 *     corrections, as the analytics count them
 */
public record TrendPoint(
    Instant start,
    long runs,
    long completed,
    long aborted,
    Optional<Duration> p50,
    Optional<Duration> p90,
    long deviations) {

  public TrendPoint {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p90, "p90");
  }
}
