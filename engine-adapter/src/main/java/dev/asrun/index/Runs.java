package dev.asrun.index;

import dev.asrun.query.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code asrun_run}, {@code asrun_run_event} and {@code asrun_run_link}, changed by
 * single statements so an event costs the engine's transaction as few round trips as possible.
 */
final class Runs {

  private static final String TRIGGERED = RunStatus.TRIGGERED.wireName();
  private static final String ACTIVE = RunStatus.ACTIVE.wireName();

  private static final String LIST_EVENT =
      "INSERT INTO asrun_run_event (run_id, seq, event_id) VALUES (?, ?, ?)";

  /** The run's row, unless it exists: triggered at the time of its first event. */
  private static final String ENSURE_RUN =
      "INSERT INTO asrun_run (run_id, procedure_id, procedure_version, status, start_time,"
          + " parent_run_id) SELECT ?, ?, ?, ?, ?, (SELECT parent_run_id FROM asrun_run_link WHERE"
          + " child_run_id = ?) WHERE NOT EXISTS (SELECT 1 FROM asrun_run WHERE run_id = ?)";

  /**
   * The run's first step detected (if it is still triggered) and its executor (if it has none):
   * writes only when one of them changes. Right-hand sides read the row as it was.
   */
  private static final String ACTIVATE =
      "UPDATE asrun_run SET"
          + " status = CASE WHEN ? AND status = ? THEN ? ELSE status END,"
          + " activated_at = CASE WHEN ? AND status = ? THEN ? ELSE activated_at END,"
          + " executor_id = COALESCE(executor_id, ?)"
          + " WHERE run_id = ? AND ((? AND status = ?) OR (? IS NOT NULL AND executor_id IS NULL))";

  private static final String TRIGGER =
      "UPDATE asrun_run SET process_instance_id = COALESCE(?, process_instance_id),"
          + " parent_run_id = COALESCE(?, parent_run_id),"
          + " executor_id = COALESCE(?, executor_id), location = COALESCE(?, location),"
          + " equipment_id = COALESCE(?, equipment_id), notes = COALESCE(?, notes)"
          + " WHERE run_id = ?";

  private static final String END =
      "UPDATE asrun_run SET status = ?, abort_reason = ?, end_time = ?, duration_ms = ?"
          + " WHERE run_id = ?";

  private final Connection connection;
  private final IndexDialect dialect;

  Runs(Connection connection, IndexDialect dialect) {
    this.connection = connection;
    this.dialect = dialect;
  }

  /** Lists the event among its run's events; false if it was listed already (applied before). */
  boolean listEvent(String runId, long seq, Object eventId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(dialect.insertIfAbsent(LIST_EVENT))) {
      insert.setString(1, runId);
      insert.setLong(2, seq);
      insert.setObject(3, eventId);
      return dialect.insertIfAbsent(insert);
    }
  }

  /** Creates the run's row, triggered at {@code time}, unless it exists. */
  void ensure(String runId, String procedureId, Optional<String> procedureVersion, Instant time)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(ENSURE_RUN)) {
      insert.setString(1, runId);
      insert.setString(2, procedureId);
      insert.setString(3, procedureVersion.orElse(null));
      insert.setString(4, TRIGGERED);
      setInstant(insert, 5, time);
      insert.setString(6, runId);
      insert.setString(7, runId);
      insert.executeUpdate();
    }
  }

  /**
   * A step of the run detected at {@code time}: the run becomes active if it was triggered (when
   * {@code activates}), and {@code executorId} becomes its executor if it has none.
   */
  void stepDetected(String runId, boolean activates, Instant time, Optional<String> executorId)
      throws SQLException {
    if (!activates && executorId.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(ACTIVATE)) {
      update.setBoolean(1, activates);
      update.setString(2, TRIGGERED);
      update.setString(3, ACTIVE);
      update.setBoolean(4, activates);
      update.setString(5, TRIGGERED);
      setInstant(update, 6, time);
      update.setString(7, executorId.orElse(null));
      update.setString(8, runId);
      update.setBoolean(9, activates);
      update.setString(10, TRIGGERED);
      update.setString(11, executorId.orElse(null));
      update.executeUpdate();
    }
  }

  /** What the trigger says of the run: its process instance, parent and executor context. */
  void triggered(
      String runId,
      Optional<String> processInstanceId,
      Optional<String> parentRunId,
      Optional<String> executorId,
      Optional<String> location,
      Optional<String> equipmentId,
      Optional<String> notes)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(TRIGGER)) {
      update.setString(1, processInstanceId.orElse(null));
      update.setString(2, parentRunId.orElse(null));
      update.setString(3, executorId.orElse(null));
      update.setString(4, location.orElse(null));
      update.setString(5, equipmentId.orElse(null));
      update.setString(6, notes.orElse(null));
      update.setString(7, runId);
      update.executeUpdate();
    }
  }

  /**
   * Ends the run (unless it has ended) at {@code time}; its duration counts from its start.
   *
   * @return whether it ended now
   */
  boolean end(String runId, RunStatus status, Optional<String> reason, Instant time)
      throws SQLException {
    Instant start;
    try (PreparedStatement select =
        connection.prepareStatement("SELECT status, start_time FROM asrun_run WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        if (RunStatus.fromWireName(row.getString(1)).isFinal()) {
          return false;
        }
        start = row.getObject(2, OffsetDateTime.class).toInstant();
      }
    }
    try (PreparedStatement update = connection.prepareStatement(END)) {
      update.setString(1, status.wireName());
      update.setString(2, reason.orElse(null));
      setInstant(update, 3, time);
      update.setLong(4, Duration.between(start, time).toMillis());
      update.setString(5, runId);
      update.executeUpdate();
    }
    return true;
  }

  /** The run's status, if the index holds the run. */
  Optional<RunStatus> status(String runId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT status FROM asrun_run WHERE run_id = ?")) {
      select.setString(1, runId);
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(RunStatus.fromWireName(row.getString(1)))
            : Optional.empty();
      }
    }
  }

  /**
   * Records that {@code parentRunId} started {@code childRunId} in step {@code stepId}, and tells
   * the child's row if it exists; a child row made later reads its parent from the link.
   */
  void link(String childRunId, String parentRunId, Optional<String> stepId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            dialect.insertIfAbsent(
                "INSERT INTO asrun_run_link (child_run_id, parent_run_id, step_id)"
                    + " VALUES (?, ?, ?)"))) {
      insert.setString(1, childRunId);
      insert.setString(2, parentRunId);
      insert.setString(3, stepId.orElse(null));
      dialect.insertIfAbsent(insert);
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE asrun_run SET parent_run_id = ? WHERE run_id = ? AND parent_run_id IS NULL")) {
      update.setString(1, parentRunId);
      update.setString(2, childRunId);
      update.executeUpdate();
    }
  }

  /**
   * Removes a run from the index, with its links to the runs it called and to the run calling it
   * (its events stay in the log).
   */
  void forget(String runId) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM asrun_run_link WHERE child_run_id = ? OR parent_run_id = ?")) {
      delete.setString(1, runId);
      delete.setString(2, runId);
      delete.executeUpdate();
    }
    for (String table :
        List.of(
            "asrun_run_event",
            "asrun_run_step",
            "asrun_run_deviation",
            "asrun_run_correction",
            "asrun_run")) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
        delete.setString(1, runId);
        delete.executeUpdate();
      }
    }
  }

  static void setInstant(PreparedStatement statement, int index, Instant time) throws SQLException {
    if (time == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, time.atOffset(ZoneOffset.UTC));
    }
  }
}
