package dev.asrun.log;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The query bench's fast way into a fresh log: the events of a generated history written to
 * {@code asrun_event} in bulk (H2: JDBC batches; PostgreSQL: {@code COPY}) instead of one {@link
 * EventLog#append} at a time. It lives in the log's package, in the bench's sources only, to hash every event with the
 * log's own {@link Envelope} and canonical JSON ({@link PayloadJson}), as {@code append} does: the
 * same fields, the same precision, the same chain per stream. What it does not do is what only a
 * live log needs: lock a stream's head (one writer fills a fresh log) and check ids' lengths (the
 * history's are short). The event ids are the caller's, so a fill can be repeated exactly; {@code
 * seq} is the database's identity, checked after every batch against the count this writer keeps.
 */
public final class BulkLog {

  private static final String INSERT_EVENT =
      "INSERT INTO asrun_event (event_id, stream, stream_seq, recorded_at, occurred_at, source,"
          + " event_type, procedure_id, procedure_version, run_id, payload, prev_hash, hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_HEAD =
      "INSERT INTO asrun_stream_head (stream, last_seq, last_hash) VALUES (?, ?, ?)";

  /** A stream's length and last hash so far. */
  private record Head(long lastSeq, String lastHash) {}

  private final Map<String, Head> heads = new LinkedHashMap<>();
  private long seq;

  /**
   * The event as {@code append} would store it as the next event of its stream, recorded at {@code
   * recordedAt} with id {@code eventId}; {@link #insert} then writes it.
   */
  public LoggedEvent next(NewEvent event, Instant recordedAt, UUID eventId) {
    String stream = event.stream();
    Head head = heads.getOrDefault(stream, new Head(0, Envelope.GENESIS));
    Envelope envelope =
        new Envelope(
            eventId,
            stream,
            head.lastSeq() + 1,
            Envelope.toStoredPrecision(recordedAt),
            event.occurredAt().map(Envelope::toStoredPrecision).orElse(null),
            event.source().wireName(),
            event.type().wireName(),
            event.procedureId().orElse(null),
            event.procedureVersion().orElse(null),
            event.runId().orElse(null),
            PayloadJson.canonical(event.payload()),
            head.lastHash());
    String hash = envelope.hash();
    heads.put(stream, new Head(envelope.streamSeq(), hash));
    return new StoredEvent(++seq, envelope, hash).toLoggedEvent();
  }

  /**
   * Inserts the events made by {@link #next}, in that order, in one JDBC batch; fails if the
   * database numbered them otherwise than {@link #next} did (the log was not fresh).
   */
  public void insert(Connection connection, List<LoggedEvent> events) throws SQLException {
    if (Dialect.of(connection) == Dialect.H2) {
      insertBatch(connection, events);
    } else {
      copy(connection, events);
    }
    if (events.isEmpty()) {
      return;
    }
    long last = events.get(events.size() - 1).seq();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT MAX(seq) FROM asrun_event")) {
      row.next();
      if (row.getLong(1) != last) {
        throw new IllegalStateException(
            "the last event in asrun_event has seq %d, expected %d: fill a fresh log"
                .formatted(row.getLong(1), last));
      }
    }
  }

  /**
   * PostgreSQL: the events as CSV through {@code COPY}, several times faster than batched inserts
   * (what makes a log of 19 million events fillable in minutes). In CSV an unquoted empty field is
   * NULL, every value is quoted; {@code seq} is the identity, assigned in the order of the rows.
   */
  private static void copy(Connection connection, List<LoggedEvent> events) throws SQLException {
    StringBuilder csv = new StringBuilder(events.size() * 700);
    for (LoggedEvent event : events) {
      quoted(csv, event.eventId().toString()).append(',');
      quoted(csv, event.stream()).append(',');
      csv.append(event.streamSeq()).append(',');
      quoted(csv, event.recordedAt().toString()).append(',');
      if (event.occurredAt().isPresent()) {
        quoted(csv, event.occurredAt().get().toString());
      }
      csv.append(',');
      quoted(csv, event.source().wireName()).append(',');
      quoted(csv, event.type().wireName()).append(',');
      optional(csv, event.procedureId()).append(',');
      optional(csv, event.procedureVersion()).append(',');
      optional(csv, event.runId()).append(',');
      quoted(csv, event.payload()).append(',');
      quoted(csv, event.prevHash()).append(',');
      quoted(csv, event.hash()).append('\n');
    }
    try {
      new CopyManager(connection.unwrap(BaseConnection.class))
          .copyIn(
              "COPY asrun_event (event_id, stream, stream_seq, recorded_at, occurred_at, source,"
                  + " event_type, procedure_id, procedure_version, run_id, payload, prev_hash, hash)"
                  + " FROM STDIN (FORMAT csv)",
              new StringReader(csv.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StringBuilder optional(StringBuilder csv, Optional<String> value) {
    return value.isPresent() ? quoted(csv, value.get()) : csv;
  }

  private static StringBuilder quoted(StringBuilder csv, String value) {
    return csv.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  /** H2: the events in one JDBC batch of inserts. */
  private static void insertBatch(Connection connection, List<LoggedEvent> events)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
      for (LoggedEvent event : events) {
        insert.setObject(1, event.eventId());
        insert.setString(2, event.stream());
        insert.setLong(3, event.streamSeq());
        insert.setObject(4, event.recordedAt().atOffset(ZoneOffset.UTC));
        Optional<Instant> occurredAt = event.occurredAt();
        if (occurredAt.isPresent()) {
          insert.setObject(5, occurredAt.get().atOffset(ZoneOffset.UTC));
        } else {
          insert.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        insert.setString(6, event.source().wireName());
        insert.setString(7, event.type().wireName());
        insert.setString(8, event.procedureId().orElse(null));
        insert.setString(9, event.procedureVersion().orElse(null));
        insert.setString(10, event.runId().orElse(null));
        insert.setString(11, event.payload());
        insert.setString(12, event.prevHash());
        insert.setString(13, event.hash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Writes every stream's head, its length and last hash, as the appends would have left it. The
   * head's trigger lets a head only start at 0 and move one event at a time, which is what {@code
   * append} does; for this one statement per stream it is set aside (PostgreSQL: disabled; H2:
   * dropped) and put back as the migration made it, in the caller's transaction.
   */
  public void writeHeads(Connection connection) throws SQLException {
    Dialect dialect = Dialect.of(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          dialect == Dialect.H2
              ? "DROP TRIGGER asrun_stream_head_forward"
              : "ALTER TABLE asrun_stream_head DISABLE TRIGGER asrun_stream_head_forward");
      try (PreparedStatement insert = connection.prepareStatement(INSERT_HEAD)) {
        for (Map.Entry<String, Head> head : heads.entrySet()) {
          insert.setString(1, head.getKey());
          insert.setLong(2, head.getValue().lastSeq());
          insert.setString(3, head.getValue().lastHash());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      statement.execute(
          dialect == Dialect.H2
              ? "CREATE TRIGGER asrun_stream_head_forward BEFORE INSERT, UPDATE, DELETE ON"
                  + " asrun_stream_head FOR EACH ROW CALL 'dev.asrun.log.h2.StreamHeadTrigger'"
              : "ALTER TABLE asrun_stream_head ENABLE TRIGGER asrun_stream_head_forward");
    }
  }
}
