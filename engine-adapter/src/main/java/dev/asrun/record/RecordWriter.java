package dev.asrun.record;

import dev.asrun.conformance.DeviationDetector;
import dev.asrun.index.RunProjector;
import dev.asrun.log.EventLog;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.Statements;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes what one engine command produced to the as-run record, on the command's connection and in
 * its transaction, in this order:
 *
 * <ol>
 *   <li>the log appends the events ({@link EventLog#append(Statements, List)}): each stream's head
 *       locked once, the events hashed in memory and inserted in one JDBC batch, each head advanced
 *       once;
 *   <li>the run index applies them ({@link RunProjector#apply(Statements, List)}): per run, one
 *       read and one write of its rows, in batches;
 *   <li>the deviation detector checks every run whose trace changed ({@link
 *       DeviationDetector#detect}); the {@code deviation_detected} events it makes are appended and
 *       applied the same way.
 * </ol>
 *
 * Capture, the monitor and the executor's feedback all write through here, with the statements of
 * the command ({@link RecordSession}), each prepared once per command. Nothing here commits: a
 * command that fails leaves nothing of what it wrote.
 */
public final class RecordWriter {

  /** How many runs' events are remembered between commands. */
  private static final int REMEMBERED_RUNS = 500;

  private final EventLog log;
  private final RunProjector projector;
  private final DeviationDetector detector;
  private final RecentRuns recent = new RecentRuns(REMEMBERED_RUNS);

  /**
   * @param log the log, stamping events with the engine's clock
   * @param projector keeps the run index
   * @param detector finds each changed run's deviations
   */
  public RecordWriter(EventLog log, RunProjector projector, DeviationDetector detector) {
    this.log = Objects.requireNonNull(log, "log");
    this.projector = Objects.requireNonNull(projector, "projector");
    this.detector = Objects.requireNonNull(detector, "detector");
  }

  /** The log this writer appends to, for reading a run's stream under its lock. */
  public EventLog log() {
    return log;
  }

  /**
   * Writes {@code events}, in their causal order, and what they make the deviation detector say.
   * The detector reads a run's events from the log unless they are known: written earlier in the
   * same transaction ({@code streams}), or remembered from the run's last commit on this engine,
   * and followed on by what was just appended.
   *
   * @param streams the complete streams of the runs this transaction has written to, kept by the
   *     caller for the transaction (empty at its start): read, and updated with what is written
   * @param afterCommit takes what to do once the caller's transaction has committed (remember the
   *     runs' events); run it then, or never
   * @return the events as stored: {@code events}, then the {@code deviation_detected} events
   */
  public List<LoggedEvent> write(
      Statements statements,
      List<NewEvent> events,
      Map<String, List<LoggedEvent>> streams,
      Consumer<Runnable> afterCommit)
      throws SQLException {
    List<LoggedEvent> appended = appendAndProject(statements, events);
    Map<String, List<LoggedEvent>> runs = new LinkedHashMap<>();
    List<NewEvent> deviations =
        detector.detect(
            appended,
            runId -> {
              List<LoggedEvent> known = known(runId, ofRun(appended, runId), streams);
              List<LoggedEvent> run =
                  known != null ? known : log.run(statements.connection(), runId);
              runs.put(runId, run);
              return run;
            });
    List<LoggedEvent> written = new ArrayList<>(appended);
    if (!deviations.isEmpty()) {
      written.addAll(appendAndProject(statements, deviations));
    }
    Map<String, List<LoggedEvent>> committed = new LinkedHashMap<>();
    for (LoggedEvent event : written) {
      event.runId().ifPresent(runId -> committed.putIfAbsent(runId, null));
    }
    for (String runId : committed.keySet()) {
      List<LoggedEvent> read = runs.get(runId);
      List<LoggedEvent> stream =
          read == null
              ? known(runId, ofRun(written, runId), streams)
              : concat(read, ofRun(written.subList(appended.size(), written.size()), runId));
      committed.put(runId, stream);
      if (stream == null) {
        streams.remove(runId);
      } else {
        streams.put(runId, stream);
      }
    }
    afterCommit.accept(() -> committed.forEach(recent::remember));
    return written;
  }

  /**
   * {@link #write(Statements, List, Map, Consumer)} outside an engine command: nothing known
   * before, nothing remembered.
   */
  public List<LoggedEvent> write(Statements statements, List<NewEvent> events) throws SQLException {
    return write(statements, events, new HashMap<>(), whenCommitted -> {});
  }

  /** The run's complete stream ending with {@code appended}, if known; else null. */
  private List<LoggedEvent> known(
      String runId, List<LoggedEvent> appended, Map<String, List<LoggedEvent>> streams) {
    List<LoggedEvent> inTransaction = RecentRuns.follow(streams.get(runId), appended);
    return inTransaction != null ? inTransaction : recent.followedBy(runId, appended);
  }

  private List<LoggedEvent> appendAndProject(Statements statements, List<NewEvent> events)
      throws SQLException {
    List<LoggedEvent> appended = log.append(statements, events);
    projector.apply(statements, appended);
    return appended;
  }

  private static List<LoggedEvent> ofRun(List<LoggedEvent> events, String runId) {
    return events.stream()
        .filter(event -> event.runId().filter(runId::equals).isPresent())
        .toList();
  }

  private static List<LoggedEvent> concat(List<LoggedEvent> first, List<LoggedEvent> then) {
    List<LoggedEvent> all = new ArrayList<>(first);
    all.addAll(then);
    return List.copyOf(all);
  }
}
