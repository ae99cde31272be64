package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Drives the running app through the engine REST API with HTTP Basic, making the same calls
 * Tasklist makes: start a procedure with its start form, then fetch, render and submit each step's
 * generated form until the run has ended.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-rest;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class EngineRestWorkflowTest {

  private static final String REST = "/engine-rest";
  private static final int MAX_STEPS = 40;
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  /** What the executor enters in the forms of the startup SOP and its calibration. */
  private static final Map<String, Object> ANSWERS =
      Map.ofEntries(
          Map.entry("temperature_ok", false),
          Map.entry("sensor_damaged", false),
          Map.entry("reference_certificate_valid", true),
          Map.entry("ice_point_f", 32.1),
          Map.entry("hot_point_f", 180.2),
          Map.entry("calibration_result", "passed"),
          Map.entry("offset_as_left_f", 0),
          Map.entry("next_calibration_due", new Date()),
          Map.entry("calibration_remarks", "Both points within ±0.2°F, no adjustment"),
          Map.entry("temperature_f", 182),
          Map.entry("flow_l_min", 45));

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identityService;

  @Test
  void deploysEveryBuiltInProcedureWithItsSourceInOneDeployment() throws IOException {
    List<String> builtIn = builtInIds();

    List<Map<String, Object>> latest =
        list(asDemo(), "/process-definition?latestVersion=true&sortBy=key&sortOrder=asc");
    List<Map<String, Object>> deployments =
        list(asDemo(), "/deployment?name=" + ProcedureDeployer.DEPLOYMENT_NAME);

    assertThat(builtIn)
        .contains(
            "sop_daily_startup",
            "sop_calibrate_sensor",
            "lab_buffer_preparation",
            "runbook_service_release",
            "recipe_sourdough_bread",
            "emergency_reactor_overheat");
    assertThat(latest).extracting(d -> d.get("key")).containsAll(builtIn);
    assertThat(deployments).hasSize(1);
    assertThat(latest)
        .filteredOn(d -> builtIn.contains((String) d.get("key")))
        .extracting(d -> d.get("deploymentId"))
        .containsOnly(deployments.get(0).get("id"));
    List<Map<String, Object>> resources =
        list(asDemo(), "/deployment/" + deployments.get(0).get("id") + "/resources");
    assertThat(resources)
        .extracting(r -> r.get("name"))
        .as("each procedure's TOML source beside its BPMN, for the redlines")
        .containsAll(builtIn.stream().map(id -> id + ".toml").toList())
        .containsAll(builtIn.stream().map(id -> id + ".bpmn").toList());
  }

  @Test
  void startsEveryBuiltInProcedureFromItsStartFormAndRendersItsFirstStep() throws IOException {
    TestRestTemplate demo = asDemo();
    for (String id : builtInIds()) {
      ResponseEntity<String> startForm =
          demo.getForEntity(REST + "/process-definition/key/{id}/rendered-form", String.class, id);
      assertThat(startForm.getStatusCode()).as("start form of %s", id).isEqualTo(HttpStatus.OK);
      assertThat(startForm.getBody()).as("start form of %s", id).contains("equipment_id");

      String run =
          (String)
              object(
                      demo,
                      HttpMethod.POST,
                      "/process-definition/key/" + id + "/submit-form",
                      Map.of("variables", Map.of("notes", typed("String", "smoke test"))))
                  .get("id");
      List<Map<String, Object>> tasks = openTasks(demo, run);
      assertThat(tasks).as("open steps of a new run of %s", id).hasSize(1);
      ResponseEntity<String> step =
          demo.getForEntity(
              REST + "/task/{id}/rendered-form", String.class, tasks.get(0).get("id"));
      assertThat(step.getStatusCode()).as("first step of %s", id).isEqualTo(HttpStatus.OK);
      assertThat(step.getBody()).as("first step of %s", id).contains("asrun_outcome");
    }
  }

  @Test
  void worksTheDailyStartupAndItsCalibrationToTheEndThroughTheRestApi() {
    TestRestTemplate demo = asDemo();
    String businessKey = "startup-" + UUID.randomUUID();
    Map<String, Object> startForm =
        object(
            demo, HttpMethod.GET, "/process-definition/key/sop_daily_startup/form-variables", null);
    assertThat(startForm).containsKeys("location", "equipment_id", "notes");

    Map<String, Object> start = new LinkedHashMap<>();
    start.put("businessKey", businessKey);
    start.put(
        "variables",
        Map.of(
            "location", typed("String", "line_2"),
            "equipment_id", typed("String", "reactor_02"),
            "notes", typed("String", "Monday start-up after maintenance")));
    String root =
        (String)
            object(
                    demo,
                    HttpMethod.POST,
                    "/process-definition/key/sop_daily_startup/submit-form",
                    start)
                .get("id");

    List<String> worked = new ArrayList<>();
    List<String> workedInSubProcedure = new ArrayList<>();
    for (List<Map<String, Object>> open = openTasks(demo, root);
        !open.isEmpty();
        open = openTasks(demo, root)) {
      assertThat(worked)
          .as("steps worked so far, without reaching the end")
          .hasSizeLessThan(MAX_STEPS);
      Map<String, Object> task = open.get(0);
      String taskId = (String) task.get("id");
      worked.add((String) task.get("taskDefinitionKey"));
      if (!root.equals(task.get("processInstanceId"))) {
        workedInSubProcedure.add((String) task.get("taskDefinitionKey"));
      }

      ResponseEntity<String> rendered =
          demo.getForEntity(REST + "/task/{id}/rendered-form", String.class, taskId);
      assertThat(rendered.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(rendered.getBody()).contains("asrun_outcome");

      Map<String, Object> form =
          object(demo, HttpMethod.GET, "/task/" + taskId + "/form-variables", null);
      assertThat(form).containsKeys("asrun_outcome", "asrun_skip_reason", "asrun_performed_at");
      assertThat(((Map<?, ?>) form.get("asrun_outcome")).get("value")).isEqualTo("done");

      ResponseEntity<String> submitted =
          demo.postForEntity(
              REST + "/task/{id}/submit-form",
              Map.of("variables", answers(form)),
              String.class,
              taskId);
      assertThat(submitted.getStatusCode())
          .as("submitting %s: %s", task.get("taskDefinitionKey"), submitted.getBody())
          .isEqualTo(HttpStatus.NO_CONTENT);
    }

    assertThat(worked)
        .containsExactly(
            "power_on",
            "verify_temperature",
            "isolate_sensor",
            "inspect_sensor",
            "reference_probe",
            "ice_point",
            "hot_point",
            "calibration_record",
            "return_to_service",
            "start_pump",
            "record_baseline");
    assertThat(workedInSubProcedure)
        .containsExactly(
            "isolate_sensor",
            "inspect_sensor",
            "reference_probe",
            "ice_point",
            "hot_point",
            "calibration_record",
            "return_to_service");

    Map<String, Object> run =
        object(demo, HttpMethod.GET, "/history/process-instance/" + root, null);
    assertThat(run.get("state")).isEqualTo("COMPLETED");
    List<Map<String, Object>> subRuns =
        list(demo, "/history/process-instance?superProcessInstanceId=" + root);
    assertThat(subRuns)
        .singleElement()
        .satisfies(
            sub -> {
              assertThat(sub.get("processDefinitionKey")).isEqualTo("sop_calibrate_sensor");
              assertThat(sub.get("state")).isEqualTo("COMPLETED");
              assertThat(sub.get("businessKey")).isEqualTo(businessKey);
            });
    assertThat(variable(demo, root, "temperature_ok")).isEqualTo(false);
    assertThat(variable(demo, root, "executor_id")).isEqualTo("demo");
    assertThat(variable(demo, (String) subRuns.get(0).get("id"), "equipment_id"))
        .isEqualTo("reactor_02");
  }

  @Test
  void refusesEngineRestRequestsWithoutValidCredentials() {
    String user = TestUsers.create(identityService, "someone", OperatorsGroup.ID);

    ResponseEntity<String> anonymous =
        http.getForEntity(REST + "/process-definition", String.class);
    ResponseEntity<String> wrongPassword =
        http.withBasicAuth(user, "not-the-password")
            .getForEntity(REST + "/process-definition", String.class);

    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
    assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(asDemo().getForEntity(REST + "/process-definition", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void letsAnOperatorStartAndWorkStepsButNotAnOutsider() {
    String operator = TestUsers.create(identityService, "operator", OperatorsGroup.ID);
    String outsider = TestUsers.create(identityService, "outsider", null);
    TestRestTemplate asOperator = http.withBasicAuth(operator, operator);
    TestRestTemplate asOutsider = http.withBasicAuth(outsider, outsider);
    Map<String, Object> start =
        Map.of("businessKey", "calibration-" + operator, "variables", Map.of());

    ResponseEntity<String> outsiderStart =
        asOutsider.postForEntity(
            REST + "/process-definition/key/sop_calibrate_sensor/submit-form", start, String.class);
    String run =
        (String)
            object(
                    asOperator,
                    HttpMethod.POST,
                    "/process-definition/key/sop_calibrate_sensor/submit-form",
                    start)
                .get("id");
    List<Map<String, Object>> operatorTasks =
        list(asOperator, "/task?candidateGroup=" + OperatorsGroup.ID + "&processInstanceId=" + run);
    List<Map<String, Object>> outsiderTasks = list(asOutsider, "/task?processInstanceId=" + run);

    assertThat(list(asOutsider, "/process-definition")).isEmpty();
    assertThat(outsiderStart.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(outsiderTasks).isEmpty();
    assertThat(operatorTasks)
        .singleElement()
        .satisfies(task -> assertThat(task.get("taskDefinitionKey")).isEqualTo("isolate_sensor"));
    ResponseEntity<String> submitted =
        asOperator.postForEntity(
            REST + "/task/{id}/submit-form",
            Map.of("variables", Map.of("asrun_outcome", typed("String", "done"))),
            String.class,
            operatorTasks.get(0).get("id"));
    assertThat(submitted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(list(asOperator, "/task?processInstanceId=" + run))
        .singleElement()
        .satisfies(task -> assertThat(task.get("taskDefinitionKey")).isEqualTo("inspect_sensor"));
  }

  /** The ids of the built-in catalog, from its file names. */
  private static List<String> builtInIds() throws IOException {
    return Arrays.stream(
            new PathMatchingResourcePatternResolver().getResources(ProcedureCatalog.BUILT_IN))
        .map(Resource::getFilename)
        .map(name -> name.substring(0, name.length() - ".toml".length()))
        .sorted()
        .toList();
  }

  private TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }

  /** The open tasks of a run and of the runs nested in it, oldest first. */
  private List<Map<String, Object>> openTasks(TestRestTemplate client, String root) {
    List<String> runs = new ArrayList<>();
    Deque<String> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      String run = pending.pop();
      runs.add(run);
      for (Map<String, Object> sub :
          list(client, "/process-instance?superProcessInstance=" + run)) {
        pending.push((String) sub.get("id"));
      }
    }
    return list(
        client,
        "/task?processInstanceIdIn=" + String.join(",", runs) + "&sortBy=created&sortOrder=asc");
  }

  /** The form's values with the executor's answers filled in, typed as the form declares. */
  private static Map<String, Object> answers(Map<String, Object> form) {
    Map<String, Object> variables = new LinkedHashMap<>();
    form.forEach(
        (name, field) -> {
          Map<?, ?> declared = (Map<?, ?>) field;
          String type = (String) declared.get("type");
          if (ANSWERS.containsKey(name)) {
            variables.put(name, typed(type, ANSWERS.get(name)));
          } else if (declared.get("value") != null) {
            variables.put(name, typed(type, declared.get("value")));
          }
        });
    return variables;
  }

  /**
   * A REST variable as Tasklist submits it: a date as a {@code Date} in the engine's date format,
   * anything else as the type the form declares (generated number fields are strings).
   */
  private static Map<String, Object> typed(String type, Object value) {
    Map<String, Object> typed = new LinkedHashMap<>();
    if (value instanceof Date date) {
      typed.put("value", new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(date));
      typed.put("type", "Date");
    } else {
      typed.put("value", "String".equals(type) ? String.valueOf(value) : value);
      typed.put("type", type);
    }
    return typed;
  }

  private Object variable(TestRestTemplate client, String run, String name) {
    return list(
            client, "/history/variable-instance?processInstanceId=" + run + "&variableName=" + name)
        .stream()
        .findFirst()
        .map(v -> v.get("value"))
        .orElseThrow(() -> new AssertionError("run " + run + " has no variable " + name));
  }

  private List<Map<String, Object>> list(TestRestTemplate client, String path) {
    ResponseEntity<List<Map<String, Object>>> response =
        client.exchange(REST + path, HttpMethod.GET, null, LIST);
    assertThat(response.getStatusCode()).as("GET %s", path).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private Map<String, Object> object(
      TestRestTemplate client, HttpMethod method, String path, Object body) {
    ResponseEntity<Map<String, Object>> response =
        client.exchange(REST + path, method, body == null ? null : new HttpEntity<>(body), OBJECT);
    assertThat(response.getStatusCode())
        .as("%s %s: %s", method, path, response)
        .isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
