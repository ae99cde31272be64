package dev.asrun.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Parameterized statements over the run index, and reading its rows into the API's records. */
final class Sql {

  /** The columns {@link #summary} reads, for after {@code SELECT}. */
  static final String RUN_COLUMNS =
      "run_id, process_instance_id, procedure_id, procedure_version, status, abort_reason,"
          + " start_time, activated_at, end_time, duration_ms, executor_id, location,"
          + " equipment_id, notes, executor_confirmation, parent_run_id, deviation_count";

  /** The columns {@link #step} reads, for after {@code SELECT}. */
  static final String STEP_COLUMNS =
      "step_id, attempt, task_id, step_type, status, overdue, started_at, ended_at, occurred_at,"
          + " executor_id, reason";

  /** The columns {@link #deviation} reads, for after {@code SELECT}. */
  static final String DEVIATION_COLUMNS =
      "deviation_type, step_id, expected_position, actual_position, previous_step_id, detail,"
          + " corrected_by_event";

  /** The columns {@link #correction} reads, for after {@code SELECT}. */
  static final String CORRECTION_COLUMNS =
      "event_id, correction_type, step_id, actual_procedure_id, reason, executor_id, recorded_at";

  /** Newest first; a backward scan of the run indexes (see the V2 migration). */
  static final String NEWEST_FIRST = " ORDER BY start_time DESC, run_id DESC";

  /** Reads one row of a result. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  private Sql() {}

  /** Runs {@code sql} with {@code parameters} bound in order; instants are bound in UTC. */
  static <T> List<T> list(
      Connection connection, String sql, List<?> parameters, RowReader<T> reader)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      List<T> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(reader.read(result));
        }
      }
      return rows;
    }
  }

  /** Binds {@code parameters} in order; instants are bound in UTC. */
  static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object parameter = parameters.get(i);
      statement.setObject(
          i + 1,
          parameter instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : parameter);
    }
  }

  static RunSummary summary(ResultSet row) throws SQLException {
    long durationMs = row.getLong("duration_ms");
    Optional<Duration> duration =
        row.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(durationMs));
    return new RunSummary(
        row.getString("run_id"),
        text(row, "process_instance_id"),
        row.getString("procedure_id"),
        text(row, "procedure_version"),
        RunStatus.fromWireName(row.getString("status")),
        text(row, "abort_reason"),
        row.getObject("start_time", OffsetDateTime.class).toInstant(),
        instant(row, "activated_at"),
        instant(row, "end_time"),
        duration,
        new RunContext(
            text(row, "executor_id"),
            text(row, "location"),
            text(row, "equipment_id"),
            text(row, "notes")),
        text(row, "executor_confirmation"),
        text(row, "parent_run_id"),
        row.getInt("deviation_count"));
  }

  static RunStep step(ResultSet row) throws SQLException {
    return new RunStep(
        row.getString("step_id"),
        row.getInt("attempt"),
        text(row, "task_id"),
        text(row, "step_type"),
        StepStatus.fromWireName(row.getString("status")),
        row.getBoolean("overdue"),
        instant(row, "started_at"),
        instant(row, "ended_at"),
        instant(row, "occurred_at"),
        text(row, "executor_id"),
        text(row, "reason"));
  }

  static Deviation deviation(ResultSet row) throws SQLException {
    return new Deviation(
        row.getString("deviation_type"),
        text(row, "step_id"),
        integer(row, "expected_position"),
        integer(row, "actual_position"),
        text(row, "previous_step_id"),
        text(row, "detail"),
        row.getObject("corrected_by_event") != null);
  }

  static Correction correction(ResultSet row) throws SQLException {
    return new Correction(
        row.getObject("event_id", UUID.class),
        row.getString("correction_type"),
        text(row, "step_id"),
        text(row, "actual_procedure_id"),
        row.getString("reason"),
        text(row, "executor_id"),
        row.getObject("recorded_at", OffsetDateTime.class).toInstant());
  }

  private static Optional<Integer> integer(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<String> text(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getString(column));
  }

  private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }
}
