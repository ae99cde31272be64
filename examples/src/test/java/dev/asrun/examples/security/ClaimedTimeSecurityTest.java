package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.capture.Observing;
import dev.asrun.examples.TestRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The order things happened and two witnesses of one step, over HTTP: a step completed in
 * Tasklist (through the engine REST API) and reported by a sensor a moment later is corroborated,
 * not repeated; a claimed time beyond the future horizon is refused and records nothing; a claim
 * a moment before the run's start is kept where it arrived and flagged in the export, one long
 * before it refused, recording nothing.
 */
@SecuritySuite
class ClaimedTimeSecurityTest {

  private static final String API = "/asrun/api/v1";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private DataSource dataSource;

  @Test
  @SuppressWarnings("unchecked")
  void aSensorReportingAStepJustCompletedInTasklistCorroboratesItInsteadOfRepeatingIt() {
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    String instance = startDailyStartup(equipment);
    TestRuns.complete(asDemo(), instance, "power_on");

    ResponseEntity<Map<String, Object>> sensed =
        post(observation(equipment, Instant.now()), OBJECT);

    assertThat(sensed.getStatusCode()).as("%s", sensed).isEqualTo(HttpStatus.OK);
    List<Map<String, Object>> trail = runEvents(instance);
    assertThat(trail)
        .filteredOn(event -> "step_matched".equals(event.get("event_type")))
        .singleElement()
        .satisfies(event -> assertThat(event.get("source")).isEqualTo("executor"));
    assertThat(trail)
        .filteredOn(event -> "step_corroborated".equals(event.get("event_type")))
        .singleElement()
        .satisfies(
            event ->
                assertThat(payload(event))
                    .containsEntry("step_id", "power_on")
                    .containsEntry("source", "inference")
                    .containsEntry("executor_id", "demo"));
    assertThat(trail)
        .filteredOn(event -> "deviation_detected".equals(event.get("event_type")))
        .allSatisfy(
            event ->
                assertThat((List<Map<String, Object>>) payload(event).get("deviations"))
                    .extracting(deviation -> deviation.get("deviation_type"))
                    .doesNotContain("repeat"));
  }

  @Test
  void aClaimedTimeBeyondTheFutureHorizonIsRefusedAndRecordsNothing() {
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    startDailyStartup(equipment);
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<Map<String, Object>> single =
        post(observation(equipment, Instant.now().plus(Duration.ofHours(1))), OBJECT);
    ResponseEntity<Map<String, Object>> inBatch =
        post(
            List.of(
                observation(equipment, Instant.now()),
                observation(equipment, Instant.now().plus(Duration.ofDays(1)))),
            OBJECT);

    assertProblem(single, HttpStatus.BAD_REQUEST, "timestamp");
    assertProblem(inBatch, HttpStatus.BAD_REQUEST, "[1].timestamp");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  @Test
  void aReportClaimedAMomentBeforeTheRunStartedIsKeptAndTheExportFlagsIt() throws Exception {
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    String instance = startDailyStartup(equipment);
    Instant start = Instant.parse((String) run(instance).get("start_time"));

    ResponseEntity<Map<String, Object>> sensed =
        post(observation(equipment, start.minusSeconds(30)), OBJECT);

    assertThat(sensed.getStatusCode()).as("%s", sensed).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> export =
        asDemo()
            .exchange(
                API + "/procedures/sop_daily_startup/runs.jsonl?equipment_id=" + equipment,
                HttpMethod.GET,
                null,
                String.class);
    assertThat(export.getStatusCode()).as("%s", export).isEqualTo(HttpStatus.OK);
    JsonNode line = new ObjectMapper().readTree(export.getBody().lines().findFirst().orElseThrow());
    List<JsonNode> done = new ArrayList<>();
    line.get("trace").forEach(entry -> {
      if ("step_matched".equals(entry.get("event_type").asText())) {
        done.add(entry);
      }
    });
    assertThat(done).singleElement().satisfies(entry -> {
      assertThat(entry.get("activity").asText()).isEqualTo("power_on");
      assertThat(Instant.parse(entry.get("occurred_at").asText()))
          .isEqualTo(start.minusSeconds(30));
      assertThat(entry.get("claimed_before_start").asBoolean()).isTrue();
    });
  }

  @Test
  void aReportClaimedLongBeforeTheRunStartedIsRefusedAndRecordsNothing() {
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    String instance = startDailyStartup(equipment);
    Instant start = Instant.parse((String) run(instance).get("start_time"));
    RecordState before = RecordState.of(dataSource);

    ResponseEntity<Map<String, Object>> single =
        post(observation(equipment, start.minus(Duration.ofHours(1))), OBJECT);
    ResponseEntity<Map<String, Object>> inBatch =
        post(
            List.of(
                observation(equipment, Instant.now()),
                observation(equipment, start.minus(Duration.ofMinutes(10)))),
            OBJECT);

    assertProblem(single, HttpStatus.BAD_REQUEST, "timestamp");
    assertProblem(inBatch, HttpStatus.BAD_REQUEST, "[1].timestamp");
    assertThat(RecordState.of(dataSource).changesSince(before)).isEmpty();
  }

  /** The run of process instance {@code instance}, as {@code GET /runs/{run_id}} gives it. */
  private Map<String, Object> run(String instance) {
    ResponseEntity<Map<String, Object>> run =
        asDemo()
            .exchange(
                API + "/runs/" + Observing.runIdOf(instance), HttpMethod.GET, null, OBJECT);
    assertThat(run.getStatusCode()).as("%s", run).isEqualTo(HttpStatus.OK);
    return run.getBody();
  }

  /** Starts a daily start-up on {@code equipment} as Tasklist does; its process instance id. */
  private String startDailyStartup(String equipment) {
    return TestRuns.startDailyStartup(asDemo(), "line_witnessed", equipment);
  }

  private static Map<String, Object> observation(String equipment, Instant at) {
    Map<String, Object> observation = new LinkedHashMap<>();
    observation.put("action", "power_on_reactor");
    observation.put("timestamp", at.toString());
    observation.put("source", "inference");
    observation.put("context", Map.of("location", "line_witnessed", "equipment_id", equipment));
    return observation;
  }

  private <T> ResponseEntity<T> post(Object body, ParameterizedTypeReference<T> type) {
    return asDemo()
        .exchange(API + "/observations", HttpMethod.POST, new HttpEntity<>(body), type);
  }

  /** The audit trail of the run of process instance {@code instance}. */
  private List<Map<String, Object>> runEvents(String instance) {
    ResponseEntity<List<Map<String, Object>>> events =
        asDemo()
            .exchange(
                API + "/runs/" + Observing.runIdOf(instance) + "/events",
                HttpMethod.GET,
                null,
                LIST);
    assertThat(events.getStatusCode()).isEqualTo(HttpStatus.OK);
    return events.getBody();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> payload(Map<String, Object> event) {
    return (Map<String, Object>) event.get("payload");
  }

  private TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }
}
