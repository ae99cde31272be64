package dev.asrun.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Appends to and reads the as-run event log ({@code asrun_event}, created by {@link
 * AsRunSchema#migrate}).
 *
 * <h2>Transactions</h2>
 *
 * {@link #append} works in the caller's transaction on the caller's connection: it never commits,
 * rolls back or opens a connection, so the engine passes the connection of the running command and
 * a rolled-back command leaves no event. Per stream, it locks the stream's row in {@code
 * asrun_stream_head} ({@code SELECT ... FOR UPDATE}, after creating the row if the stream is new),
 * once for all the events it appends there, so appends to one stream from several engine nodes wait
 * for each other and the chain never forks; appends to different streams do not wait. Before that,
 * it enters the log gate shared (see Order); appenders never wait for each other there. The locks
 * are held until the caller's transaction ends. Run at READ COMMITTED, the isolation Camunda uses.
 *
 * <h2>Order</h2>
 *
 * {@code stream_seq} numbers a stream 1, 2, 3, ... with no gaps. {@code seq} is the order in which
 * rows were inserted over all streams. Within a stream it grows with {@code stream_seq}. Across
 * streams, a transaction can commit after another that inserted later, so at a given moment a
 * higher {@code seq} can be visible while a lower one is still to commit.
 *
 * <p>{@link #after} hides that: on a connection outside any transaction (autocommit on), it returns
 * only events up to the <em>committed head</em>, a {@code seq} at or below which no transaction is
 * still in flight (found through the log gate, see {@code LogGate}: every appending transaction
 * enters it shared before it draws a {@code seq}, the reader exclusively for one index lookup). So
 * a reader that asks again after the last {@code seq} it got never skips an event and never gets
 * one twice, whatever the writers on any number of engine nodes do; an event becomes visible to it
 * once every event with a lower {@code seq} has committed or rolled back. Inside a transaction,
 * {@link #after} reads what that transaction sees (a replay of the whole log as of that
 * transaction), in which a concurrent writer may still complete a lower {@code seq}.
 *
 * <h2>Hash chain</h2>
 *
 * {@code prev_hash} is the {@code hash} of the stream's previous event (64 zeros for the first).
 * {@code hash} is SHA-256, written as 64 lower-case hex digits, over this byte encoding of the
 * fields, in this order:
 *
 * <ol>
 *   <li>the encoding's name, {@code asrun-event-v1};
 *   <li>{@code event_id}, lower-case with hyphens;
 *   <li>{@code stream};
 *   <li>{@code stream_seq}, in decimal;
 *   <li>{@code recorded_at} (the JSON {@code timestamp}), UTC, ISO-8601 with exactly six fractional
 *       digits, e.g. {@code 2025-06-01T08:05:00.120000Z};
 *   <li>{@code occurred_at}, the same way, or absent;
 *   <li>{@code source} and {@code event_type}, their lower-case wire names;
 *   <li>{@code procedure_id}, {@code procedure_version}, {@code run_id}, each or absent;
 *   <li>{@code payload}, the stored canonical JSON text (object keys sorted by UTF-16 code units,
 *       no whitespace, non-ASCII characters escaped as {@code \\uXXXX});
 *   <li>{@code prev_hash}.
 * </ol>
 *
 * A present field is the byte {@code 0x01}, its UTF-8 length as a 4-byte big-endian integer, then
 * its UTF-8 bytes; an absent field is the single byte {@code 0x00}. Times are truncated to
 * microseconds before they are hashed and stored, so what is stored is what was hashed. {@code seq}
 * is not hashed: the database assigns it on insert.
 */
public final class EventLog {

  /** The longest {@code procedure_id}, {@code procedure_version} and {@code run_id} stored. */
  public static final int MAX_ID_LENGTH = 255;

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private static final String LOCK_HEAD =
      "SELECT last_seq, last_hash FROM asrun_stream_head WHERE stream = ? FOR UPDATE";

  private static final String INSERT_EVENT =
      "INSERT INTO asrun_event (event_id, stream, stream_seq, recorded_at, occurred_at, source,"
          + " event_type, procedure_id, procedure_version, run_id, payload, prev_hash, hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String ADVANCE_HEAD =
      "UPDATE asrun_stream_head SET last_seq = ?, last_hash = ? WHERE stream = ?";

  private static final String SELECT = "SELECT " + StoredEvent.columns("") + " FROM asrun_event";

  private final Clock clock;

  /** A log stamping events with the system clock. */
  public EventLog() {
    this(Clock.systemUTC());
  }

  /** A log stamping events ({@code recorded_at}) with {@code clock}. */
  public EventLog(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Appends {@code event} to its stream in the caller's transaction, waiting for other transactions
   * appending to the same stream: {@link #append(Statements, List)} of one event.
   *
   * @param connection the connection of the running transaction (autocommit off)
   * @return the event as stored
   */
  public LoggedEvent append(Connection connection, NewEvent event) throws SQLException {
    Objects.requireNonNull(event, "event");
    try (Statements statements = new Statements(connection)) {
      return append(statements, List.of(event)).get(0);
    }
  }

  /**
   * Appends {@code events}, in this order, to their streams in the caller's transaction: the events
   * of one engine command. It enters the log gate (see the class comment on order), then each
   * stream's head is locked once (streams in name order, so two commands appending to the same
   * streams cannot deadlock), the events are hashed and chained in memory, inserted in one JDBC
   * batch, and each head is advanced once, to its last event. Their {@code seq} follows the list's
   * order.
   *
   * @param statements the connection of the running transaction (autocommit off), with the
   *     statements of its unit of work
   * @return the events as stored, in the list's order
   * @throws IllegalArgumentException if a payload holds something that is not a JSON value, an id
   *     is longer than {@value #MAX_ID_LENGTH} characters, or an {@code occurredAt} is outside the
   *     years 1 to 9999; nothing is appended then
   * @throws IllegalStateException if the connection is in autocommit mode
   */
  public List<LoggedEvent> append(Statements statements, List<NewEvent> events)
      throws SQLException {
    Objects.requireNonNull(statements, "statements");
    Objects.requireNonNull(events, "events");
    Connection connection = statements.connection();
    requireTransaction(
        connection,
        "append",
        "the events must commit or roll back with the command that caused them");
    if (events.isEmpty()) {
      return List.of();
    }
    List<Checked> checked = new ArrayList<>(events.size());
    for (NewEvent event : events) {
      checked.add(Checked.of(Objects.requireNonNull(event, "event")));
    }
    Map<String, Head> heads = new TreeMap<>();
    for (Checked event : checked) {
      heads.put(event.stream(), null);
    }
    LogGate.enter(statements);
    for (String stream : heads.keySet()) {
      heads.put(stream, lockedHead(statements, stream));
    }
    List<StoredEvent> stored = new ArrayList<>(checked.size());
    PreparedStatement insert = statements.prepareReturning(INSERT_EVENT, "seq");
    for (Checked event : checked) {
      Head head = heads.get(event.stream());
      Envelope envelope = event.envelope(head, Envelope.toStoredPrecision(clock.instant()));
      String hash = envelope.hash();
      heads.put(event.stream(), new Head(envelope.streamSeq(), hash));
      bind(insert, envelope, hash);
      insert.addBatch();
      stored.add(new StoredEvent(0, envelope, hash));
    }
    insert.executeBatch();
    List<LoggedEvent> logged = new ArrayList<>(stored.size());
    try (ResultSet keys = insert.getGeneratedKeys()) {
      for (StoredEvent event : stored) {
        if (!keys.next()) {
          throw new IllegalStateException("the database returned no seq for an inserted event");
        }
        logged.add(
            new StoredEvent(keys.getLong(1), event.envelope(), event.hash()).toLoggedEvent());
      }
    }
    PreparedStatement advance = statements.prepare(ADVANCE_HEAD);
    for (Map.Entry<String, Head> head : heads.entrySet()) {
      advance.setLong(1, head.getValue().lastSeq());
      advance.setString(2, head.getValue().lastHash());
      advance.setString(3, head.getKey());
      advance.addBatch();
    }
    for (int advanced : advance.executeBatch()) {
      if (advanced != 1 && advanced != Statement.SUCCESS_NO_INFO) {
        throw new IllegalStateException("the head of a stream vanished during an append");
      }
    }
    return logged;
  }

  /**
   * Takes the lock {@link #append} takes on {@code stream} (creating the stream's head if the
   * stream is new), held until the caller's transaction ends. What the caller reads of the stream
   * after this is its latest state, which no other transaction can change before the caller's ends:
   * so a caller may append an event only if the stream does not hold one like it yet, and two
   * engine nodes deciding that at once do not both append it.
   *
   * @param statements the connection of the running transaction (autocommit off)
   * @throws IllegalStateException if the connection is in autocommit mode
   */
  public void lock(Statements statements, String stream) throws SQLException {
    Objects.requireNonNull(statements, "statements");
    Objects.requireNonNull(stream, "stream");
    requireTransaction(statements.connection(), "lock", "the lock would end with the statement");
    LogGate.enter(statements);
    lockedHead(statements, stream);
  }

  /** {@link #lock(Statements, String)} with statements of its own. */
  public void lock(Connection connection, String stream) throws SQLException {
    try (Statements statements = new Statements(connection)) {
      lock(statements, stream);
    }
  }

  /** Every event of {@code stream}, in stream order. */
  public List<LoggedEvent> stream(Connection connection, String stream) throws SQLException {
    Objects.requireNonNull(stream, "stream");
    return query(connection, SELECT + " WHERE stream = ? ORDER BY stream_seq, seq", stream);
  }

  /** Every event of the run {@code runId}, in stream order: the run's audit trail. */
  public List<LoggedEvent> run(Connection connection, String runId) throws SQLException {
    Objects.requireNonNull(runId, "runId");
    return query(connection, SELECT + " WHERE run_id = ? ORDER BY stream_seq, seq", runId);
  }

  /**
   * At most {@code limit} events of runs after the position {@code (runId, streamSeq)}, in {@code
   * (run_id, stream_seq)} order: the log run by run, a page at a time, from the log's run index
   * ({@code ("", 0)} is before the first run).
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public List<LoggedEvent> runEventsAfter(
      Connection connection, String runId, long streamSeq, int limit) throws SQLException {
    Objects.requireNonNull(runId, "runId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    // "run_id >= ?" lets both databases seek asrun_event_run_idx to the position; with only the
    // OR, H2 scans the index from its start on every page, a rebuild quadratic in the log.
    return query(
        connection,
        SELECT
            + " WHERE run_id >= ? AND (run_id > ? OR stream_seq > ?)"
            + " ORDER BY run_id, stream_seq LIMIT ?",
        runId,
        runId,
        streamSeq,
        limit);
  }

  /**
   * At most {@code limit} events with a {@code seq} greater than {@code seq}, in {@code seq} order:
   * to follow the log from a position. On a connection in autocommit mode, only events up to the
   * committed head, so asking again after the last one's {@code seq} never skips or repeats an
   * event; inside a transaction, what that transaction sees (see the class comment on order).
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   * @throws LogBusyException if writers kept the reader from finding the committed head; nothing
   *     was read, asking again is safe
   */
  public List<LoggedEvent> after(Connection connection, long seq, int limit) throws SQLException {
    return after(connection, seq, limit, Optional.empty());
  }

  /**
   * Like {@link #after(Connection, long, int)}, but only events of the procedures {@code
   * procedureIds}: events without a procedure (engine-wide ones) are left out too. For readers who
   * may see only some procedures.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   * @throws LogBusyException if writers kept the reader from finding the committed head
   */
  public List<LoggedEvent> after(
      Connection connection, long seq, int limit, Set<String> procedureIds) throws SQLException {
    return after(connection, seq, limit, Optional.of(procedureIds));
  }

  private static List<LoggedEvent> after(
      Connection connection, long seq, int limit, Optional<Set<String>> procedureIds)
      throws SQLException {
    Objects.requireNonNull(connection, "connection");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    if (procedureIds.isPresent() && procedureIds.get().isEmpty()) {
      return List.of();
    }
    long head = connection.getAutoCommit() ? LogGate.horizon(connection) : Long.MAX_VALUE;
    if (head <= seq) {
      return List.of();
    }
    List<Object> parameters = new ArrayList<>();
    parameters.add(seq);
    parameters.add(head);
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE seq > ? AND seq <= ?");
    procedureIds.ifPresent(
        ids -> {
          sql.append(" AND procedure_id IN (")
              .append(String.join(", ", Collections.nCopies(ids.size(), "?")))
              .append(')');
          ids.stream().sorted().forEach(parameters::add);
        });
    parameters.add(limit);
    return query(connection, sql.append(" ORDER BY seq LIMIT ?").toString(), parameters.toArray());
  }

  private static void requireTransaction(Connection connection, String method, String why)
      throws SQLException {
    if (connection.getAutoCommit()) {
      throw new IllegalStateException(
          "EventLog."
              + method
              + " needs the connection of a running transaction, but autocommit"
              + " is on: "
              + why);
    }
  }

  private static Head lockedHead(Statements statements, String stream) throws SQLException {
    PreparedStatement lock = statements.prepare(LOCK_HEAD);
    lock.setString(1, stream);
    Optional<Head> locked = lockHead(lock);
    if (locked.isEmpty()) {
      Dialect.of(statements.connection()).createHeadIfAbsent(statements.connection(), stream);
      lock.setString(1, stream);
      locked = lockHead(lock);
    }
    return locked.orElseThrow(
        () -> new IllegalStateException("the head of stream '" + stream + "' vanished"));
  }

  private static Optional<Head> lockHead(PreparedStatement lock) throws SQLException {
    try (ResultSet row = lock.executeQuery()) {
      return row.next()
          ? Optional.of(new Head(row.getLong(1), row.getString(2)))
          : Optional.empty();
    }
  }

  private static void bind(PreparedStatement insert, Envelope envelope, String hash)
      throws SQLException {
    insert.setObject(1, envelope.eventId());
    insert.setString(2, envelope.stream());
    insert.setLong(3, envelope.streamSeq());
    insert.setObject(4, envelope.recordedAt().atOffset(ZoneOffset.UTC));
    if (envelope.occurredAt() == null) {
      insert.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      insert.setObject(5, envelope.occurredAt().atOffset(ZoneOffset.UTC));
    }
    insert.setString(6, envelope.source());
    insert.setString(7, envelope.eventType());
    insert.setString(8, envelope.procedureId());
    insert.setString(9, envelope.procedureVersion());
    insert.setString(10, envelope.runId());
    insert.setString(11, envelope.payload());
    insert.setString(12, envelope.prevHash());
    insert.setString(13, hash);
  }

  private static List<LoggedEvent> query(Connection connection, String sql, Object... parameters)
      throws SQLException {
    Objects.requireNonNull(connection, "connection");
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      List<LoggedEvent> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(StoredEvent.read(rows).toLoggedEvent());
        }
      }
      return events;
    }
  }

  /** A stream's row in {@code asrun_stream_head}: its length and its last event's hash. */
  private record Head(long lastSeq, String lastHash) {}

  /** An event to append, its fields checked and its payload canonical, not yet placed. */
  private record Checked(
      NewEvent event,
      String procedureId,
      String procedureVersion,
      String runId,
      Instant occurredAt,
      String payload) {

    static Checked of(NewEvent event) {
      checkedId("reporterId", event.reporterId());
      return new Checked(
          event,
          checkedId("procedureId", event.procedureId()),
          checkedId("procedureVersion", event.procedureVersion()),
          checkedId("runId", event.runId()),
          event.occurredAt().map(EventLog::checkedOccurredAt).orElse(null),
          PayloadJson.canonical(event.payload()));
    }

    String stream() {
      return event.stream();
    }

    /** The event placed after {@code head}, recorded at {@code recordedAt}. */
    Envelope envelope(Head head, Instant recordedAt) {
      return new Envelope(
          EventIds.next(),
          stream(),
          head.lastSeq() + 1,
          recordedAt,
          occurredAt,
          event.source().wireName(),
          event.type().wireName(),
          procedureId,
          procedureVersion,
          runId,
          payload,
          head.lastHash());
    }
  }

  private static String checkedId(String name, Optional<String> id) {
    return id.map(
            value -> {
              if (value.length() > MAX_ID_LENGTH) {
                throw new IllegalArgumentException(
                    name
                        + " is "
                        + value.length()
                        + " characters long; at most "
                        + MAX_ID_LENGTH
                        + " are stored");
              }
              return value;
            })
        .orElse(null);
  }

  private static Instant checkedOccurredAt(Instant claimed) {
    Instant stored = Envelope.toStoredPrecision(claimed);
    if (stored.isBefore(EARLIEST) || stored.isAfter(LATEST)) {
      throw new IllegalArgumentException(
          "occurredAt " + claimed + " is outside the years 1 to 9999, which the log stores");
    }
    return stored;
  }
}
