package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Assertions on the as-run API's errors: {@code application/problem+json} (RFC 9457). */
public final class Problems {

  private Problems() {}

  /** {@code response} is a problem of {@code status} whose detail contains {@code inDetail}. */
  public static void assertProblem(
      ResponseEntity<Map<String, Object>> response, HttpStatus status, String inDetail) {
    assertThat(response.getStatusCode()).as("%s", response).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody())
        .containsEntry("status", status.value())
        .containsEntry("title", status.getReasonPhrase())
        .containsKey("type");
    assertThat((String) response.getBody().get("detail")).contains(inDetail);
  }
}
