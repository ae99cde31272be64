package dev.asrun.record;

import dev.asrun.conformance.DeviationDetector;
import dev.asrun.index.RunProjector;
import dev.asrun.log.EventLog;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.Statements;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

  private final EventLog log;
  private final RunProjector projector;
  private final DeviationDetector detector;

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
   *
   * @return the events as stored: {@code events}, then the {@code deviation_detected} events
   */
  public List<LoggedEvent> write(Statements statements, List<NewEvent> events) throws SQLException {
    List<LoggedEvent> appended = appendAndProject(statements, events);
    List<NewEvent> deviations = detector.detect(statements.connection(), appended);
    if (deviations.isEmpty()) {
      return appended;
    }
    List<LoggedEvent> written = new ArrayList<>(appended);
    written.addAll(appendAndProject(statements, deviations));
    return written;
  }

  private List<LoggedEvent> appendAndProject(Statements statements, List<NewEvent> events)
      throws SQLException {
    List<LoggedEvent> appended = log.append(statements, events);
    projector.apply(statements, appended);
    return appended;
  }
}
