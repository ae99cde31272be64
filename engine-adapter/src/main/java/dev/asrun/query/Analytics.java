package dev.asrun.query;

import dev.asrun.query.ProcedureAnalytics.Addition;
import dev.asrun.query.ProcedureAnalytics.Durations;
import dev.asrun.query.ProcedureAnalytics.ExecutorSuccess;
import dev.asrun.query.ProcedureAnalytics.StepFrequency;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The statements behind {@link ProcedureAnalytics}: a few grouped queries over the runs a {@link
 * Filter} selects, each counted in the database, so the answer's size is the number of steps and
 * executors, not of runs.
 */
final class Analytics {

  /** Deviation types (the contract's wire names) that {@link StepFrequency} counts. */
  private static final String OMISSION = "omission";

  private static final String REORDER = "reorder";
  private static final String REPEAT = "repeat";
  private static final String ADDITION = "addition";

  private Analytics() {}

  static ProcedureAnalytics of(Connection c, String procedureId, Filter runs) throws SQLException {
    Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
    for (RunStatus status : RunStatus.values()) {
      byStatus.put(status, 0L);
    }
    Sql.list(
            c,
            "SELECT status, COUNT(*) FROM asrun_run" + runs.where() + " GROUP BY status",
            runs.parameters(),
            row -> Map.entry(RunStatus.fromWireName(row.getString(1)), row.getLong(2)))
        .forEach(entry -> byStatus.put(entry.getKey(), entry.getValue()));
    long runCount = byStatus.values().stream().mapToLong(Long::longValue).sum();
    return new ProcedureAnalytics(
        procedureId,
        runCount,
        byStatus,
        durations(c, runs),
        steps(c, runs),
        additions(c, runs),
        executors(c, runs));
  }

  private static Optional<Durations> durations(Connection c, Filter runs) throws SQLException {
    Filter completed =
        runs.and("status = ? AND duration_ms IS NOT NULL", RunStatus.COMPLETED.wireName());
    return Sql.list(
            c,
            "SELECT COUNT(*), SUM(duration_ms),"
                + " PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY duration_ms),"
                + " PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY duration_ms)"
                + " FROM asrun_run"
                + completed.where(),
            completed.parameters(),
            row -> {
              long count = row.getLong(1);
              if (count == 0) {
                return Optional.<Durations>empty();
              }
              return Optional.of(
                  new Durations(
                      count,
                      Duration.ofMillis(mean(row.getBigDecimal(2), count)),
                      Duration.ofMillis(row.getLong(3)),
                      Duration.ofMillis(row.getLong(4))));
            })
        .get(0);
  }

  /**
   * The run's deviations that count, as the run's record lists them: the engine's not set aside by
   * a correction ({@code asrun_run_deviation}), and the omissions the executor added ({@code
   * step_not_done} corrections of a step not followed by a later {@code step_not_done} or {@code
   * step_done_not_detected} of it, see {@link Correction#stepsNotDone}).
   */
  static final String STANDING_DEVIATIONS =
      "SELECT run_id, deviation_type, step_id, previous_step_id FROM asrun_run_deviation"
          + " WHERE corrected_by_event IS NULL"
          + " UNION ALL SELECT c.run_id, '"
          + OMISSION
          + "', c.step_id, NULL FROM asrun_run_correction c WHERE c.correction_type = '"
          + Correction.STEP_NOT_DONE
          + "' AND c.step_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM asrun_run_correction l"
          + " WHERE l.run_id = c.run_id AND l.step_id = c.step_id AND l.seq > c.seq"
          + " AND l.correction_type IN ('"
          + Correction.STEP_NOT_DONE
          + "', '"
          + Correction.STEP_DONE_NOT_DETECTED
          + "'))";

  /**
   * Per step: its attempts ({@code asrun_run_step}) and its standing deviations ({@link
   * #STANDING_DEVIATIONS}, an addition counted at the step it followed).
   */
  private static List<StepFrequency> steps(Connection c, Filter runs) throws SQLException {
    Map<String, Attempts> attempts = new TreeMap<>();
    for (Attempts row :
        Sql.list(
            c,
            "SELECT step_id, COUNT(DISTINCT run_id),"
                + " COUNT(DISTINCT CASE WHEN status = 'skipped' OR (status = 'not_seen'"
                + " AND NOT EXISTS (SELECT 1 FROM asrun_run_step seen WHERE seen.run_id = s.run_id"
                + " AND seen.step_id = s.step_id AND seen.status = 'done')) THEN run_id END),"
                + " COUNT(DISTINCT CASE WHEN overdue THEN run_id END),"
                + " SUM(CASE WHEN status = 'done' AND started_at IS NOT NULL"
                + " THEN EXTRACT(EPOCH FROM ended_at) - EXTRACT(EPOCH FROM started_at) END),"
                + " SUM(CASE WHEN status = 'done' AND started_at IS NOT NULL THEN 1 ELSE 0 END)"
                + " FROM asrun_run_step s WHERE run_id IN ("
                + runs.runIds()
                + ") GROUP BY step_id",
            runs.parameters(),
            row ->
                new Attempts(
                    row.getString(1),
                    row.getLong(2),
                    row.getLong(3),
                    row.getLong(4),
                    row.getBigDecimal(5),
                    row.getLong(6)))) {
      attempts.put(row.stepId(), row);
    }
    Map<String, Map<String, Long>> deviations = new TreeMap<>();
    for (Deviated row :
        Sql.list(
            c,
            "SELECT CASE WHEN deviation_type = ? THEN previous_step_id ELSE step_id END AS at_step,"
                + " deviation_type, COUNT(DISTINCT run_id)"
                + " FROM ("
                + STANDING_DEVIATIONS
                + ") d WHERE deviation_type IN (?, ?, ?, ?) AND run_id IN ("
                + runs.runIds()
                + ") GROUP BY at_step, deviation_type",
            parameters(List.of(ADDITION, OMISSION, REORDER, REPEAT, ADDITION), runs),
            row -> new Deviated(row.getString(1), row.getString(2), row.getLong(3)))) {
      if (row.stepId() != null) {
        deviations.computeIfAbsent(row.stepId(), id -> new TreeMap<>()).put(row.type(), row.runs());
      }
    }
    Set<String> stepIds = new TreeSet<>(attempts.keySet());
    stepIds.addAll(deviations.keySet());
    List<StepFrequency> steps = new ArrayList<>();
    for (String stepId : stepIds) {
      Attempts attempted =
          attempts.getOrDefault(stepId, new Attempts(stepId, 0, 0, 0, null, 0));
      Map<String, Long> deviated = deviations.getOrDefault(stepId, Map.of());
      steps.add(
          new StepFrequency(
              stepId,
              attempted.runs(),
              attempted.skipped(),
              deviated.getOrDefault(OMISSION, 0L),
              deviated.getOrDefault(REORDER, 0L),
              deviated.getOrDefault(REPEAT, 0L),
              attempted.overdue(),
              deviated.getOrDefault(ADDITION, 0L),
              attempted.meanDuration()));
    }
    return List.copyOf(steps);
  }

  /** One step's attempts: runs counted, and the sum of seconds over {@code timed} done ones. */
  private record Attempts(
      String stepId, long runs, long skipped, long overdue, BigDecimal seconds, long timed) {

    Optional<Duration> meanDuration() {
      return timed == 0
          ? Optional.empty()
          : Optional.of(Duration.ofMillis(mean(seconds.movePointRight(3), timed)));
    }
  }

  /** How many runs have a deviation of {@code type} at {@code stepId}. */
  private record Deviated(String stepId, String type, long runs) {}

  private static List<Addition> additions(Connection c, Filter runs) throws SQLException {
    return Sql.list(
        c,
        "SELECT step_id, previous_step_id, COUNT(DISTINCT run_id), COUNT(*)"
            + " FROM asrun_run_deviation WHERE corrected_by_event IS NULL AND deviation_type = ?"
            + " AND step_id IS NOT NULL AND run_id IN ("
            + runs.runIds()
            + ") GROUP BY step_id, previous_step_id"
            + " ORDER BY step_id, previous_step_id NULLS FIRST",
        parameters(List.of(ADDITION), runs),
        row ->
            new Addition(
                row.getString(1),
                Optional.ofNullable(row.getString(2)),
                row.getLong(3),
                row.getLong(4)));
  }

  private static List<ExecutorSuccess> executors(Connection c, Filter runs) throws SQLException {
    Filter ended =
        runs.and(
            "status IN (?, ?) AND executor_id IS NOT NULL",
            RunStatus.COMPLETED.wireName(),
            RunStatus.ABORTED.wireName());
    List<Object> parameters = new ArrayList<>();
    parameters.add(RunStatus.COMPLETED.wireName());
    parameters.addAll(ended.parameters());
    return Sql.list(
        c,
        "SELECT executor_id, COUNT(*),"
            + " SUM(CASE WHEN status = ? AND deviation_count = 0 THEN 1 ELSE 0 END)"
            + " FROM asrun_run"
            + ended.where()
            + " GROUP BY executor_id ORDER BY executor_id",
        parameters,
        row -> {
          long count = row.getLong(2);
          long successful = row.getLong(3);
          return new ExecutorSuccess(row.getString(1), count, successful, (double) successful / count);
        });
  }

  private static long mean(BigDecimal sum, long count) {
    return sum.divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP).longValueExact();
  }

  private static List<Object> parameters(List<Object> first, Filter runs) {
    List<Object> all = new ArrayList<>(first);
    all.addAll(runs.parameters());
    return all;
  }
}
