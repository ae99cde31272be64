package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.Observing;
import dev.asrun.examples.TestRuns;
import dev.asrun.examples.TestUsers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The people and sensors of the observation tests, over HTTP: runs started in Tasklist (the engine
 * REST API's start form), observations posted with a user's Basic credentials, users with no grant
 * at all and users whose group holds what an observation needs, granted as an administrator does in
 * Camunda Admin.
 */
final class Reporters {

  static final String STARTUP = "sop_daily_startup";
  static final String RELEASE = "runbook_service_release";

  static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  private static final String OPERATORS = "operators";
  private static final String SENSORS = "sensors";

  private final TestRestTemplate http;
  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final DataSource dataSource;
  private String owner;

  /** The reporters of the app of the suite's application context. */
  Reporters(ApplicationContext app) {
    this.http = app.getBean(TestRestTemplate.class);
    this.identity = app.getBean(IdentityService.class);
    this.authorizations = app.getBean(AuthorizationService.class);
    this.dataSource = app.getBean(DataSource.class);
  }

  /** The record and the engine's state now ({@link RecordState}). */
  RecordState state() {
    return RecordState.of(dataSource);
  }

  /** A fresh name, so tests sharing the suite's database never meet on equipment or location. */
  static String fresh(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A user with no grant at all: logged in, nothing more. */
  String outsider() {
    return TestUsers.create(identity, "outsider", null);
  }

  /**
   * A user in a group of its own that holds, on the daily start-up and the release runbook, what an
   * observation needs to complete a step, start a run and move a run on, and to read their record:
   * {@code READ_HISTORY}, {@code CREATE_INSTANCE}, {@code UPDATE_INSTANCE} and {@code UPDATE_TASK}
   * on the definitions, {@code CREATE} on process instances.
   */
  String granted() {
    String group = "sensors" + UUID.randomUUID().toString().substring(0, 8);
    String user = TestUsers.create(identity, "sensor", group);
    for (String procedure : List.of(STARTUP, RELEASE)) {
      grant(
          group,
          Resources.PROCESS_DEFINITION,
          procedure,
          ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.READ_HISTORY,
          ProcessDefinitionPermissions.CREATE_INSTANCE,
          ProcessDefinitionPermissions.UPDATE_INSTANCE,
          ProcessDefinitionPermissions.UPDATE_TASK);
    }
    grant(group, Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.CREATE);
    return user;
  }

  /**
   * A member of the example app's {@code sensors} group, which holds those grants for every
   * procedure (set up at startup as an administrator would).
   */
  String sensor() {
    return TestUsers.create(identity, "sensor", SENSORS);
  }

  private void grant(String group, Resource resource, String id, Permission... permissions) {
    Authorization authorization =
        authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(id);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }

  /** An operator: a user in the example app's {@code operators} group, which works Tasklist. */
  String operator() {
    return TestUsers.create(identity, "operator", OPERATORS);
  }

  /**
   * The operator who owns the test's runs: created on first use, one per test. Not demo, whom a
   * wrong password elsewhere in the suite locks for a while.
   */
  String owner() {
    if (owner == null) {
      owner = operator();
    }
    return owner;
  }

  /**
   * Starts a daily start-up as the {@link #owner()} in Tasklist, with a location and equipment
   * where not null; its process instance id.
   */
  String startStartup(String location, String equipment) {
    return startStartup(owner(), location, equipment);
  }

  /** Starts a daily start-up as {@code user} in Tasklist; its process instance id. */
  String startStartup(String user, String location, String equipment) {
    return TestRuns.startDailyStartup(as(user), location, equipment);
  }

  /** The run of process instance {@code instance}. */
  static String runIdOf(String instance) {
    return Observing.runIdOf(instance);
  }

  /** {@code body} (an observation or a batch) posted by {@code user}. */
  <T> ResponseEntity<T> post(String user, Object body, ParameterizedTypeReference<T> type) {
    return as(user)
        .exchange("/asrun/api/v1/observations", HttpMethod.POST, new HttpEntity<>(body), type);
  }

  /** {@code body}, one observation, posted by {@code user} and answered 200. */
  Map<String, Object> observe(String user, Map<String, Object> body) {
    ResponseEntity<Map<String, Object>> answer = post(user, body, OBJECT);
    assertThat(answer.getStatusCode()).as("%s", answer).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  /** An observation of {@code action} seen now by a sensor, in a context of what is not null. */
  static Map<String, Object> observation(String action, String location, String equipment) {
    Map<String, Object> context = new LinkedHashMap<>();
    if (location != null) {
      context.put("location", location);
    }
    if (equipment != null) {
      context.put("equipment_id", equipment);
    }
    Map<String, Object> observation = new LinkedHashMap<>();
    observation.put("action", action);
    observation.put("timestamp", Instant.now().toString());
    observation.put("source", "inference");
    observation.put("context", context);
    return observation;
  }

  /** The answer's {@code matched} entry of the start-up's power-on in {@code instance}'s run. */
  static Map<String, Object> powerOn(String instance) {
    return Map.of("run_id", runIdOf(instance), "procedure_id", STARTUP, "step_id", "power_on");
  }

  /** Whether the run of process instance {@code instance} has the task of {@code step} open. */
  boolean isOpen(String instance, String step) {
    ResponseEntity<List<Map<String, Object>>> tasks =
        as(owner())
            .exchange(
                "/engine-rest/task?processInstanceId=" + instance + "&taskDefinitionKey=" + step,
                HttpMethod.GET,
                null,
                LIST);
    assertThat(tasks.getStatusCode()).as("%s", tasks).isEqualTo(HttpStatus.OK);
    return !tasks.getBody().isEmpty();
  }

  /**
   * The types of the events {@code changes} appended, after checking that they are all the
   * observation {@code observationId}'s own: events of its reporter's stream ({@code reporter:<user
   * id>}, which belongs to no run) naming it, and that stream's head; no run's stream, index row,
   * step, task, execution, variable or job changed.
   */
  static List<String> ownEventsOnly(List<String> changes, String observationId) {
    List<String> types = new ArrayList<>();
    for (String change : changes) {
      if (change.startsWith("asrun_stream_head: ")) {
        assertThat(change)
            .as("only the reporter's stream's head moves")
            .contains("stream=reporter:");
      } else {
        assertThat(change)
            .as("only the observation's own events are appended")
            .startsWith("asrun_event: + ")
            .contains("stream=reporter:", observationId);
        types.add(change.replaceAll(".*event_type=([a-z_]+).*", "$1"));
      }
    }
    return types;
  }

  private TestRestTemplate as(String user) {
    return http.withBasicAuth(user, user);
  }
}
