package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.asrun.capture.RunIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Signing a run in a real browser (headless Chromium from the system's packages, driven by
 * Playwright), against the running example app: {@code demo} works the buffer preparation to its
 * end and signs it as performed in Cockpit's sign dialog, the password re-entered; the Tasklist
 * task for the review is offered to the demo reviewer (group {@code qa}) and links to the run page,
 * where a wrong password is refused (recorded as {@code signature_refused}, nothing signed) and the
 * right one signs the run. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-signing-browser;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "asrun.examples.scenarios.runs=0"
    })
class SigningBrowserTest {

  static final String BUFFER = "lab_buffer_preparation";
  static final String SIGNATURE_PROCESS = "asrun-signature";

  @RegisterExtension static final Chromium.PerClass chromium = new Chromium.PerClass();

  @Autowired private IdentityService identityService;
  @Autowired private FormService formService;
  @Autowired private TaskService taskService;
  @Autowired private RepositoryService repositoryService;
  @LocalServerPort private int port;

  @AfterEach
  void realClockAndNoUser() {
    ClockUtil.reset();
    identityService.clearAuthentication();
  }

  @Test
  void theOperatorAndAReviewerSignARunInCockpitAndAWrongPasswordIsRefusedThere() throws Exception {
    Chromium.warmUp(
        port,
        List.of(
            "/camunda/app/cockpit/default/",
            "/camunda/app/tasklist/default/",
            "/camunda/api/cockpit/plugin/asrun/static/app/plugin.js",
            "/camunda/api/admin/auth/user/default",
            "/camunda/api/engine/engine/"));
    String runId = bufferWorkedToItsEndByDemo();
    assertThat(api("runs/" + runId)).containsEntry("signature_status", "unsigned");
    Task performedTask = signatureTask(runId);
    assertThat(performedTask.getName()).startsWith("Sign as performed: ");

    try (BrowserContext demo = chromium.newContext()) {
      Page page = demo.newPage();
      Chromium.login(page, cockpit(), "demo", "demo");
      openRun(page, runId);
      assertThat(
              page.locator("[data-asrun-signature-status]")
                  .getAttribute("data-asrun-signature-status"))
          .isEqualTo("unsigned");
      assertThat(
              page.locator("[data-asrun-still-required] [data-asrun-required-meaning]")
                  .evaluateAll(
                      "items => items.map(i => i.getAttribute('data-asrun-required-meaning'))"))
          .isEqualTo(List.of("performed", "reviewed"));
      assertThat(page.locator("[data-asrun-required-meaning=reviewed]").textContent())
          .contains("by a member of qa", "not by who performed it (demo)");

      Locator dialog = openSignDialog(page);
      assertThat(dialog.locator("[data-asrun-sign-meaning] option").allTextContents())
          .containsExactly("performed");
      dialog.locator("[data-asrun-sign-password]").fill("demo");
      dialog.locator("[data-asrun-sign-comment]").fill("Made as written; pH 8.01 at 22.5 °C");
      dialog.locator("[data-asrun-sign-submit]").click();
      page.locator("[data-asrun-signature-status=partially_signed]").waitFor();
      Locator performed = page.locator("[data-asrun-signatures] tbody tr");
      assertThat(performed.count()).isEqualTo(1);
      assertThat(performed.first().innerText())
          .contains("performed", "Demo Operator (demo)", "Made as written; pH 8.01 at 22.5 °C");
      assertThat(page.locator("[data-asrun-sign-open]").count())
          .as("demo may sign nothing more")
          .isZero();
    }
    assertThat(taskService.createTaskQuery().taskId(performedTask.getId()).count())
        .as("the performed task went away with the signature")
        .isZero();

    Task reviewTask = signatureTask(runId);
    assertThat(reviewTask.getName()).startsWith("Sign as reviewed: ");
    assertThat(
            taskService
                .createTaskQuery()
                .taskId(reviewTask.getId())
                .taskCandidateUser("reviewer")
                .count())
        .as("offered to the reviewer, through the group qa")
        .isEqualTo(1);
    String runPage = "/camunda/app/cockpit/default/#/asrun/runs/" + runId;

    try (BrowserContext reviewer = chromium.newContext()) {
      Page page = reviewer.newPage();
      Chromium.login(page, tasklist(), "reviewer", "reviewer");
      page.navigate(tasklist() + "#/?task=" + reviewTask.getId());
      Locator link = page.locator("form[name=generatedForm] [cam-variable-name=asrun_run_page]");
      page.waitForFunction(
          "() => document.querySelector('[cam-variable-name=asrun_run_page]')?.value.length > 0");
      assertThat(link.inputValue()).isEqualTo(runPage);
      assertThat(
              page.locator("form[name=generatedForm] [cam-variable-name=asrun_meaning]")
                  .inputValue())
          .isEqualTo("reviewed");
      page.getByText(reviewTask.getName()).first().waitFor();
      Chromium.screenshot(page, "tasklist-signature-task");

      page.navigate("http://localhost:" + port + link.inputValue());
      page.locator("[data-asrun-page=run][data-asrun-ready]").waitFor();
      Locator dialog = openSignDialog(page);
      assertThat(dialog.locator("[data-asrun-sign-meaning] option").allTextContents())
          .containsExactly("reviewed");
      int eventsBefore = events(runId).size();
      dialog.locator("[data-asrun-sign-password]").fill("not-the-password");
      dialog.locator("[data-asrun-sign-submit]").click();
      dialog.locator("[data-asrun-sign-refused]").waitFor();
      assertThat(dialog.locator("[data-asrun-sign-message]").textContent())
          .contains("Not signed", "the password is wrong");
      List<Map<String, Object>> after = events(runId);
      assertThat(after).hasSize(eventsBefore + 1);
      assertThat(after.get(after.size() - 1)).containsEntry("event_type", "signature_refused");
      assertThat(payload(after.get(after.size() - 1)))
          .containsEntry("signer_id", "reviewer")
          .containsEntry("meaning", "reviewed");
      assertThat(signatures(runId)).hasSize(1);

      // Camunda delays the next login attempt after a wrong password; move its clock past that.
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))));
      dialog.locator("[data-asrun-sign-password]").fill("reviewer");
      dialog.locator("[data-asrun-sign-submit]").click();
      page.locator("[data-asrun-signature-status=signed]").waitFor();
      assertThat(page.locator("[data-asrun-signature-status]").textContent())
          .contains("signed: every required signature is given");
      assertThat(page.locator("[data-asrun-signatures] tbody tr").nth(1).innerText())
          .contains("reviewed", "Rita Reviewer (reviewer)");
      page.locator("[data-asrun-signatures-section]").scrollIntoViewIfNeeded();
      Chromium.screenshot(page, "signed-run-page");
    }

    assertThat(api("runs/" + runId)).containsEntry("signature_status", "signed");
    assertThat(signatures(runId))
        .extracting(s -> s.get("meaning"))
        .containsExactly("performed", "reviewed");
    assertThat(
            taskService
                .createTaskQuery()
                .processDefinitionKey(SIGNATURE_PROCESS)
                .processInstanceBusinessKey(runId)
                .count())
        .as("no signature task is left once the run is signed")
        .isZero();
  }

  // ---- the run

  /** A run of the buffer preparation worked by demo from its start form to its end. */
  private String bufferWorkedToItsEndByDemo() {
    String definition =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey(BUFFER)
            .latestVersion()
            .singleResult()
            .getId();
    identityService.setAuthentication(
        "demo",
        identityService.createGroupQuery().groupMember("demo").list().stream()
            .map(Group::getId)
            .toList());
    String instance =
        formService
            .submitStartForm(definition, Map.of("location", "lab_3", "equipment_id", "ph_meter_02"))
            .getId();
    for (Task task = openStep(instance); task != null; task = openStep(instance)) {
      Map<String, Object> values = new HashMap<>(fields(task.getTaskDefinitionKey()));
      values.put("asrun_outcome", "done");
      formService.submitTaskForm(task.getId(), values);
    }
    identityService.clearAuthentication();
    return RunIds.of(instance);
  }

  private Task openStep(String instance) {
    return taskService.createTaskQuery().processInstanceId(instance).list().stream()
        .findFirst()
        .orElse(null);
  }

  /** What demo enters in each step's form: values within the limits. */
  private static Map<String, Object> fields(String step) {
    return switch (step) {
      case "ph_meter_calibrated" -> Map.of("ph_meter_calibrated", true);
      case "weigh_tris" -> Map.of("tris_mass_g", "121.14", "tris_reagent_lot", "T-2291");
      case "adjust_ph" ->
          Map.of("ph_final", "8.01", "ph_temperature_c", "22.5", "hcl_volume_ml", "42");
      case "make_up_volume" ->
          Map.of("final_volume_ml", "1000", "sterilization_method", "filter_0_22_um");
      case "label_bottle" ->
          Map.of(
              "buffer_lot",
              "TRIS-2412",
              "expires_on",
              Date.from(Instant.now().plus(90, ChronoUnit.DAYS)),
              "solution_clear",
              true);
      default -> Map.of();
    };
  }

  private Task signatureTask(String runId) {
    return taskService
        .createTaskQuery()
        .processDefinitionKey(SIGNATURE_PROCESS)
        .processInstanceBusinessKey(runId)
        .singleResult();
  }

  // ---- the pages

  private static void openRun(Page page, String runId) {
    page.navigate(page.url().replaceAll("#.*$", "") + "#/asrun/runs/" + runId);
    page.locator("[data-asrun-page=run][data-asrun-ready]").waitFor();
  }

  private static Locator openSignDialog(Page page) {
    page.locator("[data-asrun-sign-open]").click();
    Locator dialog = page.locator("dialog[data-asrun-sign-dialog][open]");
    dialog.waitFor();
    return dialog;
  }

  private String cockpit() {
    return "http://localhost:" + port + "/camunda/app/cockpit/default/";
  }

  private String tasklist() {
    return "http://localhost:" + port + "/camunda/app/tasklist/default/";
  }

  // ---- the as-run API, as demo

  private Map<String, Object> api(String path) throws IOException, InterruptedException {
    return new ObjectMapper().readValue(get(path), new TypeReference<>() {});
  }

  private List<Map<String, Object>> events(String runId) throws IOException, InterruptedException {
    return new ObjectMapper().readValue(get("runs/" + runId + "/events"), new TypeReference<>() {});
  }

  private List<Map<String, Object>> signatures(String runId)
      throws IOException, InterruptedException {
    return new ObjectMapper()
        .readValue(get("runs/" + runId + "/signatures"), new TypeReference<>() {});
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> payload(Map<String, Object> event) {
    return (Map<String, Object>) event.get("payload");
  }

  private String get(String path) throws IOException, InterruptedException {
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
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }
}
