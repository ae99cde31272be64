package dev.asrun.examples;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The as-run API ({@code /asrun/api/v1}) of the running app: a run of the daily start-up worked
 * through the engine REST API, with one step skipped, read back over HTTP Basic as users with and
 * without the right to read the procedure.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-api;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class AsRunApiTest {

  private static final String REST = "/engine-rest";
  private static final String API = "/asrun/api/v1";
  private static final String SKIP_REASON = "Pump P-101 is out for a seal repair";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identityService;

  private String processInstanceId;

  @BeforeEach
  void workADailyStartupWithThePumpSkipped() {
    TestRestTemplate demo = asDemo();
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("businessKey", "startup-" + UUID.randomUUID());
    start.put(
        "variables",
        Map.of(
            "location", typed("String", "line_2"),
            "equipment_id", typed("String", "reactor_02"),
            "notes", typed("String", "start-up read back through the as-run API")));
    processInstanceId =
        (String)
            engineObject(
                    demo,
                    HttpMethod.POST,
                    "/process-definition/key/sop_daily_startup/submit-form",
                    start)
                .get("id");

    for (List<Map<String, Object>> open = openTasks(demo);
        !open.isEmpty();
        open = openTasks(demo)) {
      Map<String, Object> task = open.get(0);
      String taskId = (String) task.get("id");
      ResponseEntity<String> submitted =
          demo.postForEntity(
              REST + "/task/{id}/submit-form",
              Map.of("variables", answers((String) task.get("taskDefinitionKey"))),
              String.class,
              taskId);
      assertThat(submitted.getStatusCode())
          .as("submitting %s: %s", task.get("taskDefinitionKey"), submitted.getBody())
          .isEqualTo(HttpStatus.NO_CONTENT);
    }
  }

  @Test
  void listsTheRunAndGivesItsRecordWithTheSkippedStepAndItsReason() {
    String runId = runIdOfTheStartup();

    Map<String, Object> run = object(asDemo(), API + "/runs/" + runId, HttpStatus.OK);

    assertThat(run)
        .containsEntry("run_id", runId)
        .containsEntry("procedure_id", "sop_daily_startup")
        .containsEntry("procedure_version", "2025.06")
        .containsEntry("status", "completed")
        .containsEntry("process_instance_id", processInstanceId)
        .containsEntry("parent_run_id", null)
        .containsKeys("start_time", "end_time", "executor_confirmation", "deviations");
    assertThat((String) run.get("start_time")).endsWith("Z");
    assertThat((Map<String, Object>) run.get("context"))
        .containsEntry("executor_id", "demo")
        .containsEntry("location", "line_2")
        .containsEntry("equipment_id", "reactor_02");
    List<Map<String, Object>> steps = (List<Map<String, Object>>) run.get("steps");
    assertThat(steps)
        .extracting(step -> step.get("step_id"))
        .containsExactly("power_on", "verify_temperature", "start_pump", "record_baseline");
    assertThat(steps)
        .filteredOn(step -> "start_pump".equals(step.get("step_id")))
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.get("status")).isEqualTo("skipped");
              assertThat(step.get("reason")).isEqualTo(SKIP_REASON);
              assertThat(step.get("executor_id")).isEqualTo("demo");
            });
    assertThat((List<String>) run.get("event_ids")).isNotEmpty();
  }

  @Test
  void givesTheRunsAuditTrailInLogOrder() {
    String runId = runIdOfTheStartup();
    Map<String, Object> run = object(asDemo(), API + "/runs/" + runId, HttpStatus.OK);

    ResponseEntity<List<Map<String, Object>>> response =
        asDemo().exchange(API + "/runs/" + runId + "/events", HttpMethod.GET, null, LIST);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<Map<String, Object>> events = response.getBody();
    assertThat(events).extracting(event -> event.get("event_id")).isEqualTo(run.get("event_ids"));
    assertThat(events).allSatisfy(event -> assertThat(event.get("run_id")).isEqualTo(runId));
    assertThat(events)
        .extracting(event -> ((Number) event.get("seq")).longValue())
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(events)
        .filteredOn(event -> "step_skipped".equals(event.get("event_type")))
        .singleElement()
        .satisfies(
            event ->
                assertThat((Map<String, Object>) event.get("payload"))
                    .containsEntry("reason", SKIP_REASON));
    assertThat(events)
        .extracting(event -> event.get("event_type"))
        .as("the run's end gives its final deviations, then opens its confirmation prompt")
        .endsWith("proc_completed", "deviation_detected", "prompt_issued");
  }

  @Test
  void verifiesTheLogForAnAdministratorOnly() {
    String outsider = TestUsers.create(identityService, "outsider", null);

    Map<String, Object> report = object(asDemo(), API + "/verify", HttpStatus.OK);
    ResponseEntity<Map<String, Object>> refused =
        http.withBasicAuth(outsider, outsider).exchange(API + "/verify", HttpMethod.GET, null, OBJECT);

    assertThat(report).containsEntry("ok", true).containsEntry("problems", List.of());
    assertThat(((Number) report.get("streams")).longValue()).isPositive();
    assertThat(((Number) report.get("events")).longValue()).isPositive();
    assertProblem(refused, HttpStatus.FORBIDDEN, "administrators");
  }

  @Test
  void letsAnOperatorReadTheRunsOfProceduresTheyMayRead() {
    String runId = runIdOfTheStartup();
    String operator = TestUsers.create(identityService, "operator", OperatorsGroup.ID);
    TestRestTemplate asOperator = http.withBasicAuth(operator, operator);

    Map<String, Object> page =
        object(asOperator, API + "/runs?procedure_id=sop_daily_startup", HttpStatus.OK);

    assertThat((List<Map<String, Object>>) page.get("runs"))
        .extracting(run -> run.get("run_id"))
        .contains(runId);
    assertThat(object(asOperator, API + "/runs/" + runId, HttpStatus.OK))
        .containsEntry("run_id", runId);
  }

  @Test
  void hidesEveryRunFromAUserWithoutAuthorizations() {
    String runId = runIdOfTheStartup();
    String outsider = TestUsers.create(identityService, "outsider", null);
    TestRestTemplate asOutsider = http.withBasicAuth(outsider, outsider);

    Map<String, Object> page =
        object(asOutsider, API + "/runs?procedure_id=sop_daily_startup", HttpStatus.OK);
    ResponseEntity<Map<String, Object>> run =
        asOutsider.exchange(API + "/runs/" + runId, HttpMethod.GET, null, OBJECT);
    ResponseEntity<Map<String, Object>> events =
        asOutsider.exchange(API + "/runs/" + runId + "/events", HttpMethod.GET, null, OBJECT);
    ResponseEntity<Map<String, Object>> unknown =
        asDemo().exchange(API + "/runs/no-such-run", HttpMethod.GET, null, OBJECT);

    assertThat(page).containsEntry("runs", List.of()).containsEntry("count", 0);
    assertProblem(run, HttpStatus.NOT_FOUND, runId);
    assertProblem(events, HttpStatus.NOT_FOUND, runId);
    assertProblem(unknown, HttpStatus.NOT_FOUND, "no-such-run");
    assertThat(run.getBody().get("detail")).isEqualTo(
        unknown.getBody().get("detail").toString().replace("no-such-run", runId));
  }

  @Test
  void refusesRequestsWithoutValidCredentials() {
    String user = TestUsers.create(identityService, "someone", OperatorsGroup.ID);

    ResponseEntity<String> anonymous = http.getForEntity(API + "/runs", String.class);
    ResponseEntity<String> wrongPassword =
        http.withBasicAuth(user, "not-the-password").getForEntity(API + "/runs", String.class);

    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
    assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void refusesBadParametersNamingThem() {
    Map<String, String> bad =
        Map.of(
            "status=done", "'status'",
            "from=yesterday", "'from'",
            "to=2026-13-01T00:00:00Z", "'to'",
            "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "'from'",
            "max=501", "'max'",
            "max=0", "'max'",
            "first=-1", "'first'",
            "procedureId=sop_daily_startup", "'procedureId'",
            "procedure_id=", "'procedure_id'");

    bad.forEach(
        (query, parameter) ->
            assertProblem(
                asDemo().exchange(API + "/runs?" + query, HttpMethod.GET, null, OBJECT),
                HttpStatus.BAD_REQUEST,
                parameter));
  }

  @Test
  void pagesTheRunsNewestFirst() {
    workADailyStartupWithThePumpSkipped();

    Map<String, Object> firstPage =
        object(asDemo(), API + "/runs?procedure_id=sop_daily_startup&max=1", HttpStatus.OK);
    Map<String, Object> secondPage =
        object(
            asDemo(), API + "/runs?procedure_id=sop_daily_startup&first=1&max=1", HttpStatus.OK);

    assertThat(firstPage).containsEntry("first", 0).containsEntry("max", 1);
    assertThat(((Number) firstPage.get("count")).longValue()).isGreaterThanOrEqualTo(2);
    assertThat(firstPage.get("count")).isEqualTo(secondPage.get("count"));
    Map<String, Object> newest = ((List<Map<String, Object>>) firstPage.get("runs")).get(0);
    Map<String, Object> older = ((List<Map<String, Object>>) secondPage.get("runs")).get(0);
    assertThat(newest.get("process_instance_id")).isEqualTo(processInstanceId);
    // compared as instants: a time on a whole second is written without its fraction
    assertThat(Instant.parse((String) newest.get("start_time")))
        .isAfterOrEqualTo(Instant.parse((String) older.get("start_time")));
  }

  @Test
  void correctsARunWithoutChangingTheLogBeforeTheCorrection() {
    String runId = runIdOfTheStartup();
    List<Map<String, Object>> before = events(runId);

    ResponseEntity<Map<String, Object>> response =
        post(
            API + "/runs/" + runId + "/corrections",
            Map.of(
                "correction_type", "step_done_not_detected",
                "step_id", "start_pump",
                "reason", "the pump was started from the panel"));

    assertThat(response.getStatusCode()).as("%s", response).isEqualTo(HttpStatus.CREATED);
    Map<String, Object> run = response.getBody();
    assertThat((List<Map<String, Object>>) run.get("steps"))
        .filteredOn(step -> "start_pump".equals(step.get("step_id")))
        .singleElement()
        .satisfies(step -> assertThat(step.get("status")).isEqualTo("done"));
    assertThat((List<Map<String, Object>>) run.get("corrections"))
        .singleElement()
        .satisfies(
            correction ->
                assertThat(correction)
                    .containsEntry("correction_type", "step_done_not_detected")
                    .containsEntry("step_id", "start_pump")
                    .containsEntry("executor_id", "demo"));
    assertThat(run).containsEntry("summary", "completed").containsEntry("deviation_count", 0);
    assertThat((List<Map<String, Object>>) run.get("deviations"))
        .as("the omission the correction set aside stays listed")
        .singleElement()
        .satisfies(
            deviation ->
                assertThat(deviation)
                    .containsEntry("type", "omission")
                    .containsEntry("step_id", "start_pump")
                    .containsEntry("corrected", true));
    List<Map<String, Object>> after = events(runId);
    assertThat(after.subList(0, before.size())).isEqualTo(before);
    assertThat(after.get(after.size() - 1)).containsEntry("event_type", "procedure_correction");
    assertThat(object(asDemo(), API + "/verify", HttpStatus.OK)).containsEntry("ok", true);
  }

  @Test
  void refusesABadCorrectionNamingTheFieldAndAppendsNothing() {
    String runId = runIdOfTheStartup();
    int before = events(runId).size();
    Map<Map<String, Object>, String> bad =
        Map.of(
            Map.of("correction_type", "step_not_done", "step_id", "power_on", "reason", " "),
            "'reason'",
            Map.of("correction_type", "step_not_done", "step_id", "no_such_step", "reason", "r"),
            "'step_id'",
            Map.of("correction_type", "oops", "step_id", "power_on", "reason", "r"),
            "'correction_type'",
            Map.of("correction_type", "wrong_procedure", "actual_procedure_id", "x", "reason", "r"),
            "'actual_procedure_id'",
            Map.of("correction_type", "step_not_done", "stepId", "power_on", "reason", "r"),
            "'stepId'");

    bad.forEach(
        (body, field) ->
            assertProblem(
                post(API + "/runs/" + runId + "/corrections", body),
                HttpStatus.BAD_REQUEST,
                field));
    assertProblem(
        post(
            API + "/runs/no-such-run/corrections",
            Map.of("correction_type", "step_not_done", "step_id", "power_on", "reason", "r")),
        HttpStatus.NOT_FOUND,
        "no-such-run");
    assertThat(events(runId)).hasSize(before);
  }

  @Test
  void answersTheConfirmationPromptTheRunsEndOpenedInTasklist() {
    String runId = runIdOfTheStartup();
    ResponseEntity<List<Map<String, Object>>> prompts =
        asDemo()
            .exchange(
                REST
                    + "/task?processDefinitionKey=asrun-confirmation&processInstanceBusinessKey="
                    + runId,
                HttpMethod.GET,
                null,
                LIST);
    assertThat(prompts.getBody())
        .singleElement()
        .satisfies(task -> assertThat(task.get("assignee")).isEqualTo("demo"));

    assertProblem(
        post(API + "/runs/" + runId + "/confirmation", Map.of("response", "perhaps")),
        HttpStatus.BAD_REQUEST,
        "'response'");
    ResponseEntity<Map<String, Object>> answered =
        post(
            API + "/runs/" + runId + "/confirmation",
            Map.of("response", "partially", "note", "the pump was out"));

    assertThat(answered.getStatusCode()).as("%s", answered).isEqualTo(HttpStatus.OK);
    assertThat(answered.getBody())
        .containsEntry("executor_confirmation", "partially")
        .containsEntry("confirmation_note", "the pump was out");
    assertThat(
            asDemo()
                .exchange(
                    REST + "/task?processInstanceBusinessKey=" + runId,
                    HttpMethod.GET,
                    null,
                    LIST)
                .getBody())
        .isEmpty();
    assertThat(events(runId))
        .extracting(event -> event.get("event_type"))
        .endsWith("prompt_issued", "prompt_response");
  }

  private ResponseEntity<Map<String, Object>> post(String path, Map<String, Object> body) {
    return asDemo().exchange(path, HttpMethod.POST, new HttpEntity<>(body), OBJECT);
  }

  private List<Map<String, Object>> events(String runId) {
    ResponseEntity<List<Map<String, Object>>> response =
        asDemo().exchange(API + "/runs/" + runId + "/events", HttpMethod.GET, null, LIST);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private String runIdOfTheStartup() {
    Map<String, Object> page =
        object(asDemo(), API + "/runs?procedure_id=sop_daily_startup&max=500", HttpStatus.OK);
    return ((List<Map<String, Object>>) page.get("runs"))
        .stream()
            .filter(run -> processInstanceId.equals(run.get("process_instance_id")))
            .map(run -> (String) run.get("run_id"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no run of " + processInstanceId + ": " + page));
  }

  /** The executor's answers: the temperature is fine, the pump is skipped, the readings taken. */
  private static Map<String, Object> answers(String step) {
    Map<String, Object> variables = new LinkedHashMap<>();
    switch (step) {
      case "verify_temperature" -> variables.put("temperature_ok", typed("Boolean", true));
      case "start_pump" -> {
        variables.put("asrun_outcome", typed("String", "skipped"));
        variables.put("asrun_skip_reason", typed("String", SKIP_REASON));
      }
      case "record_baseline" -> {
        variables.put("temperature_f", typed("Long", 182));
        variables.put("flow_l_min", typed("Long", 45));
      }
      default -> variables.put("asrun_outcome", typed("String", "done"));
    }
    variables.putIfAbsent("asrun_outcome", typed("String", "done"));
    return variables;
  }

  private static Map<String, Object> typed(String type, Object value) {
    return Map.of("value", value, "type", type);
  }

  private TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }

  private List<Map<String, Object>> openTasks(TestRestTemplate client) {
    ResponseEntity<List<Map<String, Object>>> response =
        client.exchange(
            REST + "/task?processInstanceId=" + processInstanceId + "&sortBy=created&sortOrder=asc",
            HttpMethod.GET,
            null,
            LIST);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private static Map<String, Object> object(
      TestRestTemplate client, String path, HttpStatus expected) {
    ResponseEntity<Map<String, Object>> response =
        client.exchange(path, HttpMethod.GET, null, OBJECT);
    assertThat(response.getStatusCode()).as("GET %s: %s", path, response).isEqualTo(expected);
    return response.getBody();
  }

  private Map<String, Object> engineObject(
      TestRestTemplate client, HttpMethod method, String path, Object body) {
    ResponseEntity<Map<String, Object>> response =
        client.exchange(REST + path, method, body == null ? null : new HttpEntity<>(body), OBJECT);
    assertThat(response.getStatusCode())
        .as("%s %s: %s", method, path, response)
        .isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
