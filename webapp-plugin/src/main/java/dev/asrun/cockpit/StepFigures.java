package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStep;
import dev.asrun.query.RunSummary;
import dev.asrun.query.StepStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-step figures over a procedure's runs, for the badges on its diagram: in how many runs each
 * step was skipped, reordered, followed by an extra step, or overdue (each run counts once per
 * step and mark, as the run page {@linkplain RunMarks marks} it), with the share of the runs, and
 * the mean time from start to done.
 *
 * @param procedureId the procedure
 * @param runs how many runs the figures are over
 * @param steps the figures, by step in written order
 */
public record StepFigures(
    @JsonProperty("procedure_id") String procedureId,
    @JsonProperty("runs") int runs,
    @JsonProperty("steps") List<StepFigure> steps) {

  /** The marks counted, as the badges name them: the mark on the run page, then the badge's. */
  static final Map<String, String> COUNTED =
      Map.of("skipped", "skip", "reordered", "reorder", "extra", "extra", "overdue", "overdue");

  /**
   * One step's figures.
   *
   * @param stepId the step
   * @param name its name as written
   * @param counts per kind ({@code skip}, {@code reorder}, {@code extra}, {@code overdue}): in how
   *     many runs
   * @param rates per kind: the share of the runs, 0.0 to 1.0
   * @param meanDurationMs the mean time from start to done of its done attempts, {@code null} if
   *     none has both
   */
  public record StepFigure(
      @JsonProperty("step_id") String stepId,
      @JsonProperty("name") String name,
      @JsonProperty("counts") Map<String, Integer> counts,
      @JsonProperty("rates") Map<String, Double> rates,
      @JsonProperty("mean_duration_ms") Long meanDurationMs) {}

  static StepFigures of(
      String procedureId, List<TemplateStep> template, AsRunQueries queries, RunQuery query)
      throws SQLException {
    List<RunSummary> runs = queries.runs(query);
    Map<String, Map<String, Set<String>>> marked = new LinkedHashMap<>();
    Map<String, List<Long>> durations = new LinkedHashMap<>();
    for (RunSummary run : runs) {
      RunRecord record = queries.run(run.runId()).orElse(null);
      if (record == null) {
        continue;
      }
      for (Mark mark : RunMarks.of(record, queries.fullEventLog(run.runId()), template)) {
        String kind = COUNTED.get(mark.mark());
        if (kind != null) {
          String at = "extra".equals(kind) ? mark.previousStepId() : mark.stepId();
          marked.computeIfAbsent(at, s -> new LinkedHashMap<>())
              .computeIfAbsent(kind, k -> new HashSet<>())
              .add(run.runId());
        }
      }
      for (RunStep step : record.steps()) {
        if (step.status() == StepStatus.DONE
            && step.startedAt().isPresent()
            && step.endedAt().isPresent()) {
          durations.computeIfAbsent(step.stepId(), s -> new ArrayList<>())
              .add(Duration.between(step.startedAt().get(), step.endedAt().get()).toMillis());
        }
      }
    }
    List<StepFigure> figures = new ArrayList<>();
    for (TemplateStep step : template) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      Map<String, Double> rates = new LinkedHashMap<>();
      for (String kind : List.of("skip", "reorder", "extra", "overdue")) {
        int count = marked.getOrDefault(step.stepId(), Map.of()).getOrDefault(kind, Set.of()).size();
        counts.put(kind, count);
        rates.put(kind, runs.isEmpty() ? 0.0 : (double) count / runs.size());
      }
      List<Long> taken = durations.getOrDefault(step.stepId(), List.of());
      Long mean =
          taken.isEmpty()
              ? null
              : Math.round(taken.stream().mapToLong(Long::longValue).average().orElseThrow());
      figures.add(new StepFigure(step.stepId(), step.name(), counts, rates, mean));
    }
    return new StepFigures(procedureId, runs.size(), List.copyOf(figures));
  }
}
