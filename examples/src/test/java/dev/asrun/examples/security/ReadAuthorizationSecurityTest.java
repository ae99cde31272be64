package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.examples.TestUsers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Reading the record over HTTP, as an outsider would try it: a user who may start the daily
 * start-up in Tasklist (READ and CREATE_INSTANCE on its definition) but holds no READ_HISTORY
 * reads none of its runs anywhere the record is served (the REST API's runs, events, exports,
 * analytics and compliance lists, the Cockpit plugin's resources); with READ_HISTORY granted in
 * Camunda's terms they do. Where the engine enforces Camunda's specific variable permission, the
 * recorded values (here the run's notes) need READ_HISTORY_VARIABLE as well, and every answer says
 * they were left out.
 */
@SecuritySuite
class ReadAuthorizationSecurityTest {

  private static final String API = "/asrun/api/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identity;
  @Autowired private AuthorizationService authorizations;
  @Autowired private ProcessEngine engine;
  @LocalServerPort private int port;

  private RecordFixture fixture;
  private String equipment;
  private String notes;
  private String instance;
  private String runId;
  private String reader;

  @BeforeEach
  void aRunAndAUserWhoMayStartTheProcedure() {
    fixture = new RecordFixture(http, authorizations);
    equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    notes = "notes_" + UUID.randomUUID();
    instance = fixture.start(fixture.asDemo(), equipment, notes);
    runId = RecordFixture.runIdOf(instance);
    reader = TestUsers.create(identity, "starter", null);
    fixture.grant(
        reader,
        Resources.PROCESS_DEFINITION,
        RecordFixture.PROCEDURE,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE);
    fixture.grant(reader, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
    fixture.grant(reader, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
  }

  @Test
  void aUserWhoMayOnlyStartTheProcedureReadsNoneOfItsRunsAnywhere() throws Exception {
    TestRestTemplate as = fixture.as(reader);
    ResponseEntity<Map<String, Object>> definition =
        as.exchange(
            "/engine-rest/process-definition/key/" + RecordFixture.PROCEDURE,
            HttpMethod.GET,
            null,
            OBJECT);
    assertThat(definition.getStatusCode()).as("READ lets them start it").isEqualTo(HttpStatus.OK);

    assertThat(get(as, API + "/runs?max=500").getBody()).containsEntry("count", 0);
    assertProblem(get(as, API + "/runs/" + runId), HttpStatus.NOT_FOUND, runId);
    assertProblem(get(as, API + "/runs/" + runId + "/events"), HttpStatus.NOT_FOUND, runId);
    assertThat(allEvents(as)).isEmpty();
    String procedure = API + "/procedures/" + RecordFixture.PROCEDURE;
    for (String export : List.of("runs.jsonl", "runs.csv", "runs.xes")) {
      assertProblem(get(as, procedure + "/" + export), HttpStatus.NOT_FOUND, "sop_daily_startup");
    }
    assertProblem(get(as, procedure + "/analytics"), HttpStatus.NOT_FOUND, "sop_daily_startup");
    assertProblem(
        get(as, procedure + "/runs-missing-step?step_id=start_pump"),
        HttpStatus.NOT_FOUND,
        "sop_daily_startup");
    assertThat(get(as, API + "/executors/demo/runs").getBody()).containsEntry("count", 0);
    assertThat(get(as, API + "/equipment/" + equipment + "/runs").getBody())
        .containsEntry("count", 0);

    CockpitSession cockpit = CockpitSession.login(port, reader, reader);
    assertThat(json(cockpit.get("runs?max=500"))).containsEntry("count", 0);
    assertThat(cockpit.get("runs/" + runId).statusCode()).isEqualTo(404);
    assertThat(cockpit.get("process-instances/" + instance + "/run").statusCode()).isEqualTo(404);
    assertThat(cockpit.get("procedures/" + RecordFixture.PROCEDURE + "/steps").statusCode())
        .isEqualTo(404);
    HttpResponse<String> procedures = cockpit.get("procedures");
    assertThat(procedures.statusCode()).isEqualTo(200);
    assertThat(procedures.body()).doesNotContain(runId).doesNotContain(equipment);
  }

  @Test
  void readHistoryOnTheDefinitionLetsTheUserReadItsRunsEverywhere() throws Exception {
    grantReaderOfTheDefinition(ProcessDefinitionPermissions.READ_HISTORY);
    TestRestTemplate as = fixture.as(reader);

    assertThat(get(as, API + "/equipment/" + equipment + "/runs").getBody())
        .containsEntry("count", 1);
    Map<String, Object> run = get(as, API + "/runs/" + runId).getBody();
    assertThat(run).containsEntry("run_id", runId).containsEntry("values_hidden", false);
    assertThat(context(run)).containsEntry("notes", notes);
    assertThat(
            as.exchange(API + "/runs/" + runId + "/events", HttpMethod.GET, null, LIST).getBody())
        .isNotEmpty();
    assertThat(allEvents(as)).anySatisfy(event -> assertThat(event.get("run_id")).isEqualTo(runId));
    ResponseEntity<String> export = as.getForEntity(jsonLines(), String.class);
    assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(export.getBody()).contains(runId).contains(notes);

    CockpitSession cockpit = CockpitSession.login(port, reader, reader);
    HttpResponse<String> page = cockpit.get("runs/" + runId);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(notes);
    assertThat(cockpit.get("procedures/" + RecordFixture.PROCEDURE + "/steps").statusCode())
        .isEqualTo(200);
    assertThat(cockpit.get("procedures").body()).contains(runId);
  }

  @Test
  void withTheSpecificVariablePermissionEnforcedTheValuesNeedReadHistoryVariable()
      throws Exception {
    grantReaderOfTheDefinition(ProcessDefinitionPermissions.READ_HISTORY);
    TestRestTemplate as = fixture.as(reader);
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration.setEnforceSpecificVariablePermission(true);
    try {
      ResponseEntity<String> run = as.getForEntity(API + "/runs/" + runId, String.class);
      assertThat(run.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(run.getBody()).doesNotContain(notes);
      Map<String, Object> record = JSON.readValue(run.getBody(), new TypeReference<>() {});
      assertThat(record).containsEntry("values_hidden", true);
      assertThat(context(record)).containsEntry("notes", null);

      ResponseEntity<String> events =
          as.getForEntity(API + "/runs/" + runId + "/events", String.class);
      assertThat(events.getBody()).doesNotContain(notes);
      List<Map<String, Object>> trail = JSON.readValue(events.getBody(), new TypeReference<>() {});
      assertThat(trail)
          .filteredOn(event -> "proc_triggered".equals(event.get("event_type")))
          .singleElement()
          .satisfies(event -> assertThat(event).containsEntry("values_hidden", true));
      assertThat(
              as.getForEntity(API + "/events?limit=1000", String.class).getBody()
                  + as.getForEntity(API + "/equipment/" + equipment + "/runs", String.class)
                      .getBody())
          .doesNotContain(notes)
          .contains("\"values_hidden\":true");
      String export = as.getForEntity(jsonLines(), String.class).getBody();
      assertThat(export).contains(runId).doesNotContain(notes).contains("\"values_hidden\":true");

      CockpitSession cockpit = CockpitSession.login(port, reader, reader);
      HttpResponse<String> page = cockpit.get("runs/" + runId);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).doesNotContain(notes).contains("\"values_hidden\":true");
      assertThat(cockpit.get("runs?equipment_id=" + equipment).body()).doesNotContain(notes);

      grantReaderOfTheDefinition(ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
      Map<String, Object> granted = get(as, API + "/runs/" + runId).getBody();
      assertThat(granted).containsEntry("values_hidden", false);
      assertThat(context(granted)).containsEntry("notes", notes);
      assertThat(as.getForEntity(API + "/runs/" + runId + "/events", String.class).getBody())
          .contains(notes);
    } finally {
      configuration.setEnforceSpecificVariablePermission(false);
    }
  }

  /** The JSON Lines export of this test's run (by its equipment). */
  private String jsonLines() {
    return API + "/procedures/" + RecordFixture.PROCEDURE + "/runs.jsonl?equipment_id=" + equipment;
  }

  private void grantReaderOfTheDefinition(ProcessDefinitionPermissions permission) {
    fixture.grant(reader, Resources.PROCESS_DEFINITION, RecordFixture.PROCEDURE, permission);
  }

  private static ResponseEntity<Map<String, Object>> get(TestRestTemplate as, String path) {
    return as.exchange(path, HttpMethod.GET, null, OBJECT);
  }

  /** Every event of the log the user may read, page by page. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> allEvents(TestRestTemplate as) {
    List<Map<String, Object>> events = new ArrayList<>();
    long after = 0;
    while (true) {
      Map<String, Object> page = get(as, API + "/events?limit=1000&after=" + after).getBody();
      List<Map<String, Object>> batch = (List<Map<String, Object>>) page.get("events");
      if (batch.isEmpty()) {
        return events;
      }
      events.addAll(batch);
      after = ((Number) page.get("next_after")).longValue();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(Map<String, Object> run) {
    return (Map<String, Object>) run.get("context");
  }

  private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readValue(response.body(), new TypeReference<>() {});
  }
}
