package dev.asrun.log;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements the record keeps on an H2 connection from one unit of work to the next.
 * H2 parses and plans a statement whenever it is prepared, and caches only a few per session
 * ({@code QUERY_CACHE_SIZE}, 8 by default, fewer than one engine command's own); an engine command
 * borrows its connection from a pool, so statements prepared once per command would be parsed again
 * at every command. PostgreSQL's driver keeps parsed and server-side prepared statements per
 * connection itself, so nothing is kept for it.
 *
 * <p>Statements are kept on the driver's own connection (what {@link
 * DatabaseMetaData#getConnection()} answers under a pool's or a transaction manager's proxy), which
 * outlives the units of work that borrow it. A unit of work takes a statement ({@link #take}) and
 * gives it back when it ends ({@link #giveBack}); one taken already (by a unit of work nested on
 * the same connection) is not shared, the taker prepares its own. The statements of a connection
 * that has been closed are dropped when a new connection is first seen.
 */
final class KeptStatements {

  private static final Map<Connection, KeptStatements> BY_CONNECTION = new IdentityHashMap<>();

  private final Connection connection;
  private final Map<String, PreparedStatement> idle = new HashMap<>();

  private KeptStatements(Connection connection) {
    this.connection = connection;
  }

  /** The statements kept on {@code connection}'s driver connection; null when not H2. */
  static KeptStatements of(Connection connection) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    if (Dialect.of(metaData) != Dialect.H2) {
      return null;
    }
    Connection driver = metaData.getConnection();
    synchronized (BY_CONNECTION) {
      KeptStatements kept = BY_CONNECTION.get(driver);
      if (kept == null) {
        dropClosed();
        kept = new KeptStatements(driver);
        BY_CONNECTION.put(driver, kept);
      }
      return kept;
    }
  }

  private static void dropClosed() throws SQLException {
    List<Connection> closed = new ArrayList<>();
    for (Connection known : BY_CONNECTION.keySet()) {
      if (known.isClosed()) {
        closed.add(known);
      }
    }
    closed.forEach(BY_CONNECTION::remove);
  }

  /** The connection statements are prepared on. */
  Connection connection() {
    return connection;
  }

  /** The idle statement kept under {@code key}, now the caller's; null if none is idle. */
  synchronized PreparedStatement take(String key) throws SQLException {
    PreparedStatement statement = idle.remove(key);
    if (statement != null) {
      statement.clearBatch();
      statement.clearParameters();
    }
    return statement;
  }

  /**
   * Keeps {@code statement} under {@code key} for the next unit of work; closes it instead when
   * another is kept there already.
   */
  synchronized void giveBack(String key, PreparedStatement statement) throws SQLException {
    if (idle.putIfAbsent(key, statement) != null) {
      statement.close();
    }
  }
}
