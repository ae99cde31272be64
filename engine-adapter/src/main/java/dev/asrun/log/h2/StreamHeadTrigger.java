package dev.asrun.log.h2;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Lets a stream head start at 0 and move forward to a later event of its stream that the log holds
 * with the hash the head names (an append advances it once past all the events it added), and
 * nothing else: installed by the H2 migration as {@code BEFORE INSERT, UPDATE, DELETE} row trigger
 * on {@code asrun_stream_head} (columns {@code stream, last_seq, last_hash}). Public only because
 * H2 instantiates it by name; not an API.
 */
public final class StreamHeadTrigger implements org.h2.api.Trigger {

  private static final String GENESIS = "0".repeat(64);

  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
    if (newRow == null) {
      throw Refusal.of("asrun_stream_head is append-only: DELETE refused");
    }
    long newSeq = ((Number) newRow[1]).longValue();
    if (oldRow == null) {
      if (newSeq != 0 || !GENESIS.equals(newRow[2])) {
        throw Refusal.of(
            "asrun_stream_head only moves forward: a new stream starts at 0, not " + newSeq);
      }
      return;
    }
    long oldSeq = ((Number) oldRow[1]).longValue();
    if (!oldRow[0].equals(newRow[0]) || newSeq <= oldSeq || !logHolds(connection, newRow)) {
      throw Refusal.of(
          "asrun_stream_head only moves forward: stream "
              + oldRow[0]
              + " from "
              + oldSeq
              + " to "
              + newSeq
              + " refused");
    }
  }

  /** Whether the log holds the event the new head names: its stream, position and hash. */
  private static boolean logHolds(Connection connection, Object[] head) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM asrun_event WHERE stream = ? AND stream_seq = ? AND hash = ?")) {
      select.setObject(1, head[0]);
      select.setObject(2, head[1]);
      select.setObject(3, head[2]);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }
}
