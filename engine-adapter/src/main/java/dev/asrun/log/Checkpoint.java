package dev.asrun.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The heads of every stream at one moment, to keep outside the database. A later {@link
 * LogVerifier#verify(Connection, Checkpoint)} checks that each head is still in the log at its
 * position with its hash, which detects what the chains alone cannot: a database restored to an
 * older backup (the stream is shorter: {@code truncated}) and history recomputed from an edited
 * event to the end (another hash at the checkpointed position: {@code edited}). Take a checkpoint
 * after a clean verify, and keep it where the database's administrators cannot change it.
 *
 * <p>The file is JSON: {@code {"format": "asrun-checkpoint-v1", "taken_at": "...", "heads":
 * [{"stream", "stream_seq", "event_id", "hash"}]}}.
 *
 * @param takenAt when the heads were read
 * @param heads one per non-empty stream, by stream name
 */
public record Checkpoint(Instant takenAt, List<Head> heads) {

  /** The value of the file's {@code format} member. */
  public static final String FORMAT = "asrun-checkpoint-v1";

  private static final String SELECT_HEADS =
      "SELECT h.stream, h.last_seq, h.last_hash, e.event_id FROM asrun_stream_head h"
          + " LEFT JOIN asrun_event e ON e.stream = h.stream AND e.stream_seq = h.last_seq"
          + " WHERE h.last_seq > 0 ORDER BY h.stream";

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private static final ObjectMapper JSON = new ObjectMapper();

  public Checkpoint {
    Objects.requireNonNull(takenAt, "takenAt");
    heads = List.copyOf(heads);
  }

  /**
   * A stream's last event when the checkpoint was taken.
   *
   * @param stream the stream
   * @param streamSeq its length: the last event's position
   * @param eventId the last event, or {@code null} if the log had already lost it
   * @param hash the last event's hash
   */
  public record Head(String stream, long streamSeq, UUID eventId, String hash) {

    public Head {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(hash, "hash");
    }
  }

  /** Thrown by {@link #read} for a file that is not a checkpoint; the message names where. */
  public static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message);
    }
  }

  /** Reads every stream's head, as recorded in {@code asrun_stream_head}, in one statement. */
  public static Checkpoint take(Connection connection) throws SQLException {
    Instant takenAt = Envelope.toStoredPrecision(Instant.now());
    List<Head> heads = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_HEADS);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String stream = rows.getString(1);
        if (!heads.isEmpty() && heads.get(heads.size() - 1).stream().equals(stream)) {
          continue;
        }
        heads.add(
            new Head(stream, rows.getLong(2), rows.getObject(4, UUID.class), rows.getString(3)));
      }
    }
    return new Checkpoint(takenAt, heads);
  }

  /** Writes the checkpoint as JSON, replacing {@code file} only once the whole file is written. */
  public void write(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    Files.write(partial, toJson());
    try {
      Files.move(
          partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The file's content, UTF-8 JSON, as {@link #write} writes it and {@link #read} reads it. */
  public byte[] toJson() throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeStringField("taken_at", Envelope.formatTime(takenAt));
      json.writeArrayFieldStart("heads");
      for (Head head : heads) {
        json.writeStartObject();
        json.writeStringField("stream", head.stream());
        json.writeNumberField("stream_seq", head.streamSeq());
        json.writeStringField(
            "event_id", head.eventId() == null ? null : head.eventId().toString());
        json.writeStringField("hash", head.hash());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a checkpoint file written by {@link #write}.
   *
   * @throws FormatException if the file is not such a checkpoint; the message names the file, the
   *     member and what was expected
   */
  public static Checkpoint read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new FormatException(file + ": not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FormatException(file + ": expected a JSON object with format, taken_at and heads");
    }
    String format = text(file, root, "format", "format");
    if (!FORMAT.equals(format)) {
      throw new FormatException(
          file + ": format: expected \"" + FORMAT + "\", got \"" + format + "\"");
    }
    String takenAtText = text(file, root, "taken_at", "taken_at");
    Instant takenAt;
    try {
      takenAt = Instant.parse(takenAtText);
    } catch (DateTimeParseException e) {
      throw new FormatException(
          file
              + ": taken_at: expected a UTC time like 2025-06-01T08:05:00.000000Z, got \""
              + takenAtText
              + "\"");
    }
    JsonNode headsNode = root.get("heads");
    if (headsNode == null || !headsNode.isArray()) {
      throw new FormatException(file + ": heads: expected an array of stream heads");
    }
    List<Head> heads = new ArrayList<>(headsNode.size());
    Set<String> streams = new HashSet<>();
    for (int i = 0; i < headsNode.size(); i++) {
      String where = "heads[" + i + "]";
      JsonNode node = headsNode.get(i);
      if (!node.isObject()) {
        throw new FormatException(file + ": " + where + ": expected an object");
      }
      String stream = text(file, node, "stream", where + ".stream");
      if (!streams.add(stream)) {
        throw new FormatException(
            file + ": " + where + ".stream: stream \"" + stream + "\" appears twice");
      }
      JsonNode seq = node.get("stream_seq");
      if (seq == null
          || !seq.canConvertToExactIntegral()
          || !seq.canConvertToLong()
          || seq.asLong() < 1) {
        throw new FormatException(
            file + ": " + where + ".stream_seq: expected a whole number from 1, got " + seq);
      }
      JsonNode eventIdNode = node.get("event_id");
      UUID eventId = null;
      if (eventIdNode != null && !eventIdNode.isNull()) {
        try {
          eventId = UUID.fromString(eventIdNode.asText());
        } catch (IllegalArgumentException e) {
          throw new FormatException(
              file + ": " + where + ".event_id: expected a UUID or null, got " + eventIdNode);
        }
      }
      String hash = text(file, node, "hash", where + ".hash");
      if (!HASH.matcher(hash).matches()) {
        throw new FormatException(
            file + ": " + where + ".hash: expected 64 lower-case hex digits, got \"" + hash + "\"");
      }
      heads.add(new Head(stream, seq.asLong(), eventId, hash));
    }
    return new Checkpoint(takenAt, heads);
  }

  private static String text(Path file, JsonNode parent, String member, String where)
      throws FormatException {
    JsonNode node = parent.get(member);
    if (node == null || !node.isTextual()) {
      throw new FormatException(
          file + ": " + where + ": expected a string, got " + (node == null ? "nothing" : node));
    }
    return node.asText();
  }
}
