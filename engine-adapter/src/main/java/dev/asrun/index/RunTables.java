package dev.asrun.index;

import dev.asrun.log.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of the run index's run and step tables: reading a run's rows, writing changed rows in
 * JDBC batches (new rows a hundred to a statement where there are so many, on PostgreSQL all in one
 * statement of column arrays) (sent by {@link #flush}, before any other statement of the index, so
 * that statement sees them), linking called runs and forgetting a run. Statements are prepared once per unit of
 * work ({@link Statements}).
 */
final class RunTables {

  private static final String RUN_COLUMNS =
      "run_id, procedure_id, procedure_version, start_time, process_instance_id, status,"
          + " abort_reason, activated_at, end_time, duration_ms, executor_id, location,"
          + " equipment_id, notes, parent_run_id, last_seq, executor_confirmation,"
          + " confirmation_note, corrected_procedure_id, deviation_count";

  private static final String STEP_COLUMNS =
      "step_id, attempt, first_seq, activity_instance_id, task_id, step_type, started_at, status,"
          + " overdue, ended_at, occurred_at, executor_id, reason";

  /** The run's row with its attempts, one row per attempt (one row without a step for none). */
  private static final String SELECT_RUN =
      "SELECT r."
          + RUN_COLUMNS.replace(", ", ", r.")
          + ", s."
          + STEP_COLUMNS.replace(", ", ", s.")
          + " FROM asrun_run r LEFT JOIN asrun_run_step s ON s.run_id = r.run_id"
          + " WHERE r.run_id = ?";

  private static final String SELECT_STEPS =
      "SELECT " + STEP_COLUMNS + " FROM asrun_run_step WHERE run_id = ?";

  private static final String INSERT_RUN =
      "INSERT INTO asrun_run ("
          + RUN_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE_RUN =
      "UPDATE asrun_run SET process_instance_id = ?, status = ?, abort_reason = ?,"
          + " activated_at = ?, end_time = ?, duration_ms = ?, executor_id = ?, location = ?,"
          + " equipment_id = ?, notes = ?, parent_run_id = ?, last_seq = ?,"
          + " executor_confirmation = ?, confirmation_note = ?, corrected_procedure_id = ?,"
          + " deviation_count = ? WHERE run_id = ?";

  private static final String INSERT_STEP =
      "INSERT INTO asrun_run_step (run_id, procedure_id, "
          + STEP_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE_STEP =
      "UPDATE asrun_run_step SET status = ?, overdue = ?, ended_at = ?, occurred_at = ?,"
          + " executor_id = ?, reason = ? WHERE run_id = ? AND step_id = ? AND attempt = ?";

  private static final String LINK_PARENT =
      "SELECT parent_run_id FROM asrun_run_link WHERE child_run_id = ?";

  private static final String INSERT_LINK =
      "INSERT INTO asrun_run_link (child_run_id, parent_run_id, step_id) VALUES (?, ?, ?)";

  private static final String PARENT_UNLESS_KNOWN =
      "UPDATE asrun_run SET parent_run_id = ? WHERE run_id = ? AND parent_run_id IS NULL";

  private static final String DELETE_LINKS =
      "DELETE FROM asrun_run_link WHERE child_run_id = ? OR parent_run_id = ?";

  private static final String INSERT_DEVIATION =
      "INSERT INTO asrun_run_deviation (run_id, ordinal, procedure_id, deviation_type, step_id,"
          + " expected_position, actual_position, previous_step_id, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String DELETE_DEVIATIONS =
      "DELETE FROM asrun_run_deviation WHERE run_id = ?";

  /** Emptied when a run leaves the index, the run's own row last. */
  private static final List<String> RUN_TABLES =
      List.of("asrun_run_step", "asrun_run_deviation", "asrun_run_correction", "asrun_run");

  /** The batches in the order they are sent: a row is inserted before it is updated. */
  private static final List<String> BATCHES = List.of(UPDATE_RUN, UPDATE_STEP);

  /** Inserts of many rows carry so many rows each (20, 15 and 9 parameters a row). */
  private static final int ROWS_PER_INSERT = 100;

  /** The SQL types of {@code INSERT_RUN}'s parameters, for nulls. */
  private static final int[] RUN_TYPES = {
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.BIGINT,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.BIGINT,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.INTEGER
  };

  /** The SQL types of {@code INSERT_STEP}'s parameters, for nulls. */
  private static final int[] STEP_TYPES = {
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.INTEGER,
    Types.BIGINT,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.VARCHAR,
    Types.BOOLEAN,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.TIMESTAMP_WITH_TIMEZONE,
    Types.VARCHAR,
    Types.VARCHAR
  };

  /** The SQL types of {@code INSERT_DEVIATION}'s parameters, for nulls. */
  private static final int[] DEVIATION_TYPES = {
    Types.VARCHAR,
    Types.INTEGER,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.INTEGER,
    Types.INTEGER,
    Types.VARCHAR,
    Types.VARCHAR
  };

  /** {@code INSERT_RUN}, {@code INSERT_STEP} and {@code INSERT_DEVIATION} of column arrays. */
  private static final String INSERT_RUN_COLUMNS = columnsInsert(INSERT_RUN, RUN_TYPES);

  private static final String INSERT_STEP_COLUMNS = columnsInsert(INSERT_STEP, STEP_TYPES);

  private static final String INSERT_DEVIATION_COLUMNS =
      columnsInsert(INSERT_DEVIATION, DEVIATION_TYPES);

  private final Statements statements;
  private final IndexDialect dialect;
  private final boolean[] pending = new boolean[BATCHES.size()];
  private final List<Object[]> runInserts = new ArrayList<>();
  private final List<Object[]> stepInserts = new ArrayList<>();
  private final List<Object[]> deviationInserts = new ArrayList<>();
  private boolean deletingDeviations;

  RunTables(Statements statements, IndexDialect dialect) {
    this.statements = statements;
    this.dialect = dialect;
  }

  Statements statements() {
    return statements;
  }

  /** The run's rows as stored, in one statement; absent when the index does not hold the run. */
  RunRows read(String runId) throws SQLException {
    flush();
    PreparedStatement select = statements.prepare(SELECT_RUN);
    select.setString(1, runId);
    try (ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        return new RunRows(runId, null, new ArrayList<>());
      }
      RunRows.Run run =
          new RunRows.Run(row.getString(1), row.getString(2), row.getString(3), instant(row, 4));
      run.processInstanceId = row.getString(5);
      run.status = row.getString(6);
      run.abortReason = row.getString(7);
      run.activatedAt = instant(row, 8);
      run.endTime = instant(row, 9);
      long duration = row.getLong(10);
      run.durationMs = row.wasNull() ? null : duration;
      run.executorId = row.getString(11);
      run.location = row.getString(12);
      run.equipmentId = row.getString(13);
      run.notes = row.getString(14);
      run.parentRunId = row.getString(15);
      run.lastSeq = row.getLong(16);
      run.executorConfirmation = row.getString(17);
      run.confirmationNote = row.getString(18);
      run.correctedProcedureId = row.getString(19);
      run.deviationCount = row.getInt(20);
      run.stored = true;
      List<RunRows.Step> steps = new ArrayList<>();
      do {
        if (row.getString(21) != null) {
          steps.add(step(row, 21));
        }
      } while (row.next());
      return new RunRows(runId, run, steps);
    }
  }

  /** The run's attempts at steps, as stored. */
  List<RunRows.Step> readSteps(String runId) throws SQLException {
    flush();
    PreparedStatement select = statements.prepare(SELECT_STEPS);
    select.setString(1, runId);
    List<RunRows.Step> steps = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        steps.add(step(row, 1));
      }
    }
    return steps;
  }

  /** The attempt whose {@code STEP_COLUMNS} start at column {@code first}. */
  private static RunRows.Step step(ResultSet row, int first) throws SQLException {
    RunRows.Step step =
        new RunRows.Step(
            row.getString(first),
            row.getInt(first + 1),
            row.getLong(first + 2),
            row.getString(first + 3),
            row.getString(first + 4),
            row.getString(first + 5),
            instant(row, first + 6));
    step.status = row.getString(first + 7);
    step.overdue = row.getBoolean(first + 8);
    step.endedAt = instant(row, first + 9);
    step.occurredAt = instant(row, first + 10);
    step.executorId = row.getString(first + 11);
    step.reason = row.getString(first + 12);
    step.stored = true;
    return step;
  }

  /** The parent a link names for {@code childRunId}, if a parent announced it. */
  Optional<String> linkedParent(String childRunId) throws SQLException {
    flush();
    PreparedStatement select = statements.prepare(LINK_PARENT);
    select.setString(1, childRunId);
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
    }
  }

  /** Adds the changed rows of {@code rows} to the batches. */
  void write(RunRows rows) throws SQLException {
    Optional<RunRows.Run> run = rows.run();
    if (run.isPresent() && rows.runChanged()) {
      RunRows.Run r = run.get();
      if (r.stored) {
        PreparedStatement update = batch(UPDATE_RUN);
        bindChanging(update, 1, r);
        update.setString(17, r.runId);
        update.addBatch();
      } else {
        runInserts.add(
            new Object[] {
              r.runId,
              r.procedureId,
              r.procedureVersion,
              r.startTime,
              r.processInstanceId,
              r.status,
              r.abortReason,
              r.activatedAt,
              r.endTime,
              r.durationMs,
              r.executorId,
              r.location,
              r.equipmentId,
              r.notes,
              r.parentRunId,
              r.lastSeq,
              r.executorConfirmation,
              r.confirmationNote,
              r.correctedProcedureId,
              r.deviationCount
            });
      }
    }
    if (rows.deviations().isPresent() && run.isPresent()) {
      writeDeviations(run.get(), rows.deviations().get());
    }
    if (rows.stepsRead()) {
      String procedureId = run.map(r -> r.procedureId).orElse(null);
      for (RunRows.Step step : rows.steps()) {
        if (!step.stored) {
          insertStep(rows.runId(), procedureId, step);
        } else if (step.changed) {
          updateStep(rows.runId(), step);
        }
      }
    }
    rows.written();
  }

  /**
   * Adds the run's deviations to the batches, in place of those stored (before its row is written
   * for the first time there are none).
   */
  private void writeDeviations(RunRows.Run run, List<RunRows.Deviation> deviations)
      throws SQLException {
    if (run.stored) {
      PreparedStatement delete = statements.prepare(DELETE_DEVIATIONS);
      delete.setString(1, run.runId);
      delete.addBatch();
      deletingDeviations = true;
    }
    int ordinal = 0;
    for (RunRows.Deviation deviation : deviations) {
      deviationInserts.add(
          new Object[] {
            run.runId,
            ++ordinal,
            run.procedureId,
            deviation.type(),
            deviation.stepId(),
            deviation.expectedPosition(),
            deviation.actualPosition(),
            deviation.previousStepId(),
            deviation.detail()
          });
    }
  }

  /**
   * Binds the run's columns that events change, in {@code UPDATE_RUN}'s order, from {@code first}.
   */
  private static void bindChanging(PreparedStatement statement, int first, RunRows.Run r)
      throws SQLException {
    statement.setString(first, r.processInstanceId);
    statement.setString(first + 1, r.status);
    statement.setString(first + 2, r.abortReason);
    setInstant(statement, first + 3, r.activatedAt);
    setInstant(statement, first + 4, r.endTime);
    setLong(statement, first + 5, r.durationMs);
    statement.setString(first + 6, r.executorId);
    statement.setString(first + 7, r.location);
    statement.setString(first + 8, r.equipmentId);
    statement.setString(first + 9, r.notes);
    statement.setString(first + 10, r.parentRunId);
    statement.setLong(first + 11, r.lastSeq);
    statement.setString(first + 12, r.executorConfirmation);
    statement.setString(first + 13, r.confirmationNote);
    statement.setString(first + 14, r.correctedProcedureId);
    statement.setInt(first + 15, r.deviationCount);
  }

  private void insertStep(String runId, String procedureId, RunRows.Step step) {
    stepInserts.add(
        new Object[] {
          runId,
          procedureId,
          step.stepId,
          step.attempt,
          step.firstSeq,
          step.activityInstanceId,
          step.taskId,
          step.stepType,
          step.startedAt,
          step.status,
          step.overdue,
          step.endedAt,
          step.occurredAt,
          step.executorId,
          step.reason
        });
  }

  private void updateStep(String runId, RunRows.Step step) throws SQLException {
    PreparedStatement update = batch(UPDATE_STEP);
    update.setString(1, step.status);
    update.setBoolean(2, step.overdue);
    setInstant(update, 3, step.endedAt);
    setInstant(update, 4, step.occurredAt);
    update.setString(5, step.executorId);
    update.setString(6, step.reason);
    update.setString(7, runId);
    update.setString(8, step.stepId);
    update.setInt(9, step.attempt);
    update.addBatch();
  }

  /**
   * Records that {@code parentRunId} started {@code childRunId} in step {@code stepId}, and tells
   * the child's row if it is stored without a parent.
   */
  void link(String childRunId, String parentRunId, Optional<String> stepId) throws SQLException {
    flush();
    PreparedStatement insert = statements.prepare(dialect.insertIfAbsent(INSERT_LINK));
    insert.setString(1, childRunId);
    insert.setString(2, parentRunId);
    insert.setString(3, stepId.orElse(null));
    dialect.insertIfAbsent(insert);
    PreparedStatement update = statements.prepare(PARENT_UNLESS_KNOWN);
    update.setString(1, parentRunId);
    update.setString(2, childRunId);
    update.executeUpdate();
  }

  /**
   * Removes a run from the index, with its links to the runs it called and to the run calling it
   * (its events stay in the log).
   */
  void forget(String runId) throws SQLException {
    flush();
    PreparedStatement links = statements.prepare(DELETE_LINKS);
    links.setString(1, runId);
    links.setString(2, runId);
    links.executeUpdate();
    for (String table : RUN_TABLES) {
      PreparedStatement delete = statements.prepare("DELETE FROM " + table + " WHERE run_id = ?");
      delete.setString(1, runId);
      delete.executeUpdate();
    }
  }

  /**
   * After a rebuild: every run without a parent takes the one a link names, and the runs that left
   * the index ({@code forgotten}) leave no link behind, as if applied live in the log's order.
   */
  void settleLinks(Set<String> forgotten) throws SQLException {
    flush();
    statements
        .prepare(
            "UPDATE asrun_run SET parent_run_id = (SELECT parent_run_id FROM asrun_run_link"
                + " WHERE child_run_id = asrun_run.run_id) WHERE parent_run_id IS NULL AND EXISTS"
                + " (SELECT 1 FROM asrun_run_link WHERE child_run_id = asrun_run.run_id)")
        .executeUpdate();
    PreparedStatement links = statements.prepare(DELETE_LINKS);
    for (String runId : forgotten) {
      links.setString(1, runId);
      links.setString(2, runId);
      links.addBatch();
    }
    if (!forgotten.isEmpty()) {
      links.executeBatch();
    }
  }

  /** Sends the batches: inserts before updates, a run's old deviations deleted before its new. */
  void flush() throws SQLException {
    insert(INSERT_RUN, INSERT_RUN_COLUMNS, RUN_TYPES, runInserts);
    insert(INSERT_STEP, INSERT_STEP_COLUMNS, STEP_TYPES, stepInserts);
    if (deletingDeviations) {
      deletingDeviations = false;
      statements.prepare(DELETE_DEVIATIONS).executeBatch();
    }
    insert(INSERT_DEVIATION, INSERT_DEVIATION_COLUMNS, DEVIATION_TYPES, deviationInserts);
    for (int i = 0; i < BATCHES.size(); i++) {
      if (pending[i]) {
        pending[i] = false;
        statements.prepare(BATCHES.get(i)).executeBatch();
      }
    }
  }

  /**
   * Inserts {@code rows} (values in the insert's column order, of SQL {@code types}): every {@link
   * #ROWS_PER_INSERT} rows in one multi-row statement, the rest in a JDBC batch of {@code insert}.
   */
  private void insert(String insert, String columnsInsert, int[] types, List<Object[]> rows)
      throws SQLException {
    if (dialect == IndexDialect.POSTGRESQL && rows.size() > 1) {
      insertColumns(columnsInsert, types, rows);
      return;
    }
    int whole = rows.size() - rows.size() % ROWS_PER_INSERT;
    if (whole > 0) {
      String row = insert.substring(insert.indexOf(" VALUES ") + " VALUES ".length());
      PreparedStatement many =
          statements.prepare(insert + (", " + row).repeat(ROWS_PER_INSERT - 1));
      for (int first = 0; first < whole; first += ROWS_PER_INSERT) {
        for (int i = 0; i < ROWS_PER_INSERT; i++) {
          bind(many, i * types.length, types, rows.get(first + i));
        }
        many.addBatch();
      }
      many.executeBatch();
    }
    if (whole < rows.size()) {
      PreparedStatement one = statements.prepare(insert);
      for (Object[] values : rows.subList(whole, rows.size())) {
        bind(one, 0, types, values);
        one.addBatch();
      }
      one.executeBatch();
    }
    rows.clear();
  }

  /**
   * Inserts {@code rows} in one statement on PostgreSQL ({@link #columnsInsert}): each column's
   * values bound as one text array.
   */
  private void insertColumns(String columnsInsert, int[] types, List<Object[]> rows)
      throws SQLException {
    PreparedStatement statement = statements.prepare(columnsInsert);
    for (int i = 0; i < types.length; i++) {
      String[] column = new String[rows.size()];
      for (int row = 0; row < column.length; row++) {
        Object value = rows.get(row)[i];
        column[row] = value == null ? null : text(value);
      }
      statement.setArray(i + 1, statement.getConnection().createArrayOf("text", column));
    }
    statement.executeUpdate();
    rows.clear();
  }

  /**
   * A value as PostgreSQL reads it from text; an instant rounded to the microsecond as the driver
   * rounds one it binds (half up), so a row reads the same however it was inserted.
   */
  private static String text(Object value) {
    if (value instanceof Instant time) {
      Instant rounded = time.getNano() % 1000 > 499 ? time.plusNanos(1000) : time;
      return rounded.truncatedTo(ChronoUnit.MICROS).toString();
    }
    return value.toString();
  }

  /**
   * {@code insert} (an INSERT of one row of SQL {@code types}) made to insert the rows of column
   * arrays: {@code unnest} turning the arrays into rows, each column cast from text to its type.
   */
  private static String columnsInsert(String insert, int[] types) {
    StringBuilder select = new StringBuilder(" SELECT ");
    StringBuilder arrays = new StringBuilder(" FROM unnest(");
    StringBuilder names = new StringBuilder(") AS t(");
    for (int i = 0; i < types.length; i++) {
      String separator = i == 0 ? "" : ", ";
      select.append(separator).append('c').append(i).append(cast(types[i]));
      arrays.append(separator).append("?::text[]");
      names.append(separator).append('c').append(i);
    }
    return insert.substring(0, insert.indexOf(" VALUES ")) + select + arrays + names + ")";
  }

  /** The cast from text to a column of SQL {@code type}. */
  private static String cast(int type) {
    return switch (type) {
      case Types.VARCHAR -> "";
      case Types.INTEGER -> "::integer";
      case Types.BIGINT -> "::bigint";
      case Types.BOOLEAN -> "::boolean";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "::timestamptz";
      default -> throw new IllegalArgumentException("no cast from text to SQL type " + type);
    };
  }

  /** Binds {@code values} of SQL {@code types} to the parameters after {@code offset}. */
  private static void bind(PreparedStatement statement, int offset, int[] types, Object[] values)
      throws SQLException {
    for (int i = 0; i < values.length; i++) {
      int index = offset + i + 1;
      Object value = values[i];
      if (value == null) {
        statement.setNull(index, types[i]);
      } else if (value instanceof Instant time) {
        statement.setObject(index, time.atOffset(ZoneOffset.UTC));
      } else {
        statement.setObject(index, value);
      }
    }
  }

  private PreparedStatement batch(String sql) throws SQLException {
    pending[BATCHES.indexOf(sql)] = true;
    return statements.prepare(sql);
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  static void setInstant(PreparedStatement statement, int index, Instant time) throws SQLException {
    if (time == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, time.atOffset(ZoneOffset.UTC));
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
