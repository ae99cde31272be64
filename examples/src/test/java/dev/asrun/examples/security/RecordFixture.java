package dev.asrun.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.Observing;
import dev.asrun.examples.TestRuns;
import dev.asrun.examples.TestUsers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Runs of the daily start-up and Camunda grants for the read and feedback security tests: runs are
 * started and worked as Tasklist does, through the engine REST API, by the user named.
 */
final class RecordFixture {

  static final String PROCEDURE = "sop_daily_startup";

  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  private final TestRestTemplate http;
  private final AuthorizationService authorizations;

  RecordFixture(TestRestTemplate http, AuthorizationService authorizations) {
    this.http = http;
    this.authorizations = authorizations;
  }

  /**
   * Grants {@code permissions} on {@code resource} {@code resourceId} to {@code userId}, adding
   * them to the user's grant there if there is one (Camunda keeps one per user and resource).
   */
  void grant(String userId, Resource resource, String resourceId, Permission... permissions) {
    Authorization authorization =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(Authorization.AUTH_TYPE_GRANT)
            .userIdIn(userId)
            .resourceType(resource)
            .resourceId(resourceId)
            .singleResult();
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      authorization.setUserId(userId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    }
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }

  /** The user's password is its id ({@code TestUsers}). */
  /**
   * A new user (named from {@code prefix}, password = id) who may use Cockpit and holds {@code
   * permissions} on the daily start-up's definition, and nothing else.
   */
  String cockpitUser(
      IdentityService identity, String prefix, ProcessDefinitionPermissions... permissions) {
    String user = TestUsers.create(identity, prefix, null);
    grant(user, Resources.PROCESS_DEFINITION, PROCEDURE, permissions);
    grant(user, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    return user;
  }

  TestRestTemplate as(String userId) {
    return http.withBasicAuth(userId, userId);
  }

  TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }

  /**
   * Starts a daily start-up as {@code starter} on {@code equipment} with {@code notes}, as
   * Tasklist's start form does; its process instance id.
   */
  String start(TestRestTemplate starter, String equipment, String notes) {
    return TestRuns.startDailyStartup(
        starter, Map.of("location", "line_records", "equipment_id", equipment, "notes", notes));
  }

  /** Cancels {@code instance} as demo (an administrator), which aborts its run. */
  void cancel(String instance) {
    ResponseEntity<String> deleted =
        asDemo()
            .exchange(
                "/engine-rest/process-instance/" + instance, HttpMethod.DELETE, null, String.class);
    assertThat(deleted.getStatusCode()).as("%s", deleted).isEqualTo(HttpStatus.NO_CONTENT);
  }

  /** The id of the open confirmation task of {@code runId}, as demo sees it. */
  String promptTask(String runId) {
    ResponseEntity<List<Map<String, Object>>> tasks =
        asDemo()
            .exchange(
                "/engine-rest/task?processDefinitionKey=asrun-confirmation"
                    + "&processInstanceBusinessKey="
                    + runId,
                HttpMethod.GET,
                null,
                LIST);
    assertThat(tasks.getBody()).as("%s", tasks).hasSize(1);
    return (String) tasks.getBody().get(0).get("id");
  }

  /**
   * Demo's daily start-up on fresh equipment, its first step done, then cancelled: an ended run of
   * someone else; its process instance id.
   */
  String endedRunOfDemo() {
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    String instance = start(asDemo(), equipment, "first shift");
    TestRuns.complete(asDemo(), instance, "power_on");
    cancel(instance);
    return instance;
  }

  /**
   * A new user who may start runs of the daily start-up ({@code READ} and {@code CREATE_INSTANCE}
   * on its definition, {@code CREATE} on process instances) and open Cockpit, and nothing more: no
   * {@code READ_HISTORY}; their id, which is also their password.
   */
  String userWhoMayOnlyStart(IdentityService identity) {
    String userId = TestUsers.create(identity, "outsider", null);
    grant(
        userId,
        Resources.PROCESS_DEFINITION,
        PROCEDURE,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(userId, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
    grant(userId, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    return userId;
  }

  static String runIdOf(String instance) {
    return Observing.runIdOf(instance);
  }
}
