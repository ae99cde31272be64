package dev.asrun.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A database of one test, with the SQL the tests need: transactions, tampering, bypasses. */
record TestDatabase(Vendor vendor, String name, DataSource dataSource) {

  /** Work done in a transaction. */
  interface Work<T> {
    T run(Connection connection) throws Exception;
  }

  /** Runs {@code work} in a transaction of its own and commits it. */
  <T> T inTransaction(Work<T> work) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (Exception | Error e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Runs statements in autocommit mode. */
  void execute(String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Runs one parameterized statement in autocommit mode; returns the update count. */
  int update(String sql, Object... parameters) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    }
  }

  /** The single number a query returns. */
  long number(String sql, Object... parameters) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /**
   * Turns the database's refusals off, as the tables' owner can: PostgreSQL disables the triggers,
   * H2 drops them (its TRUNCATE guard stays; tampering here never truncates).
   */
  void bypassProtection() throws SQLException {
    if (vendor == Vendor.POSTGRESQL) {
      execute(
          "ALTER TABLE asrun_event DISABLE TRIGGER USER",
          "ALTER TABLE asrun_stream_head DISABLE TRIGGER USER");
    } else {
      execute(
          "DROP TRIGGER asrun_event_no_update",
          "DROP TRIGGER asrun_event_no_delete",
          "DROP TRIGGER asrun_stream_head_forward");
    }
  }

  /** The log's verification, in a transaction of its own. */
  VerifyReport verify() throws Exception {
    return inTransaction(connection -> new LogVerifier().verify(connection));
  }

  /** The log's verification against a checkpoint, in a transaction of its own. */
  VerifyReport verify(Checkpoint checkpoint) throws Exception {
    return inTransaction(connection -> new LogVerifier().verify(connection, checkpoint));
  }
}
