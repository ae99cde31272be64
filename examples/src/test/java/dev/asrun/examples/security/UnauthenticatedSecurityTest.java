package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.examples.TestUsers;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Requests without a Camunda user, or with a wrong password, get 401 and change nothing. The wrong
 * password is tried on a user of this test's own: Camunda delays a user's next login after a
 * failed one, and the suite's other tests log in as demo.
 */
@SecuritySuite
class UnauthenticatedSecurityTest {

  @Autowired private TestRestTemplate http;
  @Autowired private DataSource dataSource;
  @Autowired private IdentityService identityService;

  @Test
  void anObservationWithoutCredentialsIsRefusedAndRecordsNothing() {
    String operator = TestUsers.create(identityService, "locked", "operators");
    RecordState before = RecordState.of(dataSource);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);

    ResponseEntity<String> anonymous =
        http.exchange(
            "/asrun/api/v1/observations",
            HttpMethod.POST,
            new HttpEntity<>(Map.of("action", "power_on_reactor"), headers),
            String.class);
    ResponseEntity<String> wrongPassword =
        http.withBasicAuth(operator, "not-" + operator)
            .exchange(
                "/asrun/api/v1/observations",
                HttpMethod.POST,
                new HttpEntity<>(Map.of("action", "power_on_reactor"), headers),
                String.class);

    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }
}
