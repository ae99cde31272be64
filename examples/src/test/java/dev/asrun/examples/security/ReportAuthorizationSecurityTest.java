package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
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
 * A run's as-run report, {@code GET /asrun/api/v1/runs/{run_id}/report.pdf} and the Cockpit
 * plugin's {@code runs/{run_id}/report.pdf}, as an outsider would try it: without a login (or with
 * a wrong password) 401; a user with Cockpit access who may start the procedure but holds no
 * READ_HISTORY on it gets 404 for someone else's run, as for an unknown one, in problem+json from
 * the REST API. Nothing is appended in any case; the run's executor gets the PDF.
 */
@SecuritySuite
class ReportAuthorizationSecurityTest {

  private static final String API = "/asrun/api/v1";
  private static final String COCKPIT = "/camunda/api/cockpit/plugin/asrun/default/";

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identity;
  @Autowired private AuthorizationService authorizations;
  @Autowired private DataSource dataSource;
  @LocalServerPort private int port;

  private RecordFixture fixture;
  private String runId;
  private String outsider;

  /** Demo's run of the daily start-up, ended, and a Cockpit user who may only start runs of it. */
  @BeforeEach
  void anEndedRunOfDemoAndAUserWhoMayOnlyStartTheProcedure() {
    fixture = new RecordFixture(http, authorizations);
    runId = RecordFixture.runIdOf(fixture.endedRunOfDemo());
    outsider = fixture.userWhoMayOnlyStart(identity);
  }

  @Test
  void theReportWithoutALoginIsRefusedAndRecordsNothing() {
    RecordState before = RecordState.of(dataSource);

    assertThat(report(http).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(report(http.withBasicAuth(outsider, "not-" + outsider)).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            http.exchange(
                    COCKPIT + "runs/" + runId + "/report.pdf", HttpMethod.GET, null, String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void someoneElsesRunIsNotFoundForAUserWithoutReadHistoryAndNothingIsAppended() throws Exception {
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<String> refused = report(fixture.as(outsider));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(refused.getBody()).contains(runId);
    HttpResponse<String> cockpit =
        CockpitSession.login(port, outsider, outsider).get("runs/" + runId + "/report.pdf");
    assertThat(cockpit.statusCode()).isEqualTo(404);
    assertThat(cockpit.body()).doesNotContain("%PDF");

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void theRunsExecutorGetsItsReportFromBothAsAPdf() throws Exception {
    ResponseEntity<byte[]> report =
        fixture
            .asDemo()
            .exchange(API + "/runs/" + runId + "/report.pdf", HttpMethod.GET, null, byte[].class);
    assertThat(report.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(report.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
    assertThat(new String(report.getBody(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
    HttpResponse<String> cockpit =
        CockpitSession.login(port, "demo", "demo").get("runs/" + runId + "/report.pdf");
    assertThat(cockpit.statusCode()).isEqualTo(200);
    assertThat(cockpit.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(cockpit.body()).startsWith("%PDF-");
  }

  private ResponseEntity<String> report(TestRestTemplate client) {
    return client.exchange(
        API + "/runs/" + runId + "/report.pdf", HttpMethod.GET, null, String.class);
  }
}
