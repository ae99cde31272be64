package dev.asrun.feedback;

import java.util.Objects;
import java.util.Optional;

/**
 * A correction of a run the executor asks for (seed 7.2).
 *
 * @param correctionType {@code wrong_procedure}, {@code step_not_done}, {@code
 *     step_done_not_detected} or {@code not_a_deviation}
 * @param stepId the step concerned: required for every type but {@code wrong_procedure}
 * @param actualProcedureId the procedure really carried out: required for {@code wrong_procedure}
 * @param reason why, in the executor's words: required, not blank
 */
public record CorrectionRequest(
    String correctionType,
    Optional<String> stepId,
    Optional<String> actualProcedureId,
    String reason) {

  public CorrectionRequest {
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(actualProcedureId, "actualProcedureId");
  }
}
