package dev.asrun.cockpit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.query.ProcedureAnalytics;
import dev.asrun.query.ProcedureAnalytics.StepFrequency;
import dev.asrun.query.RunStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepFiguresTest {

  private static final List<TemplateStep> WRITTEN =
      List.of(
          new TemplateStep("power_on", "Power on", "action", 1),
          new TemplateStep("pump", "Start pump", "action", 2),
          new TemplateStep("record", "Record", "record", 3));

  @Test
  void takesEveryBadgeCountFromTheAnalyticsInWrittenOrder() {
    ProcedureAnalytics analytics =
        analytics(
            4,
            new StepFrequency("pump", 4, 1, 0, 2, 3, 1, 0, Optional.of(Duration.ofMillis(1500))),
            new StepFrequency("power_on", 4, 0, 0, 0, 0, 0, 2, Optional.empty()));

    StepFigures figures = StepFigures.of(WRITTEN, analytics);

    assertThat(figures.procedureId()).isEqualTo("sop");
    assertThat(figures.runs()).isEqualTo(4);
    assertThat(figures.steps())
        .extracting(StepFigures.StepFigure::stepId)
        .containsExactly("power_on", "pump", "record");
    StepFigures.StepFigure pump = figures.steps().get(1);
    assertThat(pump.counts())
        .containsExactly(
            Map.entry("skip", 1L),
            Map.entry("omit", 0L),
            Map.entry("reorder", 2L),
            Map.entry("repeat", 3L),
            Map.entry("overdue", 1L),
            Map.entry("extra", 0L));
    assertThat(pump.rates()).containsEntry("repeat", 0.75).containsEntry("skip", 0.25);
    assertThat(pump.meanDurationMs()).isEqualTo(1500L);
    assertThat(figures.steps().get(0).counts()).containsEntry("extra", 2L);
    assertThat(figures.steps().get(0).meanDurationMs()).isNull();
  }

  @Test
  void countsNothingForAStepNoRunReachedNorAnyStepOfAProcedureWithoutRuns() {
    StepFigures figures = StepFigures.of(WRITTEN, analytics(0));

    assertThat(figures.runs()).isZero();
    assertThat(figures.steps())
        .allSatisfy(
            step -> {
              assertThat(step.counts().values()).containsOnly(0L);
              assertThat(step.rates().values()).containsOnly(0.0);
              assertThat(step.meanDurationMs()).isNull();
            });
  }

  private static ProcedureAnalytics analytics(long runs, StepFrequency... steps) {
    Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
    for (RunStatus status : RunStatus.values()) {
      byStatus.put(status, status == RunStatus.COMPLETED ? runs : 0L);
    }
    return new ProcedureAnalytics(
        "sop", runs, byStatus, Optional.empty(), List.of(steps), List.of(), List.of());
  }
}
