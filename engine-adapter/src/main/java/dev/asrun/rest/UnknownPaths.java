package dev.asrun.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers a request for a path under {@value #API} that no endpoint serves with a 404 problem
 * document naming the path, and one with a method its path does not answer with 405 naming the
 * methods it does, instead of the app's default error body. No controller handles such a request,
 * so this advice is the app's, not only the API's: it answers the API's paths and hands every other
 * back to the app unchanged (by throwing the exception again), ordered after the app's own advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnknownPaths {

  /** The path every endpoint of the API is under. */
  static final String API = "/asrun/api/v1";

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<ApiProblem> unknown(Exception exception, HttpServletRequest request)
      throws Exception {
    String path = apiPath(request).orElseThrow(() -> exception);
    return ApiProblem.of(ApiException.unknownPath(request.getMethod(), path));
  }

  /**
   * A path of the API asked with a method it does not answer: 405 with {@code Allow} and a problem
   * document naming the methods it does answer.
   */
  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiProblem> unsupported(
      HttpRequestMethodNotSupportedException exception, HttpServletRequest request)
      throws HttpRequestMethodNotSupportedException {
    String path = apiPath(request).orElseThrow(() -> exception);
    Set<HttpMethod> allowed = exception.getSupportedHttpMethods();
    ResponseEntity<ApiProblem> problem =
        ApiProblem.of(
            ApiException.methodNotAllowed(
                request.getMethod(),
                path,
                allowed == null
                    ? List.of()
                    : allowed.stream().map(HttpMethod::name).sorted().toList()));
    return ResponseEntity.status(problem.getStatusCode())
        .headers(problem.getHeaders())
        .allow(allowed == null ? new HttpMethod[0] : allowed.toArray(HttpMethod[]::new))
        .body(problem.getBody());
  }

  /** The request's path within the app, if it is under {@value #API}. */
  private static Optional<String> apiPath(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals(API) || path.startsWith(API + "/") ? Optional.of(path) : Optional.empty();
  }
}
