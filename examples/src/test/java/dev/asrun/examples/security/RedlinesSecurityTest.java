package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A procedure's redlines, {@code GET /asrun/api/v1/procedures/{procedure_id}/redlines}, as an
 * outsider would try it: without a login (or with a wrong password) 401; a user who may start the
 * procedure but holds no READ_HISTORY on it gets 404, as for an unknown procedure; with
 * READ_HISTORY granted in Camunda's terms the answer comes. The Cockpit plugin's redline view
 * ({@code procedures/{procedure_id}/redlines}) answers the same: 401 without a Cockpit login, 404
 * without READ_HISTORY. Bad parameters are 400 naming the parameter and what would be valid.
 * Nothing is appended in any case.
 */
@SecuritySuite
class RedlinesSecurityTest {

  private static final String REDLINES =
      "/asrun/api/v1/procedures/" + RecordFixture.PROCEDURE + "/redlines";
  private static final String COCKPIT_REDLINES =
      "procedures/" + RecordFixture.PROCEDURE + "/redlines";

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identity;
  @Autowired private AuthorizationService authorizations;
  @Autowired private DataSource dataSource;
  @LocalServerPort private int port;

  private RecordFixture fixture;
  private String outsider;

  /** Demo's run of the daily start-up, ended, and a user who may only start runs of it. */
  @BeforeEach
  void anEndedRunOfDemoAndAUserWhoMayOnlyStartTheProcedure() {
    fixture = new RecordFixture(http, authorizations);
    fixture.endedRunOfDemo();
    outsider = fixture.userWhoMayOnlyStart(identity);
  }

  @Test
  void redlinesWithoutALoginAreRefusedAndRecordNothing() {
    RecordState before = RecordState.of(dataSource);

    assertThat(get(http, "").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get(http.withBasicAuth(outsider, "not-" + outsider), "").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            http.exchange(
                    "/camunda/api/cockpit/plugin/asrun/default/" + COCKPIT_REDLINES,
                    HttpMethod.GET,
                    null,
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void aUserWithoutReadHistoryGetsNotFoundUntilGrantedAndNothingIsAppended() throws Exception {
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<String> refused = get(fixture.as(outsider), "");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getBody()).contains(RecordFixture.PROCEDURE).doesNotContain("proposals");
    HttpResponse<String> cockpit =
        CockpitSession.login(port, outsider, outsider).get(COCKPIT_REDLINES);
    assertThat(cockpit.statusCode()).isEqualTo(404);
    assertThat(cockpit.body()).doesNotContain("proposals");

    fixture.grant(
        outsider,
        Resources.PROCESS_DEFINITION,
        RecordFixture.PROCEDURE,
        ProcessDefinitionPermissions.READ_HISTORY);
    ResponseEntity<String> granted = get(fixture.as(outsider), "");
    assertThat(granted.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(granted.getBody())
        .contains("\"procedure_id\":\"" + RecordFixture.PROCEDURE + "\"")
        .contains("\"proposals\":[")
        .contains("\"toml_patch\":");
    HttpResponse<String> cockpitGranted =
        CockpitSession.login(port, outsider, outsider).get(COCKPIT_REDLINES);
    assertThat(cockpitGranted.statusCode()).isEqualTo(200);
    assertThat(cockpitGranted.body()).contains("\"proposals\":[", "\"bpmn_xml\":\"<?xml");

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void badParametersAreRefusedNamingWhatWouldBeValid() {
    RecordState before = RecordState.of(dataSource);

    assertBad("?threshold=2", "query parameter 'threshold': '2' is not a number more than 0");
    assertBad("?threshold=half", "'half' is not a number more than 0 and at most 1");
    assertBad("?min_runs=0", "query parameter 'min_runs': '0' is not a whole number 1 to 10000");
    assertBad("?version=no-such", "procedure '" + RecordFixture.PROCEDURE + "' has no version");
    assertBad("?status=completed", "unknown query parameter 'status'; valid: equipment_id");
    assertBad("?min_runs=3&min_runs=4", "query parameter 'min_runs' is given more than once");

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  private void assertBad(String query, String detail) {
    ResponseEntity<String> answer = get(fixture.asDemo(), query);
    assertThat(answer.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answer.getBody()).as(query).contains(detail);
  }

  private static ResponseEntity<String> get(TestRestTemplate client, String query) {
    return client.exchange(REDLINES + query, HttpMethod.GET, null, String.class);
  }
}
