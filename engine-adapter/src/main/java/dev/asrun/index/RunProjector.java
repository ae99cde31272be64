package dev.asrun.index;

import dev.asrun.log.ClaimedTime;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.Statements;
import dev.asrun.query.RunStatus;
import dev.asrun.query.StepStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the run index ({@code asrun_run}, {@code asrun_run_step}, {@code asrun_run_link}, created
 * by the V2 migration; {@code asrun_run_deviation}, {@code asrun_run_correction}, created by V3) in
 * step with the as-run log. The index is derived and never authoritative: {@link #rebuild} makes it
 * again from the log alone, with the same answers to every query.
 *
 * <h2>What an event does to its run</h2>
 *
 * Only events of a run ({@code run_id} set) change the index; the run's row keeps the {@code seq}
 * of the last one applied ({@code last_seq}), and a run's event ids are read from the log itself. A
 * run's row appears with its first event, in status {@code triggered}, its start time that event's
 * server time:
 *
 * <ul>
 *   <li>{@code proc_triggered}: the process instance, the executor context ({@code context}: {@code
 *       executor_id}, {@code location}, {@code equipment_id}, {@code notes}) and the parent run
 *       ({@code parent_run_id}, else the parent's {@code subrun_started} seen earlier);
 *   <li>{@code run_started}, or else the first step done or skipped: the run becomes {@code active}
 *       (first step detected);
 *   <li>{@code step_started}: a new attempt at the step ({@code step_id}, {@code
 *       activity_instance_id}, {@code task_id}, {@code step_type});
 *   <li>{@code step_matched}: the step's open attempt (the one of the same activity instance, else
 *       of the same task, else the latest) is done, at the event's server time, with the claimed
 *       time ({@code occurred_at}) and the {@code executor_id}; with no open attempt, a new one
 *       without a start. {@code step_skipped} likewise, by its {@code outcome}: {@code skipped}
 *       (the executor's, with the {@code reason}), {@code cancelled} (by the engine), {@code
 *       aborted} (a called run aborted). The run's executor is the first step's executor when the
 *       trigger named none;
 *   <li>{@code step_overdue}: the step's open attempt is overdue (else its latest attempt is
 *       marked; a group step has no attempts of its own);
 *   <li>{@code proc_completed} / {@code proc_aborted}: the run ends ({@code reason} for an abort),
 *       its duration is end minus start, attempts still open are cancelled;
 *   <li>{@code trigger_expired} of a run still triggered (or not in the index): the run leaves the
 *       index, its links to called runs and to its caller included, since a trigger that expires
 *       leaves only events;
 *   <li>{@code subrun_started}: links {@code child_run_id} to this run as its parent;
 *   <li>{@code deviation_detected}: the run's deviations ({@code asrun_run_deviation}) become the
 *       event's complete list ({@code deviations}), the run's corrections applied over it again;
 *   <li>{@code procedure_correction}: the executor's correction ({@code asrun_run_correction}):
 *       {@code wrong_procedure} names the run's {@code corrected_procedure_id}; {@code
 *       step_not_done} shows the step's latest done attempt as skipped (with the correction's
 *       reason) and adds an omission; {@code step_done_not_detected} makes the step's latest
 *       attempt that ended otherwise done (or adds a done attempt to a step without any) and sets
 *       its omissions aside; {@code not_a_deviation} sets aside every deviation of the step.
 *       Set-aside deviations keep their rows, marked with the correction's event id. The run's
 *       {@code deviation_count} counts the deviations not set aside and the omissions corrections
 *       added;
 *   <li>{@code prompt_response}: the executor's answer to the confirmation prompt ({@code
 *       executor_confirmation}) and note.
 * </ul>
 *
 * A step skipped with outcome {@code not_seen} (passed over when the run moved on to a later
 * observed step) is {@code not_seen}.
 *
 * <h2>Transactions, batches and repeats</h2>
 *
 * {@link #apply(Statements, List)} works in the caller's transaction: the write path ({@code
 * dev.asrun.record.RecordWriter}) calls it with the events it has just appended, so the events and
 * their effect on the index commit or roll back together. A run's events reach it one transaction
 * at a time (the log serializes each run's stream), in the log's order. Per run in the list it
 * reads the run's row and attempts once, applies the run's events to them in memory and writes the
 * changed rows once, all runs' rows in one JDBC batch per statement. An event at or before the
 * run's {@code last_seq} is skipped, so applying an event twice changes nothing.
 *
 * <h2>Rebuild</h2>
 *
 * {@link #rebuild} reads the log in its own order ({@code seq}, the order the live index applied
 * it), in pages, and applies each page's events run by run as {@link #apply(Statements, List)}
 * does, to rows in memory: rows that start empty for a run not seen before, else the rows it kept
 * of the runs it wrote last, else the run's rows read back from the index. It writes a run's rows
 * once, in batches, when the run leaves the ones it keeps; what depends on another run (a called
 * run's parent, announced in the parent's stream) is settled by one statement at the end. Only a
 * run's corrections, and deviations that replace stored ones ({@link Feedback}), are written a
 * statement at a time. Where the rows go is the database's ({@link RebuildTarget}): the index
 * tables themselves on PostgreSQL, new tables swapped in at the end on H2. Where the target makes
 * the runs' and attempts' primary keys after the load (one sort each instead of an index insert per
 * row: H2's new tables, and PostgreSQL's tables when the role owns them), a run already written,
 * and a correction or a trigger's expiry, which change rows found by key, wait with the run's later
 * events until the keys are made, then each such run is read back and its remaining events applied.
 */
public final class RunProjector {

  /** The longest id or name the index holds; longer payload values are refused. */
  public static final int MAX_TEXT_LENGTH = EventLog.MAX_ID_LENGTH;

  /** A rebuild reads the log in pages of so many events, and sends its batches after each. */
  private static final int REBUILD_PAGE = 20000;

  /**
   * A rebuild keeps the rows of so many runs it touched last in memory and writes a run's rows when
   * it leaves them (or at the end), so that a run whose events span pages is written once.
   */
  private static final int REBUILD_RECENT = 2000;

  /**
   * The events a rebuild applies by finding their run's rows by key: a correction, which changes
   * the run's attempts by statements, and a trigger's expiry, which deletes the run's rows.
   */
  private static final Set<EventType> NEEDS_KEYS =
      Set.of(EventType.PROCEDURE_CORRECTION, EventType.TRIGGER_EXPIRED);

  /** Emptied by {@link #rebuild}. */
  static final List<String> TABLES =
      List.of(
          "asrun_run_step",
          "asrun_run_deviation",
          "asrun_run_correction",
          "asrun_run_link",
          "asrun_run");

  private final EventLog log = new EventLog();

  /** How many runs' rows a rebuild keeps in memory ({@link #REBUILD_RECENT}). */
  private final int keptRuns;

  /** A projector whose rebuilds keep the rows of the 2,000 runs they touched last in memory. */
  public RunProjector() {
    this(REBUILD_RECENT);
  }

  /** A projector whose rebuilds keep the rows of {@code keptRuns} runs in memory. */
  RunProjector(int keptRuns) {
    if (keptRuns < 1) {
      throw new IllegalArgumentException("keptRuns must be at least 1, got " + keptRuns);
    }
    this.keptRuns = keptRuns;
  }

  /**
   * Applies {@code event}, just appended to the log, to the index in the caller's transaction:
   * {@link #apply(Statements, List)} of one event.
   */
  public void apply(Connection connection, LoggedEvent event) throws SQLException {
    Objects.requireNonNull(event, "event");
    try (Statements statements = new Statements(connection)) {
      apply(statements, List.of(event));
    }
  }

  /**
   * Applies {@code events}, just appended to the log in this order, to the index in the caller's
   * transaction: per run, one read of its rows and one write of what changed.
   *
   * @throws IllegalArgumentException if a payload holds a field the index needs in a form it cannot
   *     hold (see {@link #MAX_TEXT_LENGTH}), or an event of a run names no procedure
   * @throws IllegalStateException if the connection is in autocommit mode
   */
  public void apply(Statements statements, List<LoggedEvent> events) throws SQLException {
    Objects.requireNonNull(statements, "statements");
    Objects.requireNonNull(events, "events");
    requireTransaction(statements.connection(), "apply");
    Map<String, List<LoggedEvent>> byRun = new LinkedHashMap<>();
    for (LoggedEvent event : events) {
      event
          .runId()
          .ifPresent(run -> byRun.computeIfAbsent(run, id -> new ArrayList<>()).add(event));
    }
    if (byRun.isEmpty()) {
      return;
    }
    RunTables tables = new RunTables(statements, IndexDialect.of(statements.connection()));
    for (Map.Entry<String, List<LoggedEvent>> run : byRun.entrySet()) {
      RunRows rows = tables.read(run.getKey());
      for (LoggedEvent event : run.getValue()) {
        apply(tables, rows, event, true);
      }
      tables.write(rows);
    }
    tables.flush();
  }

  /**
   * Makes the index again from the whole log; a failure leaves the old index as it was. On
   * PostgreSQL it works in the caller's transaction, which a rollback undoes: the index tables are
   * locked first (ACCESS EXCLUSIVE: reads of the index and engine commands that append wait until
   * the rebuild commits, then see or apply their events to the rebuilt index), emptied by {@code
   * TRUNCATE}, and their secondary indexes dropped and made again once the rows are in. On H2, whose
   * DDL commits, it builds new tables beside the index, committing as it goes, and swaps them in at
   * the end ({@link ShadowTables}): readers see the old index until the swap, and the rebuild has
   * committed when it returns. H2 has no lock for it: rebuild while no command is recording (H2 is
   * the one-node, embedded case; the app holds the database file).
   *
   * @return how many events of runs were replayed
   * @throws IllegalStateException if the connection is in autocommit mode
   */
  public long rebuild(Connection connection) throws SQLException {
    return rebuild(connection, true);
  }

  /**
   * {@link #rebuild} for {@link IndexCheck#compare}, which rolls it back: on PostgreSQL readers of
   * the index go on reading the old index meanwhile (the tables locked EXCLUSIVE, rows deleted,
   * indexes kept), so a check does not hold them up; slower.
   */
  long rebuildWhileReadersRead(Connection connection) throws SQLException {
    return rebuild(connection, false);
  }

  private long rebuild(Connection connection, boolean readersWait) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    requireTransaction(connection, "rebuild");
    IndexDialect dialect = IndexDialect.of(connection);
    dialect.lockForRebuild(connection, TABLES, readersWait);
    RebuildTarget target = dialect.rebuildTarget(connection, TABLES, readersWait);
    try {
      long replayed = replay(connection, dialect, target);
      target.complete(connection);
      return replayed;
    } catch (SQLException | RuntimeException e) {
      target.abandon(connection, e);
      throw e;
    }
  }

  /**
   * Applies every event of the log to {@code target}'s empty tables; how many there were. Where the
   * target makes its primary keys after the load ({@link RebuildTarget#keysAfterLoad}), an event
   * that must find its run by key (a run already written, {@link #NEEDS_KEYS}) waits, with every
   * later event of its run, until the keys are made: then each such run is read back and its
   * remaining events applied in order ({@link #replayWaiting}).
   */
  private long replay(Connection connection, IndexDialect dialect, RebuildTarget target)
      throws SQLException {
    long replayed = 0;
    try (Statements statements = new Statements(connection, target::sql)) {
      RunTables tables = new RunTables(statements, dialect);
      Set<String> forgotten = new LinkedHashSet<>();
      Set<String> written = new HashSet<>();
      Set<String> waiting = new LinkedHashSet<>();
      Map<String, RunRows> recent = new LinkedHashMap<>(2 * keptRuns, 0.75f, true);
      List<LoggedEvent> page = log.after(connection, 0, REBUILD_PAGE);
      while (!page.isEmpty()) {
        for (LoggedEvent event : page) {
          if (event.runId().isEmpty()) {
            continue;
          }
          replayed++;
          String runId = event.runId().get();
          if (target.keysAfterLoad()
              && (waiting.contains(runId)
                  || written.contains(runId)
                  || NEEDS_KEYS.contains(event.type()))) {
            if (waiting.add(runId) && recent.containsKey(runId)) {
              tables.write(recent.remove(runId));
              written.add(runId);
            }
            continue;
          }
          RunRows rows = recent.get(runId);
          if (rows == null) {
            rows =
                written.contains(runId)
                    ? tables.read(runId)
                    : new RunRows(runId, null, new ArrayList<>());
            recent.put(runId, rows);
          }
          apply(tables, rows, event, false);
          remember(forgotten, rows);
        }
        Iterator<RunRows> leastRecent = recent.values().iterator();
        while (recent.size() > keptRuns) {
          RunRows rows = leastRecent.next();
          tables.write(rows);
          written.add(rows.runId());
          leastRecent.remove();
        }
        tables.flush();
        if (target.commitsAsItGoes()) {
          connection.commit();
        }
        page = log.after(connection, page.get(page.size() - 1).seq(), REBUILD_PAGE);
      }
      for (RunRows rows : recent.values()) {
        tables.write(rows);
      }
      tables.flush();
      target.makeKeys(connection);
      replayWaiting(connection, target, tables, waiting, forgotten);
      tables.settleLinks(forgotten);
    }
    return replayed;
  }

  /**
   * Applies the events of the {@code waiting} runs that a rebuild held back until the keys were
   * made: each run's rows read back, its stream's events applied in {@code seq} order (those its
   * rows already hold are skipped, as a repeat is), its rows written.
   */
  private void replayWaiting(
      Connection connection,
      RebuildTarget target,
      RunTables tables,
      Set<String> waiting,
      Set<String> forgotten)
      throws SQLException {
    int sinceFlush = 0;
    for (String runId : waiting) {
      RunRows rows = tables.read(runId);
      List<LoggedEvent> events = new ArrayList<>(log.run(connection, runId));
      events.sort(Comparator.comparingLong(LoggedEvent::seq));
      for (LoggedEvent event : events) {
        apply(tables, rows, event, false);
      }
      remember(forgotten, rows);
      tables.write(rows);
      if (++sinceFlush == keptRuns) {
        sinceFlush = 0;
        tables.flush();
        if (target.commitsAsItGoes()) {
          connection.commit();
        }
      }
    }
  }

  /** Keeps {@code forgotten} the runs whose rows are gone, for the links settled at the end. */
  private static void remember(Set<String> forgotten, RunRows rows) {
    if (rows.run().isEmpty()) {
      forgotten.add(rows.runId());
    } else {
      forgotten.remove(rows.runId());
    }
  }

  /**
   * Applies one event of the run {@code rows} holds. Live, a run new to the index takes its parent
   * from a link its parent announced; a rebuild settles parents at the end.
   */
  private static void apply(RunTables tables, RunRows rows, LoggedEvent event, boolean live)
      throws SQLException {
    String runId = rows.runId();
    String procedureId =
        event.procedureId().orElseThrow(() -> new IllegalArgumentException(noProcedure(event)));
    if (event.type() == EventType.TRIGGER_EXPIRED
        && rows.run().map(run -> run.status.equals(RunStatus.TRIGGERED.wireName())).orElse(true)) {
      tables.forget(runId);
      rows.forgotten();
      return;
    }
    if (rows.seen(event.seq())) {
      return;
    }
    if (rows.run().isEmpty()) {
      rows.ensure(
          procedureId,
          event.procedureVersion(),
          ClaimedTime.runStart(event.occurredAt(), event.recordedAt()),
          live ? tables.linkedParent(runId).orElse(null) : null);
    }
    rows.advance(event.seq());
    if (!rows.stepsRead()) {
      rows.stepsRead(tables.readSteps(runId));
    }
    Payload payload = Payload.of(event);
    boolean activates = false;
    Optional<String> executorId = Optional.empty();
    switch (event.type()) {
      case RUN_STARTED -> activates = true;
      case STEP_STARTED -> rows.start(StepRef.of(payload), event.seq(), event.recordedAt());
      case STEP_MATCHED, STEP_SKIPPED -> {
        StepStatus status =
            event.type() == EventType.STEP_MATCHED ? StepStatus.DONE : skipStatus(payload);
        executorId = payload.text("executor_id", MAX_TEXT_LENGTH);
        activates = status == StepStatus.DONE || status == StepStatus.SKIPPED;
        rows.end(
            StepRef.of(payload),
            event.seq(),
            status,
            event.recordedAt(),
            event.occurredAt(),
            executorId,
            payload.text("reason", Integer.MAX_VALUE));
      }
      case STEP_OVERDUE -> rows.overdue(payload.requiredText("step_id", MAX_TEXT_LENGTH));
      case SUBRUN_STARTED ->
          tables.link(
              payload.requiredText("child_run_id", MAX_TEXT_LENGTH),
              runId,
              payload.text("step_id", MAX_TEXT_LENGTH));
      default -> {
        // the run-level events are applied below
      }
    }
    rows.stepDetected(activates, event.recordedAt(), executorId);
    switch (event.type()) {
      case PROC_TRIGGERED -> {
        Payload context = payload.object("context");
        rows.triggered(
            payload.text("process_instance_id", MAX_TEXT_LENGTH),
            payload.text("parent_run_id", MAX_TEXT_LENGTH),
            context.text("executor_id", MAX_TEXT_LENGTH),
            context.text("location", MAX_TEXT_LENGTH),
            context.text("equipment_id", MAX_TEXT_LENGTH),
            context.text("notes", Integer.MAX_VALUE));
      }
      case DEVIATION_DETECTED ->
          new Feedback(tables, rows, procedureId).deviationsDetected(payload);
      case PROCEDURE_CORRECTION -> {
        // the correction changes the run's attempts by statements: they are written first
        tables.write(rows);
        tables.flush();
        new Feedback(tables, rows, procedureId).corrected(event, payload);
        rows.stepsChanged();
      }
      case PROMPT_RESPONSE -> new Feedback(tables, rows, procedureId).confirmed(payload);
      case PROC_COMPLETED -> rows.end(RunStatus.COMPLETED, Optional.empty(), event.recordedAt());
      case PROC_ABORTED ->
          rows.end(RunStatus.ABORTED, payload.text("reason", MAX_TEXT_LENGTH), event.recordedAt());
      default -> {
        // nothing else of the run changes
      }
    }
  }

  /** A skip's status by its {@code outcome}: the executor's skip, or the engine's cancellation. */
  private static StepStatus skipStatus(Payload payload) {
    return switch (payload.text("outcome", MAX_TEXT_LENGTH).orElse("skipped")) {
      case "cancelled" -> StepStatus.CANCELLED;
      case "not_seen" -> StepStatus.NOT_SEEN;
      case "aborted" -> StepStatus.ABORTED;
      default -> StepStatus.SKIPPED;
    };
  }

  private static String noProcedure(LoggedEvent event) {
    return "asrun_event seq %d (%s of run %s) names no procedure_id;"
            .formatted(event.seq(), event.type().wireName(), event.runId().orElseThrow())
        + " the run index needs the procedure of every run's event";
  }

  private static void requireTransaction(Connection connection, String operation)
      throws SQLException {
    if (connection.getAutoCommit()) {
      throw new IllegalStateException(
          "RunProjector.%s needs the connection of a running transaction, but autocommit is on:"
                  .formatted(operation)
              + " the index must change with the log, all at once");
    }
  }
}
