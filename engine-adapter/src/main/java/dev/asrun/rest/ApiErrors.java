package dev.asrun.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.sql.SQLException;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns every failure of the as-run API's controllers (those in this package) into a problem
 * document ({@code application/problem+json}, RFC 9457) that names what was wrong: the API's own
 * refusals, a body that is not JSON or has a field of the wrong type, a parameter missing or not of
 * its type, and a record that could not be read (its cause goes to the server's log only).
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors {

  private static final System.Logger LOG = System.getLogger(ApiErrors.class.getName());

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ApiProblem> problem(ApiException exception) {
    return ApiProblem.of(exception);
  }

  @ExceptionHandler(SQLException.class)
  ResponseEntity<ApiProblem> unreadable(SQLException exception) {
    LOG.log(System.Logger.Level.ERROR, "the as-run API could not read the record", exception);
    return ApiProblem.of(ApiException.recordUnavailable());
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ApiProblem> missing(MissingServletRequestParameterException exception) {
    return ApiProblem.of(
        ApiException.badParameter(
            "query parameter '" + exception.getParameterName() + "' is required"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ApiProblem> mismatch(MethodArgumentTypeMismatchException exception) {
    String type =
        exception.getRequiredType() == null
            ? "of its type"
            : "a " + exception.getRequiredType().getSimpleName();
    return ApiProblem.of(
        ApiException.badParameter(
            "parameter '" + exception.getName() + "': '" + exception.getValue() + "' is not " + type));
  }

  /** A body that is not JSON, or whose field does not fit: the field's path is named. */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiProblem> unreadableBody(HttpMessageNotReadableException exception) {
    if (exception.getCause() instanceof JsonMappingException mapping
        && !mapping.getPath().isEmpty()) {
      String field =
          mapping.getPath().stream()
              .map(
                  reference ->
                      reference.getFieldName() != null
                          ? reference.getFieldName()
                          : "[" + reference.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      return ApiProblem.of(
          ApiException.badBody(
              "field '" + field + "' has a value of the wrong type: " + mapping.getOriginalMessage()));
    }
    return ApiProblem.of(
        ApiException.badBody(
            "the request body is not a JSON document of the expected form: "
                + (exception.getMostSpecificCause() == null
                    ? exception.getMessage()
                    : exception.getMostSpecificCause().getMessage())));
  }
}
