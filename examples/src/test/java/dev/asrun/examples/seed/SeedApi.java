package dev.asrun.examples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The app as its users reach it, logged in as {@code demo}: Tasklist and Cockpit through the
 * engine REST API (as those webapps call it), sensors through {@code POST /observations}, and the
 * as-run API's answers.
 */
final class SeedApi {

  /** The seed procedures as the build copied them (so also in a module built from these tests). */
  static final String PROCEDURES_DIR = "asrun.procedures-dir=target/test-classes/seed-procedures";

  private static final String REST = "/engine-rest";
  private static final String API = "/asrun/api/v1";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  private final TestRestTemplate http;

  SeedApi(TestRestTemplate http) {
    this.http = http.withBasicAuth("demo", "demo");
  }

  /** Equipment no other test uses, so observations reach only this test's runs. */
  static String freshEquipment() {
    return "reactor_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Tasklist: starts a run with the procedure's start form; returns its process instance. */
  String startForm(String procedureId, String equipment) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("location", typed("String", "plant_north"));
    variables.put("equipment_id", typed("String", equipment));
    Map<String, Object> body =
        Map.of("businessKey", "seed-" + UUID.randomUUID(), "variables", variables);
    return (String)
        exchange(
                HttpMethod.POST,
                REST + "/process-definition/key/" + procedureId + "/submit-form",
                body,
                HttpStatus.OK)
            .get("id");
  }

  /** Tasklist: submits the open step's form as done, with {@code values}. */
  void done(String processInstanceId, String step, Map<String, Object> values) {
    Map<String, Object> variables = new LinkedHashMap<>(values);
    variables.put("asrun_outcome", typed("String", "done"));
    submit(processInstanceId, step, variables);
  }

  void done(String processInstanceId, String step) {
    done(processInstanceId, step, Map.of());
  }

  /** Tasklist: submits the open step's form as skipped, with the reason. */
  void skip(String processInstanceId, String step, String reason) {
    submit(
        processInstanceId,
        step,
        Map.of(
            "asrun_outcome", typed("String", "skipped"),
            "asrun_skip_reason", typed("String", reason)));
  }

  /** Whether the run's process instance has an open task of {@code step}. */
  boolean isOpen(String processInstanceId, String step) {
    return !tasks(processInstanceId, step).isEmpty();
  }

  /** Cockpit: a process instance modification. */
  void modify(String processInstanceId, List<Map<String, Object>> instructions) {
    exchange(
        HttpMethod.POST,
        REST + "/process-instance/" + processInstanceId + "/modification",
        Map.of("instructions", instructions, "annotation", "seed example"),
        HttpStatus.NO_CONTENT);
  }

  /**
   * Cockpit: executes the instance's timer on {@code activityId} now ("execute job"), as if its
   * time had come. Its due date is left alone: made due now, the job executor could take it too.
   */
  void fireTimer(String processInstanceId, String activityId) {
    List<Map<String, Object>> jobs =
        list(
            REST
                + "/job?timers=true&processInstanceId="
                + processInstanceId
                + "&activityId="
                + activityId);
    assertThat(jobs).as("timer %s of %s", activityId, processInstanceId).hasSize(1);
    String job = (String) jobs.get(0).get("id");
    exchange(HttpMethod.POST, REST + "/job/" + job + "/execute", null, HttpStatus.NO_CONTENT);
  }

  /**
   * The timer start event's job of the process {@code processDefinitionKey}, executed now (not a
   * timer of one of its instances, such as the one holding a trigger window open).
   */
  void fireTimerStart(String processDefinitionKey) {
    List<Map<String, Object>> jobs =
        list(REST + "/job?timers=true&processDefinitionKey=" + processDefinitionKey).stream()
            .filter(job -> job.get("processInstanceId") == null)
            .toList();
    assertThat(jobs).as("timer start of %s", processDefinitionKey).isNotEmpty();
    exchange(
        HttpMethod.POST,
        REST + "/job/" + jobs.get(0).get("id") + "/execute",
        null,
        HttpStatus.NO_CONTENT);
  }

  /** The child process instances a call activity of {@code processInstanceId} started. */
  List<Map<String, Object>> children(String processInstanceId) {
    return list(REST + "/process-instance?superProcessInstance=" + processInstanceId);
  }

  /** {@code POST /observations}: {@code action} seen now, by {@code demo}, on the equipment. */
  Map<String, Object> observe(String action, String source, String equipment) {
    Map<String, Object> observation = new LinkedHashMap<>();
    observation.put("action", action);
    observation.put("timestamp", Instant.now().toString());
    observation.put("source", source);
    observation.put("context", Map.of("location", "plant_north", "equipment_id", equipment));
    observation.put("idempotency_key", "seed-" + UUID.randomUUID());
    return exchange(HttpMethod.POST, API + "/observations", observation, HttpStatus.OK);
  }

  /** The run of the process instance, from the as-run API's list. */
  @SuppressWarnings("unchecked")
  String runIdOf(String procedureId, String processInstanceId) {
    List<Map<String, Object>> runs =
        (List<Map<String, Object>>)
            exchange(
                    HttpMethod.GET,
                    API + "/runs?procedure_id=" + procedureId + "&max=500",
                    null,
                    HttpStatus.OK)
                .get("runs");
    return runs.stream()
        .filter(run -> processInstanceId.equals(run.get("process_instance_id")))
        .map(run -> (String) run.get("run_id"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run of instance " + processInstanceId));
  }

  /** {@code GET /runs/{run_id}}. */
  Map<String, Object> run(String runId) {
    return exchange(HttpMethod.GET, API + "/runs/" + runId, null, HttpStatus.OK);
  }

  /** {@code GET /runs/{run_id}/events}: the run's trail. */
  List<Map<String, Object>> events(String runId) {
    return list(API + "/runs/" + runId + "/events");
  }

  /** {@code GET /procedures}, by procedure id. */
  Map<String, Map<String, Object>> procedures() {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> procedure : list(API + "/procedures")) {
      byId.put((String) procedure.get("procedure_id"), procedure);
    }
    return byId;
  }

  static Map<String, Object> typed(String type, Object value) {
    return Map.of("value", value, "type", type);
  }

  private void submit(String processInstanceId, String step, Map<String, Object> variables) {
    List<Map<String, Object>> open = tasks(processInstanceId, step);
    assertThat(open).as("open task of %s", step).hasSize(1);
    exchange(
        HttpMethod.POST,
        REST + "/task/" + open.get(0).get("id") + "/submit-form",
        Map.of("variables", variables),
        HttpStatus.NO_CONTENT);
  }

  private List<Map<String, Object>> tasks(String processInstanceId, String step) {
    return list(
        REST + "/task?processInstanceId=" + processInstanceId + "&taskDefinitionKey=" + step);
  }

  private Map<String, Object> exchange(
      HttpMethod method, String path, Object body, HttpStatus expected) {
    ResponseEntity<Map<String, Object>> response =
        http.exchange(path, method, body == null ? null : new HttpEntity<>(body), OBJECT);
    assertThat(response.getStatusCode())
        .as("%s %s: %s", method, path, response.getBody())
        .isEqualTo(expected);
    return response.getBody();
  }

  private List<Map<String, Object>> list(String path) {
    ResponseEntity<List<Map<String, Object>>> response =
        http.exchange(path, HttpMethod.GET, null, LIST);
    assertThat(response.getStatusCode())
        .as("GET %s: %s", path, response.getBody())
        .isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
