package dev.asrun.capture;

import dev.asrun.conformance.DeviationDetector;
import dev.asrun.conformance.Template;
import dev.asrun.index.RunProjector;
import dev.asrun.log.EventLog;
import dev.asrun.record.RecordSession;
import dev.asrun.record.RecordWriter;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.CompositeHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/**
 * The capture layer of the as-run record, installed into one process engine by {@link
 * dev.asrun.AsRunPlugin}: what happens in runs of compiled procedures becomes events in the as-run
 * log, written in the transaction of the engine command that made it happen.
 *
 * <p>How reality reaches the record:
 *
 * <ul>
 *   <li>built-in execution and task listeners on every element of a compiled procedure (the parse
 *       listener attaches them), which Camunda runs even when an operator skips custom listeners;
 *   <li>the running command, to know that an operator's process instance modification is the
 *       cause of what happens;
 *   <li>Camunda's history event stream, for incidents and operators' actions that listeners do not
 *       see (at history level {@code full}).
 * </ul>
 *
 * Events are collected per command and appended when the command's work is done, before it
 * commits, on the command's own database connection ({@code CaptureSession}): a command that fails
 * leaves no event, and a retried one (a job) records again what its rolled-back attempt recorded.
 * Only procedures compiled by this project are tracked: processes with the property {@code
 * asrun.schema}, and the {@code <id>-window} trigger processes of procedures with a time trigger.
 *
 * <p>Events are stamped with the engine's clock, so the log's times agree with Camunda's; a
 * claimed "performed at" time without a zone is read in the engine JVM's time zone, the zone
 * Camunda evaluates timers in.
 */
public final class Capture {

  private static final int REMEMBERED_ACTIVE_RUNS = 10_000;

  private final Clock clock;
  private final RecordWriter writer;
  private final ActiveRuns activeRuns = new ActiveRuns(REMEMBERED_ACTIVE_RUNS);
  private final PerformedAt performedAt;
  private final List<RunEndListener> runEndListeners = new CopyOnWriteArrayList<>();

  /** Capture with the engine's clock, reading claimed times in the JVM's default time zone. */
  public Capture() {
    this.clock = new EngineClock();
    EventLog log = new EventLog(clock);
    this.performedAt = new PerformedAt(ZoneId.systemDefault());
    this.writer =
        new RecordWriter(
            log,
            new RunProjector(),
            new DeviationDetector(id -> CompiledProcedures.view(id, Template.class, Template::of)));
  }

  /**
   * Before the configuration initializes: adds the parse listener to the custom pre-parse
   * listeners and the per-command session to the custom session factories, keeping what is there.
   */
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> parseListeners =
        configuration.getCustomPreBPMNParseListeners() == null
            ? new ArrayList<>()
            : new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
    parseListeners.add(new ProcedureParseListener());
    configuration.setCustomPreBPMNParseListeners(parseListeners);

    List<SessionFactory> sessionFactories =
        configuration.getCustomSessionFactories() == null
            ? new ArrayList<>()
            : new ArrayList<>(configuration.getCustomSessionFactories());
    sessionFactories.add(RecordSession.factory(writer));
    sessionFactories.add(CaptureSession.factory(this));
    configuration.setCustomSessionFactories(sessionFactories);
  }

  /**
   * After the configuration initialized: puts the capture's history event handler beside the
   * engine's, which stays first and unchanged (whatever it is: Camunda's database handler, a
   * composite, a custom one).
   */
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    HistoryEventHandler engines = configuration.getHistoryEventHandler();
    configuration.setHistoryEventHandler(
        new CompositeHistoryEventHandler(engines, new OperatorHistoryHandler()));
  }

  /** Adds a listener told of every run's end, in the command that ended it. */
  public void addRunEndListener(RunEndListener listener) {
    runEndListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  List<RunEndListener> runEndListeners() {
    return runEndListeners;
  }

  Clock clock() {
    return clock;
  }

  ActiveRuns activeRuns() {
    return activeRuns;
  }

  PerformedAt performedAt() {
    return performedAt;
  }
}
