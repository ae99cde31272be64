package dev.asrun.rest;

import dev.asrun.signature.SignatureException;
import dev.asrun.signature.Signing;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /asrun/api/v1/runs/{run_id}/signatures} {@code {"meaning", "password", "comment"}}:
 * signs the run for the authenticated user ({@link Signing}); 201 with the signature.
 *
 * <p>A wrong password (or a locked account) is 401, and {@code signature_refused} is recorded in
 * the run's stream; a meaning the policy keeps to groups the user is in none of, 403; any other
 * rule of signing (the run has not ended, the meaning is not the next, the user signed the run
 * already, who performed the run signs another meaning than performed, or someone else signs
 * performed), 409. The problem's type names the rule ({@code urn:asrun:problem:signature-<rule>});
 * nothing is signed then. A run the user may not read is 404; a body that is no JSON object of
 * these fields, 400 naming the field.
 */
@RestController
@RequestMapping("/asrun/api/v1")
class SignatureController {

  static final Set<String> FIELDS = Set.of("meaning", "password", "comment");

  private final ProcessEngine engine;
  private final Signing signing;

  SignatureController(ProcessEngine engine) {
    this.engine = engine;
    this.signing = new Signing(engine);
  }

  @PostMapping("/runs/{run_id}/signatures")
  ResponseEntity<SignatureJson> sign(
      @PathVariable("run_id") String runId, @RequestBody Map<String, Object> body) {
    Caller.current(engine);
    JsonBody.checkFields(body, FIELDS);
    try {
      return ResponseEntity.status(HttpStatus.CREATED)
          .body(
              SignatureJson.of(
                  signing.sign(
                      runId,
                      JsonBody.text(body, "meaning").orElse(null),
                      JsonBody.text(body, "password").orElse(null),
                      JsonBody.text(body, "comment"))));
    } catch (SignatureException e) {
      throw refused(runId, e);
    }
  }

  private static ApiException refused(String runId, SignatureException exception) {
    return switch (exception.kind()) {
      case BAD_FIELD -> ApiException.badBody(exception.getMessage());
      case RUN_NOT_FOUND -> ApiException.runNotFound(runId);
      case UNAUTHENTICATED -> ApiException.unauthenticated();
      case WRONG_PASSWORD -> rule(HttpStatus.UNAUTHORIZED, exception);
      case NOT_IN_GROUP -> rule(HttpStatus.FORBIDDEN, exception);
      case RUN_NOT_ENDED, OUT_OF_ORDER, ALREADY_SIGNED, EXECUTOR_REVIEWING, NOT_PERFORMER ->
          rule(HttpStatus.CONFLICT, exception);
    };
  }

  private static ApiException rule(HttpStatus status, SignatureException exception) {
    return ApiException.signatureRefused(
        status, exception.kind().rule().orElseThrow().replace('_', '-'), exception.getMessage());
  }
}
