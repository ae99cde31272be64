package dev.asrun.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexCheckTest {

  private static IndexDatabase recorded(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    SampleHistory.record(new Recorder(db));
    return db;
  }

  private static void tamper(IndexDatabase db, String... statements) throws Exception {
    db.inTransaction(
        connection -> {
          try (Statement tamper = connection.createStatement()) {
            for (String statement : statements) {
              assertThat(tamper.executeUpdate(statement)).as(statement).isEqualTo(1);
            }
          }
          return null;
        });
  }

  @OnBothDatabases
  void findsAnIndexMadeFromTheLogAloneIdenticalToARebuild(Vendor vendor) throws Exception {
    IndexDatabase db = recorded(vendor);

    IndexCheck.Result result = db.inTransaction(IndexCheck::compare);

    assertThat(result.ok()).isTrue();
    assertThat(result.first()).isEmpty();
    assertThat(result.storedRows()).isPositive().isEqualTo(result.rebuiltRows());
  }

  @OnBothDatabases
  void namesTheRunRowWhoseStatusWasChangedAndLeavesTheIndexAsItWas(Vendor vendor) throws Exception {
    IndexDatabase db = recorded(vendor);
    tamper(db, "UPDATE asrun_run SET status = 'completed' WHERE run_id = 'r2'");
    List<List<List<String>>> tampered = IndexTables.dump(db);

    IndexCheck.Result result = db.inTransaction(IndexCheck::compare);

    assertThat(result.differingRows()).isEqualTo(1);
    IndexCheck.Difference first = result.first().orElseThrow();
    assertThat(first.table()).isEqualTo("asrun_run");
    assertThat(first.runId()).isEqualTo("r2");
    assertThat(first.column()).isEqualTo("status");
    assertThat(first.stored()).isEqualTo("completed");
    assertThat(first.rebuilt()).isEqualTo("aborted");
    assertThat(first.describe())
        .isEqualTo(
            "asrun_run row run_id=r2 of run r2: status is 'completed', a rebuild gives 'aborted'");
    assertThat(IndexTables.dump(db)).isEqualTo(tampered);
  }

  @OnBothDatabases
  void namesTheStepRowWhoseExecutorWasReplaced(Vendor vendor) throws Exception {
    IndexDatabase db = recorded(vendor);
    tamper(
        db,
        "UPDATE asrun_run_step SET executor_id = 'mallory'"
            + " WHERE run_id = 'r3' AND step_id = 'check_temp'");

    IndexCheck.Result result = db.inTransaction(IndexCheck::compare);

    IndexCheck.Difference first = result.first().orElseThrow();
    assertThat(first.table()).isEqualTo("asrun_run_step");
    assertThat(first.runId()).isEqualTo("r3");
    assertThat(first.key()).isEqualTo("run_id=r3, step_id=check_temp, attempt=1");
    assertThat(first.column()).isEqualTo("executor_id");
    assertThat(first.stored()).isEqualTo("mallory");
    assertThat(first.rebuilt()).isEqualTo("alice");
  }

  @OnBothDatabases
  void namesTheFirstOfSeveralDifferencesAndRowsOnOneSideOnly(Vendor vendor) throws Exception {
    IndexDatabase db = recorded(vendor);
    tamper(
        db,
        "DELETE FROM asrun_run_step WHERE run_id = 'r1' AND step_id = 'vent'",
        "DELETE FROM asrun_run WHERE run_id = 'r3'",
        "INSERT INTO asrun_run_link (child_run_id, parent_run_id) VALUES ('zz', 'r1')");

    IndexCheck.Result result = db.inTransaction(IndexCheck::compare);

    assertThat(result.differingRows()).isEqualTo(3);
    IndexCheck.Difference first = result.first().orElseThrow();
    assertThat(first.table()).isEqualTo("asrun_run");
    assertThat(first.runId()).isEqualTo("r3");
    assertThat(first.storedRow()).isFalse();
    assertThat(first.rebuiltRow()).isTrue();
    assertThat(first.describe())
        .endsWith("missing from the index; a rebuild from the log makes it");
  }

  @Test
  void onPostgresqlReadsGoOnDuringACheckAndWaitDuringARebuild() throws Exception {
    IndexDatabase db = recorded(Vendor.POSTGRESQL);
    try (Connection checking = db.dataSource().getConnection();
        Connection reader = db.dataSource().getConnection()) {
      checking.setAutoCommit(false);
      assertThat(IndexCheck.compare(checking).ok()).isTrue();
      assertThat(runsSeenBy(reader)).isPositive();
      checking.rollback();

      new RunProjector().rebuild(checking);
      assertThatThrownBy(() -> runsSeenBy(reader))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55P03"));
      checking.commit();
      assertThat(runsSeenBy(reader)).isPositive();
    }
  }

  /** How many runs {@code reader} counts, giving up after a second's wait for a lock. */
  private static long runsSeenBy(Connection reader) throws SQLException {
    try (Statement statement = reader.createStatement()) {
      statement.execute("SET lock_timeout = '1s'");
      try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM asrun_run")) {
        count.next();
        return count.getLong(1);
      }
    }
  }
}
