package dev.asrun.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every write to the as-run API ({@code POST}, {@code PUT}, {@code PATCH}) whose body is
 * not declared as JSON ({@code application/json} or {@code application/*+json}) with {@code 415}
 * problem+json, before the body is read: nothing is appended.
 *
 * <p>Why: a browser sends a cross-site {@code <form>} (e.g. {@code enctype="text/plain"}) with the
 * user's cached Basic credentials and without a CORS preflight; a JSON content type cannot be sent
 * that way, so a JSON-only API cannot be written to from another site's form.
 */
final class JsonOnlyFilter extends OncePerRequestFilter {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");


  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!WRITES.contains(request.getMethod()) || isJson(request.getContentType())) {
      chain.doFilter(request, response);
      return;
    }
    ApiException refusal =
        ApiException.unsupportedMediaType(
            "the request body has content type '"
                + (request.getContentType() == null ? "(none)" : request.getContentType())
                + "'; every write of the as-run API takes application/json");
    ApiProblem.write(refusal, response);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return "application".equals(type.getType())
          && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    } catch (InvalidMediaTypeException invalid) {
      return false;
    }
  }
}
