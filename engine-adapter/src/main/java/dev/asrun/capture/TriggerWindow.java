package dev.asrun.capture;

import dev.asrun.contract.Ids;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;

/**
 * A procedure's trigger window as the engine holds it. The compiled {@code <id>-window} process
 * starts when the window opens; when the window has an end (or only gates trigger actions), its
 * instance then waits at the timer {@code asrun-window-wait} for the window's length and ends at
 * {@code asrun-window-closed}. So the window is open while such an instance waits and its timer
 * is not yet due by the engine's clock.
 */
public final class TriggerWindow {

  private TriggerWindow() {}

  /**
   * The process instance of {@code procedureId}'s trigger window that is open now, if one is: of
   * several (a window opened late), the one closing last. Only for use inside an engine command.
   */
  public static Optional<String> open(String procedureId) {
    CommandContext command = Context.getCommandContext();
    Date now = ClockUtil.getCurrentTime();
    List<Job> closing =
        command.runWithoutAuthorization(
            () ->
                command
                    .getProcessEngineConfiguration()
                    .getManagementService()
                    .createJobQuery()
                    .processDefinitionKey(procedureId + "-window")
                    .activityId(Ids.WINDOW_WAIT)
                    .timers()
                    .duedateHigherThan(now)
                    .orderByJobDuedate()
                    .desc()
                    .listPage(0, 1));
    return closing.stream().findFirst().map(Job::getProcessInstanceId);
  }
}
