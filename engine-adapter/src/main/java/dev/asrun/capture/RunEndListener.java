package dev.asrun.capture;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Told, in the engine command that ended a run (completed or aborted), that it ended: after the
 * command's as-run events were appended to the log and applied to the run index, before the
 * engine's own changes of the command are written. So what the listener reads of the run is
 * complete, and what it changes in the log or through the engine commits or rolls back with the
 * command. Registered with {@link Capture#addRunEndListener}.
 */
@FunctionalInterface
public interface RunEndListener {

  /**
   * @param runId the run that ended
   * @param connection the command's connection, in its transaction
   */
  void runEnded(String runId, Connection connection) throws SQLException;
}
