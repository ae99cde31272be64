package dev.asrun.feedback;

import dev.asrun.capture.CommandConnection;
import dev.asrun.capture.EngineClock;
import dev.asrun.index.RunProjector;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.query.RunSummary;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * Appends the executor's events to a run's stream on the running engine command's connection,
 * stamped with the engine's clock, and applies them to the run index in the same transaction.
 */
final class FeedbackEvents {

  private static final EventLog LOG = new EventLog(new EngineClock());
  private static final RunProjector PROJECTOR = new RunProjector();

  private FeedbackEvents() {}

  /** The connection of the running engine command. */
  static Connection connection() {
    return CommandConnection.of(Context.getCommandContext());
  }

  static LoggedEvent append(
      Connection connection,
      RunSummary run,
      EventSource source,
      EventType type,
      Map<String, Object> payload)
      throws SQLException {
    LoggedEvent logged =
        LOG.append(
            connection,
            new NewEvent(
                source,
                type,
                Optional.of(run.procedureId()),
                run.procedureVersion(),
                Optional.of(run.runId()),
                Optional.empty(),
                payload));
    PROJECTOR.apply(connection, logged);
    return logged;
  }

  /**
   * Locks the run's stream until the command's transaction ends, as an append does: what is
   * checked against the stream after it (e.g. whether the run is confirmed) stays true until the
   * append, so racing requests end as some sequential order would.
   */
  static void lock(Connection connection, String runId) throws SQLException {
    LOG.lock(connection, NewEvent.runStream(runId));
  }

  /** The events of the run's stream, from the log itself. */
  static List<LoggedEvent> stream(Connection connection, String runId)
      throws SQLException {
    return LOG.run(connection, runId);
  }
}
