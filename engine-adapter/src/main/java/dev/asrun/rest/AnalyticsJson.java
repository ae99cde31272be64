package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.asrun.query.ProcedureAnalytics;
import dev.asrun.query.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON form of {@link ProcedureAnalytics}: snake_case, durations in milliseconds. */
@JsonPropertyOrder({
  "procedure_id",
  "from",
  "to",
  "run_count",
  "runs_by_status",
  "duration",
  "steps",
  "additions",
  "executors"
})
record AnalyticsJson(
    @JsonProperty("procedure_id") String procedureId,
    @JsonProperty("from") String from,
    @JsonProperty("to") String to,
    @JsonProperty("run_count") long runCount,
    @JsonProperty("runs_by_status") Map<String, Long> runsByStatus,
    @JsonProperty("duration") Durations duration,
    @JsonProperty("steps") List<Step> steps,
    @JsonProperty("additions") List<Addition> additions,
    @JsonProperty("executors") List<Executor> executors) {

  static AnalyticsJson of(ProcedureAnalytics analytics, Instant from, Instant to) {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (RunStatus status : RunStatus.values()) {
      byStatus.put(status.wireName(), analytics.runsByStatus().get(status));
    }
    return new AnalyticsJson(
        analytics.procedureId(),
        from == null ? null : from.toString(),
        to == null ? null : to.toString(),
        analytics.runCount(),
        byStatus,
        analytics
            .duration()
            .map(
                d ->
                    new Durations(
                        d.runs(), d.mean().toMillis(), d.p50().toMillis(), d.p90().toMillis()))
            .orElse(null),
        analytics.steps().stream().map(Step::of).toList(),
        analytics.additions().stream()
            .map(a -> new Addition(a.action(), a.afterStepId().orElse(null), a.runs(), a.occurrences()))
            .toList(),
        analytics.executors().stream()
            .map(e -> new Executor(e.executorId(), e.runs(), e.successful(), e.successRate()))
            .toList());
  }

  /** The completed runs' durations; {@code null} when none completed. */
  @JsonPropertyOrder({"runs", "mean_ms", "p50_ms", "p90_ms"})
  record Durations(
      @JsonProperty("runs") long runs,
      @JsonProperty("mean_ms") long meanMs,
      @JsonProperty("p50_ms") long p50Ms,
      @JsonProperty("p90_ms") long p90Ms) {}

  /** One step's frequencies, in runs. */
  @JsonPropertyOrder({
    "step_id",
    "runs",
    "skipped",
    "omitted",
    "reordered",
    "repeated",
    "overdue",
    "extra_after",
    "mean_duration_ms"
  })
  record Step(
      @JsonProperty("step_id") String stepId,
      @JsonProperty("runs") long runs,
      @JsonProperty("skipped") long skipped,
      @JsonProperty("omitted") long omitted,
      @JsonProperty("reordered") long reordered,
      @JsonProperty("repeated") long repeated,
      @JsonProperty("overdue") long overdue,
      @JsonProperty("extra_after") long extraAfter,
      @JsonProperty("mean_duration_ms") Long meanDurationMs) {

    static Step of(ProcedureAnalytics.StepFrequency step) {
      return new Step(
          step.stepId(),
          step.runs(),
          step.skipped(),
          step.omitted(),
          step.reordered(),
          step.repeated(),
          step.overdue(),
          step.extraAfter(),
          step.meanDuration().map(Duration::toMillis).orElse(null));
    }
  }

  /** An extra action, by the step it followed. */
  @JsonPropertyOrder({"action", "after_step_id", "runs", "occurrences"})
  record Addition(
      @JsonProperty("action") String action,
      @JsonProperty("after_step_id") String afterStepId,
      @JsonProperty("runs") long runs,
      @JsonProperty("occurrences") long occurrences) {}

  /** One executor's ended runs. */
  @JsonPropertyOrder({"executor_id", "runs", "successful", "success_rate"})
  record Executor(
      @JsonProperty("executor_id") String executorId,
      @JsonProperty("runs") long runs,
      @JsonProperty("successful") long successful,
      @JsonProperty("success_rate") double successRate) {}
}
