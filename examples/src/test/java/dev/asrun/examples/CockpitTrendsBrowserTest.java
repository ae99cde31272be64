package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The trend charts and the live pages of the Cockpit plugin in headless Chromium (see {@link
 * CockpitBrowserTest}). The history: two daily start-ups a day for {@link #DAYS} days, worked as
 * Tasklist completes tasks (as demo) with the engine's clock set to that day, each step of the
 * first run taking a minute more than the day before and of the second twice as long, the pump
 * skipped in the second run every third day. The charts are checked against the REST API's trend
 * and step durations; a run started or worked while a page is open shows on it without a reload.
 * Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-cockpit-trends;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "asrun.examples.scenarios.runs=0"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CockpitTrendsBrowserTest {

  static final String STARTUP = "sop_daily_startup";
  static final int DAYS = 8;
  static final int RUNS_A_DAY = 2;
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};

  @RegisterExtension static final Chromium.PerClass chromium = new Chromium.PerClass();
  private static boolean worked;

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identityService;
  @Autowired private TaskService taskService;
  @Autowired private RuntimeService runtimeService;
  @Autowired private RepositoryService repositoryService;
  @LocalServerPort private int port;

  private BrowserContext context;
  private Page page;

  @BeforeEach
  void openBrowserAndWorkOneStartupADayOnce() {
    context = chromium.newContext();
    page = context.newPage();
    identityService.setAuthentication("demo", List.of("camunda-admin", OperatorsGroup.ID));
    if (worked) {
      return;
    }
    Chromium.warmUp(
        port,
        List.of(
            "/camunda/app/cockpit/default/",
            "/camunda/app/cockpit/scripts/config.js",
            "/camunda/api/cockpit/plugin/asrun/static/app/plugin.js",
            "/camunda/api/admin/auth/user/default"));
    Instant firstDay =
        Instant.now()
            .minus(Duration.ofDays(DAYS + 1))
            .truncatedTo(java.time.temporal.ChronoUnit.DAYS)
            .plus(Duration.ofHours(2));
    try {
      for (int day = 0; day < DAYS; day++) {
        for (int shift = 1; shift <= RUNS_A_DAY; shift++) {
          Instant at = firstDay.plus(Duration.ofDays(day)).plus(Duration.ofHours(shift * 4L));
          ClockUtil.setCurrentTime(Date.from(at));
          String instance = start();
          int step = 0;
          for (Task task = next(instance); task != null; task = next(instance)) {
            step++;
            ClockUtil.setCurrentTime(
                Date.from(at.plus(Duration.ofMinutes(step * (day + 2L) * shift))));
            complete(
                task,
                shift == RUNS_A_DAY
                    && day % 3 == 2
                    && task.getTaskDefinitionKey().equals("start_pump"));
          }
        }
      }
    } finally {
      ClockUtil.reset();
    }
    worked = true;
  }

  @AfterEach
  void closeBrowser() {
    identityService.clearAuthentication();
    context.close();
  }

  @Test
  @Order(1)
  void definitionPageChartsTheTrendAndStepDurationsAsTheApiGivesThem() {
    Map<String, Object> trend = api("procedures/" + STARTUP + "/trend?bucket=day");
    Map<String, Object> durations = api("procedures/" + STARTUP + "/step-durations");
    assertThat(list(trend, "buckets")).hasSize(DAYS);
    login();
    String definitionId =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey(STARTUP)
            .latestVersion()
            .singleResult()
            .getId();

    page.navigate(cockpit() + "#/process-definition/" + definitionId + "/runtime");
    page.locator("text=As-run trends").first().click();
    Locator tab = page.locator("[data-asrun-trends-tab]");
    tab.locator("[data-asrun-chart=step-durations][data-asrun-drawn]").waitFor();

    assertChartsShow(tab, trend, durations);
    Chromium.screenshot(page, "definition-trends-tab");
  }

  @Test
  @Order(2)
  void proceduresPageChartsTheTrendAndCountsANewRunWithoutReload() {
    login();
    page.navigate(cockpit() + "#/asrun/procedures");
    page.locator("[data-asrun-page=procedures][data-asrun-ready]").waitFor();
    page.locator("[data-asrun-trend-procedure]").selectOption(STARTUP);
    Locator trends = page.locator("[data-asrun-trends]");
    trends.locator("[data-asrun-chart=step-durations][data-asrun-drawn]").waitFor();
    trends.locator("[data-asrun-bucket]").selectOption("week");
    trends.locator("[data-asrun-chart=trend][data-asrun-drawn]").waitFor();
    assertChartsShow(
        trends,
        api("procedures/" + STARTUP + "/trend?bucket=week"),
        api("procedures/" + STARTUP + "/step-durations"));
    trends.locator("[data-asrun-bucket]").selectOption("day");
    trends
        .locator("[data-asrun-chart=trend][data-asrun-points='" + DAYS + "'][data-asrun-drawn]")
        .waitFor();
    Chromium.screenshot(page, "procedures-trends");
    Locator runs =
        page.locator(
            "[data-asrun-procedures] tr:has([data-asrun-procedure-name="
                + STARTUP
                + "]) td >> nth=5");
    assertThat(runs.textContent()).isEqualTo(String.valueOf(DAYS * RUNS_A_DAY));
    page.evaluate("() => { window.asrunNotReloaded = true; }");

    start();

    page.waitForFunction(
        "([selector, expected]) => document.querySelector(selector)?.textContent === expected",
        List.of(
            "[data-asrun-procedures] tr:has([data-asrun-procedure-name="
                + STARTUP
                + "]) td:nth-child(6)",
            String.valueOf(DAYS * RUNS_A_DAY + 1)));
    trends
        .locator(
            "[data-asrun-chart=trend][data-asrun-points='" + (DAYS + 1) + "'][data-asrun-drawn]")
        .waitFor();
    assertThat(page.evaluate("() => window.asrunNotReloaded")).isEqualTo(true);
    assertThat(page.locator("[data-asrun-page=procedures]").getAttribute("data-asrun-updates"))
        .isNotEqualTo("1");
  }

  @Test
  @Order(3)
  void runPageOfAnActiveRunShowsAStepDoneWithoutReloadAndStopsFollowingWhenItEnds() {
    String instance = start();
    String runId = runOf(instance);
    login();
    page.navigate(cockpit() + "#/asrun/runs/" + runId);
    page.locator("[data-asrun-page=run][data-asrun-ready][data-asrun-live=true]").waitFor();
    assertThat(page.locator("[data-asrun-step=power_on][data-asrun-mark=done]").count()).isZero();
    page.evaluate("() => { window.asrunNotReloaded = true; }");

    complete(next(instance), false);

    page.locator("[data-asrun-diagram] [data-asrun-step=power_on][data-asrun-mark=done]").waitFor();
    assertThat(page.evaluate("() => window.asrunNotReloaded")).isEqualTo(true);
    Chromium.screenshot(page, "run-page-live");
    for (Task task = next(instance); task != null; task = next(instance)) {
      complete(task, false);
    }
    page.locator("[data-asrun-page=run][data-asrun-ready][data-asrun-live=false]").waitFor();
    assertThat(api("runs/" + runId)).containsEntry("status", "completed");
    assertThat(page.locator("[data-asrun-page=run] p").first().textContent()).contains("completed");
  }

  /**
   * The charts under {@code root} draw canvases of the API's points and tabulate its numbers: per
   * bucket its start day, runs, completed, aborted and deviations; per step its id and count.
   */
  private static void assertChartsShow(
      Locator root, Map<String, Object> trend, Map<String, Object> durations) {
    List<Map<String, Object>> buckets = list(trend, "buckets");
    List<Map<String, Object>> steps = list(durations, "steps");
    Locator trendChart = root.locator("[data-asrun-chart=trend]");
    Locator stepChart = root.locator("[data-asrun-chart=step-durations]");
    assertThat(trendChart.getAttribute("data-asrun-points"))
        .isEqualTo(String.valueOf(buckets.size()));
    assertThat(stepChart.getAttribute("data-asrun-points")).isEqualTo(String.valueOf(steps.size()));
    assertThat(trendChart.locator("canvas").count()).isEqualTo(1);
    assertThat(stepChart.locator("canvas").count()).isEqualTo(1);
    assertThat(trendChart.locator("canvas").boundingBox().width).isGreaterThan(300);
    Locator rows = root.locator("[data-asrun-chart-data=trend] tbody tr");
    assertThat(rows.count()).isEqualTo(buckets.size());
    for (int i = 0; i < buckets.size(); i++) {
      Map<String, Object> bucket = buckets.get(i);
      List<String> cells = rows.nth(i).locator("td").allTextContents();
      assertThat(List.of(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(6)))
          .as("bucket %s", bucket)
          .containsExactly(
              ((String) bucket.get("start")).substring(0, 10),
              String.valueOf(bucket.get("runs")),
              String.valueOf(bucket.get("completed")),
              String.valueOf(bucket.get("aborted")),
              String.valueOf(bucket.get("deviations")));
    }
    assertThat(
            root.locator("[data-asrun-chart-data=step-durations] tbody tr td:first-child")
                .allTextContents())
        .containsExactlyElementsOf(steps.stream().map(s -> (String) s.get("step_id")).toList());
    assertThat(steps).extracting(s -> s.get("attempts")).doesNotContainNull();
  }

  // ---- the runs

  private String start() {
    return runtimeService
        .startProcessInstanceByKey(
            STARTUP, Map.of("location", "line_trends", "equipment_id", "reactor_07"))
        .getId();
  }

  private Task next(String instance) {
    return taskService.createTaskQuery().processInstanceId(instance).list().stream()
        .findFirst()
        .orElse(null);
  }

  private void complete(Task task, boolean skip) {
    Map<String, Object> answers = new HashMap<>();
    answers.put("asrun_outcome", skip ? "skipped" : "done");
    if (skip) {
      answers.put("asrun_skip_reason", "pump serviced");
    }
    switch (task.getTaskDefinitionKey()) {
      case "verify_temperature" -> answers.put("temperature_ok", true);
      case "record_baseline" -> {
        answers.put("temperature_f", 182L);
        answers.put("flow_l_min", 45L);
      }
      default -> {}
    }
    taskService.complete(task.getId(), answers);
  }

  private String runOf(String instance) {
    return (String)
        list(api("runs?max=500&procedure_id=" + STARTUP), "runs").stream()
            .filter(run -> instance.equals(run.get("process_instance_id")))
            .findFirst()
            .orElseThrow()
            .get("run_id");
  }

  // ---- the browser and the API

  private String cockpit() {
    return "http://localhost:" + port + "/camunda/app/cockpit/default/";
  }

  private void login() {
    Chromium.login(page, cockpit(), "demo", "demo");
  }

  /** {@code GET /asrun/api/v1/<path>} as demo: the JSON object it answers. */
  private Map<String, Object> api(String path) {
    ResponseEntity<Map<String, Object>> response =
        http.withBasicAuth("demo", "demo")
            .exchange("/asrun/api/v1/" + path, HttpMethod.GET, null, OBJECT);
    assertThat(response.getStatusCode()).as("%s", response).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> json, String key) {
    return (List<Map<String, Object>>) json.get(key);
  }
}
