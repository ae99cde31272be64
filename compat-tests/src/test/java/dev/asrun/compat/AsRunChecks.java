package dev.asrun.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.asrun.examples.Chromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What a Camunda app with the plugin shows of a run of {@link LineCheck} worked to its end: the run
 * recorded, the log verified, both served by the as-run API ({@code /asrun/api/v1}) to the engine's
 * users only, and the run drawn by the Cockpit plugin in a real browser.
 */
public final class AsRunChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  public AsRunChecks(URI base) {
    this.base = base;
  }

  /** HTTP Basic for {@code user:password}. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The run of the process instance, as {@code GET /asrun/api/v1/runs} lists it to demo: completed,
   * every step done once, no deviation; answers its run id.
   */
  public String completedRun(String processInstanceId) throws IOException, InterruptedException {
    List<Map<String, Object>> runs =
        list(get("/asrun/api/v1/runs?procedure_id=" + LineCheck.ID, 200), "runs");
    List<Map<String, Object>> ofInstance =
        runs.stream()
            .filter(run -> processInstanceId.equals(run.get("process_instance_id")))
            .toList();
    assertThat(ofInstance)
        .as("the runs of process instance %s in %s", processInstanceId, runs)
        .hasSize(1);
    String runId = (String) ofInstance.get(0).get("run_id");
    Map<String, Object> record = get("/asrun/api/v1/runs/" + runId, 200);
    assertThat(record).containsEntry("status", "completed").containsEntry("deviation_count", 0);
    assertThat(list(record, "steps"))
        .extracting(step -> step.get("step_id") + "/" + step.get("status"))
        .containsExactlyElementsOf(LineCheck.STEPS.stream().map(step -> step + "/done").toList());
    return runId;
  }

  /**
   * {@code GET /asrun/api/v1/runs/{run_id}/report.pdf} as demo: the run's as-run report, a PDF, so
   * the report's libraries are on the app's class path.
   */
  public void reportIsPdf(String runId) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/asrun/api/v1/runs/" + runId + "/report.pdf"))
                .header("Accept", "application/pdf")
                .header("Authorization", basic("demo", "demo"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode())
        .as("GET the report: %s", new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    assertThat(new String(response.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }

  /** {@code GET /asrun/api/v1/verify} as demo: every hash chain of the log intact. */
  public void logVerifies() throws IOException, InterruptedException {
    Map<String, Object> report = get("/asrun/api/v1/verify", 200);
    assertThat(report).containsEntry("ok", true);
    assertThat(((Number) report.get("events")).longValue()).isPositive();
  }

  /**
   * A report to {@code POST /asrun/api/v1/observations} one byte larger than {@code limitBytes}
   * ({@code asrun.limits.request-body}) is refused with 413, as demo.
   */
  public void refusesBodiesLargerThan(int limitBytes) throws IOException, InterruptedException {
    String padding = "x".repeat(limitBytes + 1 - "{\"action\":\"\"}".length());
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/asrun/api/v1/observations"))
                .header("Authorization", basic("demo", "demo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"" + padding + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
  }

  /**
   * The API answers 401 to a call without a login and to one with a wrong password; the last check
   * of a test, since Camunda then locks demo out for a few seconds.
   */
  public void refusesCallersWithoutLogin() throws IOException, InterruptedException {
    assertThat(status("/asrun/api/v1/runs", null)).as("no login").isEqualTo(401);
    assertThat(status("/asrun/api/v1/runs", basic("demo", "not-demo")))
        .as("a wrong password")
        .isEqualTo(401);
  }

  /**
   * Logs in to Cockpit as demo, opens the run's page of the plugin and finds every step marked done
   * on the diagram and the log verified; then the plugin's procedures page lists the procedure.
   * Screenshots {@code target/screenshots/<name>-run-page.png} and {@code -procedures-page.png}.
   */
  public void cockpitDrawsRun(String runId, String name) {
    Chromium.warmUp(
        base.getPort(),
        List.of(
            "/camunda/app/cockpit/default/",
            "/camunda/api/cockpit/plugin/asrun/static/app/plugin.js",
            "/camunda/api/engine/engine/"));
    String cockpit = base.resolve("/camunda/app/cockpit/default/").toString();
    try (Chromium chromium = Chromium.launch();
        BrowserContext context = chromium.newContext()) {
      Page page = context.newPage();
      Chromium.login(page, cockpit, "demo", "demo");

      page.navigate(cockpit + "#/asrun/runs/" + runId);
      page.locator("[data-asrun-page=run][data-asrun-ready]").waitFor();
      for (String step : LineCheck.STEPS) {
        assertThat(
                page.locator(
                        "[data-asrun-diagram] [data-asrun-step='"
                            + step
                            + "'][data-asrun-mark=done]")
                    .count())
            .as("%s marked done on the diagram", step)
            .isEqualTo(1);
      }
      assertThat(page.locator("[data-asrun-verification]").getAttribute("data-asrun-verification"))
          .isEqualTo("ok");
      Chromium.screenshot(page, name + "-run-page");

      page.navigate(cockpit + "#/asrun/procedures");
      page.locator("[data-asrun-page=procedures][data-asrun-ready]").waitFor();
      assertThat(page.locator("[data-asrun-procedure-name=" + LineCheck.ID + "]").textContent())
          .isEqualTo("Line check");
      Chromium.screenshot(page, name + "-procedures-page");
    }
  }

  private Map<String, Object> get(String path, int expectedStatus)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(path, basic("demo", "demo"));
    assertThat(response.statusCode())
        .as("GET %s: %s", path, response.body())
        .isEqualTo(expectedStatus);
    return JSON.readValue(response.body(), new TypeReference<>() {});
  }

  private int status(String path, String authorization) throws IOException, InterruptedException {
    return send(path, authorization).statusCode();
  }

  private HttpResponse<String> send(String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> json, String key) {
    return (List<Map<String, Object>>) json.get(key);
  }
}
