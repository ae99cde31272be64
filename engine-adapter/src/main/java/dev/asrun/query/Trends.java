package dev.asrun.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements behind {@link TrendPoint} and {@link StepDurations}: one grouped query each over
 * the runs a {@link Filter} selects, so the answer's size is the number of buckets or steps, not of
 * runs. Written for H2 and PostgreSQL alike: a bucket is computed as epoch seconds of the run's
 * start truncated in UTC ({@code AT TIME ZONE 'UTC'}, whose wall-clock fields both databases
 * truncate), a week counted back from that day to its Monday.
 */
final class Trends {

  private static final String UTC_DAY =
      "CAST(EXTRACT(EPOCH FROM DATE_TRUNC('day', start_time AT TIME ZONE 'UTC')) AS BIGINT)";

  private Trends() {}

  static List<TrendPoint> of(Connection c, TrendBucket bucket, Filter runs) throws SQLException {
    List<Object> parameters = new ArrayList<>();
    parameters.add(RunStatus.COMPLETED.wireName());
    parameters.add(RunStatus.ABORTED.wireName());
    parameters.add(RunStatus.COMPLETED.wireName());
    parameters.addAll(runs.parameters());
    return Sql.list(
        c,
        "SELECT bucket, COUNT(*),"
            + " SUM(CASE WHEN status = ? THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = ? THEN 1 ELSE 0 END),"
            + nearestRank("0.5", "completed_ms")
            + ", "
            + nearestRank("0.9", "completed_ms")
            + ", SUM(deviations)"
            + " FROM ("
            + ranked("bucket", "completed_ms")
            + "SELECT "
            + start(bucket)
            + " AS bucket, r.status,"
            + " CASE WHEN r.status = ? THEN r.duration_ms END AS completed_ms,"
            + " COALESCE(d.deviations, 0) AS deviations"
            + " FROM asrun_run r LEFT JOIN (SELECT run_id, COUNT(*) AS deviations FROM ("
            + Analytics.STANDING_DEVIATIONS
            + ") s GROUP BY run_id) d ON d.run_id = r.run_id"
            + " WHERE r.run_id IN ("
            + runs.runIds()
            + ")) t) ranked GROUP BY bucket ORDER BY bucket",
        parameters,
        row ->
            new TrendPoint(
                Instant.ofEpochSecond(row.getLong(1)),
                row.getLong(2),
                row.getLong(3),
                row.getLong(4),
                millis(row, 5),
                millis(row, 6),
                row.getLong(7)));
  }

  /**
   * The start of {@code SELECT t.*} with, per {@code group}, each row's rank by {@code value}
   * ({@code value_rank}, rows without a value last) and how many have a value ({@code
   * value_count}); for {@link #nearestRank}; the caller follows it with the rows' {@code SELECT}
   * and {@code ) t}. Computed here because H2's {@code PERCENTILE_DISC} picks the nearest index,
   * not the nearest rank (the 75th percentile of 1, 1, 2 is 1 on H2, 2 on PostgreSQL).
   */
  private static String ranked(String group, String value) {
    return "SELECT t.*, ROW_NUMBER() OVER (PARTITION BY "
        + group
        + " ORDER BY "
        + value
        + " NULLS LAST) AS value_rank, COUNT("
        + value
        + ") OVER (PARTITION BY "
        + group
        + ") AS value_count FROM (";
  }

  /** The nearest-rank {@code percentile} of {@code value} in a group of {@link #ranked} rows. */
  private static String nearestRank(String percentile, String value) {
    return "MAX(CASE WHEN value_rank = CEIL("
        + percentile
        + " * value_count) THEN "
        + value
        + " END)";
  }

  /** The bucket's start in epoch seconds, from the row's {@code start_time}. */
  private static String start(TrendBucket bucket) {
    return switch (bucket) {
      case DAY -> UTC_DAY;
      case WEEK -> UTC_DAY + " - MOD(" + UTC_DAY + " / 86400 + 3, 7) * 86400";
      case MONTH ->
          "CAST(EXTRACT(EPOCH FROM DATE_TRUNC('month', start_time AT TIME ZONE 'UTC')) AS BIGINT)";
    };
  }

  static List<StepDurations> steps(Connection c, Filter runs) throws SQLException {
    return Sql.list(
        c,
        "SELECT step_id, COUNT(*), MIN(ms), "
            + nearestRank("0.25", "ms")
            + ", "
            + nearestRank("0.5", "ms")
            + ", "
            + nearestRank("0.75", "ms")
            + ", "
            + nearestRank("0.9", "ms")
            + ", MAX(ms) FROM ("
            + ranked("step_id", "ms")
            + "SELECT step_id,"
            + " (EXTRACT(EPOCH FROM ended_at) - EXTRACT(EPOCH FROM started_at)) * 1000 AS ms"
            + " FROM asrun_run_step WHERE status = 'done' AND started_at IS NOT NULL"
            + " AND ended_at IS NOT NULL AND run_id IN ("
            + runs.runIds()
            + ")) t) ranked GROUP BY step_id ORDER BY step_id",
        runs.parameters(),
        row ->
            new StepDurations(
                row.getString(1),
                row.getLong(2),
                exact(row, 3),
                exact(row, 4),
                exact(row, 5),
                exact(row, 6),
                exact(row, 7),
                exact(row, 8)));
  }

  private static Optional<Duration> millis(ResultSet row, int column) throws SQLException {
    long ms = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  private static Duration exact(ResultSet row, int column) throws SQLException {
    BigDecimal ms = row.getBigDecimal(column);
    return Duration.ofMillis(ms.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }
}
