package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
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

  private static final ObjectMapper JSON = new ObjectMapper();

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
        post(path, contentType, "{\"action\":\"json_only_probe\",\"source\":\"json-only-test\"}");

    assertProblem(answer, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "application/json");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  /** An empty JSON object is no observation (400), but it is not refused for its type. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonTypes")
  void letsAJsonBodyThrough(String contentType) throws Exception {
    ResponseEntity<Map<String, Object>> answer =
        post("/asrun/api/v1/observations", contentType, "{}");

    assertThat(answer.getStatusCode()).isNotEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }

  static Stream<String> jsonTypes() {
    return Stream.of("application/json", "application/json; charset=UTF-8");
  }

  /**
   * Posts {@code body} as demo with exactly {@code contentType}, or with no content type at all
   * where it is null (java.net.http adds none of its own).
   */
  private ResponseEntity<Map<String, Object>> post(String path, String contentType, String body)
      throws Exception {
    String demo = Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(HttpHeaders.AUTHORIZATION, "Basic " + demo)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpHeaders headers = new HttpHeaders();
    response.headers().map().forEach(headers::addAll);
    return new ResponseEntity<>(
        JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {}),
        headers,
        HttpStatus.valueOf(response.statusCode()));
  }
}
