package dev.asrun.log;

import static dev.asrun.log.Events.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class AppendOnlyProtectionTest {

  private static TestDatabases databases;

  private final EventLog log = new EventLog();

  @BeforeAll
  static void startDatabases() throws Exception {
    databases = TestDatabases.start();
  }

  @AfterAll
  static void stopDatabases() throws Exception {
    databases.close();
  }

  private TestDatabase databaseWithOneRun(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    db.inTransaction(
        c -> {
          log.append(c, step("run-1", "a"));
          log.append(c, step("run-1", "b"));
          return null;
        });
    return db;
  }

  @OnBothDatabases
  void databaseRefusesToUpdateAnEvent(Vendor vendor) throws Exception {
    TestDatabase db = databaseWithOneRun(vendor);

    assertThatThrownBy(
            () -> db.execute("UPDATE asrun_event SET payload = '{}' WHERE stream_seq = 1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("asrun_event is append-only: UPDATE refused")
        .extracting(e -> ((SQLException) e).getSQLState())
        .as("SQLSTATE restrict_violation")
        .isEqualTo("23001");
    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void databaseRefusesToDeleteAnEvent(Vendor vendor) throws Exception {
    TestDatabase db = databaseWithOneRun(vendor);

    assertThatThrownBy(() -> db.execute("DELETE FROM asrun_event"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("asrun_event is append-only: DELETE refused")
        .extracting(e -> ((SQLException) e).getSQLState())
        .as("SQLSTATE restrict_violation")
        .isEqualTo("23001");
    assertThat(db.number("SELECT COUNT(*) FROM asrun_event")).isEqualTo(2);
  }

  @OnBothDatabases
  void databaseRefusesToTruncateTheLog(Vendor vendor) throws Exception {
    TestDatabase db = databaseWithOneRun(vendor);

    assertThatThrownBy(() -> db.execute("TRUNCATE TABLE asrun_event"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(
            vendor == Vendor.POSTGRESQL
                ? "asrun_event is append-only: TRUNCATE refused"
                // H2 has no TRUNCATE trigger; the guard table's foreign key makes H2 refuse it
                : "Cannot truncate \"PUBLIC.ASRUN_EVENT\"");
    assertThat(db.number("SELECT COUNT(*) FROM asrun_event")).isEqualTo(2);
  }

  @OnBothDatabases
  void databaseLetsAStreamHeadOnlyMoveForward(Vendor vendor) throws Exception {
    TestDatabase db = databaseWithOneRun(vendor);

    assertThatThrownBy(
            () ->
                db.execute("UPDATE asrun_stream_head SET last_seq = 1 WHERE stream = 'run:run-1'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(
            "asrun_stream_head only moves forward: stream run:run-1 from 2 to 1 refused");
    assertThatThrownBy(
            () ->
                db.execute("UPDATE asrun_stream_head SET last_seq = 5 WHERE stream = 'run:run-1'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("asrun_stream_head only moves forward");
    assertThatThrownBy(
            () ->
                db.execute(
                    "INSERT INTO asrun_stream_head (stream, last_seq, last_hash) VALUES ('run:x',"
                        + " 7, '"
                        + "a".repeat(64)
                        + "')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(
            "asrun_stream_head only moves forward: a new stream starts at 0, not 7");
    assertThatThrownBy(() -> db.execute("DELETE FROM asrun_stream_head"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("asrun_stream_head is append-only: DELETE refused");
    assertThatThrownBy(() -> db.execute("TRUNCATE TABLE asrun_stream_head"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(
            vendor == Vendor.POSTGRESQL
                ? "asrun_stream_head is append-only: TRUNCATE refused"
                : "Cannot truncate \"PUBLIC.ASRUN_STREAM_HEAD\"");
    assertThat(db.number("SELECT last_seq FROM asrun_stream_head WHERE stream = 'run:run-1'"))
        .isEqualTo(2);
    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void migratingAgainChangesNothing(Vendor vendor) throws Exception {
    TestDatabase db = databaseWithOneRun(vendor);

    assertThat(AsRunSchema.migrate(db.dataSource())).isZero();
    assertThat(db.number("SELECT COUNT(*) FROM asrun_event")).isEqualTo(2);
    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void migratesBesideTablesAlreadyInTheSchema(Vendor vendor) throws Exception {
    TestDatabase db = databases.createEmpty(vendor);
    db.execute(
        "CREATE TABLE act_ge_property (name_ VARCHAR(64) PRIMARY KEY, value_ VARCHAR(300))",
        "INSERT INTO act_ge_property VALUES ('schema.version', '7.24.0')");

    assertThat(AsRunSchema.migrate(db.dataSource())).isPositive();
    assertThat(db.number("SELECT COUNT(*) FROM act_ge_property")).isEqualTo(1);
    assertThat(db.number("SELECT COUNT(*) FROM asrun_schema_history WHERE \"version\" = '0'"))
        .as("the existing schema, recorded as baseline")
        .isEqualTo(1);
    assertThat(
            db.number(
                "SELECT COUNT(*) FROM asrun_schema_history WHERE \"version\" = '1' AND"
                    + " \"success\""))
        .isEqualTo(1);
    db.inTransaction(c -> log.append(c, step("run-1", "a")));
    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void nodesStartingAtOnceMigrateOnce(Vendor vendor) throws Exception {
    TestDatabase db = databases.createEmpty(vendor);
    int nodes = 4;
    CyclicBarrier start = new CyclicBarrier(nodes);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    List<Integer> applied = new ArrayList<>();
    try {
      List<Future<Integer>> migrations = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        migrations.add(
            pool.submit(
                () -> {
                  start.await();
                  return AsRunSchema.migrate(db.dataSource());
                }));
      }
      for (Future<Integer> migration : migrations) {
        applied.add(migration.get());
      }
    } finally {
      pool.shutdown();
    }

    long versions =
        db.number("SELECT COUNT(*) FROM asrun_schema_history WHERE \"version\" IS NOT NULL");
    assertThat(
            db.number(
                "SELECT COUNT(DISTINCT \"version\") FROM asrun_schema_history WHERE \"success\""))
        .as("every migration applied once, successfully")
        .isEqualTo(versions);
    assertThat(applied.stream().mapToLong(Integer::intValue).sum()).isEqualTo(versions);
    assertThat(AsRunSchema.migrate(db.dataSource())).isZero();
    db.inTransaction(c -> log.append(c, step("run-1", "a")));
    assertThat(db.verify().ok()).isTrue();
  }
}
