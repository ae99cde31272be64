package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.asrun.query.StepDurations;
import dev.asrun.query.TrendBucket;
import dev.asrun.query.TrendPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON form of a procedure's trend ({@link TrendPoint}s, oldest first): snake_case, durations
 * in milliseconds, each bucket's start an ISO-8601 instant in UTC (buckets are UTC days, weeks from
 * Monday, months).
 */
@JsonPropertyOrder({"procedure_id", "bucket", "time_zone", "from", "to", "buckets"})
public record TrendJson(
    @JsonProperty("procedure_id") String procedureId,
    @JsonProperty("bucket") String bucket,
    @JsonProperty("time_zone") String timeZone,
    @JsonProperty("from") String from,
    @JsonProperty("to") String to,
    @JsonProperty("buckets") List<TrendBucketJson> buckets) {

  public static TrendJson of(
      String procedureId, TrendBucket bucket, List<TrendPoint> points, Instant from, Instant to) {
    return new TrendJson(
        procedureId,
        bucket.wireName(),
        "UTC",
        from == null ? null : from.toString(),
        to == null ? null : to.toString(),
        points.stream().map(TrendBucketJson::of).toList());
  }

  /** One bucket's runs; the percentiles are {@code null} when none of them completed. */
  @JsonPropertyOrder({"start", "runs", "completed", "aborted", "p50_ms", "p90_ms", "deviations"})
  public record TrendBucketJson(
      @JsonProperty("start") String start,
      @JsonProperty("runs") long runs,
      @JsonProperty("completed") long completed,
      @JsonProperty("aborted") long aborted,
      @JsonProperty("p50_ms") Long p50Ms,
      @JsonProperty("p90_ms") Long p90Ms,
      @JsonProperty("deviations") long deviations) {

    static TrendBucketJson of(TrendPoint point) {
      return new TrendBucketJson(
          point.start().toString(),
          point.runs(),
          point.completed(),
          point.aborted(),
          point.p50().map(Duration::toMillis).orElse(null),
          point.p90().map(Duration::toMillis).orElse(null),
          point.deviations());
    }
  }

  /** The JSON form of the procedure's {@link StepDurations}, by step id. */
  @JsonPropertyOrder({"procedure_id", "from", "to", "steps"})
  public record StepDurationsJson(
      @JsonProperty("procedure_id") String procedureId,
      @JsonProperty("from") String from,
      @JsonProperty("to") String to,
      @JsonProperty("steps") List<StepDurationJson> steps) {

    public static StepDurationsJson of(
        String procedureId, List<StepDurations> steps, Instant from, Instant to) {
      return new StepDurationsJson(
          procedureId,
          from == null ? null : from.toString(),
          to == null ? null : to.toString(),
          steps.stream().map(StepDurationJson::of).toList());
    }
  }

  /** One step's durations: how many, and their minimum, quartiles, 90th percentile, maximum. */
  @JsonPropertyOrder({
    "step_id",
    "attempts",
    "min_ms",
    "p25_ms",
    "p50_ms",
    "p75_ms",
    "p90_ms",
    "max_ms"
  })
  public record StepDurationJson(
      @JsonProperty("step_id") String stepId,
      @JsonProperty("attempts") long attempts,
      @JsonProperty("min_ms") long minMs,
      @JsonProperty("p25_ms") long p25Ms,
      @JsonProperty("p50_ms") long p50Ms,
      @JsonProperty("p75_ms") long p75Ms,
      @JsonProperty("p90_ms") long p90Ms,
      @JsonProperty("max_ms") long maxMs) {

    static StepDurationJson of(StepDurations step) {
      return new StepDurationJson(
          step.stepId(),
          step.attempts(),
          step.min().toMillis(),
          step.p25().toMillis(),
          step.p50().toMillis(),
          step.p75().toMillis(),
          step.p90().toMillis(),
          step.max().toMillis());
    }
  }
}
