package dev.asrun.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The executor's correction of the engine's interpretation of a run (seed 7.2, 11), a {@code
 * procedure_correction} event of the run. The index applies it over the engine's interpretation;
 * the event and what it corrected stay in the log.
 *
 * @param eventId the correction's event
 * @param type {@code wrong_procedure}, {@code step_not_done}, {@code step_done_not_detected} or
 *     {@code not_a_deviation}
 * @param stepId the step it concerns (not for {@code wrong_procedure})
 * @param actualProcedureId the procedure that was really carried out ({@code wrong_procedure})
 * @param reason why, in the executor's words
 * @param executorId who corrected the run
 * @param recordedAt when the correction was recorded (server time)
 */
public record Correction(
    UUID eventId,
    String type,
    Optional<String> stepId,
    Optional<String> actualProcedureId,
    String reason,
    Optional<String> executorId,
    Instant recordedAt) {

  /** The correction type that says a step the engine saw done was not done. */
  public static final String STEP_NOT_DONE = "step_not_done";

  /** The correction type that says a step was done although the engine did not see it. */
  public static final String STEP_DONE_NOT_DETECTED = "step_done_not_detected";

  public Correction {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(actualProcedureId, "actualProcedureId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }

  /**
   * The {@code step_not_done} corrections still in force among {@code corrections} (in log order):
   * for each step, the latest of its {@code step_not_done} and {@code step_done_not_detected}
   * corrections decides. Each is an omission the executor added to the run's deviations.
   */
  public static List<Correction> stepsNotDone(List<Correction> corrections) {
    Map<String, Correction> latest = new LinkedHashMap<>();
    for (Correction correction : corrections) {
      if (correction.stepId().isPresent()
          && (correction.type().equals(STEP_NOT_DONE)
              || correction.type().equals(STEP_DONE_NOT_DETECTED))) {
        latest.remove(correction.stepId().get());
        latest.put(correction.stepId().get(), correction);
      }
    }
    List<Correction> notDone = new ArrayList<>();
    latest.values().stream().filter(c -> c.type().equals(STEP_NOT_DONE)).forEach(notDone::add);
    return List.copyOf(notDone);
  }
}
