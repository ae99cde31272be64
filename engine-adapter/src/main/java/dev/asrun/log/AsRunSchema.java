package dev.asrun.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

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

  /** The GRANT statements for {@code ?}, the application's role, one row per as-run table. */
  private static final String GRANTS =
      "SELECT format('REVOKE ALL ON TABLE %I FROM %I', c.relname, ?),"
          + " format('GRANT SELECT, INSERT%s%s ON TABLE %I TO %I',"
          + "   CASE WHEN refused.updates THEN '' ELSE ', UPDATE' END,"
          + "   CASE WHEN refused.deletes THEN '' ELSE ', DELETE' END, c.relname, ?)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " CROSS JOIN LATERAL (SELECT"
          + "   COALESCE(bool_or((t.tgtype & 16) <> 0), false) AS updates,"
          + "   COALESCE(bool_or((t.tgtype & 8) <> 0), false) AS deletes"
          + "   FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
          + "   WHERE t.tgrelid = c.oid AND p.proname = 'asrun_refuse_change') refused"
          + " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
          + " AND c.relname LIKE 'asrun\\_%' AND c.relname <> ?"
          + " ORDER BY c.relname";

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
        return configuration(dataSource, dialect).load().migrate().migrationsExecuted;
      } finally {
        dialect.unlockMigrations(lock);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot lock the database to create the as-run log: " + e.getMessage(), e);
    }
  }

  /**
   * Applies the migrations not yet applied as the owner role ({@code owner}, whose user owns the
   * as-run tables and their triggers) and grants the application's role ({@code application}'s
   * user) what recording and reading need, no more. On PostgreSQL, for every {@code asrun_} table
   * but Flyway's history: SELECT and INSERT; UPDATE and DELETE only where the table has no trigger
   * refusing them (the run index, the stream heads' UPDATE); never TRUNCATE; and nothing that would
   * let it drop or disable a trigger, which only the owner can. Granted again on every call, after
   * the migrations, so a table a new migration adds is covered from its first use.
   *
   * <p>When both data sources connect as the same user, or on H2, this is {@link
   * #migrate(DataSource)}: H2 has no such roles.
   *
   * @return how many migrations this call applied
   */
  public static int migrate(DataSource owner, DataSource application) {
    Objects.requireNonNull(application, "application");
    int applied = migrate(owner);
    try (Connection ownerConnection = owner.getConnection();
        Connection appConnection = application.getConnection()) {
      if (Dialect.of(ownerConnection) != Dialect.POSTGRESQL) {
        return applied;
      }
      String ownerRole = currentUser(ownerConnection);
      String appRole = currentUser(appConnection);
      if (!ownerRole.equals(appRole)) {
        grant(ownerConnection, appRole);
      }
      return applied;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot grant the application's role its rights on the as-run tables: " + e.getMessage(),
          e);
    }
  }

  private static void grant(Connection owner, String appRole) throws SQLException {
    List<String> statements = new ArrayList<>();
    try (PreparedStatement select = owner.prepareStatement(GRANTS)) {
      select.setString(1, appRole);
      select.setString(2, appRole);
      select.setString(3, HISTORY_TABLE);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          statements.add(rows.getString(1));
          statements.add(rows.getString(2));
        }
      }
    }
    boolean autoCommit = owner.getAutoCommit();
    owner.setAutoCommit(false);
    try (Statement grant = owner.createStatement()) {
      for (String statement : statements) {
        grant.execute(statement);
      }
      owner.commit();
    } catch (SQLException e) {
      owner.rollback();
      throw e;
    } finally {
      owner.setAutoCommit(autoCommit);
    }
  }

  private static String currentUser(Connection connection) throws SQLException {
    try (Statement select = connection.createStatement();
        ResultSet row = select.executeQuery("SELECT current_user")) {
      row.next();
      return row.getString(1);
    }
  }

  /** How {@link #migrate} configures Flyway for {@code dialect}, to load. */
  static FluentConfiguration configuration(DataSource dataSource, Dialect dialect) {
    return Flyway.configure(AsRunSchema.class.getClassLoader())
        .dataSource(MigrationConnections.of(dataSource))
        .locations("classpath:db/asrun/" + dialect.folder())
        .table(dialect.unquoted(HISTORY_TABLE))
        // Camunda's tables are usually there first; record that as version 0, then apply ours.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("schema before the as-run log")
        .placeholderReplacement(false);
  }
}
