package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.examples.TestRuns;
import dev.asrun.examples.TestUsers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/**
 * Corrections and confirmations over HTTP, as an outsider would try them: a user who may read a
 * run but is neither its executor nor a holder of UPDATE_HISTORY on its procedure's definition is
 * refused (403) on every path that writes them (the REST API, the Cockpit plugin, the confirmation
 * task in Tasklist) with nothing appended; the executor and a granted reviewer may; a run is
 * confirmed once (a second confirmation is 409 with nothing appended), and a later change of mind
 * is a correction; two confirmations racing end as one answer and one conflict.
 */
@SecuritySuite
class CorrectionAuthorizationSecurityTest {

  private static final String API = "/asrun/api/v1";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final Map<String, Object> CORRECTION =
      Map.of(
          "correction_type", "step_not_done", "step_id", "start_pump", "reason", "pump was down");

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identity;
  @Autowired private AuthorizationService authorizations;
  @Autowired private DataSource dataSource;
  @LocalServerPort private int port;

  private RecordFixture fixture;
  private String executor;
  private String runId;

  /** A run of an operator that was cancelled after its first step: it awaits its confirmation. */
  @BeforeEach
  void anEndedRunAwaitingItsExecutorsConfirmation() {
    fixture = new RecordFixture(http, authorizations);
    executor = TestUsers.create(identity, "executor", "operators");
    fixture.grant(
        executor,
        Resources.PROCESS_DEFINITION,
        RecordFixture.PROCEDURE,
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE,
        ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.TASK_WORK);
    fixture.grant(executor, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    String instance = fixture.start(fixture.as(executor), equipment, "first shift");
    TestRuns.complete(fixture.as(executor), instance, "power_on");
    fixture.cancel(instance);
    runId = RecordFixture.runIdOf(instance);
  }

  @Test
  void aReaderWhoIsNotTheExecutorIsRefusedOnEveryPathAndNothingIsAppended() throws Exception {
    String reader = reader();
    String prompt = fixture.promptTask(runId);
    // even with Camunda's grant to work the prompt's task, the task answers only for the executor
    fixture.grant(reader, Resources.TASK, prompt, TaskPermissions.READ, TaskPermissions.TASK_WORK);
    CockpitSession cockpit = CockpitSession.login(port, reader, reader);
    RecordState before = RecordState.of(dataSource);

    assertProblem(
        post(fixture.as(reader), "/corrections", CORRECTION), HttpStatus.FORBIDDEN, "executor");
    assertProblem(
        post(fixture.as(reader), "/confirmation", Map.of("response", "yes")),
        HttpStatus.FORBIDDEN,
        "UPDATE_HISTORY");
    HttpResponse<String> cockpitCorrection =
        cockpit.post(
            "runs/" + runId + "/corrections",
            "{\"correction_type\": \"step_not_done\", \"step_id\": \"start_pump\","
                + " \"reason\": \"pump was down\"}");
    assertThat(cockpitCorrection.statusCode()).as(cockpitCorrection.body()).isEqualTo(403);
    ResponseEntity<String> tasklist = answerInTasklist(fixture.as(reader), prompt, "yes");
    // the prompt's listener refuses; Camunda wraps a task listener's exception (ENGINE-03051),
    // so the engine REST API answers 500 with the refusal's message rather than 403
    assertThat(tasklist.getStatusCode()).as("%s", tasklist)
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(tasklist.getBody()).contains("may confirm run").contains("UPDATE_HISTORY");

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void theExecutorConfirmsOnceAndAChangeOfMindIsACorrection() {
    ResponseEntity<Map<String, Object>> confirmed =
        post(fixture.as(executor), "/confirmation", Map.of("response", "yes"));
    assertThat(confirmed.getStatusCode()).as("%s", confirmed).isEqualTo(HttpStatus.OK);
    assertThat(confirmed.getBody()).containsEntry("executor_confirmation", "yes");
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<Map<String, Object>> again =
        post(fixture.as(executor), "/confirmation", Map.of("response", "no", "note", "forgot"));
    ResponseEntity<Map<String, Object>> byAdmin =
        post(fixture.asDemo(), "/confirmation", Map.of("response", "partially"));

    assertProblem(again, HttpStatus.CONFLICT, "correction");
    assertProblem(byAdmin, HttpStatus.CONFLICT, "confirmed already");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
    ResponseEntity<Map<String, Object>> corrected =
        post(fixture.as(executor), "/corrections", CORRECTION);
    assertThat(corrected.getStatusCode()).as("%s", corrected).isEqualTo(HttpStatus.CREATED);
    assertThat(corrected.getBody()).containsEntry("executor_confirmation", "yes");
    assertThat((List<?>) corrected.getBody().get("corrections")).hasSize(1);
  }

  @Test
  void racingConfirmationsEndAsOneAnswerAndOneConflict() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      List<Future<ResponseEntity<Map<String, Object>>>> answers = new ArrayList<>();
      for (String response : List.of("yes", "no")) {
        answers.add(
            clients.submit(
                () -> {
                  go.await();
                  return post(fixture.as(executor), "/confirmation", Map.of("response", response));
                }));
      }
      go.countDown();
      List<HttpStatusCode> statuses = new ArrayList<>();
      for (Future<ResponseEntity<Map<String, Object>>> answer : answers) {
        statuses.add(answer.get().getStatusCode());
      }
      assertThat(statuses).containsExactlyInAnyOrder(HttpStatus.OK, HttpStatus.CONFLICT);
    } finally {
      clients.shutdownNow();
    }
    ResponseEntity<List<Map<String, Object>>> events =
        fixture
            .as(executor)
            .exchange(
                API + "/runs/" + runId + "/events",
                HttpMethod.GET,
                null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() {});
    assertThat(events.getBody())
        .filteredOn(event -> "prompt_response".equals(event.get("event_type")))
        .hasSize(1);
  }

  @Test
  void theExecutorAnswersThePromptInTasklistOnceAndTheApiThenRefusesASecondAnswer() {
    String prompt = fixture.promptTask(runId);
    ResponseEntity<String> answered = answerInTasklist(fixture.as(executor), prompt, "partially");
    assertThat(answered.getStatusCode()).as("%s", answered).isEqualTo(HttpStatus.NO_CONTENT);
    RecordState before = RecordState.of(dataSource);

    assertProblem(
        post(fixture.as(executor), "/confirmation", Map.of("response", "yes")),
        HttpStatus.CONFLICT,
        "confirmed already");

    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
    assertThat(
            fixture.as(executor).exchange(API + "/runs/" + runId, HttpMethod.GET, null, OBJECT)
                .getBody())
        .containsEntry("executor_confirmation", "partially");
  }

  @Test
  void aReviewerHoldingUpdateHistoryCorrectsAndConfirmsAnotherExecutorsRun() throws Exception {
    String reviewer = reader();
    fixture.grant(
        reviewer,
        Resources.PROCESS_DEFINITION,
        RecordFixture.PROCEDURE,
        ProcessDefinitionPermissions.UPDATE_HISTORY);

    ResponseEntity<Map<String, Object>> corrected =
        post(fixture.as(reviewer), "/corrections", CORRECTION);
    assertThat(corrected.getStatusCode()).as("%s", corrected).isEqualTo(HttpStatus.CREATED);
    HttpResponse<String> throughCockpit =
        CockpitSession.login(port, reviewer, reviewer)
            .post(
                "runs/" + runId + "/corrections",
                "{\"correction_type\": \"not_a_deviation\", \"step_id\": \"start_pump\","
                    + " \"reason\": \"the pump was not needed\"}");
    assertThat(throughCockpit.statusCode()).as(throughCockpit.body()).isEqualTo(201);
    ResponseEntity<Map<String, Object>> confirmed =
        post(fixture.as(reviewer), "/confirmation", Map.of("response", "no"));
    assertThat(confirmed.getStatusCode()).as("%s", confirmed).isEqualTo(HttpStatus.OK);
    assertThat(confirmed.getBody()).containsEntry("executor_confirmation", "no");
    assertThat((List<?>) confirmed.getBody().get("corrections")).hasSize(2);
  }

  /** A user who may read the daily start-up's runs (and use Cockpit), and nothing else. */
  private String reader() {
    return fixture.cockpitUser(
        identity,
        "reader",
        ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.READ_HISTORY);
  }

  /** Completes the prompt's task with {@code response}, as Tasklist's form does. */
  private static ResponseEntity<String> answerInTasklist(
      TestRestTemplate as, String prompt, String response) {
    return as.exchange(
        "/engine-rest/task/" + prompt + "/complete",
        HttpMethod.POST,
        new HttpEntity<>(
            Map.of(
                "variables",
                Map.of("asrun_response", Map.of("value", response, "type", "String")))),
        String.class);
  }

  private ResponseEntity<Map<String, Object>> post(
      TestRestTemplate as, String what, Map<String, Object> body) {
    return as.exchange(
        API + "/runs/" + runId + what, HttpMethod.POST, new HttpEntity<>(body), OBJECT);
  }
}
