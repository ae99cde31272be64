package dev.asrun.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rebuild on H2 beside the index: new tables named {@code asrun_next_run*}, made as the index
 * tables are ({@code SCRIPT NODATA} gives their columns, keys, checks and indexes), filled with
 * commits as it goes and without their secondary indexes, which are made once the rows are in; the
 * old tables are then dropped and the new ones, their constraints and indexes renamed to the old
 * names. H2 commits every DDL statement and keeps every change of an open transaction to visit again
 * at its commit, so a rebuild in one transaction over the tables themselves pays an index insert
 * per row and index and then the commit of millions of changes. Readers see the old index until the
 * swap; a failure before it drops the new tables and leaves the old index as it was. A swap cut
 * short (the process killed between its statements) is finished by the next rebuild.
 */
final class ShadowTables implements RebuildTarget {

  /** What H2 answers when {@code SCRIPT} needs a user with admin rights. */
  private static final int ADMIN_RIGHTS_REQUIRED = 90040;

  private static final Pattern INDEX_TABLE_NAME = Pattern.compile("(?i)\\b(asrun_)(run)");
  private static final Pattern NEXT_NAME = Pattern.compile("(?i)^(asrun_)next_");

  /**
   * The tables a rebuild fills a page of runs at a time: their primary keys are made after the
   * load, which is one sort each instead of an index insert per row at a random place (run ids are
   * name-based UUIDs). The other tables keep theirs: links are inserted unless their key is there.
   */
  private static final Set<String> KEYS_AFTER_LOAD =
      Set.of("ASRUN_NEXT_RUN", "ASRUN_NEXT_RUN_STEP");

  private static final Pattern PRIMARY_KEY =
      Pattern.compile("(?i)^ALTER TABLE \"[^\"]+\"\\.\"([^\"]+)\" ADD CONSTRAINT .* PRIMARY KEY");

  private final List<String> tables;
  private final List<String> keys;
  private final List<String> afterLoad;

  private ShadowTables(List<String> tables, List<String> keys, List<String> afterLoad) {
    this.tables = tables;
    this.keys = keys;
    this.afterLoad = afterLoad;
  }

  /**
   * New tables beside {@code tables} (the index tables), made empty with their keys and checks,
   * after dropping what a failed rebuild left and finishing a swap cut short; empty when the
   * connection's user may not read the tables' definitions ({@code SCRIPT} needs admin rights), so
   * that the caller rebuilds in place.
   */
  static Optional<RebuildTarget> create(Connection connection, List<String> tables)
      throws SQLException {
    dropNewTables(connection, tables);
    finishSwap(connection, Map.of());
    Set<String> present = indexTables(connection);
    for (String table : tables) {
      if (!present.contains(upper(table))) {
        throw new IllegalStateException(
            "the run index has no table " + table + ": migrate the schema before a rebuild");
      }
    }
    List<String> script;
    try {
      script = script(connection, tables);
    } catch (SQLException e) {
      if (e.getErrorCode() == ADMIN_RIGHTS_REQUIRED) {
        return Optional.empty();
      }
      throw e;
    }
    List<String> beforeLoad = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> afterLoad = new ArrayList<>();
    for (String statement : script) {
      String upper = statement.toUpperCase(Locale.ROOT);
      Matcher primaryKey = PRIMARY_KEY.matcher(next(statement));
      if (primaryKey.find()
          && KEYS_AFTER_LOAD.contains(primaryKey.group(1).toUpperCase(Locale.ROOT))) {
        keys.add(next(statement));
      } else if (upper.startsWith("CREATE INDEX")
          || upper.startsWith("CREATE UNIQUE INDEX")
          || upper.startsWith("GRANT")
          || upper.startsWith("ALTER TABLE") && upper.contains(" UNIQUE")) {
        afterLoad.add(next(statement));
      } else if (upper.startsWith("CREATE CACHED TABLE")
          || upper.startsWith("CREATE MEMORY TABLE")
          || upper.startsWith("CREATE TABLE")
          || upper.startsWith("ALTER TABLE")) {
        beforeLoad.add(next(statement));
      }
    }
    if (keys.size() != KEYS_AFTER_LOAD.size()) {
      throw new IllegalStateException(
          "the run index's tables %s should each have a primary key, found %s"
              .formatted(KEYS_AFTER_LOAD, keys));
    }
    execute(connection, beforeLoad);
    connection.commit();
    return Optional.of(
        new ShadowTables(List.copyOf(tables), List.copyOf(keys), List.copyOf(afterLoad)));
  }

  @Override
  public String sql(String sql) {
    return next(sql);
  }

  @Override
  public boolean commitsAsItGoes() {
    return true;
  }

  @Override
  public boolean keysAfterLoad() {
    return true;
  }

  @Override
  public void makeKeys(Connection connection) throws SQLException {
    execute(connection, keys);
    connection.commit();
  }

  @Override
  public void complete(Connection connection) throws SQLException {
    execute(connection, afterLoad);
    Map<String, String> constraintIndexes = constraintIndexes(connection, tables);
    execute(connection, List.of(dropTables(tables)));
    finishSwap(connection, constraintIndexes);
    connection.commit();
  }

  @Override
  public void abandon(Connection connection, Exception failure) {
    try {
      connection.rollback();
      dropNewTables(connection, tables);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Drops the new tables beside {@code tables} that a rebuild made, while every one of {@code
   * tables} is there (once the old tables are dropped, the new ones are the index).
   */
  private static void dropNewTables(Connection connection, List<String> tables)
      throws SQLException {
    Set<String> present = indexTables(connection);
    List<String> made = new ArrayList<>();
    for (String table : tables) {
      if (present.contains(upper(next(table)))) {
        made.add(next(table));
      }
    }
    if (!made.isEmpty() && present.containsAll(upper(tables))) {
      execute(connection, List.of(dropTables(made)));
    }
  }

  /**
   * Renames every table, constraint and index named {@code asrun_next_run*} to its name without
   * {@code next_}, and each constraint's own index to the name {@code constraintIndexes} gives it
   * (what the old table's constraint of the same name had), so that a rebuilt index has the names
   * the old one had. Renames only what is still to rename, so a swap cut short can be finished.
   */
  private static void finishSwap(Connection connection, Map<String, String> constraintIndexes)
      throws SQLException {
    List<String> renames = new ArrayList<>();
    for (String table : namesOf(connection, TABLES_NAMED_NEXT)) {
      renames.add("ALTER TABLE " + quote(table) + " RENAME TO " + quote(withoutNext(table)));
    }
    execute(connection, renames);
    renames.clear();
    Map<String, String> constraintIndex = new HashMap<>();
    try (PreparedStatement constraints = connection.prepareStatement(CONSTRAINTS_OF_INDEX_TABLES);
        ResultSet row = constraints.executeQuery()) {
      while (row.next()) {
        String table = row.getString(1);
        String constraint = row.getString(2);
        String index = row.getString(3);
        String name = withoutNext(constraint);
        if (!name.equals(constraint)) {
          renames.add(
              "ALTER TABLE "
                  + quote(table)
                  + " RENAME CONSTRAINT "
                  + quote(constraint)
                  + " TO "
                  + quote(name));
        }
        if (index != null) {
          constraintIndex.put(index, constraintIndexes.getOrDefault(name, withoutNext(index)));
        }
      }
    }
    for (String index : namesOf(connection, INDEXES_NAMED_NEXT)) {
      constraintIndex.putIfAbsent(index, withoutNext(index));
    }
    for (Map.Entry<String, String> index : constraintIndex.entrySet()) {
      if (!index.getKey().equals(index.getValue())) {
        renames.add(
            "ALTER INDEX " + quote(index.getKey()) + " RENAME TO " + quote(index.getValue()));
      }
    }
    execute(connection, renames);
  }

  /** Each constraint of {@code tables} with the name of the index behind it. */
  private static Map<String, String> constraintIndexes(Connection connection, List<String> tables)
      throws SQLException {
    Set<String> names = upper(tables);
    Map<String, String> indexes = new LinkedHashMap<>();
    try (PreparedStatement constraints = connection.prepareStatement(CONSTRAINTS_OF_INDEX_TABLES);
        ResultSet row = constraints.executeQuery()) {
      while (row.next()) {
        if (names.contains(row.getString(1).toUpperCase(Locale.ROOT)) && row.getString(3) != null) {
          indexes.put(row.getString(2), row.getString(3));
        }
      }
    }
    return indexes;
  }

  private static final String TABLES_NAMED_NEXT =
      "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA"
          + " AND UPPER(TABLE_NAME) LIKE 'ASRUN\\_NEXT\\_RUN%' ESCAPE '\\' ORDER BY TABLE_NAME";

  private static final String INDEXES_NAMED_NEXT =
      "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_SCHEMA = CURRENT_SCHEMA"
          + " AND UPPER(INDEX_NAME) LIKE 'ASRUN\\_NEXT\\_RUN%' ESCAPE '\\' ORDER BY INDEX_NAME";

  private static final String CONSTRAINTS_OF_INDEX_TABLES =
      "SELECT TABLE_NAME, CONSTRAINT_NAME, INDEX_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
          + " WHERE CONSTRAINT_SCHEMA = CURRENT_SCHEMA"
          + " AND UPPER(TABLE_NAME) LIKE 'ASRUN\\_RUN%' ESCAPE '\\'"
          + " ORDER BY TABLE_NAME, CONSTRAINT_NAME";

  /** The names, upper case, of the tables of the index and beside it in the current schema. */
  private static Set<String> indexTables(Connection connection) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND (UPPER(TABLE_NAME) LIKE"
                    + " 'ASRUN\\_RUN%' ESCAPE '\\' OR UPPER(TABLE_NAME) LIKE"
                    + " 'ASRUN\\_NEXT\\_RUN%' ESCAPE '\\')");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        names.add(row.getString(1));
      }
    }
    return names;
  }

  /** The statements that make {@code tables} as they are, without their rows. */
  private static List<String> script(Connection connection, List<String> tables)
      throws SQLException {
    List<String> statements = new ArrayList<>();
    try (Statement script = connection.createStatement();
        ResultSet row =
            script.executeQuery(
                "SCRIPT NODATA NOPASSWORDS NOSETTINGS TABLE " + String.join(", ", tables))) {
      while (row.next()) {
        String statement = row.getString(1).strip();
        statements.add(
            statement.endsWith(";")
                ? statement.substring(0, statement.length() - 1)
                : statement);
      }
    }
    return statements;
  }

  private static List<String> namesOf(Connection connection, String query) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(query);
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        names.add(row.getString(1));
      }
    }
    return names;
  }

  private static void execute(Connection connection, List<String> statements)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    }
  }

  private static String dropTables(List<String> tables) {
    return "DROP TABLE " + String.join(", ", tables);
  }

  /**
   * {@code sql} with every name that starts {@code asrun_run} (the index's tables, constraints and
   * indexes; no column's name does) starting {@code asrun_next_run}, in the same letter case.
   */
  static String next(String sql) {
    Matcher name = INDEX_TABLE_NAME.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length() + 16);
    while (name.find()) {
      String asrun = name.group(1);
      String next = Character.isUpperCase(asrun.charAt(0)) ? "NEXT_" : "next_";
      name.appendReplacement(out, Matcher.quoteReplacement(asrun + next + name.group(2)));
    }
    name.appendTail(out);
    return out.toString();
  }

  private static String withoutNext(String name) {
    return NEXT_NAME.matcher(name).replaceFirst("$1");
  }

  private static String upper(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  private static Set<String> upper(List<String> names) {
    Set<String> upper = new TreeSet<>();
    for (String name : names) {
      upper.add(upper(name));
    }
    return upper;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
