package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
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
 * Signing a run and listing its signatures over HTTP, as an outsider would try it: without a
 * Camunda login (or with a wrong one) both answer 401; a user who may start the procedure but holds
 * no READ_HISTORY on it, so may not read someone else's run of it, gets 404 from both, even with
 * their password re-entered wrongly (no {@code signature_refused} either: a run one may not read
 * records nothing of one's attempts). Nothing is appended in any case.
 */
@SecuritySuite
class SignatureAuthorizationSecurityTest {

  private static final String API = "/asrun/api/v1";

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identity;
  @Autowired private AuthorizationService authorizations;
  @Autowired private DataSource dataSource;

  private RecordFixture fixture;
  private String runId;
  private String outsider;

  /** Demo's run of the daily start-up, ended, and a user who may start runs of it. */
  @BeforeEach
  void anEndedRunOfDemoAndAUserWhoMayOnlyStartTheProcedure() {
    fixture = new RecordFixture(http, authorizations);
    runId = RecordFixture.runIdOf(fixture.endedRunOfDemo());
    outsider = fixture.userWhoMayOnlyStart(identity);
  }

  @Test
  void signingOrListingWithoutALoginIsRefusedAndRecordsNothing() {
    RecordState before = RecordState.of(dataSource);

    assertThat(sign(http, outsider).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(sign(http.withBasicAuth(outsider, "not-" + outsider), outsider).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(list(http).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void aUserWhoMayNotReadTheRunCannotSignItNorListItsSignaturesAndNothingIsAppended() {
    RecordState before = RecordState.of(dataSource);

    assertThat(sign(fixture.as(outsider), outsider).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(sign(fixture.as(outsider), "not-" + outsider).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(list(fixture.as(outsider)).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  private ResponseEntity<String> sign(TestRestTemplate client, String password) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client.exchange(
        API + "/runs/" + runId + "/signatures",
        HttpMethod.POST,
        new HttpEntity<>(Map.of("meaning", "performed", "password", password), headers),
        String.class);
  }

  private ResponseEntity<String> list(TestRestTemplate client) {
    return client.exchange(
        API + "/runs/" + runId + "/signatures", HttpMethod.GET, null, String.class);
  }
}
