package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.examples.TestRuns;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Signing a run through the Cockpit plugin ({@code POST
 * /camunda/api/cockpit/plugin/asrun/{engine}/runs/{run_id}/signatures}), as an outsider would try
 * it: without a Cockpit login it is 401; a logged-in session's request without its CSRF token is
 * refused by Camunda's filter (403); a Cockpit user who may not read the run gets 404, with a right
 * or a wrong re-entered password; nothing is appended in any of these. A wrong password of a user
 * who may read the run (a user of its own: Camunda then delays that user's next login) signs
 * nothing and appends exactly the {@code signature_refused} the record keeps of it (403, rule
 * {@code password}).
 */
@SecuritySuite
class CockpitSignatureSecurityTest {

  @LocalServerPort private int port;
  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identity;
  @Autowired private AuthorizationService authorizations;
  @Autowired private DataSource dataSource;

  private RecordFixture fixture;
  private String runId;

  /** Demo's run of the daily start-up, ended. */
  @BeforeEach
  void anEndedRunOfDemo() {
    fixture = new RecordFixture(http, authorizations);
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    String instance = fixture.start(fixture.asDemo(), equipment, "first shift");
    TestRuns.complete(fixture.asDemo(), instance, "power_on");
    fixture.cancel(instance);
    runId = RecordFixture.runIdOf(instance);
  }

  @Test
  void signingWithoutACockpitLoginIsRefusedAndRecordsNothing() throws Exception {
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer = CockpitSession.anonymous(port).post(path(), body("demo"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void signingWithoutTheSessionsCsrfTokenIsRefusedAndRecordsNothing() throws Exception {
    CockpitSession demo = CockpitSession.login(port, "demo", "demo");
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer =
        demo.send(
            demo.request(path())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("demo"))));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.headers().firstValue(CockpitSession.TOKEN_HEADER)).hasValue("Required");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void aCockpitUserWhoMayNotReadTheRunCannotSignItAndNothingIsAppended() throws Exception {
    String outsider = fixture.cockpitUser(identity, "outsider", ProcessDefinitionPermissions.READ);
    CockpitSession session = CockpitSession.login(port, outsider, outsider);
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> right = session.post(path(), body(outsider));
    HttpResponse<String> wrong = session.post(path(), body("not-" + outsider));

    assertThat(right.statusCode()).as(right.body()).isEqualTo(404);
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(404);
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void aWrongPasswordSignsNothingAndAppendsOnlyTheRefusal() throws Exception {
    String reader =
        fixture.cockpitUser(
            identity,
            "reader",
            ProcessDefinitionPermissions.READ,
            ProcessDefinitionPermissions.READ_HISTORY);
    CockpitSession session = CockpitSession.login(port, reader, reader);
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer = session.post(path(), body("not-" + reader));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.body()).contains("\"rule\":\"password\"", "nothing was signed");
    List<String> changes = RecordState.of(dataSource).changesSince(before);
    assertThat(changes).anySatisfy(change -> assertThat(change).contains("signature_refused"));
    assertThat(changes).noneSatisfy(change -> assertThat(change).contains("signature_applied"));
    assertThat(changes)
        .filteredOn(change -> change.startsWith("asrun_event"))
        .as("one event appended: the refusal")
        .hasSize(1);
  }

  private String path() {
    return "runs/" + runId + "/signatures";
  }

  private static String body(String password) {
    return "{\"meaning\": \"performed\", \"password\": \"" + password + "\"}";
  }
}
