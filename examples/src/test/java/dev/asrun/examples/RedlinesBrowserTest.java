package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.asrun.capture.RunIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The redline view in a real browser (headless Chromium from the system's packages, driven by
 * Playwright), against the running example app: ten closings of a kitchen whose TOML (with
 * comments) sits in the app's procedures folder, worked over HTTP the way the kitchen really works
 * it (the grill scrubbed before the fryer is emptied, the trays soaked 25 minutes against 10
 * written, the floor's mopping mostly skipped, the fridge too warm) with a gas check, which is no
 * step, reported after the surfaces are wiped. The view, reached from the procedures page, must
 * draw every proposal the REST API makes on the diagram, list them with their evidence and offer
 * the same patch to download. The screenshot goes to {@code target/screenshots/redline-view.png}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-redlines-browser;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "asrun.examples.scenarios.runs=0"
    })
class RedlinesBrowserTest {

  static final String CLOSING = "kitchen_closing";
  static final int RUNS = 10;

  static final String SOURCE =
      """
      # Closing the kitchen, as the head chef wrote it in spring.
      schema = "procedure/0.1"

      [procedure]
      id = "kitchen_closing"
      name = "Close the kitchen"
      executor_groups = ["operators"]

      [[procedure.steps]]
      id = "wipe_surfaces"
      name = "Wipe the surfaces"

      [[procedure.steps]]
      id = "empty_fryer"
      name = "Empty the fryer"

      [[procedure.steps]]
      id = "scrub_grill"
      name = "Scrub the grill"

      [[procedure.steps]]
      id = "soak_trays"
      name = "Soak the trays"
      timeout = "10m"   # a quick soak

      [[procedure.steps]]
      id = "mop_floor"
      name = "Mop the floor"

      [[procedure.steps]]
      id = "log_fridge"
      type = "record"
      name = "Log the fridge temperature"
        [[procedure.steps.fields]]
        variable = "fridge_c"
        label = "Fridge (°C)"
        type = "number"
        max = 5
      """;

  private static final DateTimeFormatter PERFORMED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  @RegisterExtension static final Chromium.PerClass chromium = new Chromium.PerClass();

  @Autowired private TestRestTemplate http;
  @LocalServerPort private int port;

  private TestRestTemplate demo;

  @DynamicPropertySource
  static void closingProcedure(DynamicPropertyRegistry registry) throws IOException {
    Path folder = Files.createTempDirectory("asrun-redline-procedures");
    Files.writeString(folder.resolve(CLOSING + ".toml"), SOURCE);
    registry.add("asrun.procedures-dir", folder::toString);
  }

  @BeforeEach
  void loginAsDemo() {
    demo = http.withBasicAuth("demo", "demo");
  }

  @AfterEach
  void realClock() {
    ClockUtil.reset();
  }

  @Test
  void theRedlineViewMarksUpTheDiagramWithEveryProposalAndOffersThePatch() throws Exception {
    Chromium.warmUp(
        port,
        List.of(
            "/camunda/app/cockpit/default/",
            "/camunda/api/cockpit/plugin/asrun/static/app/plugin.js",
            "/camunda/api/admin/auth/user/default",
            "/camunda/api/engine/engine/"));
    Instant first = Instant.now().minus(Duration.ofDays(RUNS + 1));
    for (int i = 0; i < RUNS; i++) {
      closing(first.plus(Duration.ofDays(i)), i < 9);
    }
    ClockUtil.reset();

    Map<String, Object> redlines = api("procedures/" + CLOSING + "/redlines");
    List<Map<String, Object>> proposals = proposals(redlines);
    assertThat(proposals)
        .extracting(p -> p.get("kind") + " " + p.get("step_id") + " " + p.get("other_step_id"))
        .containsExactlyInAnyOrder(
            "reorder scrub_grill empty_fryer",
            "add_step null wipe_surfaces",
            "change_timeout soak_trays null",
            "make_optional mop_floor null",
            "check_limits log_fridge null");
    String patch = (String) redlines.get("toml_patch");
    assertThat(patch).contains("+timeout = \"25m\"   # a quick soak");

    try (BrowserContext context = chromium.newContext()) {
      Page page = context.newPage();
      Chromium.login(page, cockpit(), "demo", "demo");
      page.navigate(cockpit() + "#/asrun/procedures");
      page.locator("[data-asrun-page=procedures][data-asrun-ready]").waitFor();
      page.locator("[data-asrun-redlines-link=" + CLOSING + "]").click();
      Locator view = page.locator("[data-asrun-page=redlines][data-asrun-ready]");
      view.waitFor();

      assertThat(view.locator("[data-asrun-runs]").getAttribute("data-asrun-runs"))
          .isEqualTo(String.valueOf(RUNS));
      assertThat(view.locator("[data-asrun-proposals] tbody tr").count())
          .isEqualTo(proposals.size());
      Locator struck =
          view.locator("g[data-asrun-redline=make_optional][data-asrun-step=mop_floor]");
      assertThat(struck.locator("line").count()).as("struck through").isEqualTo(2);
      assertThat(struck.textContent()).contains("make optional");
      Locator moved =
          view.locator(
              "g[data-asrun-redline=reorder][data-asrun-step=scrub_grill]"
                  + "[data-asrun-other-step=empty_fryer]");
      assertThat(moved.locator("path[marker-end]").count()).as("an arrow").isEqualTo(1);
      Locator added =
          view.locator("g[data-asrun-redline=add_step][data-asrun-other-step=wipe_surfaces]");
      assertThat(added.locator("rect").count()).as("a box where it would go").isEqualTo(1);
      assertThat(added.textContent()).contains("+ check_gas");
      assertThat(
              view.locator("[data-asrun-redline=change_timeout][data-asrun-step=soak_trays]")
                  .textContent())
          .contains("timeout 10 min → 25 min");
      assertThat(
              view.locator("[data-asrun-redline=check_limits][data-asrun-step=log_fridge]")
                  .textContent())
          .contains("check limits of fridge_c");
      for (Map<String, Object> proposal : proposals) {
        assertThat(view.locator("[data-asrun-proposals]").innerText())
            .contains((String) proposal.get("summary"));
      }

      page.evaluate("() => window.scrollTo(0, 0)");
      Chromium.screenshot(page, "redline-view");

      assertThat(view.locator("[data-asrun-patch-text]").textContent()).isEqualTo(patch);
      Download download =
          page.waitForDownload(() -> view.locator("[data-asrun-patch=download]").click());
      assertThat(download.suggestedFilename()).isEqualTo(CLOSING + ".patch");
      assertThat(Files.readString(download.path(), StandardCharsets.UTF_8)).isEqualTo(patch);
    }
  }

  /**
   * One closing, worked by demo over HTTP as Tasklist and a checklist app do: the surfaces wiped, a
   * gas check reported as an observation, the grill scrubbed before the fryer was emptied (claimed
   * times), the scrub taking 25 minutes, the floor's mopping skipped or done, the fridge at 7 °C.
   */
  private void closing(Instant start, boolean skipMopping) {
    at(start, 0);
    ResponseEntity<Map<String, Object>> started =
        demo.exchange(
            "/engine-rest/process-definition/key/" + CLOSING + "/submit-form",
            HttpMethod.POST,
            new HttpEntity<>(Map.of("variables", Map.of("location", text("kitchen_1")))),
            new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(started.getStatusCode()).as("%s", started).isEqualTo(HttpStatus.OK);
    String instance = (String) started.getBody().get("id");
    at(start, 1);
    submit(instance, "wipe_surfaces", "done");
    at(start, 2);
    ResponseEntity<String> observed =
        demo.exchange(
            "/asrun/api/v1/observations",
            HttpMethod.POST,
            new HttpEntity<>(
                Map.of(
                    "action",
                    "check_gas",
                    "timestamp",
                    start.plus(Duration.ofMinutes(2)).toString(),
                    "source",
                    "executor",
                    "run_id",
                    RunIds.of(instance))),
            String.class);
    assertThat(observed.getStatusCode().is2xxSuccessful()).as("%s", observed).isTrue();
    at(start, 5);
    submit(instance, "empty_fryer", "done", "asrun_performed_at", text(performed(start, 4)));
    at(start, 6);
    submit(instance, "scrub_grill", "done", "asrun_performed_at", text(performed(start, 3)));
    at(start, 31);
    submit(instance, "soak_trays", "done");
    at(start, 32);
    if (skipMopping) {
      submit(instance, "mop_floor", "skipped", "asrun_skip_reason", text("the mop is broken"));
    } else {
      submit(instance, "mop_floor", "done");
    }
    at(start, 33);
    submit(instance, "log_fridge", "done", "fridge_c", Map.of("value", 7, "type", "Long"));
  }

  private static Map<String, Object> text(String value) {
    return Map.of("value", value, "type", "String");
  }

  private static String performed(Instant start, int minutes) {
    return LocalDateTime.ofInstant(start.plus(Duration.ofMinutes(minutes)), ZoneId.systemDefault())
        .format(PERFORMED);
  }

  private static void at(Instant start, int minutes) {
    ClockUtil.setCurrentTime(Date.from(start.plus(Duration.ofMinutes(minutes))));
  }

  /**
   * Submits the form of the open task of {@code step} as demo, with the outcome and more fields.
   */
  private void submit(String instance, String step, String outcome, Object... more) {
    ResponseEntity<List<Map<String, Object>>> tasks =
        demo.exchange(
            "/engine-rest/task?processInstanceId=" + instance + "&taskDefinitionKey=" + step,
            HttpMethod.GET,
            null,
            new ParameterizedTypeReference<List<Map<String, Object>>>() {});
    assertThat(tasks.getBody()).as("open task of step '%s': %s", step, tasks).hasSize(1);
    Map<String, Object> variables = new HashMap<>();
    variables.put("asrun_outcome", text(outcome));
    for (int i = 0; i < more.length; i += 2) {
      variables.put((String) more[i], more[i + 1]);
    }
    ResponseEntity<String> submitted =
        demo.exchange(
            "/engine-rest/task/" + tasks.getBody().get(0).get("id") + "/submit-form",
            HttpMethod.POST,
            new HttpEntity<>(Map.of("variables", variables)),
            String.class);
    assertThat(submitted.getStatusCode().is2xxSuccessful()).as("%s", submitted).isTrue();
  }

  private String cockpit() {
    return "http://localhost:" + port + "/camunda/app/cockpit/default/";
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> proposals(Map<String, Object> redlines) {
    return (List<Map<String, Object>>) redlines.get("proposals");
  }

  /** GET from the as-run REST API as demo. */
  private Map<String, Object> api(String path) {
    ResponseEntity<Map<String, Object>> answer =
        demo.exchange(
            "/asrun/api/v1/" + path,
            HttpMethod.GET,
            null,
            new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(answer.getStatusCode()).as("GET %s: %s", path, answer).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }
}
