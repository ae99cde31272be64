package dev.asrun.rest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** A request the API answers with a problem document instead of a result. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String type;
  private final Duration retryAfter;

  private ApiException(HttpStatus status, String type, String detail) {
    this(status, type, detail, null);
  }

  private ApiException(HttpStatus status, String type, String detail, Duration retryAfter) {
    super(detail);
    this.status = status;
    this.type = type;
    this.retryAfter = retryAfter;
  }

  /**
   * 503 with {@code Retry-After: 1}: the request kept losing races with other writers (observations
   * racing for the same runs, a reader of the log waiting for its writers); nothing of it was
   * recorded or read, and sending it again is safe.
   */
  static ApiException busy(String detail) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        ApiProblem.TYPE_BASE + "busy",
        detail,
        Duration.ofSeconds(1));
  }

  /** A query parameter the API cannot use; {@code detail} names it and what would be valid. */
  static ApiException badParameter(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, ApiProblem.TYPE_BASE + "bad-parameter", detail);
  }

  /** A request the caller may not make; {@code detail} says why and who may. */
  static ApiException forbidden(String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, ApiProblem.TYPE_BASE + "forbidden", detail);
  }

  /** 409: the request conflicts with what the record already holds (e.g. a run's confirmation). */
  static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, ApiProblem.TYPE_BASE + "conflict", detail);
  }

  /**
   * A signature that was not given: 401 for a wrong password, 403 for the policy's groups, 409 for
   * another rule of signing; the type names the rule ({@code urn:asrun:problem:signature-order}).
   */
  static ApiException signatureRefused(HttpStatus status, String rule, String detail) {
    return new ApiException(status, ApiProblem.TYPE_BASE + "signature-" + rule, detail);
  }

  /** A run that is unknown, or that the caller may not read: the two look the same. */
  static ApiException runNotFound(String runId) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        ApiProblem.TYPE_BASE + "run-not-found",
        "no run '" + runId + "' that you may read");
  }

  /** A procedure that is unknown, or whose runs the caller may not read: the two look the same. */
  static ApiException procedureNotFound(String procedureId) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        ApiProblem.TYPE_BASE + "procedure-not-found",
        "no procedure '" + procedureId + "' whose runs you may read");
  }

  /** A path under the API that no endpoint serves; the detail names it and where the endpoints are. */
  static ApiException unknownPath(String method, String path) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        ApiProblem.TYPE_BASE + "unknown-path",
        "no endpoint answers "
            + method
            + " "
            + path
            + "; the API's endpoints are listed in its OpenAPI document (/v3/api-docs in the example"
            + " app) and in docs/api.md");
  }

  /** A path of the API asked with a method it does not answer; the detail names those it does. */
  static ApiException methodNotAllowed(String method, String path, List<String> allowed) {
    return new ApiException(
        HttpStatus.METHOD_NOT_ALLOWED,
        ApiProblem.TYPE_BASE + "method-not-allowed",
        path + " does not answer " + method + "; it answers " + String.join(", ", allowed));
  }

  /** A request body the API cannot use; {@code detail} names the field and what would be valid. */
  static ApiException badBody(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, ApiProblem.TYPE_BASE + "bad-body", detail);
  }

  /** A write whose body is not declared as JSON; {@code detail} names what was sent. */
  static ApiException unsupportedMediaType(String detail) {
    return new ApiException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE, ApiProblem.TYPE_BASE + "unsupported-media-type", detail);
  }

  /** A request body over {@code asrun.limits.request-body}; {@code detail} names the limit. */
  static ApiException tooLarge(String detail) {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE, ApiProblem.TYPE_BASE + "request-too-large", detail);
  }

  /** A request that ran without an authenticated engine user. */
  static ApiException unauthenticated() {
    return new ApiException(
        HttpStatus.UNAUTHORIZED,
        ApiProblem.TYPE_BASE + "unauthenticated",
        "the request has no authenticated engine user; the as-run API needs Camunda's"
            + " ProcessEngineAuthenticationFilter on /asrun/api/*");
  }

  /** A request only engine administrators may make. */
  static ApiException adminsOnly(String what) {
    return new ApiException(
        HttpStatus.FORBIDDEN,
        ApiProblem.TYPE_BASE + "forbidden",
        what + " is for the engine's administrators (camunda-admin) only");
  }

  /** The record could not be read; the cause goes to the server's log, not to the client. */
  static ApiException recordUnavailable() {
    return new ApiException(
        HttpStatus.INTERNAL_SERVER_ERROR,
        ApiProblem.TYPE_BASE + "record-unavailable",
        "the as-run record could not be read; the server's log has the cause");
  }

  /**
   * An export ran past {@code asrun.limits.export-time} before any of it was sent: 503, as for a
   * server that cannot serve this now; a narrower export (from, to, status) takes less time.
   */
  static ApiException exportTooLong(Duration limit) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        ApiProblem.TYPE_BASE + "export-time-limit",
        "the export took longer than asrun.limits.export-time ("
            + limit
            + ") allows and was ended; export fewer runs (from, to, status) or ask the server's"
            + " operator to raise the limit");
  }

  HttpStatus status() {
    return status;
  }

  String type() {
    return type;
  }

  /** How long a client should wait before sending the request again, where it may. */
  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
