package dev.asrun.capture;

import dev.asrun.contract.Ids;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.CachedDbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityState;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.jobexecutor.TimerCatchIntermediateEventJobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.TimerStartEventJobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Puts a trigger window's timers in the procedure's own zone. The compiled BPMN keeps a standard
 * cron and a duration, valid on any Camunda 7 engine, which the engine evaluates in the JVM's
 * zone; with the as-run plugin, every timer job of a window process that a command creates gets,
 * before the command flushes, the due date of its {@link WindowSchedule}: the opening timer ({@code
 * asrun-window-timer}, created at deployment and again each time it fires) the next opening, the
 * wait timer ({@code asrun-window-wait}, created as the window opens) the window's closing. So the
 * job is due at the instant the window opens or closes, which is also what Cockpit's job view
 * shows.
 *
 * <p>Registered on the command that deploys a window process (from {@link ProcedureParseListener})
 * and, as a built-in listener on the window process's start, on the command that opens the window.
 */
final class WindowTimers implements ExecutionListener, CommandContextListener {

  /** The window process; its id is assigned after parsing, so it is read when a command closes. */
  private final ProcessDefinitionImpl definition;

  private final WindowSchedule schedule;

  WindowTimers(ProcessDefinitionImpl definition, WindowSchedule schedule) {
    this.definition = definition;
    this.schedule = schedule;
  }

  /** Sets the due dates of the timers the current command creates, when it closes. */
  void onThisCommand() {
    CommandContext command = Context.getCommandContext();
    if (command != null) {
      command.registerCommandContextListener(this);
    }
  }

  @Override
  public void notify(DelegateExecution execution) {
    onThisCommand();
  }

  @Override
  public void onCommandContextClose(CommandContext command) {
    List<CachedDbEntity> cache = command.getDbEntityManager().getDbEntityCache().getCachedEntities();
    for (CachedDbEntity cached : cache) {
      if (cached.getEntityState() == DbEntityState.TRANSIENT
          && cached.getEntity() instanceof TimerEntity timer
          && definition.getId() != null
          && definition.getId().equals(timer.getProcessDefinitionId())) {
        String handler = timer.getJobHandlerType();
        if (TimerStartEventJobHandler.TYPE.equals(handler)) {
          timer.setDuedate(Date.from(schedule.nextOpening(ClockUtil.now().toInstant())));
        } else if (TimerCatchIntermediateEventJobHandler.TYPE.equals(handler)
            && Ids.WINDOW_WAIT.equals(timer.getActivityId())) {
          timer.setDuedate(Date.from(schedule.closing(ClockUtil.now().toInstant())));
        }
      }
    }
  }

  @Override
  public void onCommandFailed(CommandContext command, Throwable cause) {
    // nothing was created that needs a due date
  }
}
