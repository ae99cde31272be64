package dev.asrun.query;

import java.util.Objects;
import java.util.Optional;

/**
 * One difference between what was written and what was done (seed 7.1), as the engine's latest
 * {@code deviation_detected} event of the run lists it, or as a correction added it.
 *
 * @param type the kind, in the seed's words: {@code omission}, {@code addition}, {@code reorder},
 *     {@code repeat}, {@code timeout}, {@code overdue}, {@code check_failed}, {@code out_of_limits}
 * @param stepId the step concerned (for an addition, the extra action's name); empty for a timeout
 * @param expectedPosition the step's 1-based position in the procedure's written order
 * @param actualPosition its 1-based position in the run's trace (its performed steps and extra
 *     actions, in log order)
 * @param previousStepId for an addition, repeat or reorder: the trace entry just before it
 * @param detail a plain-language sentence saying what happened
 * @param corrected whether the executor set it aside with a correction (it stays listed: the
 *     engine's interpretation remains visible)
 */
public record Deviation(
    String type,
    Optional<String> stepId,
    Optional<Integer> expectedPosition,
    Optional<Integer> actualPosition,
    Optional<String> previousStepId,
    Optional<String> detail,
    boolean corrected) {

  public Deviation {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(expectedPosition, "expectedPosition");
    Objects.requireNonNull(actualPosition, "actualPosition");
    Objects.requireNonNull(previousStepId, "previousStepId");
    Objects.requireNonNull(detail, "detail");
  }
}
