package dev.asrun.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The hashed content of one event, as stored: every field except {@code seq} (assigned by the
 * database) and the hash itself. Text fields are the stored text, so a row read back hashes to what
 * was appended. Nullable fields are {@code null} when absent.
 *
 * <p>The encoding is documented on {@link EventLog}.
 */
record Envelope(
    UUID eventId,
    String stream,
    long streamSeq,
    Instant recordedAt,
    Instant occurredAt,
    String source,
    String eventType,
    String procedureId,
    String procedureVersion,
    String runId,
    String payload,
    String prevHash) {

  /** The previous hash of a stream's first event: 64 zeros. */
  static final String GENESIS = "0".repeat(64);

  /**
   * Names the encoding, first field hashed, so a future encoding can never collide with this one.
   */
  static final String ENCODING = "asrun-event-v1";

  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder().appendInstant(6).toFormatter(Locale.ROOT);

  private static final HexFormat HEX = HexFormat.of();

  /**
   * A time as hashed and as shown in JSON: UTC, exactly six fractional digits, e.g. {@code
   * 2025-06-01T08:05:00.120000Z}.
   */
  static String formatTime(Instant time) {
    return TIME.format(time);
  }

  /** The precision the log stores and hashes: microseconds, what PostgreSQL and H2 both keep. */
  static Instant toStoredPrecision(Instant time) {
    return time.truncatedTo(ChronoUnit.MICROS);
  }

  /** The same content claiming another position in its stream, to test where an event belongs. */
  Envelope atPosition(long position) {
    return with(position, prevHash);
  }

  /** The same content chained to another predecessor, to recompute a chain from its contents. */
  Envelope after(String previousHash) {
    return with(streamSeq, previousHash);
  }

  private Envelope with(long position, String previousHash) {
    return new Envelope(
        eventId,
        stream,
        position,
        recordedAt,
        occurredAt,
        source,
        eventType,
        procedureId,
        procedureVersion,
        runId,
        payload,
        previousHash);
  }

  /** SHA-256, lower-case hex, over the length-prefixed fields in their fixed order. */
  String hash() {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
    field(sha256, ENCODING);
    field(sha256, eventId == null ? null : eventId.toString());
    field(sha256, stream);
    field(sha256, Long.toString(streamSeq));
    field(sha256, recordedAt == null ? null : formatTime(recordedAt));
    field(sha256, occurredAt == null ? null : formatTime(occurredAt));
    field(sha256, source);
    field(sha256, eventType);
    field(sha256, procedureId);
    field(sha256, procedureVersion);
    field(sha256, runId);
    field(sha256, payload);
    field(sha256, prevHash);
    return HEX.formatHex(sha256.digest());
  }

  private static void field(MessageDigest digest, String value) {
    if (value == null) {
      digest.update((byte) 0);
      return;
    }
    byte[] bytes = value.getBytes(UTF_8);
    digest.update((byte) 1);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
