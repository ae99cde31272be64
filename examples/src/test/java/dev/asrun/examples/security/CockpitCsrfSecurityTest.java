package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.Observing;
import dev.asrun.examples.TestRuns;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Cockpit plugin's write (a correction, {@code POST
 * /camunda/api/cockpit/plugin/asrun/{engine}/runs/{run_id}/corrections}) from a logged-in Cockpit
 * session is refused by Camunda's CSRF filter unless it carries the session's token: the {@code
 * X-XSRF-TOKEN} header equal to the {@code XSRF-TOKEN} cookie the webapp set. A cross-site page
 * can make the browser send the session cookie but cannot read the token, so its request is
 * refused (403, {@code X-XSRF-TOKEN: Required}) and nothing is appended; the same request with the
 * token is accepted, which shows the refusal is the token's doing.
 */
@SecuritySuite
class CockpitCsrfSecurityTest {

  private static final String CORRECTION =
      "{\"correction_type\":\"step_done_not_detected\",\"step_id\":\"start_pump\","
          + "\"reason\":\"started from the panel\"}";

  @LocalServerPort private int port;
  @Autowired private TestRestTemplate http;
  @Autowired private DataSource dataSource;

  private CockpitSession cockpit;
  private String runId;

  @BeforeEach
  void logInToCockpitWithARunToCorrect() throws Exception {
    runId =
        Observing.runIdOf(
            TestRuns.startDailyStartup(
                http.withBasicAuth("demo", "demo"),
                "line_csrf",
                "reactor_" + UUID.randomUUID().toString().substring(0, 8)));
    cockpit = CockpitSession.login(port, "demo", "demo");
  }

  @Test
  void refusesACorrectionWithoutTheSessionsCsrfToken() throws Exception {
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer = send(correction().header("Content-Type", "application/json"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.headers().firstValue(CockpitSession.TOKEN_HEADER)).hasValue("Required");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  /** What a cross-site {@code <form enctype="text/plain">} sends with the session's cookie. */
  @Test
  void refusesACrossSiteFormPostOfACorrection() throws Exception {
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer =
        send(
            correction()
                .header("Content-Type", "text/plain")
                .header("Origin", "https://elsewhere.example"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void refusesACorrectionWithATokenThatIsNotTheSessions() throws Exception {
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer =
        send(
            correction()
                .header("Content-Type", "application/json")
                .header(CockpitSession.TOKEN_HEADER, UUID.randomUUID().toString().toUpperCase()));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void acceptsTheSameCorrectionWithTheSessionsCsrfToken() throws Exception {
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer =
        send(
            correction()
                .header("Content-Type", "application/json")
                .header(CockpitSession.TOKEN_HEADER, token()));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(answer.body()).contains("\"correction_type\":\"step_done_not_detected\"");
    assertThat(RecordState.of(dataSource).changesSince(before))
        .anySatisfy(change -> assertThat(change).contains("procedure_correction"));
  }

  private HttpRequest.Builder correction() {
    return cockpit
        .request("runs/" + runId + "/corrections")
        .POST(HttpRequest.BodyPublishers.ofString(CORRECTION));
  }

  private String token() {
    return cockpit.token().orElseThrow(() -> new AssertionError("the webapp set no CSRF token"));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return cockpit.send(request);
  }
}
