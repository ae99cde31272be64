import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows {@code RunProjector} makes of the query bench's events, worked out in memory and written
 * in JDBC batches: for a bulk fill of the run index ({@code asrun_run}, {@code asrun_run_step},
 * {@code asrun_run_event}), where applying 1.8 million events one statement at a time takes hours.
 * It follows the projector's rules for the events the bench generates ({@code proc_triggered},
 * {@code run_started}, {@code step_started}, {@code step_matched}, {@code step_skipped}, {@code
 * step_overdue}, {@code proc_completed}, {@code proc_aborted}) and refuses any other. It is a copy
 * of rules, not of code, so the harness proves it before every measurement: a sample filled both
 * ways must give the same tables, row for row.
 */
final class IndexRows {

  private static final String INSERT_RUN =
      "INSERT INTO asrun_run (run_id, process_instance_id, procedure_id, procedure_version,"
          + " status, abort_reason, start_time, activated_at, end_time, duration_ms, executor_id,"
          + " location, equipment_id, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_STEP =
      "INSERT INTO asrun_run_step (run_id, step_id, attempt, procedure_id, first_seq,"
          + " activity_instance_id, task_id, step_type, status, overdue, started_at, ended_at,"
          + " occurred_at, executor_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_EVENT =
      "INSERT INTO asrun_run_event (run_id, seq, event_id) VALUES (?, ?, ?)";

  /** One run's row and what hangs from it. */
  private static final class Run {
    final String runId;
    final String procedureId;
    final String procedureVersion;
    final Instant startTime;
    String processInstanceId;
    String status = "triggered";
    String abortReason;
    Instant activatedAt;
    Instant endTime;
    Long durationMs;
    String executorId;
    String location;
    String equipmentId;
    String notes;
    final List<Step> steps = new ArrayList<>();
    final Map<Long, UUID> events = new LinkedHashMap<>();

    Run(String runId, String procedureId, String procedureVersion, Instant startTime) {
      this.runId = runId;
      this.procedureId = procedureId;
      this.procedureVersion = procedureVersion;
      this.startTime = startTime;
    }

    int nextAttempt(String stepId) {
      return 1 + (int) steps.stream().filter(step -> step.stepId.equals(stepId)).count();
    }
  }

  /** One attempt at a step. */
  private static final class Step {
    String stepId;
    int attempt;
    long firstSeq;
    String activityInstanceId;
    String taskId;
    String stepType;
    String status;
    boolean overdue;
    Instant startedAt;
    Instant endedAt;
    Instant occurredAt;
    String executorId;
    String reason;

    boolean open() {
      return status.equals("started") || status.equals("overdue");
    }
  }

  private final Map<String, Run> runs = new LinkedHashMap<>();

  /**
   * Applies the next event of the log, as {@code RunProjector.apply} would; {@code payload} is the
   * event's payload as generated, whose canonical JSON the log stored (parsing it back would cost
   * the fill a third of its time and read the same strings).
   */
  void apply(LoggedEvent event, Map<String, Object> payload) {
    if (event.runId().isEmpty()) {
      return;
    }
    String runId = event.runId().get();
    Instant time = event.recordedAt();
    Run run =
        runs.computeIfAbsent(
            runId,
            id ->
                new Run(
                    id,
                    event.procedureId().orElseThrow(),
                    event.procedureVersion().orElse(null),
                    time));
    if (run.events.putIfAbsent(event.seq(), event.eventId()) != null) {
      return;
    }
    boolean activates = false;
    String executorId = null;
    switch (event.type()) {
      case RUN_STARTED -> activates = true;
      case STEP_STARTED -> {
        Step step = newStep(run, payload, event.seq(), "started");
        step.startedAt = time;
      }
      case STEP_MATCHED, STEP_SKIPPED -> {
        String status =
            switch (event.type() == EventType.STEP_MATCHED ? "done" : outcome(payload)) {
              case "done" -> "done";
              case "cancelled" -> "cancelled";
              case "aborted" -> "aborted";
              default -> "skipped";
            };
        executorId = text(payload, "executor_id");
        activates = status.equals("done") || status.equals("skipped");
        Step step = openAttempt(run, payload);
        if (step == null) {
          step = newStep(run, payload, event.seq(), status);
        }
        step.status = status;
        step.endedAt = time;
        step.occurredAt = event.occurredAt().orElse(null);
        step.executorId = executorId;
        step.reason = text(payload, "reason");
      }
      case STEP_OVERDUE -> {
        String stepId = Objects.requireNonNull(text(payload, "step_id"), "step_id");
        run.steps.stream()
            .filter(step -> step.stepId.equals(stepId))
            .min(
                Comparator.comparing((Step step) -> step.open() ? 0 : 1)
                    .thenComparing(step -> -step.attempt))
            .ifPresent(
                step -> {
                  step.overdue = true;
                  if (step.status.equals("started")) {
                    step.status = "overdue";
                  }
                });
      }
      case PROC_TRIGGERED, PROC_COMPLETED, PROC_ABORTED -> {
        // applied below, after the step rules, as the projector orders them
      }
      default ->
          throw new IllegalArgumentException(
              "the bulk index knows only the bench's events, not " + event.type().wireName());
    }
    if (activates && run.status.equals("triggered")) {
      run.status = "active";
      run.activatedAt = time;
    }
    if (run.executorId == null) {
      run.executorId = executorId;
    }
    switch (event.type()) {
      case PROC_TRIGGERED -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> context =
            (Map<String, Object>) payload.getOrDefault("context", Map.of());
        run.processInstanceId = coalesce(text(payload, "process_instance_id"), run.processInstanceId);
        if (text(payload, "parent_run_id") != null) {
          throw new IllegalArgumentException("the bulk index knows no nested runs");
        }
        run.executorId = coalesce(text(context, "executor_id"), run.executorId);
        run.location = coalesce(text(context, "location"), run.location);
        run.equipmentId = coalesce(text(context, "equipment_id"), run.equipmentId);
        run.notes = coalesce(text(context, "notes"), run.notes);
      }
      case PROC_COMPLETED -> end(run, "completed", null, time);
      case PROC_ABORTED -> end(run, "aborted", text(payload, "reason"), time);
      default -> {
        // nothing else of the run changes
      }
    }
  }

  /** Inserts the rows of every run applied since the last write, and forgets them. */
  void write(Connection connection) throws SQLException {
    try (PreparedStatement run = connection.prepareStatement(INSERT_RUN);
        PreparedStatement step = connection.prepareStatement(INSERT_STEP);
        PreparedStatement listed = connection.prepareStatement(INSERT_EVENT)) {
      for (Run r : runs.values()) {
        run.setString(1, r.runId);
        run.setString(2, r.processInstanceId);
        run.setString(3, r.procedureId);
        run.setString(4, r.procedureVersion);
        run.setString(5, r.status);
        run.setString(6, r.abortReason);
        setInstant(run, 7, r.startTime);
        setInstant(run, 8, r.activatedAt);
        setInstant(run, 9, r.endTime);
        if (r.durationMs == null) {
          run.setNull(10, Types.BIGINT);
        } else {
          run.setLong(10, r.durationMs);
        }
        run.setString(11, r.executorId);
        run.setString(12, r.location);
        run.setString(13, r.equipmentId);
        run.setString(14, r.notes);
        run.addBatch();
        for (Step s : r.steps) {
          step.setString(1, r.runId);
          step.setString(2, s.stepId);
          step.setInt(3, s.attempt);
          step.setString(4, r.procedureId);
          step.setLong(5, s.firstSeq);
          step.setString(6, s.activityInstanceId);
          step.setString(7, s.taskId);
          step.setString(8, s.stepType);
          step.setString(9, s.status);
          step.setBoolean(10, s.overdue);
          setInstant(step, 11, s.startedAt);
          setInstant(step, 12, s.endedAt);
          setInstant(step, 13, s.occurredAt);
          step.setString(14, s.executorId);
          step.setString(15, s.reason);
          step.addBatch();
        }
        for (Map.Entry<Long, UUID> event : r.events.entrySet()) {
          listed.setString(1, r.runId);
          listed.setLong(2, event.getKey());
          listed.setObject(3, event.getValue());
          listed.addBatch();
        }
      }
      run.executeBatch();
      step.executeBatch();
      listed.executeBatch();
    }
    runs.clear();
  }

  private static void end(Run run, String status, String reason, Instant time) {
    if (run.status.equals("completed") || run.status.equals("aborted")) {
      return;
    }
    run.status = status;
    run.abortReason = reason;
    run.endTime = time;
    run.durationMs = Duration.between(run.startTime, time).toMillis();
    for (Step step : run.steps) {
      if (step.open()) {
        step.status = "cancelled";
        step.endedAt = time;
      }
    }
  }

  private static Step newStep(Run run, Map<String, Object> payload, long seq, String status) {
    Step step = new Step();
    step.stepId = Objects.requireNonNull(text(payload, "step_id"), "step_id");
    step.attempt = run.nextAttempt(step.stepId);
    step.firstSeq = seq;
    step.activityInstanceId = text(payload, "activity_instance_id");
    step.taskId = text(payload, "task_id");
    step.stepType = text(payload, "step_type");
    step.status = status;
    run.steps.add(step);
    return step;
  }

  /** The open attempt an end concerns: same activity instance, else same task, else the latest. */
  private static Step openAttempt(Run run, Map<String, Object> payload) {
    String stepId = text(payload, "step_id");
    String activityInstanceId = text(payload, "activity_instance_id");
    String taskId = text(payload, "task_id");
    return run.steps.stream()
        .filter(step -> step.stepId.equals(stepId) && step.open())
        .min(
            Comparator.comparing(
                    (Step step) ->
                        Objects.equals(step.activityInstanceId, activityInstanceId)
                                && activityInstanceId != null
                            ? 0
                            : Objects.equals(step.taskId, taskId) && taskId != null ? 1 : 2)
                .thenComparing(step -> -step.attempt))
        .orElse(null);
  }

  private static String outcome(Map<String, Object> payload) {
    return Optional.ofNullable(text(payload, "outcome")).orElse("skipped");
  }

  private static String text(Map<String, Object> payload, String name) {
    Object value = payload.get(name);
    return value == null ? null : value.toString();
  }

  private static String coalesce(String value, String otherwise) {
    return value != null ? value : otherwise;
  }

  private static void setInstant(PreparedStatement statement, int index, Instant time)
      throws SQLException {
    if (time == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, time.atOffset(ZoneOffset.UTC));
    }
  }
}
