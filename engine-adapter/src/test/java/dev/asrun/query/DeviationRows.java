package dev.asrun.query;

import dev.asrun.index.IndexDatabase;
import java.sql.PreparedStatement;
import java.util.UUID;

/**
 * The run index's deviations as the V3 migration and its projector keep them (the contract between
 * the workers: {@code asrun_run_deviation}, and {@code asrun_run.deviation_count} = the rows not set
 * aside by a correction), written directly so the analytics can be tested on their own.
 */
final class DeviationRows {

  private final IndexDatabase database;

  DeviationRows(IndexDatabase database) {
    this.database = database;
  }

  /** Adds a deviation of the run, set aside by a correction if {@code corrected}. */
  DeviationRows add(
      String runId,
      String procedureId,
      String type,
      String stepId,
      String previousStepId,
      boolean corrected)
      throws Exception {
    database.inTransaction(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO asrun_run_deviation (run_id, ordinal, procedure_id,"
                      + " deviation_type, step_id, previous_step_id, detail, corrected_by_event)"
                      + " VALUES (?, (SELECT COUNT(*) + 1 FROM asrun_run_deviation WHERE run_id = ?),"
                      + " ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setString(2, runId);
            insert.setString(3, procedureId);
            insert.setString(4, type);
            insert.setString(5, stepId);
            insert.setString(6, previousStepId);
            insert.setString(7, type + " of " + stepId);
            insert.setObject(8, corrected ? UUID.randomUUID() : null);
            insert.executeUpdate();
          }
          try (PreparedStatement count =
              connection.prepareStatement(
                  "UPDATE asrun_run SET deviation_count = (SELECT COUNT(*) FROM"
                      + " asrun_run_deviation d WHERE d.run_id = asrun_run.run_id"
                      + " AND d.corrected_by_event IS NULL) WHERE run_id = ?")) {
            count.setString(1, runId);
            count.executeUpdate();
          }
          return null;
        });
    return this;
  }
}
