package dev.asrun.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What someone with full access to the database can do once the protection is bypassed ({@link
 * TestDatabase#bypassProtection}): plain SQL on the log's tables, with hashes computed as the log
 * computes them.
 */
final class Tampering {

  /** Far beyond any test stream: a parking position while positions are swapped or shifted. */
  private static final long PARKED = 1_000_000;

  private final TestDatabase db;

  Tampering(TestDatabase db) {
    this.db = db;
  }

  /** The stream's events, in stream order. */
  List<LoggedEvent> stream(String stream) throws Exception {
    return db.inTransaction(c -> new EventLog().stream(c, stream));
  }

  /** Replaces an event's payload, leaving its stored hash as it was. */
  void editPayload(LoggedEvent event, Map<String, Object> payload) throws SQLException {
    db.update(
        "UPDATE asrun_event SET payload = ? WHERE seq = ?",
        PayloadJson.canonical(payload),
        event.seq());
  }

  /** Replaces an event's payload and stores the hash of the new content. */
  void editPayloadAndRehash(LoggedEvent event, Map<String, Object> payload) throws SQLException {
    Envelope edited =
        new Envelope(
            event.eventId(),
            event.stream(),
            event.streamSeq(),
            event.recordedAt(),
            event.occurredAt().orElse(null),
            event.source().wireName(),
            event.type().wireName(),
            event.procedureId().orElse(null),
            event.procedureVersion().orElse(null),
            event.runId().orElse(null),
            PayloadJson.canonical(payload),
            event.prevHash());
    db.update(
        "UPDATE asrun_event SET payload = ?, hash = ? WHERE seq = ?",
        edited.payload(),
        edited.hash(),
        event.seq());
  }

  /** Sets an event's {@code prev_hash}. */
  void relink(LoggedEvent event, String prevHash) throws SQLException {
    db.update("UPDATE asrun_event SET prev_hash = ? WHERE seq = ?", prevHash, event.seq());
  }

  /** Deletes events. */
  void delete(LoggedEvent... events) throws SQLException {
    for (LoggedEvent event : events) {
      db.update("DELETE FROM asrun_event WHERE seq = ?", event.seq());
    }
  }

  /**
   * Moves the events of {@code stream} from position {@code from} on by {@code by} (may be
   * negative).
   */
  void shift(String stream, long from, long by) throws SQLException {
    db.update(
        "UPDATE asrun_event SET stream_seq = stream_seq + ? WHERE stream = ? AND stream_seq >= ?",
        PARKED,
        stream,
        from);
    db.update(
        "UPDATE asrun_event SET stream_seq = stream_seq - ? WHERE stream = ? AND stream_seq >= ?",
        PARKED - by,
        stream,
        PARKED);
  }

  /** Swaps the positions of two events. */
  void swap(LoggedEvent first, LoggedEvent second) throws SQLException {
    db.update("UPDATE asrun_event SET stream_seq = ? WHERE seq = ?", PARKED, first.seq());
    db.update(
        "UPDATE asrun_event SET stream_seq = ? WHERE seq = ?", first.streamSeq(), second.seq());
    db.update(
        "UPDATE asrun_event SET stream_seq = ? WHERE seq = ?", second.streamSeq(), first.seq());
  }

  /** Sets a stream's head. */
  void setHead(String stream, long lastSeq, String lastHash) throws SQLException {
    db.update(
        "UPDATE asrun_stream_head SET last_seq = ?, last_hash = ? WHERE stream = ?",
        lastSeq,
        lastHash,
        stream);
  }

  /**
   * Inserts a forged event of run {@code runId} at {@code position}, linked to {@code prevHash} and
   * hashed as the log would; returns its id.
   */
  UUID forge(String runId, long position, String prevHash) throws Exception {
    Envelope forged =
        new Envelope(
            UUID.randomUUID(),
            "run:" + runId,
            position,
            Envelope.toStoredPrecision(Instant.now()),
            null,
            EventSource.EXECUTOR.wireName(),
            EventType.STEP_MATCHED.wireName(),
            "reactor_startup",
            "3",
            runId,
            PayloadJson.canonical(Map.of("step", "forged")),
            prevHash);
    db.inTransaction(
        (Connection c) -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO asrun_event (event_id, stream, stream_seq, recorded_at, occurred_at,"
                      + " source, event_type, procedure_id, procedure_version, run_id, payload,"
                      + " prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, forged.eventId());
            insert.setString(2, forged.stream());
            insert.setLong(3, forged.streamSeq());
            insert.setObject(4, forged.recordedAt().atOffset(ZoneOffset.UTC));
            insert.setString(5, forged.source());
            insert.setString(6, forged.eventType());
            insert.setString(7, forged.procedureId());
            insert.setString(8, forged.procedureVersion());
            insert.setString(9, forged.runId());
            insert.setString(10, forged.payload());
            insert.setString(11, forged.prevHash());
            insert.setString(12, forged.hash());
            return insert.executeUpdate();
          }
        });
    return forged.eventId();
  }

  /** Recomputes every hash of {@code stream} from position {@code from} on, and its head. */
  void rehashFrom(String stream, long from) throws Exception {
    List<LoggedEvent> events = stream(stream);
    String prev = from == 1 ? Envelope.GENESIS : events.get((int) from - 2).hash();
    for (LoggedEvent event : events.subList((int) from - 1, events.size())) {
      Envelope rehashed =
          new Envelope(
              event.eventId(),
              event.stream(),
              event.streamSeq(),
              event.recordedAt(),
              event.occurredAt().orElse(null),
              event.source().wireName(),
              event.type().wireName(),
              event.procedureId().orElse(null),
              event.procedureVersion().orElse(null),
              event.runId().orElse(null),
              event.payload(),
              prev);
      prev = rehashed.hash();
      db.update(
          "UPDATE asrun_event SET prev_hash = ?, hash = ? WHERE seq = ?",
          rehashed.prevHash(),
          prev,
          event.seq());
    }
    setHead(stream, events.size(), prev);
  }
}
