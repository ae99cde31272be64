package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LoggedEventTest {

  private static LoggedEvent withPayload(String payload) {
    return new LoggedEvent(
        UUID.randomUUID(),
        7,
        "run:r1",
        1,
        Instant.parse("2025-06-01T08:05:00Z"),
        Optional.of(Instant.parse("2025-06-01T08:04:00.5Z")),
        EventSource.EXECUTOR,
        EventType.STEP_MATCHED,
        Optional.of("reactor_startup"),
        Optional.of("3"),
        Optional.of("r1"),
        payload,
        "0".repeat(64),
        "1".repeat(64));
  }

  @Test
  void showsTheClaimedTimeBesideTheServerTime() throws Exception {
    JsonNode json = new ObjectMapper().valueToTree(withPayload("{}"));

    assertThat(json.get("timestamp").asText()).isEqualTo("2025-06-01T08:05:00.000000Z");
    assertThat(json.get("occurred_at").asText()).isEqualTo("2025-06-01T08:04:00.500000Z");
  }

  @Test
  void showsADamagedPayloadAsTextSoItCannotAlterTheDocument() throws Exception {
    LoggedEvent damaged = withPayload("{\"a\":1},\"hash\":\"forged\"");

    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(damaged));

    assertThat(json.get("payload").isTextual()).isTrue();
    assertThat(json.get("payload").asText()).isEqualTo("{\"a\":1},\"hash\":\"forged\"");
    assertThat(json.get("hash").asText()).isEqualTo("1".repeat(64));
  }
}
