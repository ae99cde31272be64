package dev.asrun.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the run index, which the API, Cockpit and the exports serve, with a rebuild of it from
 * the log ({@link RunProjector#rebuild}), and names the first row that differs. The hash chains
 * protect the log; the index tables are written by the application and carry no hashes, so a row
 * changed there (a run shown completed that was aborted, a step's executor replaced) is found only
 * by making the index again and comparing.
 *
 * <p>{@link #compare} rebuilds inside a savepoint of the caller's transaction and rolls back to it:
 * the index is left exactly as it was, whatever the outcome. On PostgreSQL it first locks the index
 * tables (EXCLUSIVE: reads go on, engine commands that record wait until the caller's transaction
 * ends; the rebuild it compares with keeps the tables' indexes), so the stored rows and the
 * rebuild see the same log; call it before anything
 * else in a repeatable-read transaction, so the snapshot is taken after the lock. On H2 there is no
 * such lock: compare while no command is recording. The stored index is held in memory while the
 * rebuild runs (about the size of the index tables).
 */
public final class IndexCheck {

  /** The index tables, in the order they are compared, each with its key (run id first). */
  private static final List<Table> TABLES =
      List.of(
          new Table("asrun_run", List.of("run_id")),
          new Table("asrun_run_step", List.of("run_id", "step_id", "attempt")),
          new Table("asrun_run_deviation", List.of("run_id", "ordinal")),
          new Table("asrun_run_correction", List.of("run_id", "seq")),
          new Table("asrun_run_link", List.of("child_run_id")));

  private IndexCheck() {}

  /**
   * What the comparison found.
   *
   * @param storedRows rows in the index tables as stored
   * @param rebuiltRows rows a rebuild from the log makes
   * @param differingRows rows present on one side only or differing in a column
   * @param first the first differing row, by table (in the order {@code asrun_run}, {@code
   *     asrun_run_step}, {@code asrun_run_deviation}, {@code
   *     asrun_run_correction}, {@code asrun_run_link}) and then by key
   */
  public record Result(
      long storedRows, long rebuiltRows, long differingRows, Optional<Difference> first) {

    /** Whether the index is what the log makes of it. */
    public boolean ok() {
      return differingRows == 0;
    }
  }

  /**
   * A row of the index that is not what a rebuild makes.
   *
   * @param table the index table
   * @param runId the row's run (for {@code asrun_run_link}, the called run)
   * @param key the row's key, column by column, as {@code run_id=r1, step_id=s1, attempt=1}
   * @param column the first differing column, or {@code null} when the row is on one side only
   * @param stored the stored value ({@code null} for SQL NULL), or {@code null} when no such row is
   *     stored
   * @param rebuilt the rebuilt value, or {@code null} when the rebuild makes no such row
   * @param storedRow whether the row is stored
   * @param rebuiltRow whether the rebuild makes the row
   */
  public record Difference(
      String table,
      String runId,
      String key,
      String column,
      String stored,
      String rebuilt,
      boolean storedRow,
      boolean rebuiltRow) {

    /** One sentence: table, run, key, and what differs. */
    public String describe() {
      String row = table + " row " + key + " of run " + runId;
      if (!storedRow) {
        return row + ": missing from the index; a rebuild from the log makes it";
      }
      if (!rebuiltRow) {
        return row + ": in the index, but a rebuild from the log makes no such row";
      }
      return row + ": " + column + " is " + quote(stored) + ", a rebuild gives " + quote(rebuilt);
    }

    private static String quote(String value) {
      return value == null ? "NULL" : "'" + value + "'";
    }
  }

  /**
   * Rebuilds the index inside a savepoint of the caller's transaction, compares it with the index
   * as stored, and rolls back to the savepoint.
   *
   * @throws IllegalStateException if the connection is in autocommit mode
   */
  public static Result compare(Connection connection) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    if (connection.getAutoCommit()) {
      throw new IllegalStateException(
          "IndexCheck.compare needs the connection of a running transaction, but autocommit is"
              + " on: the rebuild it compares with must be rolled back");
    }
    IndexDialect.of(connection).lockForRebuild(connection, RunProjector.TABLES, false);
    Map<Table, TreeMap<List<Comparable<Object>>, Map<String, String>>> stored =
        new LinkedHashMap<>();
    for (Table table : TABLES) {
      stored.put(table, table.rows(connection));
    }
    Savepoint savepoint = connection.setSavepoint();
    try {
      new RunProjector().rebuildWhileReadersRead(connection);
      long storedRows = 0;
      long rebuiltRows = 0;
      long differing = 0;
      Difference first = null;
      for (Table table : TABLES) {
        TreeMap<List<Comparable<Object>>, Map<String, String>> before = stored.get(table);
        TreeMap<List<Comparable<Object>>, Map<String, String>> after = table.rows(connection);
        storedRows += before.size();
        rebuiltRows += after.size();
        TreeSet<List<Comparable<Object>>> keys = new TreeSet<>(Table.KEY_ORDER);
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        for (List<Comparable<Object>> key : keys) {
          Optional<Difference> difference = table.difference(key, before.get(key), after.get(key));
          if (difference.isPresent()) {
            differing++;
            if (first == null) {
              first = difference.get();
            }
          }
        }
      }
      return new Result(storedRows, rebuiltRows, differing, Optional.ofNullable(first));
    } finally {
      connection.rollback(savepoint);
    }
  }

  /** An index table and its key columns. */
  private record Table(String name, List<String> key) {

    static final Comparator<List<Comparable<Object>>> KEY_ORDER =
        (a, b) -> {
          Iterator<Comparable<Object>> left = a.iterator();
          Iterator<Comparable<Object>> right = b.iterator();
          while (left.hasNext() && right.hasNext()) {
            int order = left.next().compareTo(right.next());
            if (order != 0) {
              return order;
            }
          }
          return Boolean.compare(left.hasNext(), right.hasNext());
        };

    /** Every row, by key; each row's columns (lower-case names) as text, SQL NULL as null. */
    @SuppressWarnings("unchecked")
    TreeMap<List<Comparable<Object>>, Map<String, String>> rows(Connection connection)
        throws SQLException {
      TreeMap<List<Comparable<Object>>, Map<String, String>> rows = new TreeMap<>(KEY_ORDER);
      try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + name);
          ResultSet result = select.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        while (result.next()) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), result.getString(i));
          }
          List<Comparable<Object>> values = new ArrayList<>(key.size());
          for (String column : key) {
            values.add((Comparable<Object>) result.getObject(column));
          }
          rows.put(values, row);
        }
      }
      return rows;
    }

    Optional<Difference> difference(
        List<Comparable<Object>> keyValues,
        Map<String, String> stored,
        Map<String, String> rebuilt) {
      StringBuilder described = new StringBuilder();
      for (int i = 0; i < key.size(); i++) {
        described
            .append(i == 0 ? "" : ", ")
            .append(key.get(i))
            .append('=')
            .append(keyValues.get(i));
      }
      String runId = String.valueOf(keyValues.get(0));
      if (stored == null || rebuilt == null) {
        return Optional.of(
            new Difference(
                name,
                runId,
                described.toString(),
                null,
                null,
                null,
                stored != null,
                rebuilt != null));
      }
      for (Map.Entry<String, String> column : stored.entrySet()) {
        String value = rebuilt.get(column.getKey());
        if (!Objects.equals(column.getValue(), value)) {
          return Optional.of(
              new Difference(
                  name,
                  runId,
                  described.toString(),
                  column.getKey(),
                  column.getValue(),
                  value,
                  true,
                  true));
        }
      }
      return Optional.empty();
    }
  }
}
