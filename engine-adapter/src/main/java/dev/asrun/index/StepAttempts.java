package dev.asrun.index;

import dev.asrun.query.StepStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The rows of {@code asrun_run_step} of one run, one per attempt at a step, each change one
 * statement in the usual case.
 */
final class StepAttempts {

  private static final String OPEN = "status IN ('started', 'overdue')";

  /** A new attempt, numbered after the step's earlier ones (the run's events are serialized). */
  private static final String START =
      "INSERT INTO asrun_run_step (run_id, step_id, attempt, procedure_id, first_seq,"
          + " activity_instance_id, task_id, step_type, status, started_at, ended_at, occurred_at,"
          + " executor_id, reason)"
          + " SELECT ?, ?, COALESCE(MAX(attempt), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
          + " FROM asrun_run_step WHERE run_id = ? AND step_id = ?";

  /**
   * Ends the open attempt an event concerns: the one of the same activity instance, else of the
   * same task, else the latest.
   */
  private static final String END =
      "UPDATE asrun_run_step SET status = ?, ended_at = ?, occurred_at = ?, executor_id = ?,"
          + " reason = ?"
          + " WHERE run_id = ? AND step_id = ? AND attempt = ("
          + "SELECT attempt FROM asrun_run_step WHERE run_id = ? AND step_id = ? AND "
          + OPEN
          + " ORDER BY CASE WHEN activity_instance_id = ? THEN 0 WHEN task_id = ? THEN 1 ELSE 2"
          + " END, attempt DESC FETCH FIRST 1 ROW ONLY)";

  /** Marks the step's open attempt overdue, else flags its latest one. */
  private static final String OVERDUE =
      "UPDATE asrun_run_step SET overdue = TRUE,"
          + " status = CASE WHEN status = 'started' THEN 'overdue' ELSE status END"
          + " WHERE run_id = ? AND step_id = ? AND attempt = ("
          + "SELECT attempt FROM asrun_run_step WHERE run_id = ? AND step_id = ?"
          + " ORDER BY CASE WHEN "
          + OPEN
          + " THEN 0 ELSE 1 END, attempt DESC FETCH FIRST 1 ROW ONLY)";

  private static final String CANCEL_OPEN =
      "UPDATE asrun_run_step SET status = ?, ended_at = ? WHERE run_id = ? AND " + OPEN;

  private final Connection connection;
  private final String runId;
  private final String procedureId;

  StepAttempts(Connection connection, String runId, String procedureId) {
    this.connection = connection;
    this.runId = runId;
    this.procedureId = procedureId;
  }

  /** Records a new attempt at the step, started at {@code startedAt}. */
  void start(StepRef step, long seq, Instant startedAt) throws SQLException {
    insert(
        step,
        seq,
        StepStatus.STARTED,
        startedAt,
        null,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Ends the step's open attempt as done, skipped, cancelled or aborted; with no open attempt,
   * records an ended attempt without a start.
   */
  void end(
      StepRef step,
      long seq,
      StepStatus status,
      Instant endedAt,
      Optional<Instant> occurredAt,
      Optional<String> executorId,
      Optional<String> reason)
      throws SQLException {
    int updated;
    try (PreparedStatement update = connection.prepareStatement(END)) {
      update.setString(1, status.wireName());
      Runs.setInstant(update, 2, endedAt);
      Runs.setInstant(update, 3, occurredAt.orElse(null));
      update.setString(4, executorId.orElse(null));
      update.setString(5, reason.orElse(null));
      update.setString(6, runId);
      update.setString(7, step.stepId());
      update.setString(8, runId);
      update.setString(9, step.stepId());
      update.setString(10, step.activityInstanceId().orElse(null));
      update.setString(11, step.taskId().orElse(null));
      updated = update.executeUpdate();
    }
    if (updated == 0) {
      insert(step, seq, status, null, endedAt, occurredAt, executorId, reason);
    }
  }

  /** Marks the step's open attempt overdue; a step without attempts (a group) is left alone. */
  void overdue(String stepId) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(OVERDUE)) {
      update.setString(1, runId);
      update.setString(2, stepId);
      update.setString(3, runId);
      update.setString(4, stepId);
      update.executeUpdate();
    }
  }

  /** Ends every attempt still open as cancelled: its run ended first. */
  void cancelOpen(Instant endedAt) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(CANCEL_OPEN)) {
      update.setString(1, StepStatus.CANCELLED.wireName());
      Runs.setInstant(update, 2, endedAt);
      update.setString(3, runId);
      update.executeUpdate();
    }
  }

  private void insert(
      StepRef step,
      long seq,
      StepStatus status,
      Instant startedAt,
      Instant endedAt,
      Optional<Instant> occurredAt,
      Optional<String> executorId,
      Optional<String> reason)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(START)) {
      insert.setString(1, runId);
      insert.setString(2, step.stepId());
      insert.setString(3, procedureId);
      insert.setLong(4, seq);
      insert.setString(5, step.activityInstanceId().orElse(null));
      insert.setString(6, step.taskId().orElse(null));
      insert.setString(7, step.stepType().orElse(null));
      insert.setString(8, status.wireName());
      Runs.setInstant(insert, 9, startedAt);
      Runs.setInstant(insert, 10, endedAt);
      Runs.setInstant(insert, 11, occurredAt.orElse(null));
      insert.setString(12, executorId.orElse(null));
      insert.setString(13, reason.orElse(null));
      insert.setString(14, runId);
      insert.setString(15, step.stepId());
      insert.executeUpdate();
    }
  }
}
