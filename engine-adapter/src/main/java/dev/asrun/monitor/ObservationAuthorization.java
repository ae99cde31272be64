package dev.asrun.monitor;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * What an observation's reporter (the engine's current authentication) may cause, asked of the
 * engine's own command checkers, so the grants are Camunda's and an admin gives them in Camunda
 * Admin. The same checks Tasklist and the REST API meet: working a task ({@code TASK_WORK} or
 * {@code UPDATE} on the task, which the engine grants its assignee and candidates, or {@code
 * TASK_WORK} / {@code UPDATE_TASK} on the definition), starting a run ({@code CREATE} on process
 * instances and {@code CREATE_INSTANCE} on the definition), moving a run on ({@code UPDATE} on the
 * instance or {@code UPDATE_INSTANCE} on the definition), reading a procedure's record ({@code
 * READ_HISTORY} on the definition). Without authorization enabled on the engine, for Camunda
 * admins, and for code running without an authenticated user, everything is allowed, as the
 * checkers decide.
 */
final class ObservationAuthorization {

  private final CommandContext command;

  ObservationAuthorization(CommandContext command) {
    this.command = command;
  }

  boolean mayWork(TaskEntity task) {
    return allowed(checker -> checker.checkTaskWork(task));
  }

  boolean mayStart(ProcessDefinition definition) {
    return allowed(checker -> checker.checkCreateProcessInstance(definition));
  }

  boolean mayMoveOn(ExecutionEntity instance) {
    return allowed(checker -> checker.checkUpdateProcessInstance(instance));
  }

  /**
   * Whether the answer may name the procedure and its runs, and an observation may name one of its
   * runs: {@code READ_HISTORY} on the definition, as reading the record needs (the engine's
   * checker takes the definition's key, the resource id of such grants).
   */
  boolean mayRead(ProcessDefinition definition) {
    return allowed(checker -> checker.checkReadHistoryProcessDefinition(definition.getKey()));
  }

  private boolean allowed(Check check) {
    try {
      for (CommandChecker checker : command.getProcessEngineConfiguration().getCommandCheckers()) {
        check.on(checker);
      }
      return true;
    } catch (AuthorizationException e) {
      return false;
    }
  }

  private interface Check {
    void on(CommandChecker checker);
  }
}
