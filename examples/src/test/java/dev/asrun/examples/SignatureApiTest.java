package dev.asrun.examples;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.RunIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Signing a run over HTTP in the running app: {@code demo} works a batch whose procedure needs
 * performed and a review by the group {@code qa}, signs it as performed, the demo reviewer ({@code
 * reviewer}, in {@code qa}) reviews it; every refusal answers its status naming its rule.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-signatures;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class SignatureApiTest {

  private static final String API = "/asrun/api/v1";
  private static final String PROCEDURE = "sig_api_batch";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identityService;
  @Autowired private FormService formService;
  @Autowired private TaskService taskService;
  @Autowired private RepositoryService repositoryService;

  @DynamicPropertySource
  static void signedProcedure(DynamicPropertyRegistry registry) throws IOException {
    Path procedures = Files.createTempDirectory("asrun-signature-procedures");
    Files.writeString(
        procedures.resolve(PROCEDURE + ".toml"),
        """
        schema = "procedure/0.2"

        [procedure]
        id = "sig_api_batch"
        name = "Signed batch"
        executor_groups = ["operators"]

        [procedure.signatures]
        required = ["performed", "reviewed"]
        groups = { reviewed = ["qa"] }

        [[procedure.steps]]
        id = "weigh"
        name = "Weigh"
        """);
    registry.add("asrun.procedures-dir", procedures::toString);
  }

  @AfterEach
  void forgetTheUser() {
    identityService.clearAuthentication();
  }

  /** A run of the signed batch started by demo, its one step open; its run id and task. */
  private String[] startedBatch() {
    String definition =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey(PROCEDURE)
            .latestVersion()
            .singleResult()
            .getId();
    asDemo();
    String instance = formService.submitStartForm(definition, Map.of()).getId();
    String task = taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();
    identityService.clearAuthentication();
    return new String[] {RunIds.of(instance), task};
  }

  /**
   * Commands of this thread run as demo, with demo's groups, as the engine's REST API runs them.
   */
  private void asDemo() {
    identityService.setAuthentication(
        "demo",
        identityService.createGroupQuery().groupMember("demo").list().stream()
            .map(Group::getId)
            .toList());
  }

  private void complete(String task) {
    asDemo();
    formService.submitTaskForm(task, Map.of("asrun_outcome", "done"));
    identityService.clearAuthentication();
  }

  private ResponseEntity<Map<String, Object>> sign(
      String user, String password, String runId, String meaning) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("meaning", meaning);
    body.put("password", password);
    body.put("comment", "looked at every value");
    return http.withBasicAuth(user, user)
        .exchange(
            API + "/runs/" + runId + "/signatures",
            HttpMethod.POST,
            new HttpEntity<>(body),
            OBJECT);
  }

  private static void assertRule(
      ResponseEntity<Map<String, Object>> response, HttpStatus status, String rule) {
    assertProblem(response, status, "");
    assertThat(response.getBody()).containsEntry("type", "urn:asrun:problem:signature-" + rule);
  }

  private List<Map<String, Object>> events(String runId) {
    return http.withBasicAuth("demo", "demo")
        .exchange(API + "/runs/" + runId + "/events", HttpMethod.GET, null, LIST)
        .getBody();
  }

  private Map<String, Object> run(String runId) {
    return http.withBasicAuth("demo", "demo")
        .exchange(API + "/runs/" + runId, HttpMethod.GET, null, OBJECT)
        .getBody();
  }

  @Test
  @SuppressWarnings("unchecked")
  void performedByTheExecutorThenReviewedByQaSignsTheRunAndEveryRefusalNamesItsRule() {
    String[] batch = startedBatch();
    String runId = batch[0];
    assertRule(sign("demo", "demo", runId, "performed"), HttpStatus.CONFLICT, "run-ended");
    complete(batch[1]);
    assertThat(run(runId)).containsEntry("signature_status", "unsigned");

    assertRule(sign("reviewer", "reviewer", runId, "reviewed"), HttpStatus.CONFLICT, "order");
    assertRule(
        sign("reviewer", "reviewer", runId, "performed"),
        HttpStatus.CONFLICT,
        "performer-signs-performed");

    ResponseEntity<Map<String, Object>> performed = sign("demo", "demo", runId, "performed");

    assertThat(performed.getStatusCode()).as("%s", performed).isEqualTo(HttpStatus.CREATED);
    assertThat(performed.getBody())
        .containsEntry("run_id", runId)
        .containsEntry("meaning", "performed")
        .containsEntry("signer_id", "demo")
        .containsEntry("signer_name", "Demo Operator")
        .containsEntry("comment", "looked at every value")
        .containsKeys("signature_id", "signed_at", "record_hash");
    assertThat(run(runId)).containsEntry("signature_status", "partially_signed");

    assertRule(
        sign("demo", "demo", runId, "reviewed"), HttpStatus.CONFLICT, "executor-cannot-review");
    String outsider = TestUsers.create(identityService, "floor", "operators");
    assertRule(sign(outsider, outsider, runId, "reviewed"), HttpStatus.FORBIDDEN, "group");

    ResponseEntity<Map<String, Object>> reviewed = sign("reviewer", "reviewer", runId, "reviewed");

    assertThat(reviewed.getStatusCode()).as("%s", reviewed).isEqualTo(HttpStatus.CREATED);
    assertThat(reviewed.getBody()).containsEntry("signer_name", "Rita Reviewer");
    Map<String, Object> record = run(runId);
    assertThat(record).containsEntry("signature_status", "signed");
    assertThat((List<Map<String, Object>>) record.get("signatures"))
        .containsExactly(performed.getBody(), reviewed.getBody());
    assertThat(
            http.withBasicAuth("reviewer", "reviewer")
                .exchange(API + "/runs/" + runId + "/signatures", HttpMethod.GET, null, LIST)
                .getBody())
        .containsExactly(performed.getBody(), reviewed.getBody());
    assertRule(
        sign("reviewer", "reviewer", runId, "approved"),
        HttpStatus.CONFLICT,
        "one-signature-per-person");
    assertThat(
            http.withBasicAuth("demo", "demo")
                .exchange(API + "/verify", HttpMethod.GET, null, OBJECT)
                .getBody())
        .containsEntry("ok", true);
  }

  @Test
  void aWrongPasswordAnswers401AndRecordsOnlyTheRefusal() {
    String[] batch = startedBatch();
    complete(batch[1]);
    String runId = batch[0];
    String typo = TestUsers.create(identityService, "typo", "operators");
    int before = events(runId).size();

    assertRule(
        sign(typo, "not-the-password", runId, "performed"), HttpStatus.UNAUTHORIZED, "password");

    List<Map<String, Object>> after = events(runId);
    assertThat(after).hasSize(before + 1);
    assertThat(after.get(before)).containsEntry("event_type", "signature_refused");
    assertThat(run(runId))
        .containsEntry("signature_status", "unsigned")
        .containsEntry("signatures", List.of());
  }
}
