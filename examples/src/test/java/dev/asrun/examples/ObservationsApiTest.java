package dev.asrun.examples;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.monitor.ObservationService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * {@code POST /asrun/api/v1/observations} of the running app over HTTP Basic, against a daily
 * start-up started through the engine REST API on equipment of its own: batches retried with
 * their idempotency keys, in sequence and racing each other, answer what the first attempt
 * answered and record each observation once; bad bodies and reports for someone else are refused
 * with a problem naming the field, and record nothing. What a request recorded is read back from
 * the log's tail ({@code GET /events}).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-observations-api;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class ObservationsApiTest {

  private static final String REST = "/engine-rest";
  private static final String API = "/asrun/api/v1";
  private static final int RACING_CLIENTS = 4;
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private IdentityService identityService;

  private String equipment;
  private String runId;

  @BeforeEach
  void startADailyStartupOnItsOwnEquipment() {
    equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("location", Map.of("value", "line_observed", "type", "String"));
    variables.put("equipment_id", Map.of("value", equipment, "type", "String"));
    ResponseEntity<Map<String, Object>> started =
        asDemo()
            .exchange(
                REST + "/process-definition/key/sop_daily_startup/submit-form",
                HttpMethod.POST,
                new HttpEntity<>(Map.of("variables", variables)),
                OBJECT);
    assertThat(started.getStatusCode()).as("%s", started).isEqualTo(HttpStatus.OK);
    Map<String, Object> runs =
        asDemo()
            .exchange(API + "/runs?equipment_id=" + equipment, HttpMethod.GET, null, OBJECT)
            .getBody();
    runId = (String) ((List<Map<String, Object>>) runs.get("runs")).get(0).get("run_id");
  }

  @Test
  void aBatchRetriedWithTheSameKeysGetsTheFirstAnswerAndRecordsNothingAgain() {
    List<Map<String, Object>> batch = powerOnAndAWipe();

    ResponseEntity<List<Map<String, Object>>> first = post(asDemo(), batch, LIST);
    long afterFirst = lastSeq();
    ResponseEntity<List<Map<String, Object>>> retried = post(asDemo(), batch, LIST);

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(first.getBody().get(0).get("matched"))
        .isEqualTo(
            List.of(
                Map.of("run_id", runId, "procedure_id", "sop_daily_startup", "step_id", "power_on")));
    assertThat(first.getBody().get(1).get("extra_step_runs")).isEqualTo(List.of(runId));
    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(retried.getBody()).isEqualTo(first.getBody());
    assertThat(eventsAfter(afterFirst)).isEmpty();
  }

  @Test
  void theSameBatchSentByRacingClientsIsRecordedOnce() throws Exception {
    List<Map<String, Object>> batch = powerOnAndAWipe();
    CyclicBarrier together = new CyclicBarrier(RACING_CLIENTS);
    ExecutorService clients = Executors.newFixedThreadPool(RACING_CLIENTS);
    List<Future<ResponseEntity<List<Map<String, Object>>>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < RACING_CLIENTS; i++) {
        Callable<ResponseEntity<List<Map<String, Object>>>> client =
            () -> {
              together.await();
              return post(asDemo(), batch, LIST);
            };
        answers.add(clients.submit(client));
      }
      List<List<Map<String, Object>>> bodies = new ArrayList<>();
      for (Future<ResponseEntity<List<Map<String, Object>>>> answer : answers) {
        ResponseEntity<List<Map<String, Object>>> response = answer.get();
        assertThat(response.getStatusCode()).as("%s", response).isEqualTo(HttpStatus.OK);
        bodies.add(response.getBody());
      }
      assertThat(bodies).allSatisfy(body -> assertThat(body).isEqualTo(bodies.get(0)));
    } finally {
      clients.shutdownNow();
    }

    List<Map<String, Object>> trail = runEvents();
    assertThat(trail)
        .filteredOn(event -> "step_matched".equals(event.get("event_type")))
        .singleElement()
        .satisfies(event -> assertThat(payload(event)).containsEntry("step_id", "power_on"));
    assertThat(trail)
        .filteredOn(event -> "extra_step".equals(event.get("event_type")))
        .singleElement()
        .satisfies(event -> assertThat(payload(event)).containsEntry("action", "wipe"));
    assertThat(trail)
        .filteredOn(event -> "observation_received".equals(event.get("event_type")))
        .extracting(event -> payload(event).get("idempotency_key"))
        .containsExactlyInAnyOrder(batch.get(0).get("idempotency_key"),
            batch.get(1).get("idempotency_key"));
  }

  @Test
  void refusesABadBodyWithAProblemNamingTheFieldAndRecordsNothing() {
    long before = lastSeq();
    Map<String, Object> noAction = observation(null, "a-key-" + UUID.randomUUID());
    Map<String, Object> badSource = observation("power_on_reactor", null);
    badSource.put("source", "telepathy");
    Map<String, Object> badTimestamp = observation("power_on_reactor", null);
    badTimestamp.put("timestamp", "yesterday at nine");
    Map<String, Object> badInBatch = observation("power_on_reactor", null);
    badInBatch.put("timestamp", "2026-02-30T08:00:00Z");

    assertProblem(post(asDemo(), noAction, OBJECT), HttpStatus.BAD_REQUEST, "action");
    assertProblem(post(asDemo(), badSource, OBJECT), HttpStatus.BAD_REQUEST, "source");
    assertProblem(post(asDemo(), badTimestamp, OBJECT), HttpStatus.BAD_REQUEST, "timestamp");
    assertProblem(
        post(asDemo(), List.of(observation("power_on_reactor", null), badInBatch), OBJECT),
        HttpStatus.BAD_REQUEST,
        "[1].timestamp");
    assertThat(eventsAfter(before)).isEmpty();
  }

  @Test
  void onlyAnIngestServiceReportsForAnotherExecutor() {
    String operator = TestUsers.create(identityService, "operator", OperatorsGroup.ID);
    String gateway = TestUsers.create(identityService, "gateway", ObservationService.INGEST_GROUP);
    // asrun-ingest only lets it report for others; moving the run needs an operator's grants
    identityService.createMembership(gateway, OperatorsGroup.ID);
    long before = lastSeq();
    Map<String, Object> forAlice = observation("power_on_reactor", null);
    forAlice.put("executor_id", "alice");

    ResponseEntity<Map<String, Object>> refused =
        post(http.withBasicAuth(operator, operator), forAlice, OBJECT);
    List<Map<String, Object>> afterRefusal = eventsAfter(before);
    ResponseEntity<Map<String, Object>> accepted =
        post(http.withBasicAuth(gateway, gateway), forAlice, OBJECT);

    assertProblem(refused, HttpStatus.FORBIDDEN, "executor_id");
    assertThat((String) refused.getBody().get("detail")).contains(operator, "alice");
    assertThat(afterRefusal).isEmpty();
    assertThat(accepted.getStatusCode()).as("%s", accepted).isEqualTo(HttpStatus.OK);
    assertThat(runEvents())
        .filteredOn(event -> "step_matched".equals(event.get("event_type")))
        .singleElement()
        .satisfies(event -> assertThat(payload(event)).containsEntry("executor_id", "alice"));
  }

  /** The run's first step, then an action of no step of it: an extra step. */
  private List<Map<String, Object>> powerOnAndAWipe() {
    String key = "http-" + UUID.randomUUID();
    return List.of(observation("power_on_reactor", key + "-1"), observation("wipe", key + "-2"));
  }

  /** An observation on this test's equipment, seen now by an inference service. */
  private Map<String, Object> observation(String action, String idempotencyKey) {
    Map<String, Object> observation = new LinkedHashMap<>();
    if (action != null) {
      observation.put("action", action);
    }
    observation.put("timestamp", Instant.now().toString());
    observation.put("source", "inference");
    observation.put("context", Map.of("location", "line_observed", "equipment_id", equipment));
    if (idempotencyKey != null) {
      observation.put("idempotency_key", idempotencyKey);
    }
    return observation;
  }

  private static <T> ResponseEntity<T> post(
      TestRestTemplate client, Object body, ParameterizedTypeReference<T> type) {
    return client.exchange(API + "/observations", HttpMethod.POST, new HttpEntity<>(body), type);
  }

  /**
   * The events after {@code seq} that this test's requests could have recorded: the run's, and
   * any observation's (an unmatched one belongs to no run). A time window of the built-in
   * procedures opening meanwhile is neither.
   */
  private List<Map<String, Object>> eventsAfter(long seq) {
    List<Map<String, Object>> recorded = new ArrayList<>();
    for (Map<String, Object> event : tail(seq)) {
      Map<String, Object> payload = payload(event);
      if (runId.equals(event.get("run_id"))
          || (payload != null && payload.containsKey("observation_id"))) {
        recorded.add(event);
      }
    }
    return recorded;
  }

  /** The {@code seq} of the log's last event. */
  private long lastSeq() {
    List<Map<String, Object>> events = tail(0);
    return events.isEmpty() ? 0 : ((Number) events.get(events.size() - 1).get("seq")).longValue();
  }

  /** Every event after {@code seq}, following {@code GET /events} page by page. */
  private List<Map<String, Object>> tail(long seq) {
    List<Map<String, Object>> events = new ArrayList<>();
    long after = seq;
    while (true) {
      ResponseEntity<Map<String, Object>> page =
          asDemo()
              .exchange(API + "/events?limit=1000&after=" + after, HttpMethod.GET, null, OBJECT);
      assertThat(page.getStatusCode()).as("%s", page).isEqualTo(HttpStatus.OK);
      List<Map<String, Object>> more = (List<Map<String, Object>>) page.getBody().get("events");
      if (more.isEmpty()) {
        return events;
      }
      events.addAll(more);
      after = ((Number) page.getBody().get("next_after")).longValue();
    }
  }

  private List<Map<String, Object>> runEvents() {
    ResponseEntity<List<Map<String, Object>>> events =
        asDemo().exchange(API + "/runs/" + runId + "/events", HttpMethod.GET, null, LIST);
    assertThat(events.getStatusCode()).isEqualTo(HttpStatus.OK);
    return events.getBody();
  }

  private static Map<String, Object> payload(Map<String, Object> event) {
    return (Map<String, Object>) event.get("payload");
  }

  private TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }

}
