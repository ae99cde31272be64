package dev.asrun.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

  private static Envelope envelope(String procedureId, String procedureVersion) {
    return new Envelope(
        ID,
        "run:r1",
        2,
        Instant.parse("2025-06-01T08:05:00.12Z"),
        null,
        "executor",
        "step_matched",
        procedureId,
        procedureVersion,
        "r1",
        "{\"step\":\"a\"}",
        "0".repeat(64));
  }

  @Test
  void hashesTheDocumentedLengthPrefixedEncoding() throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (String field :
        Arrays.asList(
            "asrun-event-v1",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "run:r1",
            "2",
            "2025-06-01T08:05:00.120000Z",
            null,
            "executor",
            "step_matched",
            "reactor_startup",
            "3",
            "r1",
            "{\"step\":\"a\"}",
            "0".repeat(64))) {
      if (field == null) {
        expected.write(0);
      } else {
        byte[] bytes = field.getBytes(UTF_8);
        expected.write(1);
        expected.write(ByteBuffer.allocate(4).putInt(bytes.length).array());
        expected.write(bytes);
      }
    }
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));

    assertThat(envelope("reactor_startup", "3").hash()).isEqualTo(sha256);
  }

  @Test
  void keepsFieldBoundariesAndAbsenceApart() {
    assertThat(envelope("ab", "c").hash()).isNotEqualTo(envelope("a", "bc").hash());
    assertThat(envelope(null, "3").hash()).isNotEqualTo(envelope("", "3").hash());
  }

  @Test
  void hashesThePositionSoAMovedEventNoLongerMatches() {
    Envelope atTwo = envelope("reactor_startup", "3");

    assertThat(atTwo.atPosition(3).hash()).isNotEqualTo(atTwo.hash());
    assertThat(atTwo.atPosition(2).hash()).isEqualTo(atTwo.hash());
  }

  @Test
  void formatsTimesInUtcWithSixFractionalDigits() {
    assertThat(Envelope.formatTime(Instant.parse("2025-06-01T08:05:00Z")))
        .isEqualTo("2025-06-01T08:05:00.000000Z");
    assertThat(
            Envelope.formatTime(
                Envelope.toStoredPrecision(Instant.parse("2025-06-01T08:05:00.123456789Z"))))
        .isEqualTo("2025-06-01T08:05:00.123456Z");
  }
}
