package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.asrun.contract.Ids;
import dev.asrun.examples.scenarios.ScenarioDriver;
import dev.asrun.log.EventSource;
import dev.asrun.monitor.Observation;
import dev.asrun.monitor.ObservationService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Cockpit plugin in a real browser: headless Chromium from the system's packages
 * ({@code /usr/bin/chromium}, no browser download), driven by Playwright, against the running
 * example app after the scenario driver worked two runs of each built-in procedure. The first
 * daily start-up carries every mark (done, skipped, reordered, repeated, extra, overdue, not
 * reached); the second calls the calibration as a nested run. The pages are read the way a user
 * sees them and checked against the as-run REST API. The pages are read first, then a correction
 * sets the extra action aside, so the screenshots show the runs as the driver left them.
 * Screenshots go to {@code target/screenshots/}; those in {@code docs/images/} are copied from
 * there.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-cockpit;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "asrun.examples.scenarios.runs=0"
    })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CockpitBrowserTest {

  static final String HOSTILE = "<img src=x onerror=alert(1)>";
  static final String HOSTILE_ID = "sop_hostile_name";
  static final String STARTUP = "sop_daily_startup";
  static final String CALIBRATION = "sop_calibrate_sensor";

  /** The daily start-up's steps as written (sop_daily_startup.toml). */
  static final List<String> STARTUP_STEPS =
      List.of("power_on", "verify_temperature", "calibrate", "start_pump", "record_baseline");

  /**
   * The marks of the scenario driver's first start-up run, as step/mark: power-on seen; the pump
   * seen running while the temperature check was open, so the check was passed over and the
   * calibration bypassed; the drain valve opened (an extra action after the pump); the run moved
   * back to the pump step in Cockpit, which passed its timeout and was done again; the check seen
   * late (done 5th); the readings skipped.
   */
  static final List<String> EVERY_MARK =
      List.of(
          "power_on/done",
          "verify_temperature/done",
          "verify_temperature/reordered",
          "calibrate/not-reached",
          "start_pump/done",
          "start_pump/overdue",
          "start_pump/repeated",
          "record_baseline/skipped",
          "open_drain_valve/extra");

  /** Every mark the run page knows. */
  static final List<String> MARK_KINDS =
      List.of("done", "skipped", "reordered", "repeated", "extra", "overdue", "not-reached");

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
  @RegisterExtension static final Chromium.PerClass chromium = new Chromium.PerClass();

  /** The scenario driver's first start-up run: every mark. */
  private static String everyMarkRun;
  /** The scenario driver's second start-up run: the calibration called as a nested run. */
  private static String calibratedRun;

  @Autowired private ProcessEngine engine;
  @Autowired private IdentityService identityService;
  @Autowired private AuthorizationService authorizationService;
  @Autowired private FormService formService;
  @Autowired private TaskService taskService;
  @Autowired private RuntimeService runtimeService;
  @Autowired private RepositoryService repositoryService;
  @Autowired private DataSource dataSource;
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

  @BeforeEach
  void openBrowserAndWorkTheScenariosOnce() throws Exception {
    context = chromium.newContext();
    page = context.newPage();
    page.onDialog(
        dialog -> {
          dialogs.add(dialog.message());
          dialog.dismiss();
        });
    if (everyMarkRun == null) {
      Chromium.warmUp(
          port,
          List.of(
              "/camunda/app/cockpit/default/",
              "/camunda/app/cockpit/scripts/config.js",
              "/camunda/api/cockpit/plugin/asrun/static/app/plugin.js",
              "/camunda/api/admin/auth/user/default",
              "/camunda/api/engine/engine/"));
      new ScenarioDriver(engine, dataSource).run(2);
      List<String> startups =
          runs(STARTUP).stream()
              .sorted(Comparator.comparing(run -> (String) run.get("start_time")))
              .map(run -> (String) run.get("run_id"))
              .toList();
      assertThat(startups).as("the driver's start-up runs").hasSize(2);
      everyMarkRun = startups.get(0);
      calibratedRun = startups.get(1);
    }
  }

  @AfterEach
  void closeBrowser() {
    context.close();
  }

  @Test
  @Order(1)
  void runPageShowsEveryMarkOfTheScenarioRunOnItsStep() throws Exception {
    Map<String, Object> record = api("runs/" + everyMarkRun);
    assertThat(record).containsEntry("status", "completed");
    assertThat(marksOf(record)).containsExactlyInAnyOrderElementsOf(EVERY_MARK);
    assertThat(EVERY_MARK).map(mark -> mark.substring(mark.indexOf('/') + 1))
        .containsAll(MARK_KINDS);
    Map<String, Object> reorder = onlyDeviation(record, "reorder");
    Map<String, Object> addition = onlyDeviation(record, "addition");
    assertThat(reorder).containsEntry("step_id", "verify_temperature")
        .containsEntry("actual_position", 5);
    assertThat(addition).containsEntry("step_id", "open_drain_valve")
        .containsEntry("previous_step_id", "start_pump");

    login("demo", "demo");
    openRun(everyMarkRun);

    List<String> shown = new ArrayList<>();
    Locator marks = page.locator("[data-asrun-diagram] [data-asrun-mark]");
    for (int i = 0; i < marks.count(); i++) {
      shown.add(
          marks.nth(i).getAttribute("data-asrun-step") + "/"
              + marks.nth(i).getAttribute("data-asrun-mark"));
    }
    assertThat(shown).containsExactlyInAnyOrderElementsOf(EVERY_MARK);
    assertThat(page.locator("[data-asrun-mark]").count()).as("none off the diagram")
        .isEqualTo(EVERY_MARK.size());
    assertThat(mark("verify_temperature", "reordered").textContent())
        .isEqualTo("reordered → #" + reorder.get("actual_position"));
    assertThat(mark("record_baseline", "skipped").getAttribute("title"))
        .isEqualTo("skipped: " + skipReason(record, "record_baseline"));
    Locator extra =
        page.locator(
            ".djs-overlays[data-container-id='start_pump'] [data-asrun-mark=extra]"
                + "[data-asrun-step=open_drain_valve]");
    assertThat(extra.count()).as("the extra action drawn at the step it followed").isEqualTo(1);
    BoundingBox pump =
        page.locator(".djs-element[data-element-id='start_pump'] > .djs-visual").boundingBox();
    assertThat(extra.boundingBox().y).as("below start_pump").isGreaterThan(pump.y + pump.height);
    BoundingBox timer =
        page.locator(".djs-element[data-element-id='start_pump-overdue'] > .djs-visual")
            .boundingBox();
    BoundingBox drawn = extra.boundingBox();
    assertThat(
            drawn.x < timer.x + timer.width
                && timer.x < drawn.x + drawn.width
                && drawn.y < timer.y + timer.height
                && timer.y < drawn.y + drawn.height)
        .as("the extra action's badge %s over start_pump's boundary timer %s", drawn, timer)
        .isFalse();
    for (String kind : MARK_KINDS) {
      long count = EVERY_MARK.stream().filter(m -> m.endsWith("/" + kind)).count();
      assertThat(page.locator("[data-asrun-legend] [data-asrun-mark-sample='" + kind + "']")
              .locator("xpath=..").textContent())
          .as("the legend's %s", kind)
          .endsWith(" " + count);
    }
    for (Map<String, Object> deviation : list(record, "deviations")) {
      assertThat(deviation((String) deviation.get("type"), (String) deviation.get("step_id"))
              .count())
          .as("deviation %s", deviation)
          .isEqualTo(1);
    }
    assertThat(page.locator("[data-asrun-deviations] [data-asrun-deviation]").count())
        .isEqualTo(list(record, "deviations").size());
    assertThat(page.locator("[data-asrun-verification]").getAttribute("data-asrun-verification"))
        .isEqualTo("ok");
    assertThat(record).containsEntry("executor_confirmation", "partially");
    assertThat(page.locator("[data-asrun-confirmation=partially]").textContent())
        .isEqualTo("partially: " + record.get("confirmation_note"));
    Locator report = page.locator("[data-asrun-report]");
    assertThat(report.textContent()).isEqualTo("Report (PDF)");
    com.microsoft.playwright.APIResponse pdf =
        page.request()
            .get(java.net.URI.create(page.url()).resolve(report.getAttribute("href")).toString());
    assertThat(pdf.status()).as("the report link with the Cockpit session").isEqualTo(200);
    assertThat(pdf.headers().get("content-type")).isEqualTo("application/pdf");
    assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");

    page.locator("[data-asrun-tab=trail]").click();
    assertThat(page.locator("[data-asrun-audit-trail]").textContent())
        .contains(
            "observation_received",
            "operator_modification",
            "extra_step",
            "open_drain_valve",
            "step_overdue",
            "not seen: the run moved on to start_pump",
            skipReason(record, "record_baseline"),
            "proc_completed",
            "deviation_detected");
    page.locator("[data-asrun-tab=nested]").click();
    assertThat(page.locator(".asrun-tab-body").textContent()).contains("No nested runs.");
    page.locator("[data-asrun-tab=trail]").click();
    screenshot("run-page");
  }

  @Test
  @Order(2)
  void nestedRunsTabLinksToTheCalledCalibrationsRunPage() throws Exception {
    List<String> children =
        runs(CALIBRATION).stream()
            .filter(run -> calibratedRun.equals(run.get("parent_run_id")))
            .map(run -> (String) run.get("run_id"))
            .toList();
    assertThat(children).as("the calibration called by %s", calibratedRun).hasSize(1);
    String child = children.get(0);
    login("demo", "demo");
    openRun(calibratedRun);
    assertMark("calibrate", "done");
    Map<?, ?> runPage =
        (Map<?, ?>)
            page.evaluate(
                "url => fetch(url, {headers: {Accept: 'application/json'}}).then(r => r.json())",
                pluginApi() + "runs/" + calibratedRun);
    Map<?, ?> verification = (Map<?, ?>) runPage.get("verification");
    assertThat(verification.get("ok")).isEqualTo(true);
    assertThat(((Map<?, ?>) verification.get("report")).get("streams"))
        .as("the run's stream and its nested calibration's, not the whole log")
        .isEqualTo(2);

    page.locator("[data-asrun-tab=nested]").click();
    Locator link = page.locator("[data-asrun-nested-runs] [data-asrun-run-link='" + child + "']");
    assertThat(link.locator("xpath=ancestor::tr").textContent()).contains(CALIBRATION, "completed");
    link.click();
    page.locator("[data-asrun-page=run][data-asrun-ready] a[href$='" + calibratedRun + "']")
        .waitFor();
    assertThat(page.url()).endsWith("#/asrun/runs/" + child);
    assertThat(page.locator("[data-asrun-page=run] p").first().textContent()).contains(child);
    assertThat(page.locator(".asrun-facts").textContent()).contains(CALIBRATION);
    assertMark("isolate_sensor", "done");
  }

  @Test
  @Order(3)
  void definitionPagesShowPerStepBadgesAsTheAnalyticsApiCountsThem() throws Exception {
    login("demo", "demo");
    assertBadgesAsTheAnalyticsCountThem(
        CALIBRATION, "inspect_sensor/skip", "inspect_sensor/omit", "isolate_sensor/repeat");
    assertBadgesAsTheAnalyticsCountThem(
        STARTUP,
        "verify_temperature/reorder",
        "start_pump/repeat",
        "start_pump/overdue",
        "start_pump/extra",
        "record_baseline/skip",
        "record_baseline/omit");
    screenshot("definition-page");

    page.locator("text=As-run runs").first().click();
    Locator link =
        page.locator("[data-asrun-runs-tab] [data-asrun-run-link='" + everyMarkRun + "']");
    link.waitFor();
    assertThat(page.locator("[data-asrun-runs-tab] [data-asrun-run-link='" + calibratedRun + "']")
            .count())
        .isEqualTo(1);
    screenshot("definition-runs-tab");
    link.click();
    page.locator("[data-asrun-page=run][data-asrun-ready]").waitFor();
    assertThat(page.url()).endsWith("#/asrun/runs/" + everyMarkRun);
  }

  @Test
  @Order(4)
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
  @Order(5)
  void proceduresPageListsLifecycleAndComplianceAndShowsHostileNamesAsText() {
    login("demo", "demo");
    page.navigate(cockpit() + "#/asrun/procedures");
    page.locator("[data-asrun-page=procedures][data-asrun-ready]").waitFor();

    assertThat(page.locator("[data-asrun-procedure-name=" + HOSTILE_ID + "]").textContent())
        .isEqualTo(HOSTILE);
    assertThat(page.locator("img[src=x]").count()).isZero();
    assertThat(page.locator("[data-asrun-procedures]").textContent()).contains(STARTUP);
    assertThat(
            repositoryService
                .createProcessDefinitionQuery()
                .processDefinitionKey(Ids.windowProcess(STARTUP))
                .count())
        .as("the start-up's trigger window process is deployed")
        .isPositive();
    assertThat(page.locator("[data-asrun-procedure-name]").all())
        .extracting(name -> name.getAttribute("data-asrun-procedure-name"))
        .as("only procedures: no helper process, no trigger window process")
        .contains(STARTUP)
        .noneMatch(key -> key.startsWith("asrun-") || key.equals(Ids.windowProcess(STARTUP)));
    assertThat(page.locator("[data-asrun-by-executor]").textContent()).contains("alice", "bob");
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
  @Order(6)
  void setsADeviationAsideWithACorrectionOnTheRunPage() throws Exception {
    login("demo", "demo");
    openRun(everyMarkRun);
    assertThat(deviation("addition", "open_drain_valve").getAttribute("data-asrun-corrected"))
        .isEqualTo("false");
    page.locator("[data-asrun-tab=corrections]").click();
    assertThat(page.locator(".asrun-tab-body").textContent()).contains("No corrections yet.");
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
    form.locator("select[name=step_id]").selectOption("open_drain_valve");
    form.locator("textarea[name=reason]")
        .fill("Venting P-101 at the drain valve is part of restarting it: " + HOSTILE);
    form.locator("button[type=submit]").click();

    Locator correction = page.locator("[data-asrun-correction]");
    correction.first().waitFor();
    assertThat(correction.count()).isEqualTo(1);
    assertThat(correction.first().getAttribute("data-asrun-correction"))
        .isEqualTo("not_a_deviation");
    assertThat(correction.first().textContent()).contains("open_drain_valve", "demo", HOSTILE);
    assertThat(page.locator(".asrun-tab-body img").count()).isZero();
    assertThat(deviation("addition", "open_drain_valve").getAttribute("data-asrun-corrected"))
        .isEqualTo("true");
    assertThat(list(api("runs/" + everyMarkRun), "deviations"))
        .filteredOn(d -> d.get("corrected").equals(true))
        .extracting(d -> d.get("type"))
        .containsExactly("addition");
    assertMark("open_drain_valve", "extra");
    page.locator("[data-asrun-tab=trail]").click();
    assertThat(page.locator("[data-asrun-audit-trail]").textContent())
        .contains("procedure_correction");
    page.locator("[data-asrun-tab=corrections]").click();
    screenshot("run-page-corrections");
  }

  @Test
  @Order(4)
  void theAuditTrailFlagsAStepClaimedBeforeTheRunStarted() {
    Instant claimed = Instant.now().minusSeconds(30);
    String processInstanceId = startStartup();
    completeAsDemo(
        openTask(processInstanceId, "power_on"),
        Map.of("asrun_outcome", "done", "asrun_performed_at", claimed.toString()));
    login("demo", "demo");
    openRun(runOf(processInstanceId));

    page.locator("[data-asrun-tab=trail]").click();
    assertThat(page.locator("[data-asrun-audit-trail]").textContent())
        .contains("before the run started: placed where it arrived");
  }

  @Test
  @Order(4)
  void aStepSkippedAndDoneLaterIsMarkedAsTheDeviationsSayNotSkipped() throws Exception {
    String processInstanceId = startStartup("reactor_07");
    completeAsDemo(
        openTask(processInstanceId, "power_on"),
        Map.of("asrun_outcome", "skipped", "asrun_skip_reason", "isolator stuck"));
    completeAsDemo(
        openTask(processInstanceId, "verify_temperature"),
        Map.of("asrun_outcome", "done", "temperature_ok", true));
    String runId = runOf(processInstanceId);
    asDemo(
        () ->
            new ObservationService(engine)
                .report(
                    new Observation(
                        "power_on_reactor",
                        Instant.now(),
                        EventSource.INFERENCE,
                        Optional.of("demo"),
                        Map.of("location", "line_2", "equipment_id", "reactor_07"),
                        Optional.empty(),
                        Optional.of(runId))));
    Map<String, Object> record = api("runs/" + runId);
    assertThat(list(record, "steps"))
        .filteredOn(step -> "power_on".equals(step.get("step_id")))
        .extracting(step -> step.get("status"))
        .as("the index has both attempts")
        .containsExactlyInAnyOrder("skipped", "done");
    List<String> deviations =
        list(record, "deviations").stream()
            .map(d -> d.get("type") + "/" + d.get("step_id"))
            .toList();
    assertThat(deviations)
        .as("the deviations: the late power-on put the run out of order, nothing left out")
        .contains("reorder/verify_temperature")
        .noneMatch(d -> d.startsWith("omission/"));

    login("demo", "demo");
    openRun(runId);

    assertThat(mark("power_on", "skipped").count()).as("power_on marked skipped").isZero();
    assertMark("power_on", "done");
    assertThat(mark("power_on", "done").getAttribute("title"))
        .isEqualTo("done after it was skipped (isolator stuck)");
    assertMark("verify_temperature", "reordered");
  }

  @Test
  @Order(2)
  void theAuditTrailKeepsEveryWordOnOneLine() {
    login("demo", "demo");
    openRun(everyMarkRun);
    page.locator("[data-asrun-tab=trail]").click();

    assertThat(wordsBrokenAcrossLines("[data-asrun-audit-trail]"))
        .as("words of the audit trail broken across lines")
        .isEmpty();
  }

  @Test
  @Order(7)
  void userWithoutReadOnTheProcedureSeesNoneOfItsRuns() {
    String viewer = viewerWhoMayReadOnly(HOSTILE_ID);
    login(viewer, viewer);

    openRunExpectingError(everyMarkRun);
    assertThat(page.locator("[data-asrun-error]").textContent()).contains("no run");
    assertThat(page.locator("[data-asrun-mark]").count()).isZero();

    page.navigate(cockpit() + "#/asrun/procedures");
    page.locator("[data-asrun-page=procedures][data-asrun-ready]").waitFor();
    assertThat(page.locator("[data-asrun-procedures]").textContent())
        .contains(HOSTILE_ID)
        .doesNotContain(STARTUP);
    assertThat(page.locator("[data-asrun-run-link='" + everyMarkRun + "']").count()).isZero();

    Object runs =
        page.evaluate(
            "url => fetch(url, {headers: {Accept: 'application/json'}}).then(r => r.json())",
            pluginApi() + "runs?procedure_id=" + STARTUP);
    assertThat(((Map<?, ?>) runs).get("count")).isEqualTo(0);
  }

  // ---- the runs

  private String startStartup() {
    return startStartup("reactor_02");
  }

  private String startStartup(String equipment) {
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
                    Map.of("location", "line_2", "equipment_id", equipment))
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

  /**
   * A user with Cockpit access who may read only the process definition {@code key} and its
   * record (READ and READ_HISTORY).
   */
  private String viewerWhoMayReadOnly(String key) {
    String id = TestUsers.create(identityService, "viewer", null);
    grant(id, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(id, Resources.PROCESS_DEFINITION, key, Permissions.READ, Permissions.READ_HISTORY);
    return id;
  }

  private void grant(
      String userId,
      Resources resource,
      String resourceId,
      org.camunda.bpm.engine.authorization.Permission... permissions) {
    Authorization authorization =
        authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setUserId(userId);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (org.camunda.bpm.engine.authorization.Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizationService.saveAuthorization(authorization);
  }

  // ---- the browser

  private String cockpit() {
    return "http://localhost:" + port + "/camunda/app/cockpit/default/";
  }

  private String pluginApi() {
    return "http://localhost:" + port + "/camunda/api/cockpit/plugin/asrun/default/";
  }

  private void login(String user, String password) {
    Chromium.login(page, cockpit(), user, password);
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

  /**
   * Opens the definition page of {@code procedureId} and checks that its badges are exactly the
   * non-zero counts of {@code GET /asrun/api/v1/procedures/{id}/analytics}, {@code required}
   * (step/kind) among them.
   */
  private void assertBadgesAsTheAnalyticsCountThem(String procedureId, String... required)
      throws Exception {
    String definitionId =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey(procedureId)
            .latestVersion()
            .singleResult()
            .getId();
    page.navigate(cockpit() + "#/process-definition/" + definitionId + "/runtime");
    page.locator(
            "[data-asrun-figures-status][data-asrun-runs][data-asrun-procedure='" + procedureId
                + "']")
        .waitFor();

    Map<String, Integer> expected = new HashMap<>();
    for (Map<String, Object> figures : list(api("procedures/" + procedureId + "/analytics"), "steps")) {
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
    assertThat(shown).as(procedureId).isEqualTo(expected).containsKeys(required);
  }

  /** {@code GET /asrun/api/v1/<path>} as demo, with Basic auth: the JSON object it answers. */
  private Map<String, Object> api(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/asrun/api/v1/" + path))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
                    .header("Accept", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readValue(response.body(), new TypeReference<>() {});
  }

  /** The runs of {@code procedureId}, as {@code GET /asrun/api/v1/runs} lists them. */
  private List<Map<String, Object>> runs(String procedureId) throws Exception {
    return list(api("runs?max=500&procedure_id=" + procedureId), "runs");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> json, String key) {
    return (List<Map<String, Object>>) json.get(key);
  }

  /**
   * The marks a run's record calls for, as step/mark, worked out from the REST API's answer: per
   * written step, its outcome is its last attempt not cancelled ({@code done}, else {@code
   * skipped}; none: {@code not-reached}), {@code overdue} if an attempt passed its timeout,
   * {@code repeated} if done more than once or a repeat names it; a reorder marks its step
   * {@code reordered}, an addition its action {@code extra}.
   */
  private static List<String> marksOf(Map<String, Object> record) {
    Set<String> marks = new LinkedHashSet<>();
    List<Map<String, Object>> deviations = list(record, "deviations");
    for (String step : STARTUP_STEPS) {
      List<Map<String, Object>> attempts =
          list(record, "steps").stream().filter(a -> step.equals(a.get("step_id"))).toList();
      String outcome =
          attempts.stream()
              .map(a -> (String) a.get("status"))
              .filter(status -> !status.equals("cancelled"))
              .reduce((earlier, later) -> later)
              .map(status -> status.equals("done") ? "done" : "skipped")
              .orElse("not-reached");
      marks.add(step + "/" + outcome);
      if (attempts.stream().anyMatch(a -> Boolean.TRUE.equals(a.get("overdue")))) {
        marks.add(step + "/overdue");
      }
      if (attempts.stream().filter(a -> "done".equals(a.get("status"))).count() > 1
          || deviations.stream()
              .anyMatch(d -> "repeat".equals(d.get("type")) && step.equals(d.get("step_id")))) {
        marks.add(step + "/repeated");
      }
    }
    for (Map<String, Object> deviation : deviations) {
      switch ((String) deviation.get("type")) {
        case "reorder" -> marks.add(deviation.get("step_id") + "/reordered");
        case "addition" -> marks.add(deviation.get("step_id") + "/extra");
        default -> {
          // the other types are marks of the steps' attempts, or none
        }
      }
    }
    return List.copyOf(marks);
  }

  private static Map<String, Object> onlyDeviation(Map<String, Object> record, String type) {
    List<Map<String, Object>> found =
        list(record, "deviations").stream().filter(d -> type.equals(d.get("type"))).toList();
    assertThat(found).as("the %s deviations", type).hasSize(1);
    return found.get(0);
  }

  /** The reason the step's skipped attempt gives. */
  private static String skipReason(Map<String, Object> record, String stepId) {
    return list(record, "steps").stream()
        .filter(a -> stepId.equals(a.get("step_id")) && "skipped".equals(a.get("status")))
        .map(a -> (String) a.get("reason"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(stepId + " has no skipped attempt"));
  }

  /**
   * The words of the text in {@code selector}'s cells that the browser broke across lines (a word
   * whose glyphs lie on more than one line), each with its cell's text.
   */
  @SuppressWarnings("unchecked")
  private List<String> wordsBrokenAcrossLines(String selector) {
    return (List<String>)
        page.locator(selector)
            .evaluate(
                """
                table => {
                  const broken = [];
                  for (const cell of table.querySelectorAll('th, td')) {
                    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                      for (const word of text.data.matchAll(/\\S+/g)) {
                        const range = document.createRange();
                        range.setStart(text, word.index);
                        range.setEnd(text, word.index + word[0].length);
                        const lines = new Set(
                          [...range.getClientRects()].map((r) => Math.round(r.top)));
                        if (lines.size > 1) broken.push(word[0] + ' in ' + cell.textContent);
                      }
                    }
                  }
                  return broken;
                }
                """);
  }

  private void assertMark(String stepId, String mark) {
    assertThat(mark(stepId, mark).count()).as("%s marked %s", stepId, mark).isEqualTo(1);
  }

  private void screenshot(String name) {
    Chromium.screenshot(page, name);
  }
}
