package dev.asrun.rest;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Answers a request for a path under {@value #API} that no endpoint serves with a 404 problem
 * document naming the path, instead of the app's default error body. No controller handles such a
 * request, so this advice is the app's, not only the API's: it answers the API's paths and hands
 * every other back to the app unchanged (by throwing the exception again), ordered after the app's
 * own advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnknownPaths {

  /** The path every endpoint of the API is under. */
  static final String API = "/asrun/api/v1";

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<ApiProblem> unknown(Exception exception, HttpServletRequest request)
      throws Exception {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.equals(API) && !path.startsWith(API + "/")) {
      throw exception;
    }
    return ApiProblem.of(ApiException.unknownPath(request.getMethod(), path));
  }
}
