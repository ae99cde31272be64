package dev.asrun.index;

import java.sql.SQLException;
import java.util.List;

/** The run index's tables, whole, for comparing one state of the index with another. */
public final class IndexTables {

  private IndexTables() {}

  /** Every row of every index table, in key order. */
  public static List<List<List<String>>> dump(IndexDatabase db) throws SQLException {
    return List.of(
        db.rows("asrun_run", "run_id"),
        db.rows("asrun_run_step", "run_id, step_id, attempt"),
        db.rows("asrun_run_deviation", "run_id, ordinal"),
        db.rows("asrun_run_correction", "run_id, seq"),
        db.rows("asrun_run_link", "child_run_id"));
  }
}
