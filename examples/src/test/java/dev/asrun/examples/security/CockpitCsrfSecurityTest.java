package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.Observing;
import dev.asrun.examples.TestRuns;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
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

  private static final String TOKEN_HEADER = "X-XSRF-TOKEN";
  private static final String TOKEN_COOKIE = "XSRF-TOKEN";
  private static final String CORRECTION =
      "{\"correction_type\":\"step_done_not_detected\",\"step_id\":\"start_pump\","
          + "\"reason\":\"started from the panel\"}";

  @LocalServerPort private int port;
  @Autowired private TestRestTemplate http;
  @Autowired private DataSource dataSource;

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private HttpClient browser;
  private String runId;

  @BeforeEach
  void logInToCockpitWithARunToCorrect() throws Exception {
    runId =
        Observing.runIdOf(
            TestRuns.startDailyStartup(
                http.withBasicAuth("demo", "demo"), "line_csrf", "reactor_" + UUID.randomUUID().toString().substring(0, 8)));
    browser =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
    HttpResponse<String> app = send(get("/camunda/app/cockpit/default/"));
    assertThat(app.statusCode()).as("the Cockpit page").isEqualTo(200);
    HttpResponse<String> login =
        send(
            request("/camunda/api/admin/auth/user/default/login/cockpit")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(TOKEN_HEADER, token())
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=demo")));
    assertThat(login.statusCode()).as("the Cockpit login: %s", login.body()).isEqualTo(200);
    HttpResponse<String> user = send(get("/camunda/api/admin/auth/user/default"));
    assertThat(user.body()).as("the session's user").contains("\"userId\":\"demo\"");
  }

  @Test
  void refusesACorrectionWithoutTheSessionsCsrfToken() throws Exception {
    RecordState before = RecordState.of(dataSource);

    HttpResponse<String> answer = send(correction().header("Content-Type", "application/json"));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.headers().firstValue(TOKEN_HEADER)).hasValue("Required");
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
                .header(TOKEN_HEADER, UUID.randomUUID().toString().toUpperCase()));

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
                .header(TOKEN_HEADER, token()));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(answer.body()).contains("\"correction_type\":\"step_done_not_detected\"");
    assertThat(RecordState.of(dataSource).changesSince(before))
        .anySatisfy(change -> assertThat(change).contains("procedure_correction"));
  }

  private HttpRequest.Builder correction() {
    return request("/camunda/api/cockpit/plugin/asrun/default/runs/" + runId + "/corrections")
        .POST(HttpRequest.BodyPublishers.ofString(CORRECTION));
  }

  /** The CSRF token the webapp gave this session, as its script reads it from the cookie. */
  private String token() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(TOKEN_COOKIE))
        .map(HttpCookie::getValue)
        .reduce((first, later) -> later)
        .orElseThrow(() -> new AssertionError("the webapp set no " + TOKEN_COOKIE + " cookie"));
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
