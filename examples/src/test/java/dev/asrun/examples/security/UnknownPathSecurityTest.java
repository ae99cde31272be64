package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A path under {@code /asrun/api/v1} that no endpoint serves: without a login 401 first, as every
 * path of the API; with one, 404 in problem+json naming the path (405 naming the methods, for a
 * path asked with a method it does not answer); nothing recorded either way.
 */
@SecuritySuite
class UnknownPathSecurityTest {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private DataSource dataSource;

  @Test
  void answersAnUnknownPathWithANotFoundProblemNamingIt() {
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<Map<String, Object>> get =
        asDemo(HttpMethod.GET, "/asrun/api/v1/no-such-thing/42", null);
    ResponseEntity<Map<String, Object>> post =
        asDemo(HttpMethod.POST, "/asrun/api/v1/runs/r1/no-such-thing", jsonBody());

    assertProblem(get, HttpStatus.NOT_FOUND, "GET /asrun/api/v1/no-such-thing/42");
    assertThat(get.getBody()).containsEntry("type", "urn:asrun:problem:unknown-path");
    assertProblem(post, HttpStatus.NOT_FOUND, "POST /asrun/api/v1/runs/r1/no-such-thing");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void answersAKnownPathAskedWithAnotherMethodWithAMethodNotAllowedProblem() {
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<Map<String, Object>> delete =
        asDemo(HttpMethod.DELETE, "/asrun/api/v1/runs", null);

    assertProblem(
        delete, HttpStatus.METHOD_NOT_ALLOWED, "/asrun/api/v1/runs does not answer DELETE");
    assertThat(delete.getBody()).containsEntry("type", "urn:asrun:problem:method-not-allowed");
    assertThat(delete.getHeaders().getAllow()).contains(HttpMethod.GET);
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void refusesAnUnknownPathWithoutLoginBeforeSayingItIsUnknown() {
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<String> anonymous =
        http.exchange("/asrun/api/v1/no-such-thing/42", HttpMethod.GET, null, String.class);

    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(String.valueOf(anonymous.getBody())).doesNotContain("no-such-thing");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void leavesAnUnknownPathOutsideTheApiToTheApp() {
    ResponseEntity<String> outside =
        http.withBasicAuth("demo", "demo").getForEntity("/asrun/no-such-thing", String.class);

    assertThat(outside.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(outside.getHeaders().getContentType())
        .isNotEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  private ResponseEntity<Map<String, Object>> asDemo(
      HttpMethod method, String path, HttpEntity<String> body) {
    return http.withBasicAuth("demo", "demo").exchange(path, method, body, JSON);
  }

  private static HttpEntity<String> jsonBody() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>("{}", headers);
  }
}
