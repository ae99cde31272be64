package dev.asrun.index;

import dev.asrun.log.LoggedEvent;
import dev.asrun.log.Statements;
import dev.asrun.query.Correction;
import dev.asrun.query.StepStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the conformance check and the executor say about one run: its deviations ({@code
 * deviation_detected}), the executor's corrections ({@code procedure_correction}) applied over them
 * and over the run's steps, and the answer to the confirmation prompt ({@code prompt_response}).
 *
 * <p>The deviation rows are always the list of the run's latest {@code deviation_detected} event.
 * Corrections keep applying to a later list: after the rows are replaced, every correction of the
 * run is applied to them again, in log order, matching deviations by step (a {@code
 * not_a_deviation} sets aside every deviation of its step, a {@code step_done_not_detected} the
 * omissions of its step). So the index after any sequence of events is the same whether it was kept
 * up live or rebuilt.
 */
final class Feedback {

  static final String OMISSION = "omission";
  static final String NOT_A_DEVIATION = "not_a_deviation";
  static final String WRONG_PROCEDURE = "wrong_procedure";

  private static final int MAX = RunProjector.MAX_TEXT_LENGTH;

  private static final String INSERT_CORRECTION =
      "INSERT INTO asrun_run_correction (run_id, seq, event_id, procedure_id, correction_type,"
          + " step_id, actual_procedure_id, reason, executor_id, recorded_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** The step's latest attempt in one of the statuses given as the fourth parameter and on. */
  private static final String LATEST_ATTEMPT =
      "SELECT MAX(attempt) FROM asrun_run_step WHERE run_id = ? AND step_id = ? AND status IN ";

  private final RunTables tables;
  private final Statements statements;
  private final RunRows rows;
  private final String runId;
  private final String procedureId;

  /**
   * Feedback on the run {@code rows} holds: its {@code asrun_run} row's columns and its deviations
   * change there, to be written with the rest of its rows; corrections change its deviations and
   * (for a correction) attempts in the index a statement at a time.
   */
  Feedback(RunTables tables, RunRows rows, String procedureId) {
    this.tables = tables;
    this.statements = tables.statements();
    this.rows = rows;
    this.runId = rows.runId();
    this.procedureId = procedureId;
  }

  /**
   * Replaces the run's deviations by the event's complete list, then reapplies corrections. A run
   * the index does not hold yet has neither deviations nor corrections stored: its list is written
   * with its rows, every deviation counted.
   */
  void deviationsDetected(Payload payload) throws SQLException {
    List<RunRows.Deviation> deviations = new ArrayList<>();
    for (Payload deviation : payload.objects("deviations")) {
      deviations.add(
          new RunRows.Deviation(
              deviation.requiredText("deviation_type", 32),
              deviation.text("step_id", MAX).orElse(null),
              deviation.integer("expected_position").orElse(null),
              deviation.integer("actual_position").orElse(null),
              deviation.text("previous_step_id", MAX).orElse(null),
              deviation.text("detail", Integer.MAX_VALUE).orElse(null)));
    }
    boolean stored = rows.stored();
    rows.deviations(deviations);
    if (!stored) {
      rows.deviationCount(deviations.size());
      return;
    }
    tables.write(rows);
    tables.flush();
    List<Correction> corrections = corrections();
    for (Correction correction : corrections) {
      setAside(correction);
    }
    recount(corrections);
  }

  /** Records the executor's correction and applies it to the run's deviations and steps. */
  void corrected(LoggedEvent event, Payload payload) throws SQLException {
    Correction correction =
        new Correction(
            event.eventId(),
            payload.requiredText("correction_type", 32),
            payload.text("step_id", MAX),
            payload.text("actual_procedure_id", MAX),
            payload.requiredText("reason", Integer.MAX_VALUE),
            payload.text("executor_id", MAX),
            event.recordedAt());
    PreparedStatement insert = statements.prepare(INSERT_CORRECTION);
    insert.setString(1, runId);
    insert.setLong(2, event.seq());
    insert.setObject(3, correction.eventId());
    insert.setString(4, procedureId);
    insert.setString(5, correction.type());
    insert.setString(6, correction.stepId().orElse(null));
    insert.setString(7, correction.actualProcedureId().orElse(null));
    insert.setString(8, correction.reason());
    insert.setString(9, correction.executorId().orElse(null));
    RunTables.setInstant(insert, 10, correction.recordedAt());
    insert.executeUpdate();
    switch (correction.type()) {
      case WRONG_PROCEDURE -> rows.correctedProcedure(correction.actualProcedureId().orElse(null));
      case Correction.STEP_NOT_DONE -> stepNotDone(correction);
      case Correction.STEP_DONE_NOT_DETECTED -> stepDone(event.seq(), correction);
      default -> {
        // not_a_deviation changes only the deviations, below
      }
    }
    setAside(correction);
    recount(corrections());
  }

  /** The executor's answer to the confirmation prompt, and their note. */
  void confirmed(Payload payload) {
    rows.confirmed(
        payload.requiredText("response", 16), payload.text("note", Integer.MAX_VALUE).orElse(null));
  }

  /** The step's latest done attempt is shown as skipped, with the correction's reason. */
  private void stepNotDone(Correction correction) throws SQLException {
    String step = correction.stepId().orElseThrow();
    update(
        "UPDATE asrun_run_step SET status = ?, reason = ? WHERE run_id = ? AND step_id = ?"
            + " AND attempt = ("
            + LATEST_ATTEMPT
            + "(?))",
        StepStatus.SKIPPED.wireName(),
        correction.reason(),
        runId,
        step,
        runId,
        step,
        StepStatus.DONE.wireName());
  }

  /**
   * The step counts as done: its latest attempt that ended without being done becomes done by the
   * correcting executor; a step without attempts gets one, ended when the correction was recorded.
   */
  private void stepDone(long seq, Correction correction) throws SQLException {
    String step = correction.stepId().orElseThrow();
    int changed =
        update(
            "UPDATE asrun_run_step SET status = ?, executor_id = COALESCE(?, executor_id)"
                + " WHERE run_id = ? AND step_id = ? AND NOT EXISTS (SELECT 1 FROM asrun_run_step"
                + " WHERE run_id = ? AND step_id = ? AND status = ?) AND attempt = ("
                + LATEST_ATTEMPT
                + "(?, ?, ?, ?))",
            StepStatus.DONE.wireName(),
            correction.executorId().orElse(null),
            runId,
            step,
            runId,
            step,
            StepStatus.DONE.wireName(),
            runId,
            step,
            StepStatus.SKIPPED.wireName(),
            StepStatus.NOT_SEEN.wireName(),
            StepStatus.CANCELLED.wireName(),
            StepStatus.ABORTED.wireName());
    if (changed == 0) {
      update(
          "INSERT INTO asrun_run_step (run_id, step_id, attempt, procedure_id, first_seq, status,"
              + " ended_at, executor_id)"
              + " SELECT ?, ?, 1, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM asrun_run_step"
              + " WHERE run_id = ? AND step_id = ?)",
          runId,
          step,
          procedureId,
          seq,
          StepStatus.DONE.wireName(),
          correction.recordedAt().atOffset(ZoneOffset.UTC),
          correction.executorId().orElse(null),
          runId,
          step);
    }
  }

  /** Marks the deviations the correction sets aside with the correction's event. */
  private void setAside(Correction correction) throws SQLException {
    if (correction.stepId().isEmpty()) {
      return;
    }
    String condition;
    if (correction.type().equals(NOT_A_DEVIATION)) {
      condition = "";
    } else if (correction.type().equals(Correction.STEP_DONE_NOT_DETECTED)) {
      condition = " AND deviation_type = '" + OMISSION + "'";
    } else {
      return;
    }
    update(
        "UPDATE asrun_run_deviation SET corrected_by_event = ? WHERE run_id = ? AND step_id = ?"
            + " AND corrected_by_event IS NULL"
            + condition,
        correction.eventId(),
        runId,
        correction.stepId().get());
  }

  /** The run's deviation count: its deviations not set aside, and the omissions corrections add. */
  private void recount(List<Correction> corrections) throws SQLException {
    int added = Correction.stepsNotDone(corrections).size();
    PreparedStatement count =
        statements.prepare(
            "SELECT COUNT(*) FROM asrun_run_deviation WHERE run_id = ? AND corrected_by_event IS"
                + " NULL");
    count.setString(1, runId);
    try (ResultSet row = count.executeQuery()) {
      row.next();
      rows.deviationCount(added + row.getInt(1));
    }
  }

  private List<Correction> corrections() throws SQLException {
    List<Correction> corrections = new ArrayList<>();
    PreparedStatement select =
        statements.prepare(
            "SELECT event_id, correction_type, step_id, actual_procedure_id, reason, executor_id,"
                + " recorded_at FROM asrun_run_correction WHERE run_id = ? ORDER BY seq");
    select.setString(1, runId);
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        corrections.add(
            new Correction(
                row.getObject(1, UUID.class),
                row.getString(2),
                Optional.ofNullable(row.getString(3)),
                Optional.ofNullable(row.getString(4)),
                row.getString(5),
                Optional.ofNullable(row.getString(6)),
                row.getObject(7, OffsetDateTime.class).toInstant()));
      }
    }
    return corrections;
  }

  private int update(String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = statements.prepare(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement.executeUpdate();
  }
}
