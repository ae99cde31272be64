package dev.asrun.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.log.VerifyReport.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A run's record outside the database: the events of its streams (the run's own and its nested
 * runs', {@link RecordHash}) as the log holds them, written as JSON Lines, one event per line in
 * the JSON form of {@link LoggedEvent#toJson()} ({@code GET /runs/{run_id}/events}), by stream name
 * and then position. Read back, it is verified without a database by the log's own checks: each
 * stream's chain as {@link LogVerifier} walks it, with the stream's last event as its head, and
 * every signature against the events under it ({@link SignatureCheck}).
 *
 * <p>The payload is hashed as the text the log stores; it is read back as the exact text the line
 * embeds, never re-serialized.
 */
public final class DetachedRecord {

  /** The media type of the written form. */
  public static final String MEDIA_TYPE = "application/jsonl";

  private static final JsonFactory JSON = new ObjectMapper().getFactory();

  private static final String RUN_STREAM = NewEvent.runStream("");

  private final List<StoredEvent> events;

  private DetachedRecord(List<StoredEvent> events) {
    List<StoredEvent> sorted = new ArrayList<>(events);
    sorted.sort(
        Comparator.comparing(StoredEvent::stream)
            .thenComparingLong(StoredEvent::streamSeq)
            .thenComparingLong(StoredEvent::seq));
    this.events = List.copyOf(sorted);
  }

  /**
   * Writes {@code events} (as read from the log) as JSON Lines, UTF-8, by stream name and then
   * position.
   */
  public static void write(List<LoggedEvent> events, OutputStream out) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<LoggedEvent> sorted = new ArrayList<>(events);
    sorted.sort(
        Comparator.comparing(LoggedEvent::stream)
            .thenComparingLong(LoggedEvent::streamSeq)
            .thenComparingLong(LoggedEvent::seq));
    for (LoggedEvent event : sorted) {
      out.write(mapper.writeValueAsBytes(event.toJson()));
      out.write('\n');
    }
    out.flush();
  }

  /**
   * Reads a record {@link #write} wrote.
   *
   * @throws Unreadable naming the first line that is not an event in that form
   */
  public static DetachedRecord read(byte[] jsonLines) throws Unreadable {
    List<StoredEvent> events = new ArrayList<>();
    String[] lines = new String(jsonLines, UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        events.add(event(lines[i]));
      } catch (IOException | RuntimeException e) {
        throw new Unreadable("line " + (i + 1) + " is not an event of the log: " + e.getMessage());
      }
    }
    if (events.isEmpty()) {
      throw new Unreadable("it holds no event");
    }
    return new DetachedRecord(events);
  }

  private static StoredEvent event(String line) throws IOException {
    Map<String, String> text = new TreeMap<>();
    Long seq = null;
    Long streamSeq = null;
    String payload = null;
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "seq" -> seq = parser.getLongValue();
          case "stream_seq" -> streamSeq = parser.getLongValue();
          case "payload" -> {
            if (value == JsonToken.START_OBJECT) {
              int start = (int) parser.currentTokenLocation().getCharOffset();
              parser.skipChildren();
              int end = (int) parser.currentLocation().getCharOffset();
              payload = line.substring(start, end);
            } else if (value == JsonToken.VALUE_STRING) {
              payload = parser.getText();
            } else if (value != JsonToken.VALUE_NULL) {
              throw new IOException("payload is neither an object nor a string");
            }
          }
          default -> {
            if (value == JsonToken.VALUE_STRING) {
              text.put(name, parser.getText());
            } else if (value != JsonToken.VALUE_NULL) {
              throw new IOException(name + " is not a string");
            }
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new IOException("more than one JSON value");
      }
    }
    if (seq == null || streamSeq == null || text.get("stream") == null) {
      throw new IOException("seq, stream_seq and stream are required");
    }
    Envelope envelope =
        new Envelope(
            text.get("event_id") == null ? null : UUID.fromString(text.get("event_id")),
            text.get("stream"),
            streamSeq,
            time(text.get("timestamp")),
            time(text.get("occurred_at")),
            text.get("source"),
            text.get("event_type"),
            text.get("procedure_id"),
            text.get("procedure_version"),
            text.get("run_id"),
            payload,
            Objects.requireNonNull(text.get("prev_hash"), "prev_hash is required"));
    return new StoredEvent(
        seq, envelope, Objects.requireNonNull(text.get("hash"), "hash is required"));
  }

  private static Instant time(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 instant", e);
    }
  }

  /** How many events it holds. */
  public int size() {
    return events.size();
  }

  /** Its streams, by name. */
  public List<String> streams() {
    Set<String> streams = new LinkedHashSet<>();
    events.forEach(e -> streams.add(e.stream()));
    return List.copyOf(streams);
  }

  /**
   * The run it is the record of: the one run whose stream it holds that none of its runs started as
   * a nested run; empty if there is not exactly one.
   */
  public Optional<String> runId() {
    Set<String> runs = new LinkedHashSet<>();
    Set<String> nested = new LinkedHashSet<>();
    for (String stream : streams()) {
      if (stream.startsWith(RUN_STREAM)) {
        runs.add(stream.substring(RUN_STREAM.length()));
        nested.addAll(RecordHash.nestedRunsOf(stream(stream)));
      }
    }
    runs.removeAll(nested);
    return runs.size() == 1 ? Optional.of(runs.iterator().next()) : Optional.empty();
  }

  /**
   * The {@link RecordHash} of its streams' heads: each stream's last event's stored hash, what the
   * log's heads held when it was written.
   */
  public String recordHash() {
    Map<String, String> heads = new TreeMap<>();
    events.forEach(e -> heads.put(e.stream(), e.hash()));
    return RecordHash.of(heads);
  }

  /**
   * Verifies each stream's chain (its last event taken as its head: events cut off its end are seen
   * only by a {@link #recordHash} that differs from one stated elsewhere) and every signature it
   * holds against the events under it.
   */
  public VerifyReport verify() {
    Lookup lookup = new Lookup();
    List<Problem> problems = new ArrayList<>();
    try {
      for (String stream : streams()) {
        List<StoredEvent> walked = stream(stream);
        StreamWalk walk = new StreamWalk(stream, lookup, null, null);
        List<StoredEvent> position = new ArrayList<>();
        for (StoredEvent event : walked) {
          if (!position.isEmpty() && position.get(0).streamSeq() != event.streamSeq()) {
            walk.position(position);
            position = new ArrayList<>();
          }
          position.add(event);
        }
        walk.position(position);
        StoredEvent last = walked.get(walked.size() - 1);
        walk.finish(last.streamSeq(), last.hash()).ifPresent(problems::add);
      }
      problems.addAll(
          new SignatureCheck(lookup)
              .check(
                  events.stream()
                      .filter(
                          e ->
                              EventType.SIGNATURE_APPLIED
                                  .wireName()
                                  .equals(e.envelope().eventType()))
                      .toList()));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("a detached record reads no database", e);
    }
    problems.sort(Comparator.comparing(Problem::stream));
    return new VerifyReport(streams().size(), events.size(), problems);
  }

  private List<StoredEvent> stream(String stream) {
    return events.stream().filter(e -> e.stream().equals(stream)).toList();
  }

  /** The look-ups of the stream walk and the signature check, over the record's events. */
  private final class Lookup implements StreamWalk.Lookup, SignatureCheck.Events {

    @Override
    public List<StoredEvent> withHash(String stream, String hash) {
      return stream(stream).stream().filter(e -> e.hash().equals(hash)).toList();
    }

    @Override
    public List<StoredEvent> atPosition(String stream, long position) {
      return stream(stream).stream().filter(e -> e.streamSeq() == position).toList();
    }

    @Override
    public List<StoredEvent> inStreamBefore(String stream, long streamSeq) {
      return stream(stream).stream().filter(e -> e.streamSeq() < streamSeq).toList();
    }

    @Override
    public List<StoredEvent> inLogBefore(String stream, long seq) {
      return stream(stream).stream().filter(e -> e.seq() < seq).toList();
    }
  }

  /** The bytes are not a record {@link #write} wrote. */
  public static final class Unreadable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }
}
