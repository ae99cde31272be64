package dev.asrun.capture;

import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandInvocationContext;

/**
 * Whether the running command is an operator's process instance modification: start before or
 * after an activity, cancel an activity instance or all instances of an activity, from Cockpit,
 * REST or the Java API, for one process instance ({@code ModifyProcessInstanceCmd}) or several at
 * once, synchronously or as a batch job ({@code ProcessInstanceModificationCmd}; the batch job runs
 * it through the command executor too). The engine's own use of modification (cancelling the call
 * activity of a deleted called instance) runs inside the deletion's command and counts as the
 * deletion.
 *
 * <p>What the modification did is read from its effects on the run (the activities that start and
 * end while it runs), not from the command's instructions, which Camunda keeps private. Effects
 * are what happened; they include what the instructions set off (a started activity's flow
 * continuing, a cancelled scope's children).
 */
final class Modifications {

  private Modifications() {}

  /**
   * Whether an operator's modification is running; the monitor moving a run on to an observed
   * step ({@link Observing#movingOn}) modifies the instance too, but is not an operator.
   */
  static boolean running() {
    CommandInvocationContext invocation = Context.getCommandInvocationContext();
    return invocation != null
        && Observing.movingOnTo().isEmpty()
        && (invocation.getCommand() instanceof ModifyProcessInstanceCmd
            || invocation.getCommand() instanceof ProcessInstanceModificationCmd);
  }
}
