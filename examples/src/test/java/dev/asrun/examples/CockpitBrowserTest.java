package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Cockpit plugin in a real browser: headless Chromium from the system's packages
 * ({@code /usr/bin/chromium}, no browser download), driven by Playwright, against the running
 * example app. A run of the daily start-up is worked with an operator's modifications (verifying
 * the temperature after starting the pump, so starting the pump twice), its pump step overdue and
 * its readings skipped; the pages are then read the way a user sees them. Screenshots go to {@code
 * target/screenshots/}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-cockpit;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "asrun.examples.scenarios.runs=0"
    })
class CockpitBrowserTest {

  static final String HOSTILE = "<img src=x onerror=alert(1)>";
  static final String HOSTILE_ID = "sop_hostile_name";
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  static final String CHROMIUM = "/usr/bin/chromium";
  static final double PATIENCE_MS = 120_000;
  static final String STARTUP = "sop_daily_startup";
  static final String SKIP_REASON = "Readings were taken on paper, the HMI was down";

  /** The definition page's badge kinds, each with the analytics API's step field it shows. */
  static final Map<String, String> BADGE_KINDS =
      Map.of(
          "skip", "skipped",
          "omit", "omitted",
          "reorder", "reordered",
          "repeat", "repeated",
          "overdue", "overdue",
          "extra", "extra_after");

  private static Path procedures;
  private static Playwright playwright;
  private static Browser browser;
  private static String deviatingRun;

  @Autowired private IdentityService identityService;
  @Autowired private AuthorizationService authorizationService;
  @Autowired private FormService formService;
  @Autowired private TaskService taskService;
  @Autowired private RuntimeService runtimeService;
  @Autowired private RepositoryService repositoryService;
  @Autowired private ManagementService managementService;
  @Autowired private javax.sql.DataSource dataSource;
  @LocalServerPort private int port;

  private BrowserContext context;
  private Page page;
  private final List<String> dialogs = new ArrayList<>();

  @DynamicPropertySource
  static void hostileProcedure(DynamicPropertyRegistry registry) throws IOException {
    procedures = Files.createTempDirectory("asrun-cockpit-procedures");
    Files.writeString(
        procedures.resolve(HOSTILE_ID + ".toml"),
        """
        schema = "procedure/0.1"

        [procedure]
        id = "%s"
        name = "%s"
        executor_groups = ["operators"]

        [[procedure.steps]]
        id = "hostile_step"
        name = "%s"
        """
            .formatted(HOSTILE_ID, HOSTILE, HOSTILE.replace("1", "2")));
    registry.add("asrun.procedures-dir", () -> procedures.toString());
  }

  @BeforeAll
  static void launchChromium() {
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get(CHROMIUM))
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  @AfterAll
  static void closeChromium() throws IOException {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void openBrowserAndWorkTheDeviatingRunOnce() {
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1600, 1000));
    // two CPU cores shared with builds: the first Cockpit load can take long
    context.setDefaultTimeout(PATIENCE_MS);
    context.setDefaultNavigationTimeout(PATIENCE_MS);
    page = context.newPage();
    page.onDialog(
        dialog -> {
          dialogs.add(dialog.message());
          dialog.dismiss();
        });
    if (deviatingRun == null) {
      warmUp();
      deviatingRun = workTheStartupWithDeviations();
    }
  }

  @AfterEach
  void closeBrowser() {
    context.close();
  }

  @Test
  void runPageMarksEveryStepOfTheCompletedRun() {
    login("demo", "demo");
    openRun(deviatingRun);

    assertMark("power_on", "done");
    assertMark("verify_temperature", "done");
    assertMark("calibrate", "not-reached");
    assertMark("start_pump", "done");
    assertMark("start_pump", "overdue");
    assertMark("start_pump", "repeated");
    assertMark("record_baseline", "skipped");
    assertThat(mark("record_baseline", "skipped").getAttribute("title")).contains(SKIP_REASON);
    assertThat(page.locator("[data-asrun-mark]").count()).isEqualTo(7);
    assertThat(page.locator("[data-asrun-legend]").textContent()).contains("repeated");
    assertThat(deviation("repeat", "start_pump").count()).isEqualTo(1);
    assertThat(deviation("overdue", "start_pump").count()).isEqualTo(1);
    assertThat(page.locator("[data-asrun-verification]").getAttribute("data-asrun-verification"))
        .isEqualTo("ok");

    page.locator("[data-asrun-tab=trail]").click();
    assertThat(page.locator("[data-asrun-audit-trail]").textContent())
        .contains("operator_modification", "step_overdue", "proc_completed", SKIP_REASON);
    page.locator("[data-asrun-tab=nested]").click();
    assertThat(page.locator(".asrun-tab-body").textContent()).contains("No nested runs.");
    screenshot("run-page");
  }

  @Test
  void setsADeviationAsideWithACorrectionOnTheRunPage() {
    login("demo", "demo");
    openRun(deviatingRun);
    assertThat(deviation("repeat", "start_pump").getAttribute("data-asrun-corrected"))
        .isEqualTo("false");
    page.locator("[data-asrun-tab=corrections]").click();
    Locator form = page.locator("[data-asrun-correction-form]");
    Locator message = page.locator("[data-asrun-form-message]");

    form.locator("button[type=submit]").click();
    assertThat(message.textContent()).contains("reason is required");

    form.locator("select[name=correction_type]").selectOption("wrong_procedure");
    form.locator("textarea[name=reason]").fill("Another procedure");
    form.locator("button[type=submit]").click();
    page.waitForFunction(
        "() => document.querySelector('[data-asrun-form-message]').textContent.includes('was not')");
    assertThat(message.textContent()).contains("actual_procedure_id");

    form.locator("select[name=correction_type]").selectOption("not_a_deviation");
    form.locator("select[name=step_id]").selectOption("start_pump");
    form.locator("textarea[name=reason]").fill("Started early on purpose: " + HOSTILE);
    form.locator("button[type=submit]").click();

    Locator correction = page.locator("[data-asrun-correction]");
    correction.first().waitFor();
    assertThat(correction.count()).isEqualTo(1);
    assertThat(correction.first().getAttribute("data-asrun-correction")).isEqualTo("not_a_deviation");
    assertThat(correction.first().textContent()).contains("start_pump", "demo", HOSTILE);
    assertThat(page.locator(".asrun-tab-body img").count()).isZero();
    assertThat(deviation("repeat", "start_pump").getAttribute("data-asrun-corrected"))
        .isEqualTo("true");
    page.locator("[data-asrun-tab=trail]").click();
    assertThat(page.locator("[data-asrun-audit-trail]").textContent())
        .contains("procedure_correction");
    page.locator("[data-asrun-tab=corrections]").click();
    screenshot("run-page-corrections");
  }

  @Test
  void definitionPageShowsPerStepBadgesAsTheAnalyticsApiCountsThem() throws Exception {
    login("demo", "demo");
    String definitionId =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey(STARTUP)
            .latestVersion()
            .singleResult()
            .getId();
    page.navigate(cockpit() + "#/process-definition/" + definitionId + "/runtime");
    page.locator("[data-asrun-figures-status][data-asrun-runs]").waitFor();

    Map<String, Integer> expected = new HashMap<>();
    for (Object step : (List<?>) analytics(STARTUP).get("steps")) {
      Map<?, ?> figures = (Map<?, ?>) step;
      BADGE_KINDS.forEach(
          (kind, field) -> {
            int count = ((Number) figures.get(field)).intValue();
            if (count > 0) {
              expected.put(figures.get("step_id") + "/" + kind, count);
            }
          });
    }
    Map<String, Integer> shown = new HashMap<>();
    Locator badges = page.locator("[data-asrun-count]");
    for (int i = 0; i < badges.count(); i++) {
      Locator badge = badges.nth(i);
      shown.put(
          badge.getAttribute("data-asrun-step") + "/" + badge.getAttribute("data-asrun-kind"),
          Integer.parseInt(badge.getAttribute("data-asrun-count")));
    }
    assertThat(shown)
        .isEqualTo(expected)
        .containsKeys("start_pump/overdue", "record_baseline/skip");
    screenshot("definition-page");

    page.locator("text=As-run runs").first().click();
    page.locator("[data-asrun-runs-tab] [data-asrun-run-link='" + deviatingRun + "']").waitFor();
    screenshot("definition-runs-tab");
    page.locator("[data-asrun-runs-tab] [data-asrun-run-link='" + deviatingRun + "']").click();
    page.locator("[data-asrun-page=run][data-asrun-ready]").waitFor();
    assertThat(page.url()).endsWith("#/asrun/runs/" + deviatingRun);
  }

  @Test
  void instancePageMarksAnActiveRunAndLinksToItsRunPage() {
    String processInstanceId = startStartup();
    completeAsDemo(openTask(processInstanceId, "power_on"), Map.of("asrun_outcome", "done"));
    login("demo", "demo");

    page.navigate(cockpit() + "#/process-instance/" + processInstanceId + "/runtime");
    page.locator("[data-asrun-step=power_on][data-asrun-mark=done]").waitFor();
    Locator link = page.locator(".asrun-run-link[data-asrun-run-link]");
    assertThat(page.locator("[data-asrun-step=record_baseline][data-asrun-mark=not-reached]").count())
        .isEqualTo(1);
    screenshot("instance-page");

    link.click();
    page.locator("[data-asrun-page=run][data-asrun-ready]").waitFor();
    assertMark("power_on", "done");
  }

  @Test
  void proceduresPageListsLifecycleAndComplianceAndShowsHostileNamesAsText() {
    login("demo", "demo");
    page.navigate(cockpit() + "#/asrun/procedures");
    page.locator("[data-asrun-page=procedures][data-asrun-ready]").waitFor();

    assertThat(page.locator("[data-asrun-procedure-name=" + HOSTILE_ID + "]").textContent())
        .isEqualTo(HOSTILE);
    assertThat(page.locator("img[src=x]").count()).isZero();
    assertThat(page.locator("[data-asrun-procedures]").textContent()).contains(STARTUP);
    assertThat(page.locator("[data-asrun-by-executor]").textContent()).contains("demo");
    assertThat(page.locator("[data-asrun-by-equipment]").textContent()).contains("reactor_02");
    assertThat(page.locator("[data-asrun-nav]").count()).isEqualTo(1);
    screenshot("procedures-page");

    String hostileRun = runOf(startAndFinishHostile());
    openRun(hostileRun);
    assertThat(page.locator("[data-asrun-procedure-name]").textContent()).isEqualTo(HOSTILE);
    assertMark("hostile_step", "done");
    assertThat(page.locator("img[src=x]").count()).isZero();
    assertThat(dialogs).isEmpty();
    screenshot("hostile-run-page");
  }

  @Test
  void userWithoutReadOnTheProcedureSeesNoneOfItsRuns() {
    String viewer = viewerWhoMayReadOnly(HOSTILE_ID);
    login(viewer, viewer);

    openRunExpectingError(deviatingRun);
    assertThat(page.locator("[data-asrun-error]").textContent()).contains("no run");
    assertThat(page.locator("[data-asrun-mark]").count()).isZero();

    page.navigate(cockpit() + "#/asrun/procedures");
    page.locator("[data-asrun-page=procedures][data-asrun-ready]").waitFor();
    assertThat(page.locator("[data-asrun-procedures]").textContent())
        .contains(HOSTILE_ID)
        .doesNotContain(STARTUP);
    assertThat(page.locator("[data-asrun-run-link='" + deviatingRun + "']").count()).isZero();

    Object runs =
        page.evaluate(
            "url => fetch(url, {headers: {Accept: 'application/json'}}).then(r => r.json())",
            pluginApi() + "runs?procedure_id=" + STARTUP);
    assertThat(((Map<?, ?>) runs).get("count")).isEqualTo(0);
  }

  // ---- the scenario

  /**
   * The daily start-up worked with deviations: power on; an operator moves the run past the
   * temperature check to the pump, whose timeout passes before it is started; then back to the
   * check (done third, written second), so the pump is started again; the readings are skipped.
   */
  private String workTheStartupWithDeviations() {
    String processInstanceId = startStartup();
    completeAsDemo(openTask(processInstanceId, "power_on"), Map.of("asrun_outcome", "done"));
    runtimeService
        .createProcessInstanceModification(processInstanceId)
        .cancelAllForActivity("verify_temperature")
        .startBeforeActivity("start_pump")
        .execute();
    Job overdue =
        managementService.createJobQuery().processInstanceId(processInstanceId).timers().list()
            .stream()
            .filter(
                job ->
                    "start_pump-overdue"
                        .equals(
                            managementService
                                .createJobDefinitionQuery()
                                .jobDefinitionId(job.getJobDefinitionId())
                                .singleResult()
                                .getActivityId()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no overdue timer on start_pump"));
    managementService.executeJob(overdue.getId());
    completeAsDemo(openTask(processInstanceId, "start_pump"), Map.of("asrun_outcome", "done"));
    runtimeService
        .createProcessInstanceModification(processInstanceId)
        .cancelAllForActivity("record_baseline")
        .startBeforeActivity("verify_temperature")
        .execute();
    completeAsDemo(
        openTask(processInstanceId, "verify_temperature"),
        Map.of("asrun_outcome", "done", "temperature_ok", true));
    completeAsDemo(openTask(processInstanceId, "start_pump"), Map.of("asrun_outcome", "done"));
    completeAsDemo(
        openTask(processInstanceId, "record_baseline"),
        Map.of(
            "asrun_outcome", "skipped",
            "asrun_skip_reason", SKIP_REASON,
            "temperature_f", 180L,
            "flow_l_min", 45L));
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count())
        .as("the run has ended")
        .isZero();
    return runOf(processInstanceId);
  }

  private String startStartup() {
    return asDemo(
        () ->
            formService
                .submitStartForm(
                    repositoryService
                        .createProcessDefinitionQuery()
                        .processDefinitionKey(STARTUP)
                        .latestVersion()
                        .singleResult()
                        .getId(),
                    "startup-" + UUID.randomUUID(),
                    Map.of("location", "line_2", "equipment_id", "reactor_02"))
                .getId());
  }

  private String startAndFinishHostile() {
    String processInstanceId =
        asDemo(
            () ->
                runtimeService
                    .startProcessInstanceByKey(HOSTILE_ID, Map.of("location", "line_9"))
                    .getId());
    completeAsDemo(openTask(processInstanceId, "hostile_step"), Map.of("asrun_outcome", "done"));
    return processInstanceId;
  }

  private Task openTask(String processInstanceId, String stepId) {
    return taskService
        .createTaskQuery()
        .processInstanceId(processInstanceId)
        .taskDefinitionKey(stepId)
        .singleResult();
  }

  private void completeAsDemo(Task task, Map<String, Object> variables) {
    assertThat(task).as("an open task").isNotNull();
    asDemo(
        () -> {
          formService.submitTaskForm(task.getId(), variables);
          return null;
        });
  }

  private <T> T asDemo(java.util.function.Supplier<T> work) {
    identityService.setAuthentication("demo", List.of("camunda-admin", OperatorsGroup.ID));
    try {
      return work.get();
    } finally {
      identityService.clearAuthentication();
    }
  }

  private String runOf(String processInstanceId) {
    try {
      return dev.asrun.query.AsRunQueries.of(dataSource)
          .runIdOfProcessInstance(processInstanceId)
          .orElseThrow(() -> new AssertionError("no run of " + processInstanceId));
    } catch (java.sql.SQLException e) {
      throw new AssertionError("the run index cannot be read", e);
    }
  }

  /** A user with Cockpit access who may read only the process definition {@code key}. */
  private String viewerWhoMayReadOnly(String key) {
    String id = "viewer" + UUID.randomUUID().toString().substring(0, 8);
    User user = identityService.newUser(id);
    user.setPassword(id);
    identityService.saveUser(user);
    grant(id, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(id, Resources.PROCESS_DEFINITION, key, Permissions.READ);
    return id;
  }

  private void grant(
      String userId,
      Resources resource,
      String resourceId,
      org.camunda.bpm.engine.authorization.Permission permission) {
    Authorization authorization =
        authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setUserId(userId);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    authorizationService.saveAuthorization(authorization);
  }

  // ---- the browser

  /**
   * Requests once what Cockpit loads first, so that the servlets and Jersey applications the app
   * starts lazily are up before the browser waits for them.
   */
  private void warmUp() {
    HttpClient client = HttpClient.newHttpClient();
    for (String path :
        List.of(
            "/camunda/app/cockpit/default/",
            "/camunda/app/cockpit/scripts/config.js",
            "/camunda/api/cockpit/plugin/asrun/static/app/plugin.js",
            "/camunda/api/admin/auth/user/default",
            "/camunda/api/engine/engine/")) {
      try {
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new UncheckedIOException("warming up " + path, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted warming up " + path, e);
      }
    }
  }

  private String cockpit() {
    return "http://localhost:" + port + "/camunda/app/cockpit/default/";
  }

  private String pluginApi() {
    return "http://localhost:" + port + "/camunda/api/cockpit/plugin/asrun/default/";
  }

  private void login(String user, String password) {
    page.navigate(cockpit());
    page.locator("input[ng-model=username]").fill(user);
    page.locator("input[ng-model=password]").fill(password);
    page.locator("button[type=submit]").click();
    page.locator(".navbar, [cam-widget-header]").first().waitFor();
    page.waitForFunction("() => !document.querySelector('input[ng-model=password]')");
  }

  private void openRun(String runId) {
    page.navigate(cockpit() + "#/asrun/runs/" + runId);
    page.locator("[data-asrun-page=run][data-asrun-ready]").waitFor();
  }

  private void openRunExpectingError(String runId) {
    page.navigate(cockpit() + "#/asrun/runs/" + runId);
    page.locator("[data-asrun-page=run] [data-asrun-error]").waitFor();
  }

  private Locator mark(String stepId, String mark) {
    return page.locator("[data-asrun-step='" + stepId + "'][data-asrun-mark='" + mark + "']");
  }

  private Locator deviation(String type, String stepId) {
    return page.locator(
        "[data-asrun-deviations] [data-asrun-deviation='" + type
            + "'][data-asrun-deviation-step='" + stepId + "']");
  }

  /** {@code GET /asrun/api/v1/procedures/{id}/analytics} as demo, with Basic auth. */
  private Map<?, ?> analytics(String procedureId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:" + port + "/asrun/api/v1/procedures/" + procedureId
                                + "/analytics"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readValue(response.body(), Map.class);
  }

  private void assertMark(String stepId, String mark) {
    assertThat(mark(stepId, mark).count()).as("%s marked %s", stepId, mark).isEqualTo(1);
  }

  private void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }
}
