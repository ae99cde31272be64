package dev.asrun.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Where a rebuild of the run index writes its rows, and what makes them the index once they are in:
 * the index tables themselves, emptied in the caller's transaction ({@link #inPlace}), or tables
 * beside them that take their place at the end ({@link ShadowTables}).
 */
interface RebuildTarget {

  /** {@code sql}, written for the index tables, as it reads and writes this target. */
  String sql(String sql);

  /**
   * Whether the rebuild commits after each page: true where nothing but the rebuild reads the
   * target until {@link #complete}.
   */
  boolean commitsAsItGoes();

  /**
   * Whether the target's primary keys are made after the load, by {@link #makeKeys}: until then
   * nothing may find a row by its key, so the rebuild writes only new rows.
   */
  boolean keysAfterLoad();

  /**
   * Makes the primary keys {@link #keysAfterLoad} left out, once the rebuild's new rows are in;
   * called once, before {@link #complete}.
   */
  void makeKeys(Connection connection) throws SQLException;

  /** Makes the rows written the index, after the last of them. */
  void complete(Connection connection) throws SQLException;

  /**
   * After {@code failure}: removes what a rollback of the caller's transaction does not (what the
   * target committed), so that the old index stays as it was. Problems doing so are added to the
   * failure.
   */
  void abandon(Connection connection, Exception failure);

  /**
   * The index tables, emptied by the caller's transaction; {@code keys} (statements making the keys
   * dropped for the load, {@link #makeKeys}) and then {@code afterLoad} (making the indexes dropped
   * for the load) run once the rows are in, in the same transaction.
   */
  static RebuildTarget inPlace(List<String> keys, List<String> afterLoad) {
    List<String> keyStatements = List.copyOf(keys);
    List<String> statements = List.copyOf(afterLoad);
    return new RebuildTarget() {
      @Override
      public boolean keysAfterLoad() {
        return !keyStatements.isEmpty();
      }

      @Override
      public void makeKeys(Connection connection) throws SQLException {
        execute(connection, keyStatements);
      }

      @Override
      public String sql(String sql) {
        return sql;
      }

      @Override
      public boolean commitsAsItGoes() {
        return false;
      }

      @Override
      public void complete(Connection connection) throws SQLException {
        execute(connection, statements);
      }

      @Override
      public void abandon(Connection connection, Exception failure) {
        // the caller's rollback undoes it all
      }
    };
  }

  private static void execute(Connection connection, List<String> statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    }
  }
}
