package dev.asrun.feedback;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.query.RunSummary;
import dev.asrun.record.RecordSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events people add to a run (the executor's corrections and confirmation, signatures), written
 * through the running engine command's record ({@link RecordSession}): appended to the run's
 * stream, stamped with the engine's clock, and applied to the run index in the same transaction.
 */
public final class FeedbackEvents {

  private FeedbackEvents() {}

  /** The connection of the running engine command. */
  public static Connection connection() {
    return RecordSession.current().connection();
  }

  public static LoggedEvent append(
      RunSummary run, EventSource source, EventType type, Map<String, Object> payload)
      throws SQLException {
    return RecordSession.current()
        .write(
            List.of(
                new NewEvent(
                    source,
                    type,
                    Optional.of(run.procedureId()),
                    run.procedureVersion(),
                    Optional.of(run.runId()),
                    Optional.empty(),
                    payload)))
        .get(0);
  }

  /**
   * Locks the run's stream until the command's transaction ends, as an append does: what is checked
   * against the stream after it (e.g. whether the run is confirmed) stays true until the append, so
   * racing requests end as some sequential order would.
   */
  public static void lock(String runId) throws SQLException {
    RecordSession.current().lock(NewEvent.runStream(runId));
  }

  /** The events of the run's stream, from the log itself. */
  public static List<LoggedEvent> stream(String runId) throws SQLException {
    return RecordSession.current().run(runId);
  }
}
