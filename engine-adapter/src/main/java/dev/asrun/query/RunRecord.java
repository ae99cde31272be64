package dev.asrun.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A whole run as the run index holds it (seed 4.2 with the executor context of 4.3): the run, the
 * ids of its events in log order, its steps in the order they were first recorded, its deviations
 * and the executor's corrections of them. The events themselves are {@link
 * AsRunQueries#fullEventLog}.
 *
 * @param run the run's own fields
 * @param eventIds the ids of the run's events, in log order
 * @param steps every attempt at every step, in the order they were first recorded, as corrected
 * @param deviations the engine's deviations in trace order (those set aside by a correction
 *     included, marked {@linkplain Deviation#corrected corrected}), then the omissions the executor
 *     added ({@code step_not_done})
 * @param corrections the executor's corrections, in log order
 * @param correctedProcedureId the procedure the executor says was really carried out ({@code
 *     wrong_procedure}), if one was named
 * @param confirmationNote the note the executor gave with the answer to the confirmation prompt
 */
public record RunRecord(
    RunSummary run,
    List<UUID> eventIds,
    List<RunStep> steps,
    List<Deviation> deviations,
    List<Correction> corrections,
    Optional<String> correctedProcedureId,
    Optional<String> confirmationNote) {

  private static final String OMISSION = "omission";
  private static final String ADDITION = "addition";

  public RunRecord {
    Objects.requireNonNull(run, "run");
    eventIds = List.copyOf(eventIds);
    steps = List.copyOf(steps);
    deviations = List.copyOf(deviations);
    corrections = List.copyOf(corrections);
    Objects.requireNonNull(correctedProcedureId, "correctedProcedureId");
    Objects.requireNonNull(confirmationNote, "confirmationNote");
  }

  /** The run's id. */
  public String runId() {
    return run.runId();
  }

  /**
   * The run in the seed's words (section 7.1), after corrections: {@code completed}, {@code
   * completed with deviations}, {@code completed with extra steps}, {@code completed, vent
   * skipped}, {@code aborted, timeout exceeded}, {@code aborted, cancelled}, {@code active}, {@code
   * active with deviations}, {@code triggered}; followed by the procedure the executor named, if
   * they said it was another one.
   */
  public String summary() {
    List<Deviation> standing = deviations.stream().filter(d -> !d.corrected()).toList();
    String summary =
        switch (run.status()) {
          case TRIGGERED -> "triggered";
          case ACTIVE -> standing.isEmpty() ? "active" : "active with deviations";
          case COMPLETED -> completed(standing);
          case ABORTED ->
              run.abortReason()
                  .map(reason -> reason.equals("timeout") ? "timeout exceeded" : reason)
                  .map(reason -> "aborted, " + reason)
                  .orElse("aborted");
        };
    return correctedProcedureId
        .map(id -> summary + " (the executor says it was " + id + ")")
        .orElse(summary);
  }

  private static String completed(List<Deviation> standing) {
    if (standing.isEmpty()) {
      return "completed";
    }
    if (standing.stream().allMatch(d -> d.type().equals(OMISSION) && d.stepId().isPresent())) {
      List<String> skipped = new ArrayList<>();
      standing.forEach(
          d -> {
            if (!skipped.contains(d.stepId().get())) {
              skipped.add(d.stepId().get());
            }
          });
      return "completed, " + enumerate(skipped) + " skipped";
    }
    if (standing.stream().allMatch(d -> d.type().equals(ADDITION))) {
      return "completed with extra steps";
    }
    return "completed with deviations";
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  private static String enumerate(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }
}
