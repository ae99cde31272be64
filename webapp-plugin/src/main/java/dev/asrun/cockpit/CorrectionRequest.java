package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * A correction the run page's form sends, as {@code POST /asrun/api/v1/runs/{run_id}/corrections}
 * takes it; {@link dev.asrun.feedback.RunFeedback} checks and records it.
 *
 * @param correctionType {@code wrong_procedure}, {@code step_not_done}, {@code
 *     step_done_not_detected} or {@code not_a_deviation}
 * @param stepId the step it concerns (every type but {@code wrong_procedure})
 * @param actualProcedureId the procedure really carried out ({@code wrong_procedure})
 * @param reason why (required)
 */
public record CorrectionRequest(
    @JsonProperty("correction_type") String correctionType,
    @JsonProperty("step_id") String stepId,
    @JsonProperty("actual_procedure_id") String actualProcedureId,
    @JsonProperty("reason") String reason) {

  /** The request as {@link dev.asrun.feedback.RunFeedback#correct} takes it. */
  dev.asrun.feedback.CorrectionRequest toFeedback() {
    return new dev.asrun.feedback.CorrectionRequest(
        correctionType, given(stepId), given(actualProcedureId), reason);
  }

  private static Optional<String> given(String value) {
    return Optional.ofNullable(value).filter(text -> !text.isBlank());
  }
}
