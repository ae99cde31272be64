package dev.asrun.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The prepared statements of one unit of work in one transaction on one connection (what an engine
 * command writes to the record, a rebuild of the run index): each statement is prepared on first
 * use and reused until {@link #close}, so a command preparing the same insert for each of its
 * events prepares it once. Closing closes the statements, never the connection; on H2 it keeps them
 * on the connection for the next unit of work instead ({@link KeptStatements}).
 */
public final class Statements implements AutoCloseable {

  private final Connection connection;
  private final UnaryOperator<String> rewrite;
  private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>();
  private KeptStatements kept;
  private boolean keptLooked;
  private boolean inGate;

  /** Statements on {@code connection}, which the caller keeps and closes. */
  public Statements(Connection connection) {
    this(connection, UnaryOperator.identity(), true);
  }

  /**
   * Statements on {@code connection} whose SQL {@code rewrite} changes before it is prepared (a
   * rebuild of the run index writing to tables beside the ones its SQL names).
   */
  public Statements(Connection connection, UnaryOperator<String> rewrite) {
    this(connection, rewrite, false);
  }

  private Statements(Connection connection, UnaryOperator<String> rewrite, boolean keeps) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.rewrite = Objects.requireNonNull(rewrite, "rewrite");
    this.keptLooked = !keeps;
  }

  public Connection connection() {
    return connection;
  }

  /** {@code sql} prepared on this connection, once; its parameters are cleared for reuse. */
  public PreparedStatement prepare(String sql) throws SQLException {
    return cached(sql, sql, null);
  }

  /** Like {@link #prepare}, for an INSERT whose generated {@code column} the caller reads back. */
  public PreparedStatement prepareReturning(String sql, String column) throws SQLException {
    return cached(sql + "\n-- returning " + column, sql, column);
  }

  private PreparedStatement cached(String key, String sql, String column) throws SQLException {
    PreparedStatement statement = prepared.get(key);
    if (statement != null) {
      statement.clearParameters();
      return statement;
    }
    KeptStatements onConnection = kept();
    statement = onConnection == null ? null : onConnection.take(key);
    if (statement == null) {
      Connection preparing = onConnection == null ? connection : onConnection.connection();
      statement =
          column == null
              ? preparing.prepareStatement(rewrite.apply(sql))
              : preparing.prepareStatement(rewrite.apply(sql), new String[] {column});
    }
    prepared.put(key, statement);
    return statement;
  }

  /** The statements kept on this connection; none when the SQL is rewritten (a rebuild's own). */
  private KeptStatements kept() throws SQLException {
    if (!keptLooked) {
      keptLooked = true;
      kept = KeptStatements.of(connection);
    }
    return kept;
  }

  /**
   * Notes that this unit of work entered the log gate ({@link LogGate#enter}); false if it had
   * already, so it enters once however many appends and locks it makes.
   */
  boolean enteringGate() {
    boolean first = !inGate;
    inGate = true;
    return first;
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (Map.Entry<String, PreparedStatement> statement : prepared.entrySet()) {
      try {
        if (kept == null) {
          statement.getValue().close();
        } else {
          kept.giveBack(statement.getKey(), statement.getValue());
        }
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    prepared.clear();
    if (first != null) {
      throw first;
    }
  }
}
