package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * A run worked as Tasklist and Cockpit work it, over the engine's REST API: the first step skipped
 * with a reason, the check answered with a claimed "performed at" time, then an operator jumps over
 * the pump with a process instance modification that skips custom listeners, and the readings are
 * recorded. The as-run record has all of it, with the executor, the server and claimed times and
 * the values, and the log verifies.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-tasklist;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class TasklistRunRecordTest {

  private static final String REST = "/engine-rest";
  private static final String API = "/asrun/api/v1";
  private static final String SKIP_REASON = "Line was left powered overnight by the night shift";
  private static final String CLAIMED = "2026-11-25T07:05:00Z";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;

  @Test
  @SuppressWarnings("unchecked")
  void recordsASkippedStepAClaimedTimeValuesAndAModificationThatSkipsCustomListeners() {
    Instant before = Instant.now();
    String processInstanceId = startDailyStartup();

    submit(processInstanceId, "power_on", skipped());
    submit(
        processInstanceId,
        "verify_temperature",
        Map.of(
            "temperature_ok", typed("Boolean", true),
            "asrun_outcome", typed("String", "done"),
            "asrun_performed_at", typed("String", CLAIMED)));
    openTask(processInstanceId, "start_pump");
    modify(
        processInstanceId,
        Map.of(
            "skipCustomListeners",
            true,
            "skipIoMappings",
            true,
            "annotation",
            "pump already running from the night shift",
            "instructions",
            List.of(
                Map.of("type", "startBeforeActivity", "activityId", "record_baseline"),
                Map.of("type", "cancel", "activityId", "start_pump"))));
    submit(
        processInstanceId,
        "record_baseline",
        Map.of(
            "temperature_f", typed("Long", 182),
            "flow_l_min", typed("Long", 45),
            "asrun_outcome", typed("String", "done")));

    String runId = runIdOf(processInstanceId);
    Map<String, Object> run = object(API + "/runs/" + runId);
    assertThat(run)
        .containsEntry("status", "completed")
        .containsEntry("process_instance_id", processInstanceId);
    assertThat(Instant.parse((String) run.get("start_time"))).isAfterOrEqualTo(before);
    assertThat(Instant.parse((String) run.get("end_time")))
        .isAfterOrEqualTo(Instant.parse((String) run.get("start_time")));
    assertThat((Map<String, Object>) run.get("context")).containsEntry("executor_id", "demo");

    Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
    for (Map<String, Object> step : (List<Map<String, Object>>) run.get("steps")) {
      steps.put((String) step.get("step_id"), step);
    }
    assertThat(steps.keySet())
        .containsExactly("power_on", "verify_temperature", "start_pump", "record_baseline");
    assertThat(steps.get("power_on"))
        .containsEntry("status", "skipped")
        .containsEntry("reason", SKIP_REASON)
        .containsEntry("executor_id", "demo");
    assertThat(steps.get("verify_temperature"))
        .containsEntry("status", "done")
        .containsEntry("occurred_at", CLAIMED)
        .containsEntry("executor_id", "demo");
    assertThat(Instant.parse((String) steps.get("verify_temperature").get("ended_at")))
        .isAfterOrEqualTo(before);
    assertThat(steps.get("start_pump")).containsEntry("status", "cancelled");
    assertThat(steps.get("record_baseline"))
        .containsEntry("status", "done")
        .containsEntry("executor_id", "demo");

    List<Map<String, Object>> events = list(API + "/runs/" + runId + "/events");
    assertThat(events).extracting(event -> event.get("event_id")).isEqualTo(run.get("event_ids"));
    assertThat(events)
        .filteredOn(event -> "operator_modification".equals(event.get("event_type")))
        .singleElement()
        .satisfies(
            event ->
                assertThat((Map<String, Object>) event.get("payload"))
                    .containsEntry("user_id", "demo")
                    .containsEntry("skip_custom_listeners", true)
                    .containsEntry("annotation", "pump already running from the night shift")
                    .containsEntry("cancelled_activities", List.of("start_pump"))
                    .containsEntry("started_activities", List.of("record_baseline")));
    assertThat(events)
        .filteredOn(event -> "step_skipped".equals(event.get("event_type")))
        .extracting(event -> ((Map<String, Object>) event.get("payload")).get("step_id"))
        .containsExactly("power_on", "start_pump");
    Map<String, Object> checked = stepEvent(events, "step_matched", "verify_temperature");
    assertThat(Instant.parse((String) checked.get("occurred_at"))).isEqualTo(CLAIMED);
    assertThat(Instant.parse((String) checked.get("timestamp"))).isAfterOrEqualTo(before);
    Map<String, Object> readings =
        (Map<String, Object>)
            ((Map<String, Object>) stepEvent(events, "step_matched", "record_baseline").get("payload"))
                .get("values");
    assertThat(readings)
        .as("number fields are text fields of the generated form (docs/procedures.md)")
        .containsEntry("temperature_f", "182")
        .containsEntry("flow_l_min", "45");
    assertThat(events)
        .extracting(event -> event.get("event_type"))
        .as("the run's end gives its final deviations, then opens its confirmation prompt")
        .endsWith("proc_completed", "deviation_detected", "prompt_issued");

    Map<String, Object> verify = object(API + "/verify");
    assertThat(verify).containsEntry("ok", true).containsEntry("problems", List.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stepEvent(
      List<Map<String, Object>> events, String type, String stepId) {
    return events.stream()
        .filter(event -> type.equals(event.get("event_type")))
        .filter(event -> stepId.equals(((Map<String, Object>) event.get("payload")).get("step_id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " of " + stepId + " in " + events));
  }

  private String startDailyStartup() {
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("businessKey", "tasklist-" + UUID.randomUUID());
    start.put(
        "variables",
        Map.of(
            "location", typed("String", "line_1"),
            "equipment_id", typed("String", "reactor_01")));
    return (String)
        exchange(
                HttpMethod.POST,
                REST + "/process-definition/key/sop_daily_startup/submit-form",
                start,
                HttpStatus.OK)
            .get("id");
  }

  private Map<String, Object> skipped() {
    return Map.of(
        "asrun_outcome", typed("String", "skipped"),
        "asrun_skip_reason", typed("String", SKIP_REASON));
  }

  private void submit(String processInstanceId, String step, Map<String, Object> variables) {
    String taskId = (String) openTask(processInstanceId, step).get("id");
    ResponseEntity<String> submitted =
        demo()
            .postForEntity(
                REST + "/task/{id}/submit-form",
                Map.of("variables", variables),
                String.class,
                taskId);
    assertThat(submitted.getStatusCode())
        .as("submitting %s: %s", step, submitted.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  private Map<String, Object> openTask(String processInstanceId, String step) {
    return list(
            REST
                + "/task?processInstanceId="
                + processInstanceId
                + "&taskDefinitionKey="
                + step)
        .stream()
        .findFirst()
        .orElseThrow(() -> new AssertionError("no open task of " + step));
  }

  private void modify(String processInstanceId, Map<String, Object> modification) {
    ResponseEntity<String> response =
        demo()
            .postForEntity(
                REST + "/process-instance/{id}/modification",
                modification,
                String.class,
                processInstanceId);
    assertThat(response.getStatusCode())
        .as("modification: %s", response.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  private String runIdOf(String processInstanceId) {
    List<Map<String, Object>> runs =
        (List<Map<String, Object>>)
            object(API + "/runs?procedure_id=sop_daily_startup&max=500").get("runs");
    return runs.stream()
        .filter(run -> processInstanceId.equals(run.get("process_instance_id")))
        .map(run -> (String) run.get("run_id"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no run of instance " + processInstanceId));
  }

  private static Map<String, Object> typed(String type, Object value) {
    return Map.of("value", value, "type", type);
  }

  private TestRestTemplate demo() {
    return http.withBasicAuth("demo", "demo");
  }

  private Map<String, Object> object(String path) {
    return exchange(HttpMethod.GET, path, null, HttpStatus.OK);
  }

  private Map<String, Object> exchange(
      HttpMethod method, String path, Object body, HttpStatus expected) {
    ResponseEntity<Map<String, Object>> response =
        demo().exchange(path, method, body == null ? null : new HttpEntity<>(body), OBJECT);
    assertThat(response.getStatusCode()).as("%s %s: %s", method, path, response).isEqualTo(expected);
    return response.getBody();
  }

  private List<Map<String, Object>> list(String path) {
    ResponseEntity<List<Map<String, Object>>> response =
        demo().exchange(path, HttpMethod.GET, null, LIST);
    assertThat(response.getStatusCode()).as("GET %s: %s", path, response).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
