package dev.asrun.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
    void lockForRebuild(Connection connection, Iterable<String> tables, boolean readersWait) {
      // H2 has no LOCK TABLE; DELETE locks the rows it replaces until the rebuild commits.
    }

    @Override
    RebuildTarget rebuildTarget(Connection connection, List<String> tables, boolean readersWait)
        throws SQLException {
      if (readersWait) {
        Optional<RebuildTarget> beside = ShadowTables.create(connection, tables);
        if (beside.isPresent()) {
          return beside.get();
        }
      }
      // H2's DDL commits the transaction: in place, the indexes stay and the rows are deleted.
      deleteRows(connection, tables);
      return RebuildTarget.inPlace(List.of(), List.of());
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
    void lockForRebuild(Connection connection, Iterable<String> tables, boolean readersWait)
        throws SQLException {
      try (PreparedStatement lock =
          connection.prepareStatement(
              "LOCK TABLE "
                  + String.join(", ", tables)
                  + (readersWait ? " IN ACCESS EXCLUSIVE MODE" : " IN EXCLUSIVE MODE"))) {
        lock.execute();
      }
    }

    @Override
    RebuildTarget rebuildTarget(Connection connection, List<String> tables, boolean readersWait)
        throws SQLException {
      if (!readersWait || !ownsAll(connection, tables)) {
        // Readers that go on need the indexes; the application's role of a split setup
        // (docs/security.md) may delete, not drop.
        deleteRows(connection, tables);
        return RebuildTarget.inPlace(List.of(), List.of());
      }
      List<String> dropKeys = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      try (PreparedStatement constraints = connection.prepareStatement(KEYS)) {
        for (String table : KEYS_AFTER_LOAD) {
          constraints.setString(1, table);
          try (ResultSet rows = constraints.executeQuery()) {
            while (rows.next()) {
              String constraint = " CONSTRAINT " + rows.getString(1);
              dropKeys.add("ALTER TABLE " + table + " DROP" + constraint);
              keys.add("ALTER TABLE " + table + " ADD" + constraint + " " + rows.getString(2));
            }
          }
        }
      }
      List<String> indexes = new ArrayList<>();
      List<String> definitions = new ArrayList<>();
      try (PreparedStatement secondary = connection.prepareStatement(SECONDARY_INDEXES)) {
        for (String table : tables) {
          secondary.setString(1, table);
          try (ResultSet rows = secondary.executeQuery()) {
            while (rows.next()) {
              indexes.add(rows.getString(1));
              definitions.add(rows.getString(2));
            }
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("TRUNCATE " + String.join(", ", tables));
        for (String index : indexes) {
          statement.executeUpdate("DROP INDEX " + index);
        }
        for (String drop : dropKeys) {
          statement.executeUpdate(drop);
        }
      }
      return RebuildTarget.inPlace(keys, definitions);
    }
  };

  private static void deleteRows(Connection connection, List<String> tables) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.executeUpdate("DELETE FROM " + table);
      }
    }
  }

  /** Whether the connection's role owns every table (or is a member of the owner's role). */
  private static boolean ownsAll(Connection connection, List<String> tables) throws SQLException {
    try (PreparedStatement owned =
        connection.prepareStatement(
            "SELECT COUNT(*) FROM pg_class c WHERE c.oid = to_regclass(?)"
                + " AND pg_has_role(c.relowner, 'USAGE')")) {
      for (String table : tables) {
        owned.setString(1, table);
        try (ResultSet row = owned.executeQuery()) {
          row.next();
          if (row.getInt(1) != 1) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * The tables a rebuild fills a page of runs at a time: their primary keys and unique constraints
   * are made again after the load, one sort each instead of an index insert per row at a random
   * place (run ids and process instance ids are UUIDs).
   */
  private static final List<String> KEYS_AFTER_LOAD = List.of("asrun_run", "asrun_run_step");

  /** A table's primary key and unique constraints: name, and the definition that makes it. */
  private static final String KEYS =
      "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint"
          + " WHERE conrelid = to_regclass(?) AND contype IN ('p', 'u') ORDER BY contype, conname";

  /**
   * A table's indexes that back no constraint (the primary key and unique constraints stay), each
   * with its name as a statement names it and the statement that makes it.
   */
  private static final String SECONDARY_INDEXES =
      "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
          + " WHERE i.indrelid = to_regclass(?) AND NOT EXISTS"
          + " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
          + " ORDER BY i.indexrelid";

  private static final String UNIQUE_VIOLATION = "23505";

  /** {@code insert} (an INSERT of one row) made to do nothing when the row's key exists. */
  abstract String insertIfAbsent(String insert);

  /**
   * Runs a statement made by {@link #insertIfAbsent(String)}: whether it inserted the row (false
   * when the key existed).
   */
  abstract boolean insertIfAbsent(PreparedStatement insert) throws SQLException;

  /**
   * Makes engine commands that write the index wait until the rebuild commits, where possible, and
   * with {@code readersWait} its readers too (on PostgreSQL: {@code ACCESS EXCLUSIVE} rather than
   * {@code EXCLUSIVE}).
   */
  abstract void lockForRebuild(Connection connection, Iterable<String> tables, boolean readersWait)
      throws SQLException;

  /**
   * Where a rebuild writes, made ready in the caller's transaction. When readers wait ({@link
   * #lockForRebuild} took that lock): on PostgreSQL, when the connection's role owns the tables,
   * the tables themselves, truncated, their indexes that back no constraint and the keys of the
   * runs and attempts dropped and made again once the rows are in (one sort each instead of an
   * insert per row), all in the caller's transaction; on H2, new tables beside them ({@link
   * ShadowTables}), when the connection's user may read their definitions. Otherwise the tables
   * themselves, their rows deleted in the caller's transaction and their indexes kept.
   */
  abstract RebuildTarget rebuildTarget(
      Connection connection, List<String> tables, boolean readersWait) throws SQLException;

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
