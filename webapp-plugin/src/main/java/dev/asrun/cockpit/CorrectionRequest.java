package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A correction the run page's form sends: what to correct and why.
 *
 * @param correctionType the kind of correction, e.g. {@code deviation_justified}
 * @param stepId the step it concerns, if any
 * @param actualProcedureId the procedure that was really followed, if it was another
 * @param reason why (required)
 */
public record CorrectionRequest(
    @JsonProperty("correction_type") String correctionType,
    @JsonProperty("step_id") String stepId,
    @JsonProperty("actual_procedure_id") String actualProcedureId,
    @JsonProperty("reason") String reason) {

  /** The longest text a field takes. */
  static final int MAX_LENGTH = 4000;

  /**
   * The payload of the {@code procedure_correction} event.
   *
   * @throws jakarta.ws.rs.WebApplicationException (400) naming the field that is missing or too
   *     long
   */
  static Map<String, Object> payload(CorrectionRequest request, String executorId) {
    if (request == null) {
      throw AsRunResource.badRequest(
          "the request has no body; send {\"correction_type\", \"step_id\", \"reason\"}");
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("correction_type", required("correction_type", request.correctionType()));
    payload.put("step_id", optional("step_id", request.stepId()));
    payload.put("actual_procedure_id", optional("actual_procedure_id", request.actualProcedureId()));
    payload.put("reason", required("reason", request.reason()));
    payload.put("executor_id", executorId);
    return payload;
  }

  private static String required(String name, String value) {
    String text = optional(name, value);
    if (text == null) {
      throw AsRunResource.badRequest("'" + name + "' is required: say what you correct and why");
    }
    return text;
  }

  private static String optional(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > MAX_LENGTH) {
      throw AsRunResource.badRequest(
          "'" + name + "' is " + value.length() + " characters; at most " + MAX_LENGTH);
    }
    return value.strip();
  }
}
