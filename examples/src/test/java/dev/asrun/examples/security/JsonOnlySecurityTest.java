package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every write of the as-run API takes JSON only: a body sent as a cross-site {@code <form>} could
 * be sent (text/plain, form-urlencoded, multipart) or with no content type is refused with 415
 * problem+json, even when the body itself is valid JSON, and nothing is recorded.
 */
@SecuritySuite
class JsonOnlySecurityTest {

  private static final List<String> WRITES =
      List.of(
          "/asrun/api/v1/observations",
          "/asrun/api/v1/runs/json-only-run/corrections",
          "/asrun/api/v1/runs/json-only-run/confirmation");

  private static final List<String> NOT_JSON =
      Arrays.asList(
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=json-only",
          null);

  @LocalServerPort private int port;
  @Autowired private DataSource dataSource;

  static Stream<Arguments> writesWithoutJson() {
    return WRITES.stream()
        .flatMap(path -> NOT_JSON.stream().map(type -> Arguments.of(path, type)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("writesWithoutJson")
  void refusesAWriteWhoseBodyIsNotDeclaredJson(String path, String contentType)
      throws Exception {
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<Map<String, Object>> answer =
        RawHttp.post(
            port,
            path,
            contentType,
            HttpRequest.BodyPublishers.ofString(
                "{\"action\":\"json_only_probe\",\"source\":\"json-only-test\"}"));

    assertProblem(answer, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "application/json");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  /** An empty JSON object is no observation (400), but it is not refused for its type. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonTypes")
  void letsAJsonBodyThrough(String contentType) throws Exception {
    ResponseEntity<Map<String, Object>> answer =
        RawHttp.post(
            port,
            "/asrun/api/v1/observations",
            contentType,
            HttpRequest.BodyPublishers.ofString("{}"));

    assertThat(answer.getStatusCode()).isNotEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }

  static Stream<String> jsonTypes() {
    return Stream.of("application/json", "application/json; charset=UTF-8");
  }
}
