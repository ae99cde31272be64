package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tasklist in a real browser (headless Chromium from the system's packages, driven by Playwright),
 * against the running example app: an operator starts the daily start-up from Tasklist's "Start
 * process", works every step in its generated form (the instructions, the fields with their units
 * and limits, the outcome with a skip reason, "actually performed at"), and then answers the
 * confirmation task, which lists the detected steps with their marks. The as-run API then shows
 * what the browser did. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-tasklist;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "asrun.examples.scenarios.runs=0"
    })
class TasklistBrowserTest {

  static final String STARTUP = "sop_daily_startup";
  static final String EQUIPMENT = "reactor_07";
  static final String SKIP_REASON = "The line was left powered overnight";
  static final String PERFORMED_AT = "2026-11-20 07:55";
  static final String NOTE = "Power was already on when I arrived";

  @RegisterExtension static final Chromium.PerClass chromium = new Chromium.PerClass();

  @Autowired private TaskService taskService;
  @LocalServerPort private int port;

  private BrowserContext context;
  private Page page;

  @BeforeEach
  void openBrowser() {
    Chromium.warmUp(
        port,
        List.of(
            "/camunda/app/tasklist/default/",
            "/camunda/api/admin/auth/user/default",
            "/camunda/api/engine/engine/"));
    context = chromium.newContext();
    page = context.newPage();
  }

  @AfterEach
  void closeBrowser() {
    context.close();
  }

  @Test
  void operatorWorksARunInTasklistAndConfirmsTheDetectedStepsWithTheirMarks() throws Exception {
    Chromium.login(page, tasklist(), "demo", "demo");
    startTheStartupFromTasklist();

    Task powerOn = openTaskOf("power_on");
    page.locator(".nav-tabs a", new Page.LocatorOptions().setHasText("Description")).click();
    page.getByText("Turn the main isolator to ON").waitFor();
    page.locator(".nav-tabs a", new Page.LocatorOptions().setHasText("Form")).click();
    stepFormReady();
    assertThat(field("asrun_outcome").locator("option").allTextContents())
        .map(String::strip)
        .containsExactly("Done", "Skipped");
    assertThat(label("asrun_skip_reason")).isEqualTo("Reason, if skipped");
    assertThat(label("asrun_performed_at")).startsWith("Actually performed at");
    claim();
    field("asrun_outcome").selectOption("skipped");
    field("asrun_skip_reason").fill(SKIP_REASON);
    complete(powerOn);

    Task verify = openTaskOf("verify_temperature");
    assertThat(field("asrun_outcome").inputValue())
        .as("the step before was skipped; that must not pre-fill this step's outcome")
        .isEqualTo("done");
    assertThat(field("asrun_skip_reason").inputValue()).isEmpty();
    assertThat(label("temperature_ok")).contains("(expected: yes)");
    claim();
    field("temperature_ok").check();
    field("asrun_performed_at").fill(PERFORMED_AT);
    complete(verify);

    Task pump = openTaskOf("start_pump");
    claim();
    complete(pump);

    Task baseline = openTaskOf("record_baseline");
    assertThat(label("temperature_f")).isEqualTo("Temperature [°F] (max 200) *");
    assertThat(label("flow_l_min")).isEqualTo("Circulation flow [L/min] (40 to 60) *");
    claim();
    field("temperature_f").fill("182");
    field("flow_l_min").fill("38");
    Chromium.screenshot(page, "tasklist-step-form");
    complete(baseline);

    Task confirmation = openConfirmationTask();
    assertThat(confirmation.getName())
        .isEqualTo("Confirm: Daily Equipment Startup (" + EQUIPMENT + ", line_7)");
    page.getByText(confirmation.getName()).first().waitFor();
    page.waitForFunction(
        "() => document.querySelector('[cam-variable-name=asrun_steps]').value.length > 0");
    String detected = field("asrun_steps").inputValue();
    assertThat(detected)
        .contains(
            "✗ Power on reactor (skipped)",
            "✓ Verify temperature < 200°F",
            "✓ Start circulation pump",
            "✓ Record baseline readings")
        .doesNotContain("Calibrate sensor");
    assertThat(detected.indexOf("Power on")).isLessThan(detected.indexOf("Record baseline"));
    field("asrun_response").selectOption("partially");
    field("asrun_note").fill(NOTE);
    Chromium.screenshot(page, "tasklist-confirmation");
    complete(confirmation);

    Map<?, ?> run = theRun();
    assertThat(run.get("executor_confirmation")).isEqualTo("partially");
    assertThat(run.get("confirmation_note")).isEqualTo(NOTE);
    assertThat(run.get("summary")).isEqualTo("completed with deviations");
    assertThat(((Map<?, ?>) run.get("context")).get("executor_id")).isEqualTo("demo");
    Map<String, Map<?, ?>> steps = stepsById(run);
    assertThat(steps.get("power_on").get("status")).isEqualTo("skipped");
    assertThat(steps.get("power_on").get("reason")).isEqualTo(SKIP_REASON);
    assertThat(steps.get("verify_temperature").get("occurred_at")).isNotNull();
    assertThat(steps.get("record_baseline").get("status")).isEqualTo("done");
    assertThat(deviations(run))
        .containsExactlyInAnyOrder("omission/power_on", "out_of_limits/record_baseline");
  }

  // ---- Tasklist

  private void startTheStartupFromTasklist() {
    page.locator("text=Start process").first().click();
    page.locator(
            ".modal-body .processes a",
            new Page.LocatorOptions().setHasText("Daily Equipment Startup"))
        .click();
    page.locator(".modal-body input[name=location]").fill("line_7");
    page.locator(".modal-body input[name=equipment_id]").fill(EQUIPMENT);
    page.locator(".modal-footer button", new Page.LocatorOptions().setHasText("Start")).click();
    page.waitForCondition(() -> openTask("power_on") != null);
  }

  /** Opens the open task of {@code step} in the run started here, and waits for its form. */
  private Task openTaskOf(String step) {
    page.waitForCondition(() -> openTask(step) != null);
    Task task = openTask(step);
    openInTasklist(task);
    stepFormReady();
    return task;
  }

  /** Waits until the step form's fields are bound to the task's variables. */
  private void stepFormReady() {
    page.waitForFunction(
        "() => /^(done|skipped)$/.test("
            + "document.querySelector('[cam-variable-name=asrun_outcome]')?.value)");
  }

  private Task openConfirmationTask() {
    page.waitForCondition(() -> confirmationTask() != null);
    Task task = confirmationTask();
    assertThat(task.getAssignee()).as("the executor is asked").isEqualTo("demo");
    openInTasklist(task);
    return task;
  }

  private void openInTasklist(Task task) {
    page.navigate(tasklist() + "#/?task=" + task.getId());
    page.locator("form[name=generatedForm]").waitFor();
  }

  private Task openTask(String step) {
    return taskService
        .createTaskQuery()
        .processDefinitionKey(STARTUP)
        .taskDefinitionKey(step)
        .processVariableValueEquals("equipment_id", EQUIPMENT)
        .singleResult();
  }

  private Task confirmationTask() {
    return taskService.createTaskQuery().taskDefinitionKey("confirm").singleResult();
  }

  private void claim() {
    page.locator(".task-details button.claim").click();
    page.locator(".disabled-form").waitFor(
        new Locator.WaitForOptions()
            .setState(com.microsoft.playwright.options.WaitForSelectorState.DETACHED));
  }

  /**
   * Clicks Complete and waits until the engine no longer has the task and Tasklist has closed it
   * (it then moves to the task list, which would undo an earlier navigation to the next task).
   */
  private void complete(Task task) {
    page.locator(".form-actions button", new Page.LocatorOptions().setHasText("Complete")).click();
    page.waitForCondition(
        () -> taskService.createTaskQuery().taskId(task.getId()).count() == 0);
    page.waitForURL(url -> !url.contains("task=" + task.getId()));
  }

  private Locator field(String variable) {
    return page.locator("form[name=generatedForm] [cam-variable-name=" + variable + "]");
  }

  private String label(String variable) {
    return page.locator("form[name=generatedForm] label[for=" + variable + "]").textContent().strip();
  }

  private String tasklist() {
    return "http://localhost:" + port + "/camunda/app/tasklist/default/";
  }

  // ---- the as-run API

  private Map<?, ?> theRun() throws IOException, InterruptedException {
    List<?> runs = (List<?>) get("/asrun/api/v1/runs?procedure_id=" + STARTUP).get("runs");
    assertThat(runs).hasSize(1);
    return get("/asrun/api/v1/runs/" + ((Map<?, ?>) runs.get(0)).get("run_id"));
  }

  private static Map<String, Map<?, ?>> stepsById(Map<?, ?> run) {
    Map<String, Map<?, ?>> steps = new java.util.LinkedHashMap<>();
    for (Object step : (List<?>) run.get("steps")) {
      steps.put((String) ((Map<?, ?>) step).get("step_id"), (Map<?, ?>) step);
    }
    return steps;
  }

  private static List<String> deviations(Map<?, ?> run) {
    return ((List<?>) run.get("deviations"))
        .stream()
            .map(deviation -> (Map<?, ?>) deviation)
            .map(deviation -> deviation.get("type") + "/" + deviation.get("step_id"))
            .toList();
  }

  private Map<?, ?> get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
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
}
