package dev.asrun.conformance;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One way a run differed from its template, in the seed's words (section 7.1), as a {@code
 * deviation_detected} event lists it.
 *
 * @param type what kind of deviation
 * @param stepId the step (the extra action's name for an addition); empty for a timeout
 * @param expectedPosition the step's 1-based position in the template's written order
 * @param actualPosition the 1-based position in the run's trace where it shows
 * @param previousStepId the trace entry just before it (additions, repeats, reorders)
 * @param detail a plain-language sentence
 */
public record Deviation(
    Type type,
    Optional<String> stepId,
    Optional<Integer> expectedPosition,
    Optional<Integer> actualPosition,
    Optional<String> previousStepId,
    String detail) {

  public Deviation {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(expectedPosition, "expectedPosition");
    Objects.requireNonNull(actualPosition, "actualPosition");
    Objects.requireNonNull(previousStepId, "previousStepId");
    Objects.requireNonNull(detail, "detail");
  }

  /** The deviation types; the wire name is the lower-case constant name. */
  public enum Type {
    OMISSION,
    ADDITION,
    REORDER,
    REPEAT,
    TIMEOUT,
    OVERDUE,
    CHECK_FAILED,
    OUT_OF_LIMITS;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The payload form: {@code deviation_type, step_id, expected_position, actual_position, ...}. */
  public Map<String, Object> toPayload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("deviation_type", type.wireName());
    payload.put("step_id", stepId.orElse(null));
    payload.put("expected_position", expectedPosition.orElse(null));
    payload.put("actual_position", actualPosition.orElse(null));
    payload.put("previous_step_id", previousStepId.orElse(null));
    payload.put("detail", detail);
    return payload;
  }
}
