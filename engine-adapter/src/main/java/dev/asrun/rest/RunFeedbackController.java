package dev.asrun.rest;

import dev.asrun.feedback.CorrectionRequest;
import dev.asrun.feedback.FeedbackException;
import dev.asrun.feedback.RunFeedback;
import dev.asrun.query.RunRecord;
import dev.asrun.signature.Signing;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /asrun/api/v1}: what the executor says about a run ({@link RunFeedback}).
 *
 * <ul>
 *   <li>{@code POST /runs/{run_id}/corrections} {@code {"correction_type", "step_id",
 *       "actual_procedure_id", "reason"}}: appends the correction; 201 with the run's record
 *   <li>{@code POST /runs/{run_id}/confirmation} {@code {"response", "note"}}: answers the run's
 *       confirmation prompt (completing its open task, else recording the answer); 200 with the
 *       run's record
 * </ul>
 *
 * The executor is the authenticated user. A body that is not a JSON object of these fields (text or
 * null), or a field the correction cannot use, is answered 400 naming the field; a run the user may
 * not read (READ_HISTORY) 404; a user who is neither the run's executor nor a holder of {@code
 * UPDATE_HISTORY} on its procedure's process definition 403; a second confirmation 409 (a run is
 * confirmed once; a change of mind is a correction). Nothing is appended then.
 */
@RestController
@RequestMapping("/asrun/api/v1")
class RunFeedbackController {

  static final Set<String> CORRECTION_FIELDS =
      Set.of("correction_type", "step_id", "actual_procedure_id", "reason");
  static final Set<String> CONFIRMATION_FIELDS = Set.of("response", "note");

  private final ProcessEngine engine;
  private final RunFeedback feedback;

  RunFeedbackController(ProcessEngine engine) {
    this.engine = engine;
    this.feedback = new RunFeedback(engine);
  }

  @PostMapping("/runs/{run_id}/corrections")
  ResponseEntity<RunJson.Record> correct(
      @PathVariable("run_id") String runId, @RequestBody Map<String, Object> body) {
    Caller caller = Caller.current(engine);
    JsonBody.checkFields(body, CORRECTION_FIELDS);
    CorrectionRequest request =
        new CorrectionRequest(
            JsonBody.text(body, "correction_type").orElse(null),
            JsonBody.text(body, "step_id"),
            JsonBody.text(body, "actual_procedure_id"),
            JsonBody.text(body, "reason").orElse(null));
    try {
      return ResponseEntity.status(HttpStatus.CREATED)
          .body(shown(caller, feedback.correct(runId, request)));
    } catch (FeedbackException e) {
      throw refused(runId, e);
    }
  }

  @PostMapping("/runs/{run_id}/confirmation")
  RunJson.Record confirm(
      @PathVariable("run_id") String runId, @RequestBody Map<String, Object> body) {
    Caller caller = Caller.current(engine);
    JsonBody.checkFields(body, CONFIRMATION_FIELDS);
    try {
      return shown(
          caller,
          feedback.confirm(
              runId, JsonBody.text(body, "response").orElse(null), JsonBody.text(body, "note")));
    } catch (FeedbackException e) {
      throw refused(runId, e);
    }
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ApiProblem> problem(ApiException exception) {
    return ApiProblem.of(exception);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiProblem> unreadable(HttpMessageNotReadableException exception) {
    return ApiProblem.of(
        ApiException.badBody("the request body must be a JSON object of the request's fields"));
  }

  /** The run's record as the caller may read it. */
  private RunJson.Record shown(Caller caller, RunRecord record) {
    return RunJson.Record.of(
        record,
        caller.valuesHidden().test(record.run().procedureId()),
        new Signing(engine).of(record.runId()));
  }

  private static ApiException refused(String runId, FeedbackException exception) {
    return switch (exception.kind()) {
      case BAD_FIELD -> ApiException.badBody(exception.getMessage());
      case RUN_NOT_FOUND -> ApiException.runNotFound(runId);
      case FORBIDDEN -> ApiException.forbidden(exception.getMessage());
      case ALREADY_CONFIRMED -> ApiException.conflict(exception.getMessage());
    };
  }
}
