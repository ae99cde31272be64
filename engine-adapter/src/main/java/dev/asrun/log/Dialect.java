package dev.asrun.log;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/** The databases the log runs on, and the little SQL that differs between them. */
enum Dialect {
  H2("h2") {
    @Override
    void lockMigrations(Connection connection) {
      H2_MIGRATIONS.lock();
    }

    @Override
    void unlockMigrations(Connection connection) {
      H2_MIGRATIONS.unlock();
    }

    @Override
    String unquoted(String name) {
      return name.toUpperCase(Locale.ROOT);
    }

    @Override
    void createHeadIfAbsent(Connection connection, String stream) throws SQLException {
      // H2 has no INSERT ... ON CONFLICT DO NOTHING. A concurrent insert of the same stream waits
      // for the other transaction and then fails on the primary key; H2 rolls back only the
      // failed statement, so the caller's transaction goes on and locks the row the other created.
      try (PreparedStatement insert = connection.prepareStatement(INSERT_HEAD)) {
        insert.setString(1, stream);
        insert.setString(2, Envelope.GENESIS);
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
      }
    }
  },
  POSTGRESQL("postgresql") {
    @Override
    void lockMigrations(Connection connection) throws SQLException {
      advisory(connection, "SELECT pg_advisory_lock(?)");
    }

    @Override
    void unlockMigrations(Connection connection) throws SQLException {
      advisory(connection, "SELECT pg_advisory_unlock(?)");
    }

    private void advisory(Connection connection, String sql) throws SQLException {
      try (PreparedStatement lock = connection.prepareStatement(sql)) {
        lock.setLong(1, MIGRATION_LOCK);
        lock.executeQuery().close();
      }
    }

    @Override
    String unquoted(String name) {
      return name.toLowerCase(Locale.ROOT);
    }

    @Override
    void createHeadIfAbsent(Connection connection, String stream) throws SQLException {
      // A failed statement would abort the whole PostgreSQL transaction: let the database skip
      // the duplicate instead (it waits for a concurrent inserter, then does nothing).
      try (PreparedStatement insert =
          connection.prepareStatement(INSERT_HEAD + " ON CONFLICT (stream) DO NOTHING")) {
        insert.setString(1, stream);
        insert.setString(2, Envelope.GENESIS);
        insert.executeUpdate();
      }
    }
  };

  private static final String INSERT_HEAD =
      "INSERT INTO asrun_stream_head (stream, last_seq, last_hash) VALUES (?, 0, ?)";

  private static final String UNIQUE_VIOLATION = "23505";

  /** H2 runs embedded in the engine's JVM: a lock in the JVM keeps its migrations apart. */
  private static final ReentrantLock H2_MIGRATIONS = new ReentrantLock();

  /** The PostgreSQL advisory lock key of the as-run migrations: "asrunlog" in ASCII. */
  private static final long MIGRATION_LOCK = 0x617372756e6c6f67L;

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The migrations' folder name, {@code db/asrun/<folder>}, as Spring Boot names vendors. */
  String folder() {
    return folder;
  }

  /** {@code name} as the database stores an unquoted identifier, for tools that quote names. */
  abstract String unquoted(String name);

  /** Makes other callers of {@link AsRunSchema#migrate} wait until {@link #unlockMigrations}. */
  abstract void lockMigrations(Connection connection) throws SQLException;

  abstract void unlockMigrations(Connection connection) throws SQLException;

  /** Creates the stream's head (length 0) unless it exists; safe against concurrent creators. */
  abstract void createHeadIfAbsent(Connection connection, String stream) throws SQLException;

  static Dialect of(Connection connection) throws SQLException {
    return of(connection.getMetaData());
  }

  static Dialect of(DatabaseMetaData metaData) throws SQLException {
    String product = metaData.getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.equals("h2")) {
      return H2;
    }
    if (name.equals("postgresql")) {
      return POSTGRESQL;
    }
    throw new IllegalStateException(
        "the as-run log runs on H2 or PostgreSQL; this database is '" + product + "'");
  }
}
