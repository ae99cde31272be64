package dev.asrun.capture;

import dev.asrun.record.CommandConnection;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * A trigger window with an end closing: a built-in listener on the start of the window process's
 * end event {@code asrun-window-closed}, so it runs in the command of the window's end timer.
 *
 * <p>Every run of the procedure that this window instance triggered (its {@code proc_triggered}
 * names the window's process instance: trigger {@code window}, or trigger {@code action} inside a
 * window that gates the action) and that still waits for its first step goes back: its process
 * instance is deleted with {@link #DELETE_REASON}, and instead of {@code proc_aborted} its stream
 * gets {@code trigger_expired} ({@link ProcessListener}); so do the runs it called, all of which
 * still wait for their first step too. A run whose first step was seen, or one of whose called runs
 * saw theirs, is left alone, as are runs started by hand or by another window.
 *
 * <p>The runs are found in the run index (triggered, of this procedure, not called) and checked in
 * the log under the lock of each run's stream: a command of another node that activated the run
 * has committed by then, and none can append to it until this command ends.
 */
final class WindowClosedListener implements ExecutionListener {

  /** The delete reason of an expired run's process instance. */
  static final String DELETE_REASON =
      "trigger_expired: the trigger window closed before the first step was seen";

  /** The key of {@code proc_triggered}'s payload naming the window instance that triggered it. */
  static final String WINDOW_INSTANCE = "window_process_instance_id";

  private static final String TRIGGERED = RunStatus.TRIGGERED.wireName();

  private final Procedure window;

  WindowClosedListener(Procedure window) {
    this.window = window;
  }

  @Override
  public void notify(DelegateExecution delegate) {
    String windowInstanceId = delegate.getProcessInstanceId();
    CommandContext command = Context.getCommandContext();
    CaptureSession session = CaptureSession.current();
    Connection connection = CommandConnection.of(command);
    try {
      for (String processInstanceId : triggeredRuns(connection)) {
        ExecutionEntity instance =
            command.getExecutionManager().findExecutionById(processInstanceId);
        Run run = instance == null || instance.isEnded() ? null : Run.of(instance).orElse(null);
        if (run != null
            && triggeredBy(session.logged(run), windowInstanceId)
            && calledRunsWait(connection, run.runId())) {
          session.expire(run, new CaptureSession.Expiry(windowInstanceId, window));
          command.runWithoutAuthorization(
              () -> {
                command
                    .getProcessEngineConfiguration()
                    .getRuntimeService()
                    .deleteProcessInstance(processInstanceId, DELETE_REASON, false, false);
                return null;
              });
        }
      }
    } catch (SQLException e) {
      throw new ProcessEngineException(
          "the trigger window of " + window.id() + " could not close, so its end is retried: the"
              + " run index or the as-run log could not be read: " + e.getMessage(),
          e);
    }
  }

  /** The process instances of the procedure's triggered runs that no run called. */
  private List<String> triggeredRuns(Connection connection) throws SQLException {
    List<String> instances = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT process_instance_id FROM asrun_run WHERE procedure_id = ? AND status = ?"
                + " AND parent_run_id IS NULL AND process_instance_id IS NOT NULL"
                + " ORDER BY start_time, run_id")) {
      select.setString(1, window.id());
      select.setString(2, TRIGGERED);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          instances.add(rows.getString(1));
        }
      }
    }
    return instances;
  }

  /** Whether the run's trigger was this window and it has not seen its first step. */
  private static boolean triggeredBy(List<LoggedEvent> events, String windowInstanceId) {
    boolean triggered =
        events.stream()
            .filter(event -> event.type() == EventType.PROC_TRIGGERED)
            .findFirst()
            .map(event -> windowInstanceId.equals(event.payloadMap().get(WINDOW_INSTANCE)))
            .orElse(false);
    return triggered && events.stream().noneMatch(event -> event.type() == EventType.RUN_STARTED);
  }

  /** Whether every run the run called, at any depth, still waits for its first step. */
  private static boolean calledRunsWait(Connection connection, String runId) throws SQLException {
    List<String> pending = new ArrayList<>(List.of(runId));
    while (!pending.isEmpty()) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT run_id, status FROM asrun_run WHERE parent_run_id = ?")) {
        select.setString(1, pending.remove(pending.size() - 1));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            if (!TRIGGERED.equals(rows.getString(2))) {
              return false;
            }
            pending.add(rows.getString(1));
          }
        }
      }
    }
    return true;
  }
}
