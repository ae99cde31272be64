package dev.asrun.capture;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.record.RecordSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * The as-run events of one engine command. Listeners record events here while the command runs;
 * when the command's sessions flush (after the command's work, before its transaction commits) the
 * events are appended to the log on the command's own connection. So the events commit with the
 * command or roll back with it, and a failed command, which never flushes, leaves none.
 *
 * <p>Waiting for the flush lets the record say what the command did as a whole, in causal order:
 *
 * <ul>
 *   <li>an operator's modification is one {@code operator_modification} event per run, before the
 *       events of the activities it started and cancelled, summarizing them, although Camunda
 *       writes its own operation log entry for it last;
 *   <li>a step cancelled by the engine gets its reason from everything that happened in the command
 *       ({@code cancelled by operator}, {@code run cancelled}, {@code procedure timeout}), although
 *       the cancellation happens before the timeout event that causes it starts;
 *   <li>the first step a run completes is preceded by {@code run_started} (Triggered to Active),
 *       read from the log at most once per run and command, under the lock of the run's stream (so
 *       two nodes completing a run's first steps at once record it once), and not at all for a run
 *       known to be active;
 *   <li>{@code proc_completed} carries the run's duration from its {@code proc_triggered} event.
 * </ul>
 *
 * <p>Then the runs whose trace changed are checked for deviations ({@code deviation_detected}),
 * and after that the runs that ended in the command are told to the {@link RunEndListener}s (whose
 * confirmation prompt shows the final deviations). Camunda flushes
 * a command's sessions most recently opened first, and this session opens after the engine's
 * entity manager (a listener fires only on executions the command loaded or created), so engine
 * work a listener does is written by the entity manager's flush that follows.
 */
final class CaptureSession implements Session {

  private final Capture capture;
  private final CommandContext commandContext;
  private final List<PendingEvent> pending = new ArrayList<>();
    private final Map<String, RunInCommand> runs = new HashMap<>();
  private final Map<String, SubRunEnd> subRunEnds = new HashMap<>();
  private final Map<String, PendingEvent> operatorActions = new HashMap<>();
  private final Map<String, String> annotationsByInstance = new HashMap<>();
  private final Map<String, String> annotationsByDefinition = new HashMap<>();
  private final Map<String, String> openedWindows = new HashMap<>();
  private boolean flushed;
  private Optional<Observing.Cause> observation = Optional.empty();
  private Optional<String> movingOnTo = Optional.empty();

  private CaptureSession(Capture capture, CommandContext commandContext) {
    this.capture = capture;
    this.commandContext = commandContext;
  }

  /** The session of the running command. */
  static CaptureSession current() {
    return Context.getCommandContext().getSession(CaptureSession.class);
  }

  /** Opens a session per command for the engine ({@code customSessionFactories}). */
  static SessionFactory factory(Capture capture) {
    return new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return CaptureSession.class;
      }

      /**
       * Opens the engine's entity manager first, if the command has not yet: Camunda flushes the
       * sessions most recently opened first, so this session's appends (which lock the streams'
       * heads) always come before the entity manager's writes (which lock the engine's rows).
       * Every command then takes the two kinds of lock in one order, and two commands on one run
       * (a sensor's report and a Tasklist completion) cannot deadlock, even when the report's
       * command opened this session before it loaded any entity.
       */
      @Override
      public Session openSession() {
        CommandContext command = Context.getCommandContext();
        command.getDbEntityManager();
        return new CaptureSession(capture, command);
      }
    };
  }

  Capture capture() {
    return capture;
  }

  /** The authenticated user of the command: the only executor the record believes. */
  Optional<String> user() {
    return Optional.ofNullable(commandContext.getAuthenticatedUserId());
  }

  /** The observation the command works on, if any ({@link Observing}). */
  Optional<Observing.Cause> observation() {
    return observation;
  }

  /** The observed step the run moves on to, while an observation moves it on. */
  Optional<String> movingOnTo() {
    return movingOnTo;
  }

  void observation(Optional<Observing.Cause> cause, Optional<String> movingOnTo) {
    this.observation = cause;
    this.movingOnTo = movingOnTo;
  }

  /**
   * Records {@code event}. During an operator's modification, an event of a run is marked as its
   * consequence, after the run's {@code operator_modification} event.
   */
  void add(PendingEvent event) {
    if (flushed) {
      throw new IllegalStateException(
          "an as-run " + event.type().wireName() + " event was recorded after the command's"
              + " events were written; it would be lost");
    }
    event.run().ifPresent(
        run -> {
          if (Modifications.running()) {
            modification(run);
            event.markDuringModification();
          }
        });
    pending.add(event);
  }

  /** What this command did to {@code run} so far. */
  RunInCommand run(Run run) {
    return runs.computeIfAbsent(run.runId(), id -> new RunInCommand());
  }

  /**
   * Notes an activity of {@code run} that an operator's modification started or cancelled, and
   * whether custom listeners were skipped for it.
   */
  void modified(Run run, String activityId, boolean started, boolean skipCustomListeners) {
    Modification modification = modification(run);
    (started ? modification.started : modification.cancelled).add(activityId);
    modification.skipCustomListeners |= skipCustomListeners;
  }

  /**
   * The annotation an operator gave a modification, from Camunda's operation log: for one process
   * instance, or (a modification of several instances at once) for every instance of a definition
   * the command modifies. Camunda logs the first after the modification, the second before it.
   */
  void annotateModification(String processInstanceId, String processDefinitionId, String text) {
    if (processInstanceId != null) {
      annotationsByInstance.put(processInstanceId, text);
    } else if (processDefinitionId != null) {
      annotationsByDefinition.put(processDefinitionId, text);
    }
  }

  /**
   * The operator action {@code operationId} on {@code run}, recorded once for all the property
   * changes Camunda logs it with.
   */
  PendingEvent operatorAction(Run run, String operationId, PendingEvent ifNew) {
    String key = run.runId() + "\n" + operationId;
    PendingEvent known = operatorActions.get(key);
    if (known != null) {
      return known;
    }
    operatorActions.put(key, ifNew);
    add(ifNew);
    return ifNew;
  }

  /** A variable of {@code run} written (or, with {@code removed}, deleted) in this command. */
  void variableWritten(Run run, String name, Object value, boolean removed) {
    RunInCommand state = run(run);
    if (removed) {
      state.variables.remove(name);
      state.removedVariables.add(name);
    } else {
      state.removedVariables.remove(name);
      state.variables.put(name, value);
    }
  }

  /** The variables of {@code run} written in this command, by name, and the names removed. */
  Map<String, Object> variablesWritten(Run run) {
    return run(run).variables;
  }

  Set<String> variablesRemoved(Run run) {
    return run(run).removedVariables;
  }

  /** A called run ended; the call activity {@code superExecutionId} of its parent ends next. */
  void subRunEnded(String superExecutionId, SubRunEnd end) {
    subRunEnds.put(superExecutionId, end);
  }

  Optional<SubRunEnd> subRunEnd(String superExecutionId) {
    return Optional.ofNullable(subRunEnds.get(superExecutionId));
  }

  /** The trigger window of {@code procedureId} opened in this command (its process instance). */
  void windowOpened(String procedureId, String windowProcessInstanceId) {
    openedWindows.put(procedureId, windowProcessInstanceId);
  }

  Optional<String> openedWindow(String procedureId) {
    return Optional.ofNullable(openedWindows.get(procedureId));
  }

  /** {@code run}'s trigger expires in this command: its deletion is {@code trigger_expired}. */
  void expire(Run run, Expiry expiry) {
    run(run).expiry = expiry;
  }

  /**
   * The expiry of the run {@code execution} belongs to, or of a run calling it (at any depth): the
   * runs a run with an expiring trigger called go with it.
   */
  Optional<Expiry> expiry(ExecutionEntity execution) {
    ExecutionEntity instance = execution.getProcessInstance();
    while (instance != null) {
      RunInCommand state = Run.of(instance).map(run -> runs.get(run.runId())).orElse(null);
      if (state != null && state.expiry != null) {
        return Optional.of(state.expiry);
      }
      ExecutionEntity caller = instance.getSuperExecution();
      instance = caller == null ? null : caller.getProcessInstance();
    }
    return Optional.empty();
  }

  /** A step of {@code run} withdrawn with its expiring trigger, still open when it expired. */
  void withdrawn(Run run, String stepId) {
    run(run).withdrawnSteps.add(stepId);
  }

  List<String> withdrawnSteps(Run run) {
    return List.copyOf(run(run).withdrawnSteps);
  }

  /**
   * The run's events before this command, read under the lock of its stream, which this command
   * then holds until it ends: what another node's command appended to the run has committed.
   */
  List<LoggedEvent> logged(Run run) throws SQLException {
    return events(RecordSession.of(commandContext), run, run(run));
  }

  @Override
  public void flush() {
    if (pending.isEmpty()) {
      flushed = true;
      return;
    }
    List<PendingEvent> events = List.copyOf(pending);
    pending.clear();
    flushed = true;
    RecordSession record = RecordSession.of(commandContext);
    Set<String> ended = new LinkedHashSet<>();
    try {
      List<NewEvent> written = new ArrayList<>(events.size() + 1);
      for (PendingEvent event : events) {
        write(record, event, written);
        if (event.type() == EventType.PROC_COMPLETED || event.type() == EventType.PROC_ABORTED) {
          event.run().ifPresent(run -> ended.add(run.runId()));
        }
      }
      record.write(written);
      for (String runId : ended) {
        for (RunEndListener listener : capture.runEndListeners()) {
          listener.runEnded(runId, record.connection());
        }
      }
    } catch (SQLException e) {
      throw new ProcessEngineException(
          "could not append to the as-run log, so the command is rolled back: " + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    pending.clear();
  }

  /** Settles what {@code event} says from the command as a whole, and adds it to {@code out}. */
  private void write(RecordSession record, PendingEvent event, List<NewEvent> out)
      throws SQLException {
    RunInCommand state = event.run().map(this::run).orElse(null);
    PendingEvent.Kind kind = event.kind();
    if (kind == PendingEvent.Kind.STEP_ENDED) {
      Run run = event.run().orElseThrow();
      if (!isActive(record, run, state)) {
        add(out, state, runStarted(run, event));
        becameActive(run, state);
      }
    } else if (kind == PendingEvent.Kind.STEP_CANCELLED) {
      settleCancellation(event, state);
    } else if (kind == PendingEvent.Kind.RUN_COMPLETED) {
      event.put("duration_ms", duration(record, event.run().orElseThrow(), state));
    } else if (kind == PendingEvent.Kind.MODIFICATION) {
      Run run = event.run().orElseThrow();
      String annotation = annotationsByInstance.getOrDefault(
          run.processInstanceId(), annotationsByDefinition.get(run.processDefinitionId()));
      state.modification.describe(event, annotation);
    }
    add(out, state, event);
  }

  private void add(List<NewEvent> out, RunInCommand state, PendingEvent event) {
    out.add(event.toNewEvent());
    if (state != null) {
      if (event.type() == EventType.PROC_TRIGGERED) {
        state.triggeredAt = capture.clock().instant();
        state.isNew = true;
      } else if (event.type() == EventType.RUN_STARTED) {
        state.active = true;
      }
    }
  }

  private PendingEvent runStarted(Run run, PendingEvent firstStep) {
    PendingEvent started =
        PendingEvent.of(run, PendingEvent.Kind.PLAIN, EventType.RUN_STARTED, firstStep.source())
            .put("step_id", firstStep.get("step_id"));
    if (firstStep.get("executor_id") != null) {
      started.put("executor_id", firstStep.get("executor_id"));
    }
    return started;
  }

  /** Whether {@code run} has its run_started event: in this command, in memory, or in the log. */
  private boolean isActive(RecordSession record, Run run, RunInCommand state)
      throws SQLException {
    if (state.active) {
      return true;
    }
    if (state.isNew) {
      return false;
    }
    if (capture.activeRuns().contains(run.runId())) {
      state.active = true;
      return true;
    }
    state.active = events(record, run, state).stream()
        .anyMatch(event -> event.type() == EventType.RUN_STARTED);
    if (state.active) {
      rememberActiveOnCommit(run);
    }
    return state.active;
  }

  private void becameActive(Run run, RunInCommand state) {
    state.active = true;
    rememberActiveOnCommit(run);
  }

  private void rememberActiveOnCommit(Run run) {
    ActiveRuns activeRuns = capture.activeRuns();
    String runId = run.runId();
    commandContext
        .getTransactionContext()
        .addTransactionListener(TransactionState.COMMITTED, committed -> activeRuns.add(runId));
  }

  /**
   * The run's events before this command, read once, under the lock of the run's stream: another
   * node's command that appended to the run meanwhile has committed, and none can append until this
   * command ends. So a {@code run_started} is appended only if absent, on any number of nodes.
   */
  private List<LoggedEvent> events(RecordSession record, Run run, RunInCommand state)
      throws SQLException {
    if (state.logged == null) {
      record.lock(NewEvent.runStream(run.runId()));
      state.logged = record.run(run.runId());
    }
    return state.logged;
  }

  /** Milliseconds since the run's proc_triggered event; null for a run the log saw no start of. */
  private Long duration(RecordSession record, Run run, RunInCommand state) throws SQLException {
    Instant triggeredAt = state.triggeredAt;
    if (triggeredAt == null) {
      triggeredAt = events(record, run, state).stream()
          .filter(event -> event.type() == EventType.PROC_TRIGGERED)
          .findFirst()
          .map(LoggedEvent::recordedAt)
          .orElse(null);
    }
    if (triggeredAt == null) {
      return null;
    }
    return capture.clock().millis() - triggeredAt.toEpochMilli();
  }

  private static void settleCancellation(PendingEvent event, RunInCommand state) {
    if (event.duringModification()) {
      event.put("reason", "cancelled by operator");
    } else if (state.runCancelled) {
      event.put("reason", "run cancelled");
    } else if (state.timeoutFired) {
      event.put("reason", "procedure timeout");
      event.source(EventSource.SCHEDULER);
    } else {
      event.put("reason", "interrupted");
    }
  }

  private Modification modification(Run run) {
    RunInCommand state = run(run);
    if (state.modification == null) {
      state.modification = new Modification(user().orElse(null));
      pending.add(
          PendingEvent.of(
              run,
              PendingEvent.Kind.MODIFICATION,
              EventType.OPERATOR_MODIFICATION,
              EventSource.ENGINE));
    }
    return state.modification;
  }

  /** What one command did to one run. */
  static final class RunInCommand {
    /** When this command started the run, if it did (its proc_triggered event). */
    private Instant triggeredAt;
    /** Whether this command started the run (so the log holds nothing older of it). */
    private boolean isNew;
    /** Whether the run has its run_started event. */
    private boolean active;
    /** The run's events as the log held them before this command, once read. */
    private List<LoggedEvent> logged;
    private Modification modification;
    /** Set when the run's trigger expires in this command. */
    private Expiry expiry;
    private final Set<String> withdrawnSteps = new LinkedHashSet<>();
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final Set<String> removedVariables = new LinkedHashSet<>();
    boolean timeoutFired;
    boolean reachedTimeoutEnd;
    boolean runCancelled;
  }

  /** An operator's modification of one run, as its effects showed it. */
  private static final class Modification {
    private final String userId;
    private final Set<String> started = new LinkedHashSet<>();
    private final Set<String> cancelled = new LinkedHashSet<>();
    private boolean skipCustomListeners;

    Modification(String userId) {
      this.userId = userId;
    }

    void describe(PendingEvent event, String annotation) {
      event
          .put("operation", "ModifyProcessInstance")
          .put("user_id", userId)
          .put("started_activities", List.copyOf(started))
          .put("cancelled_activities", List.copyOf(cancelled))
          .put("skip_custom_listeners", skipCustomListeners)
          .put("annotation", annotation);
    }
  }

  /**
   * A run's trigger expiring: the trigger window that triggered it closed before its first step.
   *
   * @param windowProcessInstanceId the window's process instance
   * @param window the window process (its {@code asrun.window_*} properties)
   */
  record Expiry(String windowProcessInstanceId, Procedure window) {}

  /**
   * How a called run ended, for its parent's call activity.
   *
   * @param childRunId the called run
   * @param status {@code completed} or {@code aborted}
   * @param reason why it was aborted, if it was
   */
  record SubRunEnd(String childRunId, String status, Optional<String> reason) {}
}
