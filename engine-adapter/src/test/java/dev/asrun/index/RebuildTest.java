package dev.asrun.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.query.AsRunQueries;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class RebuildTest {

  private final RunProjector projector = new RunProjector();

  @OnBothDatabases
  void rebuildFromTheLogAloneGivesIdenticalAnswersToEveryQuery(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    SampleHistory.record(recorder);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    Map<String, Object> before = AllQueries.answers(queries);
    List<List<List<String>>> tablesBefore = IndexTables.dump(db);

    long replayed = db.inTransaction(projector::rebuild);

    assertThat(replayed).isEqualTo(recorder.recorded().size());
    Map<String, Object> after = AllQueries.answers(queries);
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    for (String query : before.keySet()) {
      assertThat(after.get(query)).as(query).isEqualTo(before.get(query));
    }
    assertThat(IndexTables.dump(db)).isEqualTo(tablesBefore);
  }

  @OnBothDatabases
  void rebuildThatWritesRunsBeforeTheirLastEventsGivesTheSameIndex(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    SampleHistory.record(recorder);
    List<List<List<String>>> tablesBefore = IndexTables.dump(db);

    long replayed = db.inTransaction(new RunProjector(1)::rebuild);

    assertThat(replayed).isEqualTo(recorder.recorded().size());
    assertThat(IndexTables.dump(db)).isEqualTo(tablesBefore);
  }

  @OnBothDatabases
  void rebuildRepairsADamagedIndex(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    SampleHistory.record(new Recorder(db));
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    Map<String, Object> intact = AllQueries.answers(queries);
    db.inTransaction(
        connection -> {
          try (Statement damage = connection.createStatement()) {
            damage.executeUpdate("DELETE FROM asrun_run WHERE run_id = 'r1'");
            damage.executeUpdate("UPDATE asrun_run SET status = 'completed' WHERE run_id = 'r2'");
            damage.executeUpdate("DELETE FROM asrun_run_step WHERE run_id = 'r3'");
            damage.executeUpdate("DELETE FROM asrun_run_link");
            damage.executeUpdate("UPDATE asrun_run SET last_seq = 999999 WHERE run_id = 'r4'");
          }
          return null;
        });
    assertThat(AllQueries.answers(queries)).isNotEqualTo(intact);

    db.inTransaction(projector::rebuild);

    assertThat(AllQueries.answers(queries)).isEqualTo(intact);
  }

  @OnBothDatabases
  void indexKeepsUpAfterARebuild(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    RunScript r1 =
        recorder
            .run("r1", "daily_startup", "1")
            .triggered(0, "alice", "lab_3", "reactor_02", null)
            .stepStarted(0, "power_on");
    db.inTransaction(projector::rebuild);

    r1.stepDone(5, "power_on", "alice").completed(6, 360_000);
    recorder.run("r2", "daily_startup", "1").triggered(7, "bob", "lab_3", "reactor_01", null);
    List<List<List<String>>> live = IndexTables.dump(db);

    db.inTransaction(projector::rebuild);

    assertThat(IndexTables.dump(db)).isEqualTo(live);
  }

  @OnBothDatabases
  void rebuildOfAnEmptyLogEmptiesTheIndex(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    db.inTransaction(
        connection -> {
          try (Statement stray = connection.createStatement()) {
            stray.executeUpdate(
                "INSERT INTO asrun_run (run_id, procedure_id, status, start_time)"
                    + " VALUES ('stray', 'p', 'active', CURRENT_TIMESTAMP)");
          }
          return null;
        });

    long replayed = db.inTransaction(projector::rebuild);

    assertThat(replayed).isZero();
    assertThat(IndexTables.dump(db)).allSatisfy(rows -> assertThat(rows).isEmpty());
  }

  @OnBothDatabases
  void rebuildKeepsTheIndexTablesIndexesWhetherItCommitsOrRollsBack(Vendor vendor)
      throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    SampleHistory.record(new Recorder(db));
    List<String> indexes = indexesOfTheIndexTables(db);
    List<List<List<String>>> rows = IndexTables.dump(db);
    assertThat(indexes).anyMatch(index -> index.startsWith("asrun_run_procedure_idx "));

    try (Connection connection = db.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      projector.rebuild(connection);
      connection.rollback();
    }
    assertThat(indexesOfTheIndexTables(db)).isEqualTo(indexes);
    assertThat(IndexTables.dump(db)).isEqualTo(rows);

    db.inTransaction(projector::rebuild);

    assertThat(indexesOfTheIndexTables(db)).isEqualTo(indexes);
    assertThat(IndexTables.dump(db)).isEqualTo(rows);
  }

  @OnBothDatabases
  void aRebuildThatFailsLeavesTheOldIndex(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    SampleHistory.record(new Recorder(db));
    List<String> indexes = indexesOfTheIndexTables(db);
    List<List<List<String>>> rows = IndexTables.dump(db);
    db.inTransaction(
        connection ->
            new EventLog()
                .append(
                    connection,
                    Recorder.event(
                        EventSource.ENGINE,
                        EventType.STEP_STARTED,
                        "daily_startup",
                        "1",
                        "r9",
                        Optional.empty(),
                        Map.of())));

    try (Connection connection = db.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      assertThatThrownBy(() -> projector.rebuild(connection))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload.step_id is missing");
      connection.rollback();
    }

    assertTheIndexIs(db, indexes, rows);
  }

  @Test
  void onH2ARebuildFinishesASwapThatWasCutShort() throws Exception {
    IndexDatabase db = IndexDatabase.create(Vendor.H2);
    SampleHistory.record(new Recorder(db));
    List<String> indexes = indexesOfTheIndexTables(db);
    List<List<List<String>>> rows = IndexTables.dump(db);
    db.inTransaction(
        connection -> {
          try (Statement cut = connection.createStatement()) {
            cut.executeUpdate("ALTER TABLE asrun_run_link RENAME TO asrun_next_run_link");
            cut.executeUpdate("ALTER INDEX asrun_run_start_idx RENAME TO asrun_next_run_start_idx");
          }
          return null;
        });

    db.inTransaction(projector::rebuild);

    assertTheIndexIs(db, indexes, rows);
  }

  @Test
  void onH2AUserWithoutAdminRightsRebuildsInPlace() throws Exception {
    IndexDatabase db = IndexDatabase.create(Vendor.H2);
    SampleHistory.record(new Recorder(db));
    List<List<List<String>>> rows = IndexTables.dump(db);
    db.inTransaction(
        connection -> {
          try (Statement setup = connection.createStatement()) {
            setup.executeUpdate("CREATE USER asrun_app PASSWORD 'app'");
            setup.executeUpdate("GRANT SELECT ON asrun_event TO asrun_app");
            setup.executeUpdate(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON "
                    + String.join(", ", RunProjector.TABLES)
                    + " TO asrun_app");
            setup.executeUpdate("DELETE FROM asrun_run_step WHERE run_id = 'r1'");
          }
          return null;
        });
    String settings = ((JdbcDataSource) db.dataSource()).getURL();
    String url = settings.substring(0, settings.indexOf(';'));

    try (Connection app = DriverManager.getConnection(url, "asrun_app", "app")) {
      app.setAutoCommit(false);
      projector.rebuild(app);
      app.rollback();
    }
    assertThat(IndexTables.dump(db)).isNotEqualTo(rows);
    try (Connection app = DriverManager.getConnection(url, "asrun_app", "app")) {
      app.setAutoCommit(false);
      projector.rebuild(app);
      app.commit();
    }

    assertThat(IndexTables.dump(db)).isEqualTo(rows);
    assertThat(tablesNamedLike(db, "asrun%next%")).isEmpty();
  }

  /** The index tables have {@code indexes} and {@code rows}, and no new tables are beside them. */
  private static void assertTheIndexIs(
      IndexDatabase db, List<String> indexes, List<List<List<String>>> rows) throws SQLException {
    assertThat(indexesOfTheIndexTables(db)).isEqualTo(indexes);
    assertThat(IndexTables.dump(db)).isEqualTo(rows);
    assertThat(tablesNamedLike(db, "asrun%next%")).isEmpty();
  }

  private static List<String> tablesNamedLike(IndexDatabase db, String pattern)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection connection = db.dataSource().getConnection();
        ResultSet names =
            connection.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
      while (names.next()) {
        String name = names.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (name.matches(pattern.replace("%", ".*"))) {
          tables.add(name);
        }
      }
    }
    return tables;
  }

  /** Every index of the index tables: its name, table, uniqueness and columns in order. */
  private static List<String> indexesOfTheIndexTables(IndexDatabase db) throws SQLException {
    List<String> indexes = new ArrayList<>();
    try (Connection connection = db.dataSource().getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      for (String table : RunProjector.TABLES) {
        String name =
            metaData.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        try (ResultSet columns = metaData.getIndexInfo(null, null, name, false, false)) {
          while (columns.next()) {
            indexes.add(
                String.join(
                        " ",
                        columns.getString("INDEX_NAME"),
                        table,
                        columns.getBoolean("NON_UNIQUE") ? "non-unique" : "unique",
                        columns.getString("ORDINAL_POSITION"),
                        columns.getString("COLUMN_NAME"))
                    .toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    indexes.sort(null);
    return indexes;
  }
}
