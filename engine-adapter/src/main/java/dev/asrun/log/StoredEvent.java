package dev.asrun.log;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One row of {@code asrun_event} as stored, without interpreting it: the verifier must read a
 * damaged row (an unknown source, say) as it is, to report it instead of failing on it.
 */
record StoredEvent(long seq, Envelope envelope, String hash) {

  private static final List<String> COLUMNS =
      List.of(
          "seq",
          "event_id",
          "stream",
          "stream_seq",
          "recorded_at",
          "occurred_at",
          "source",
          "event_type",
          "procedure_id",
          "procedure_version",
          "run_id",
          "payload",
          "prev_hash",
          "hash");

  /**
   * The columns {@link #read} expects first in a select, in this order, each prefixed by {@code
   * alias} (e.g. {@code "e."}).
   */
  static String columns(String alias) {
    return COLUMNS.stream().map(column -> alias + column).collect(Collectors.joining(", "));
  }

  /** Every row {@code select} gives, in its order. */
  static List<StoredEvent> readAll(PreparedStatement select) throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        events.add(read(rows));
      }
    }
    return events;
  }

  /**
   * The event in the current row of {@code row}, whose select starts with {@link #columns}: read by
   * position, as looking each column up by its name cost a tenth of reading the log.
   */
  static StoredEvent read(ResultSet row) throws SQLException {
    OffsetDateTime recordedAt = row.getObject(5, OffsetDateTime.class);
    OffsetDateTime occurredAt = row.getObject(6, OffsetDateTime.class);
    Envelope envelope =
        new Envelope(
            row.getObject(2, UUID.class),
            row.getString(3),
            row.getLong(4),
            recordedAt == null ? null : recordedAt.toInstant(),
            occurredAt == null ? null : occurredAt.toInstant(),
            row.getString(7),
            row.getString(8),
            row.getString(9),
            row.getString(10),
            row.getString(11),
            row.getString(12),
            row.getString(13));
    return new StoredEvent(row.getLong(1), envelope, row.getString(14));
  }

  long streamSeq() {
    return envelope.streamSeq();
  }

  String stream() {
    return envelope.stream();
  }

  String prevHash() {
    return envelope.prevHash();
  }

  /** Whether the stored hash is the hash of this content placed at {@code position}. */
  boolean hashesAt(long position) {
    return envelope.atPosition(position).hash().equals(hash);
  }

  /** The public view; fails with the row's {@code seq} named when a stored name is unknown. */
  LoggedEvent toLoggedEvent() {
    EventSource source;
    EventType type;
    try {
      source = EventSource.fromWireName(envelope.source());
      type = EventType.fromWireName(envelope.eventType());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalStateException(
          "asrun_event seq "
              + seq
              + ": unknown source '"
              + envelope.source()
              + "' or event type '"
              + envelope.eventType()
              + "'; known sources are the wire names of EventSource, known"
              + " types those of EventType",
          e);
    }
    return new LoggedEvent(
        envelope.eventId(),
        seq,
        envelope.stream(),
        envelope.streamSeq(),
        envelope.recordedAt(),
        Optional.ofNullable(envelope.occurredAt()),
        source,
        type,
        Optional.ofNullable(envelope.procedureId()),
        Optional.ofNullable(envelope.procedureVersion()),
        Optional.ofNullable(envelope.runId()),
        envelope.payload(),
        envelope.prevHash(),
        hash);
  }
}
