package dev.asrun.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the index runs on, and the little SQL that differs between them. */
enum IndexDialect {
  H2 {
    @Override
    boolean insertIfAbsent(PreparedStatement insert) throws SQLException {
      // H2 rolls back only the failed statement, so the caller's transaction goes on.
      try {
        return insert.executeUpdate() == 1;
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return false;
        }
        throw e;
      }
    }

    @Override
    String insertIfAbsent(String insert) {
      return insert;
    }

    @Override
    void lockForRebuild(Connection connection, Iterable<String> tables) {
      // H2 has no LOCK TABLE; DELETE locks the rows it replaces until the rebuild commits.
    }
  },
  POSTGRESQL {
    @Override
    boolean insertIfAbsent(PreparedStatement insert) throws SQLException {
      return insert.executeUpdate() == 1;
    }

    @Override
    String insertIfAbsent(String insert) {
      // A failed statement would abort the whole PostgreSQL transaction: skip the duplicate.
      return insert + " ON CONFLICT DO NOTHING";
    }

    @Override
    void lockForRebuild(Connection connection, Iterable<String> tables) throws SQLException {
      try (PreparedStatement lock =
          connection.prepareStatement(
              "LOCK TABLE " + String.join(", ", tables) + " IN EXCLUSIVE MODE")) {
        lock.execute();
      }
    }
  };

  private static final String UNIQUE_VIOLATION = "23505";

  /** {@code insert} (an INSERT of one row) made to do nothing when the row's key exists. */
  abstract String insertIfAbsent(String insert);

  /**
   * Runs a statement made by {@link #insertIfAbsent(String)}: whether it inserted the row (false
   * when the key existed).
   */
  abstract boolean insertIfAbsent(PreparedStatement insert) throws SQLException;

  /** Makes engine commands that write the index wait until the rebuild commits, where possible. */
  abstract void lockForRebuild(Connection connection, Iterable<String> tables) throws SQLException;

  static IndexDialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.equals("h2")) {
      return H2;
    }
    if (name.equals("postgresql")) {
      return POSTGRESQL;
    }
    throw new IllegalStateException(
        "the run index runs on H2 or PostgreSQL; this database is '" + product + "'");
  }
}
