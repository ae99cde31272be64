package dev.asrun.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.log.EventSource;
import dev.asrun.monitor.Observation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading observations from request bodies: every field checked, errors naming it. */
class ObservationJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void readsEveryField() throws Exception {
    Observation read = ObservationJson.read(node("""
        {"action": "power_on_reactor", "timestamp": "2025-06-02T10:05:00+02:00",
         "source": "inference", "executor_id": "alice", "idempotency_key": "k1",
         "context": {"location": "plant_north", "equipment_id": "reactor_02", "shift": 2}}"""),
        "");
    assertThat(read.action()).isEqualTo("power_on_reactor");
    assertThat(read.timestamp()).isEqualTo(Instant.parse("2025-06-02T08:05:00Z"));
    assertThat(read.source()).isEqualTo(EventSource.INFERENCE);
    assertThat(read.executorId()).contains("alice");
    assertThat(read.idempotencyKey()).contains("k1");
    assertThat(read.context()).containsEntry("location", "plant_north").containsEntry("shift", 2L);
  }

  @Test
  void refusesATimestampWithoutOffsetNamingItsPlaceInTheBatch() {
    assertThatThrownBy(() -> ObservationJson.read(node("""
        {"action": "a", "timestamp": "2025-06-02T08:05", "source": "executor"}"""), "[2]."))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("[2].timestamp: \"2025-06-02T08:05\" is not an ISO-8601 time");
  }

  @Test
  void refusesUnknownFieldsSourcesAndMissingActions() {
    assertThatThrownBy(() -> ObservationJson.read(node("""
        {"action": "a", "timestamp": "2025-06-02T08:05:00Z", "source": "executor", "user": "x"}"""),
        ""))
        .hasMessageStartingWith("user: is not a field of an observation");
    assertThatThrownBy(() -> ObservationJson.read(node("""
        {"action": "a", "timestamp": "2025-06-02T08:05:00Z", "source": "engine"}"""), ""))
        .hasMessageStartingWith("source: \"engine\" is not a source");
    assertThatThrownBy(() -> ObservationJson.read(node("""
        {"timestamp": "2025-06-02T08:05:00Z", "source": "executor"}"""), ""))
        .hasMessageStartingWith("action: is required");
    assertThatThrownBy(() -> ObservationJson.read(node("""
        {"action": "a", "timestamp": "2025-06-02T08:05:00Z", "source": "executor",
         "context": {"location": ["x"]}}"""), ""))
        .hasMessageStartingWith("context.location: must be text");
  }

  private JsonNode node(String text) throws Exception {
    return json.readTree(text);
  }
}
