package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A problem document (RFC 9457), sent as {@code application/problem+json}.
 *
 * @param type a URI naming the kind of problem
 * @param title the status's reason phrase
 * @param status the HTTP status code
 * @param detail what went wrong with this request, e.g. which parameter and what would be valid
 */
@JsonPropertyOrder({"type", "title", "status", "detail"})
record ApiProblem(
    @JsonProperty("type") String type,
    @JsonProperty("title") String title,
    @JsonProperty("status") int status,
    @JsonProperty("detail") String detail) {

  /** The prefix of every problem type of this API. */
  static final String TYPE_BASE = "urn:asrun:problem:";

  /**
   * Writes {@code exception} as the response, from a servlet filter (outside Spring MVC), with its
   * length declared.
   */
  static void write(ApiException exception, HttpServletResponse response) throws IOException {
    byte[] body = new ObjectMapper().writeValueAsBytes(from(exception));
    response.setStatus(exception.status().value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    exception
        .retryAfter()
        .ifPresent(
            wait ->
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.toSeconds())));
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static ResponseEntity<ApiProblem> of(ApiException exception) {
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(exception.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    exception
        .retryAfter()
        .ifPresent(wait -> answer.header(HttpHeaders.RETRY_AFTER, Long.toString(wait.toSeconds())));
    return answer.body(from(exception));
  }

  private static ApiProblem from(ApiException exception) {
    return new ApiProblem(
        exception.type(),
        exception.status().getReasonPhrase(),
        exception.status().value(),
        exception.getMessage());
  }
}
