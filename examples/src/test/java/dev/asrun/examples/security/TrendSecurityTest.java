package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
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
 * The trend and the step durations of a procedure, over the REST API and the Cockpit plugin's
 * resources, as an outsider would try them: without a login they are 401, without READ_HISTORY on
 * the procedure's definition 404 (as an unknown procedure), and neither read appends to the record.
 * With READ_HISTORY the run is counted (and the plugin refuses a bucket it does not know, naming
 * the valid ones).
 */
@SecuritySuite
class TrendSecurityTest {

  private static final String PROCEDURE = "/procedures/" + RecordFixture.PROCEDURE;
  private static final String API = "/asrun/api/v1" + PROCEDURE;
  private static final List<String> READS = List.of("/trend?bucket=week", "/step-durations");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identity;
  @Autowired private AuthorizationService authorizations;
  @Autowired private DataSource dataSource;
  @LocalServerPort private int port;

  private RecordFixture fixture;
  private String equipment;
  private String reader;

  @BeforeEach
  void aRunAndACockpitUserWhoMayOnlyStartTheProcedure() {
    fixture = new RecordFixture(http, authorizations);
    equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    fixture.start(fixture.asDemo(), equipment, "trend");
    reader =
        fixture.cockpitUser(
            identity,
            "trends",
            ProcessDefinitionPermissions.READ,
            ProcessDefinitionPermissions.CREATE_INSTANCE);
  }

  @Test
  void withoutALoginTheTrendAndStepDurationsAreRefusedAndAppendNothing() throws Exception {
    RecordState before = RecordState.of(dataSource);
    CockpitSession anonymous = CockpitSession.anonymous(port);

    for (String read : READS) {
      assertThat(http.exchange(API + read, HttpMethod.GET, null, String.class).getStatusCode())
          .as(read)
          .isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(anonymous.get(PROCEDURE.substring(1) + read).statusCode()).as(read).isEqualTo(401);
    }
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void withoutReadHistoryTheProcedureIsNotFoundAndNothingIsAppended() throws Exception {
    RecordState before = RecordState.of(dataSource);
    CockpitSession cockpit = CockpitSession.login(port, reader, reader);

    for (String read : READS) {
      assertProblem(get(fixture.as(reader), API + read), HttpStatus.NOT_FOUND, "sop_daily_startup");
      HttpResponse<String> plugin = cockpit.get(PROCEDURE.substring(1) + read);
      assertThat(plugin.statusCode()).as(read).isEqualTo(404);
      assertThat(plugin.body()).doesNotContain("buckets").doesNotContain("steps");
    }
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void readHistoryOnTheDefinitionLetsTheUserSeeTheRunInTheTrend() throws Exception {
    fixture.grant(
        reader,
        Resources.PROCESS_DEFINITION,
        RecordFixture.PROCEDURE,
        ProcessDefinitionPermissions.READ_HISTORY);
    CockpitSession cockpit = CockpitSession.login(port, reader, reader);
    String trend = "/trend?bucket=month&equipment_id=" + equipment;

    Map<String, Object> rest = get(fixture.as(reader), API + trend).getBody();
    HttpResponse<String> plugin = cockpit.get(PROCEDURE.substring(1) + trend);

    assertThat(runs(rest)).containsExactly(1);
    assertThat(plugin.statusCode()).as(plugin.body()).isEqualTo(200);
    assertThat(runs(JSON.readValue(plugin.body(), new TypeReference<>() {}))).containsExactly(1);
    HttpResponse<String> year = cockpit.get(PROCEDURE.substring(1) + "/trend?bucket=year");
    assertThat(year.statusCode()).isEqualTo(400);
    assertThat(year.body()).contains("unknown bucket 'year'; valid: day, week, month");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> runs(Map<String, Object> trend) {
    return ((List<Map<String, Object>>) trend.get("buckets"))
        .stream().map(bucket -> bucket.get("runs")).toList();
  }

  private static ResponseEntity<Map<String, Object>> get(TestRestTemplate as, String path) {
    return as.exchange(path, HttpMethod.GET, null, OBJECT);
  }
}
