package dev.asrun.log;

import dev.asrun.log.VerifyReport.Damage;
import dev.asrun.log.VerifyReport.Problem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Checks the log's hash chains and names the first bad event of each damaged stream.
 *
 * <p>Each stream is walked by {@code stream_seq}, recomputing every hash (the encoding is on {@link
 * EventLog}) and following every {@code prev_hash}. The first departure from a sound chain is
 * classified:
 *
 * <ul>
 *   <li>{@code edited}: an event's content no longer matches its stored hash; or an event intact at
 *       its position whose successor links to a hash no longer in the log (the event was replaced
 *       and its own hash recomputed: the replaced event is named); or the stream head holds another
 *       hash for the last event; or a checkpoint holds another hash at its position.
 *   <li>{@code deleted}: a gap in {@code stream_seq} (the event after the gap is named); or an
 *       event linking to a hash no longer in the log that is intact at a later position (the events
 *       after a deletion were moved up).
 *   <li>{@code inserted}: an event linking to an event that already has a successor, or claiming to
 *       be the first of a stream that has one; if the event is intact one position earlier, the one
 *       before it was pushed in and is named instead. Also several events at one position, and
 *       events beyond the length the stream head records (not appended through {@link EventLog}).
 *   <li>{@code reordered}: an event linking to an event that comes after it.
 *   <li>{@code truncated}: the stream head, or a checkpoint, records more events than the log
 *       holds; the problem names the first missing position and no event.
 * </ul>
 *
 * <p>Then every signature is checked against the chain ({@link SignatureCheck}): a {@code
 * signature_applied} event whose {@code record_hash} the events under it no longer hash to is
 * reported {@code signature_broken}, naming the signature's event, beside its stream's first
 * problem if the chain is damaged too.
 *
 * <h2>What this can and cannot show</h2>
 *
 * The hashes are not keyed: anyone who can write to the database can compute them. What they give
 * is that damage cannot be partial. Someone with full database access (able to disable the
 * triggers, as the tables' owner can) can:
 *
 * <ul>
 *   <li>not change, remove, add or move one event in the middle of a stream without breaking the
 *       chain at that point, which is reported at that event;
 *   <li>not cut the end off a stream without a {@code truncated} report, unless they also move the
 *       stream head back;
 *   <li>but recompute a stream from any event to its end, moving the head along, and append forged
 *       events at the end of a stream as {@link EventLog} would: without an outside reference this
 *       is undetectable, and neither is a stream whose head was moved back after its tail was cut.
 * </ul>
 *
 * A {@link Checkpoint} kept outside the database is that reference: verified against one, a stream
 * recomputed from before the checkpointed position is reported {@code edited} at that position (the
 * first event actually changed may be earlier; the chain cannot tell), and a stream shorter than
 * checkpointed (a database restored to an older backup, a tail cut and its head moved back) is
 * reported {@code truncated}. Events appended after the checkpoint, forged or not, remain beyond
 * its reach until the next checkpoint.
 *
 * <p>The verifier reads the log in one pass and holds one stream's last good event, not the stream.
 * On PostgreSQL the rows stream only inside a transaction, so if the connection is in autocommit
 * mode the verifier opens a read-only transaction on it, rolls it back and restores autocommit.
 */
public final class LogVerifier {

  private static final int FETCH_SIZE = 500;

  private static final String EVENTS_WITH_HEADS =
      "SELECT "
          + StoredEvent.columns("e.")
          + ", h.last_seq, h.last_hash FROM asrun_event e"
          + " LEFT JOIN asrun_stream_head h ON h.stream = e.stream";

  private static final String EVENT_ORDER = " ORDER BY e.stream, e.stream_seq, e.seq";

  private static final String HEADS_WITHOUT_EVENTS =
      "SELECT h.stream, h.last_seq, h.last_hash FROM asrun_stream_head h"
          + " WHERE NOT EXISTS (SELECT 1 FROM asrun_event e WHERE e.stream = h.stream)";

  private static final String WITH_HASH =
      "SELECT "
          + StoredEvent.columns("")
          + " FROM asrun_event WHERE stream = ? AND hash = ?"
          + " ORDER BY stream_seq, seq";

  private static final String AT_POSITION =
      "SELECT "
          + StoredEvent.columns("")
          + " FROM asrun_event WHERE stream = ? AND stream_seq = ?"
          + " ORDER BY seq";

  /** Verifies every stream against itself and its head. */
  public VerifyReport verify(Connection connection) throws SQLException {
    return verify(connection, null);
  }

  /**
   * Verifies every stream against itself, its head and, if {@code checkpoint} is not {@code null},
   * the checkpoint's head of the stream. A stream in the checkpoint that is gone from the database
   * is reported {@code truncated} at position 1.
   */
  public VerifyReport verify(Connection connection, Checkpoint checkpoint) throws SQLException {
    return inTransaction(connection, () -> walk(connection, checkpoint, null));
  }

  /**
   * Verifies only {@code streams} (for example a run's, {@link NewEvent#runStream}), each against
   * itself and its head: what one run's page needs, without reading the rest of the log. A named
   * stream that has neither events nor a head is not counted and not a problem (a run that has
   * recorded nothing yet).
   */
  public VerifyReport verifyStreams(Connection connection, Collection<String> streams)
      throws SQLException {
    Objects.requireNonNull(streams, "streams");
    List<String> sorted = new TreeSet<>(streams).stream().toList();
    return inTransaction(connection, () -> walk(connection, null, sorted));
  }

  private static VerifyReport inTransaction(Connection connection, Walk walk) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try {
      return walk.run();
    } finally {
      if (autoCommit) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }

  /** One verification inside the transaction {@link #inTransaction} sees to. */
  @FunctionalInterface
  private interface Walk {
    VerifyReport run() throws SQLException;
  }

  /**
   * Walks every stream, or only {@code only} (sorted, then each stream is read by its own
   * statement), against itself, its head and the checkpoint's head if any.
   */
  private VerifyReport walk(Connection connection, Checkpoint checkpoint, List<String> only)
      throws SQLException {
    Map<String, Checkpoint.Head> checkpointed = new HashMap<>();
    Instant takenAt = checkpoint == null ? null : checkpoint.takenAt();
    if (checkpoint != null) {
      checkpoint.heads().forEach(head -> checkpointed.put(head.stream(), head));
    }
    List<Problem> problems = new ArrayList<>();
    long streams = 0;
    long events = 0;
    try (PreparedStatement withHash = connection.prepareStatement(WITH_HASH);
        PreparedStatement atPosition = connection.prepareStatement(AT_POSITION);
        PreparedStatement select =
            connection.prepareStatement(
                EVENTS_WITH_HEADS + (only == null ? "" : " WHERE e.stream = ?") + EVENT_ORDER);
        PreparedStatement headsWithoutEvents =
            connection.prepareStatement(
                HEADS_WITHOUT_EVENTS + (only == null ? "" : " AND h.stream = ?"))) {
      StreamWalk.Lookup lookup = new SqlLookup(withHash, atPosition);
      select.setFetchSize(FETCH_SIZE);
      for (String stream : only == null ? Collections.<String>singletonList(null) : only) {
        if (stream != null) {
          select.setString(1, stream);
          headsWithoutEvents.setString(1, stream);
        }
        try (ResultSet rows = select.executeQuery()) {
          StreamWalk walk = null;
          List<StoredEvent> position = new ArrayList<>();
          Long headSeq = null;
          String headHash = null;
          while (rows.next()) {
            StoredEvent event = StoredEvent.read(rows);
            events++;
            if (walk == null || !event.stream().equals(position.get(0).stream())) {
              if (walk != null) {
                walk.position(position);
                walk.finish(headSeq, headHash).ifPresent(problems::add);
              }
              streams++;
              walk =
                  new StreamWalk(
                      event.stream(), lookup, checkpointed.remove(event.stream()), takenAt);
              position = new ArrayList<>();
              long seq = rows.getLong("last_seq");
              headSeq = rows.wasNull() ? null : seq;
              headHash = rows.getString("last_hash");
            } else if (position.get(0).streamSeq() != event.streamSeq()) {
              walk.position(position);
              position = new ArrayList<>();
            }
            position.add(event);
          }
          if (walk != null) {
            walk.position(position);
            walk.finish(headSeq, headHash).ifPresent(problems::add);
          }
        }

        try (ResultSet heads = headsWithoutEvents.executeQuery()) {
          while (heads.next()) {
            String headless = heads.getString(1);
            streams++;
            StreamWalk walk =
                new StreamWalk(headless, lookup, checkpointed.remove(headless), takenAt);
            walk.finish(heads.getLong(2), heads.getString(3)).ifPresent(problems::add);
          }
        }
      }

      for (Checkpoint.Head gone : checkpointed.values()) {
        streams++;
        problems.add(
            new Problem(
                gone.stream(),
                null,
                1,
                null,
                Damage.TRUNCATED,
                "the checkpoint taken at "
                    + Envelope.formatTime(takenAt)
                    + " recorded "
                    + gone.streamSeq()
                    + " events; the stream is gone from the database"));
      }
    }
    problems.addAll(SignatureCheck.check(connection, only));
    problems.sort(Comparator.comparing(Problem::stream));
    return new VerifyReport(streams, events, problems);
  }

  /** The look-ups of {@link StreamWalk}, as prepared statements on the verifier's connection. */
  private record SqlLookup(PreparedStatement withHash, PreparedStatement atPosition)
      implements StreamWalk.Lookup {

    @Override
    public List<StoredEvent> withHash(String stream, String hash) throws SQLException {
      withHash.setString(1, stream);
      withHash.setString(2, hash);
      return StoredEvent.readAll(withHash);
    }

    @Override
    public List<StoredEvent> atPosition(String stream, long position) throws SQLException {
      atPosition.setString(1, stream);
      atPosition.setLong(2, position);
      return StoredEvent.readAll(atPosition);
    }
  }
}
