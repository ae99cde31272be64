package dev.asrun.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the log's tables with Flyway, in the engine's database beside Camunda's
 * tables. Everything is prefixed {@code asrun_}; Flyway's history is {@code asrun_schema_history},
 * so an application's own Flyway history is left alone. The migrations are per database, in {@code
 * classpath:db/asrun/h2} and {@code classpath:db/asrun/postgresql}.
 *
 * <p>{@link #migrate} is idempotent and safe when several engine nodes start at once. Flyway locks
 * its history table while it migrates, but two nodes can still both try to create that table on a
 * database that has none yet; so {@code migrate} first takes a lock of its own: a session-level
 * advisory lock on PostgreSQL (released when the session ends, even if the node dies); on H2 a lock
 * in this JVM, which is enough for H2 embedded in the engine (one JVM opens the database). While
 * migrating it holds one connection of the data source for that lock, and Flyway takes others.
 */
public final class AsRunSchema {

  /**
   * Flyway's history table for the as-run schema, as written in SQL without quotes (Flyway creates
   * it with the case each database gives unquoted names, upper case on H2).
   */
  public static final String HISTORY_TABLE = "asrun_schema_history";

  private AsRunSchema() {}

  /**
   * Applies the migrations not yet applied.
   *
   * @return how many migrations this call applied (0 when the schema was up to date)
   * @throws IllegalStateException if the database is neither H2 nor PostgreSQL
   */
  public static int migrate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection lock = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(lock);
      dialect.lockMigrations(lock);
      try {
        return flyway(dataSource, dialect).migrate().migrationsExecuted;
      } finally {
        dialect.unlockMigrations(lock);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot lock the database to create the as-run log: " + e.getMessage(), e);
    }
  }

  private static Flyway flyway(DataSource dataSource, Dialect dialect) {
    return Flyway.configure(AsRunSchema.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/asrun/" + dialect.folder())
        .table(dialect.unquoted(HISTORY_TABLE))
        // Camunda's tables are usually there first; record that as version 0, then apply ours.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("schema before the as-run log")
        .placeholderReplacement(false)
        .load();
  }
}
