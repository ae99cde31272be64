package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.asrun.query.ProcedureAnalytics;
import dev.asrun.query.ProcedureAnalytics.StepFrequency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Per-step figures over a procedure's runs, for the badges on its diagram, taken from the
 * procedure's analytics ({@link dev.asrun.query.AsRunQueries#analytics}, what {@code GET
 * /asrun/api/v1/procedures/{id}/analytics} answers): in how many runs each step was skipped,
 * omitted, reordered, repeated, overdue or followed by an extra action, with the share of the runs,
 * and the mean time from start to done.
 *
 * @param procedureId the procedure
 * @param runs how many runs the figures are over
 * @param steps the figures, by step in written order
 */
public record StepFigures(
    @JsonProperty("procedure_id") String procedureId,
    @JsonProperty("runs") long runs,
    @JsonProperty("steps") List<StepFigure> steps) {

  /** The kinds counted, as the badges name them, each with its figure in the analytics. */
  private static final Map<String, ToLongFunction<StepFrequency>> KINDS = kinds();

  /**
   * One step's figures.
   *
   * @param stepId the step
   * @param name its name as written
   * @param counts per kind ({@code skip}, {@code omit}, {@code reorder}, {@code repeat}, {@code
   *     overdue}, {@code extra}): in how many runs
   * @param rates per kind: the share of the runs, 0.0 to 1.0
   * @param meanDurationMs the mean time from start to done of its done attempts, {@code null} if
   *     none has both
   */
  public record StepFigure(
      @JsonProperty("step_id") String stepId,
      @JsonProperty("name") String name,
      @JsonProperty("counts") Map<String, Long> counts,
      @JsonProperty("rates") Map<String, Double> rates,
      @JsonProperty("mean_duration_ms") Long meanDurationMs) {}

  private static Map<String, ToLongFunction<StepFrequency>> kinds() {
    Map<String, ToLongFunction<StepFrequency>> kinds = new LinkedHashMap<>();
    kinds.put("skip", StepFrequency::skipped);
    kinds.put("omit", StepFrequency::omitted);
    kinds.put("reorder", StepFrequency::reordered);
    kinds.put("repeat", StepFrequency::repeated);
    kinds.put("overdue", StepFrequency::overdue);
    kinds.put("extra", StepFrequency::extraAfter);
    return kinds;
  }

  /** The figures of the template's steps, in its order, from the procedure's analytics. */
  static StepFigures of(List<TemplateStep> template, ProcedureAnalytics analytics) {
    Map<String, StepFrequency> byStep =
        analytics.steps().stream()
            .collect(Collectors.toMap(StepFrequency::stepId, step -> step, (a, b) -> a));
    long runs = analytics.runCount();
    List<StepFigure> figures = new ArrayList<>();
    for (TemplateStep step : template) {
      StepFrequency frequency = byStep.get(step.stepId());
      Map<String, Long> counts = new LinkedHashMap<>();
      Map<String, Double> rates = new LinkedHashMap<>();
      KINDS.forEach(
          (kind, figure) -> {
            long count = frequency == null ? 0 : figure.applyAsLong(frequency);
            counts.put(kind, count);
            rates.put(kind, runs == 0 ? 0.0 : (double) count / runs);
          });
      Long mean =
          frequency == null
              ? null
              : frequency.meanDuration().map(Duration::toMillis).orElse(null);
      figures.add(new StepFigure(step.stepId(), step.name(), counts, rates, mean));
    }
    return new StepFigures(analytics.procedureId(), runs, List.copyOf(figures));
  }
}
