package dev.asrun.monitor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.PvmTransition;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.runtime.ProcessInstanceModificationBuilder;

/**
 * The modification that moves a run on to an observed step, built from the run's execution tree so
 * that it keeps no token behind and loses none that may still come.
 *
 * <p>An open step passed over is cancelled together with every group (subprocess) around it that
 * the observed step lies after: the whole group ends, with its open steps and the tokens waiting at
 * its any-order join ({@code <group>-join}), which would otherwise wait forever. An open step in
 * the same group as the observed step keeps its group; a sibling branch of an any-order group
 * is not passed over at all (it may still come). Where the observed step lies in a group the run
 * has not entered yet, the engine creates the group; the other branches of each any-order group
 * so created are started too, or their join would wait for them forever.
 */
final class MoveOn {

  private final ActivityImpl target;
  private final List<ExecutionEntity> executions;

  private MoveOn(ActivityImpl target, List<ExecutionEntity> executions) {
    this.target = target;
    this.executions = executions;
  }

  /**
   * Adds to {@code modification} what moving the run of {@code executions} on to {@code step}
   * takes: cancelling the {@code passedOver} steps (and the groups of theirs the step lies after),
   * continuing after the step, and starting the other branches of the any-order groups entered.
   */
  static ProcessInstanceModificationBuilder modification(
      ProcessInstanceModificationBuilder modification,
      List<ExecutionEntity> executions,
      String step,
      List<String> passedOver) {
    ExecutionEntity instance = executions.get(0);
    ActivityImpl target = instance.getProcessDefinition().findActivity(step);
    MoveOn moveOn = new MoveOn(target, executions);
    ProcessInstanceModificationBuilder built = modification;
    for (String cancelled : moveOn.cancelled(instance, passedOver)) {
      built = built.cancelAllForActivity(cancelled);
    }
    built = built.startAfterActivity(step);
    for (String branch : moveOn.otherBranches()) {
      built = built.startBeforeActivity(branch);
    }
    return built;
  }

  /**
   * For each open step passed over, the outermost of it and its groups that does not hold the
   * observed step: cancelling it ends what lies between the step and the observed one.
   */
  private Set<String> cancelled(ExecutionEntity instance, List<String> passedOver) {
    Set<String> cancelled = new LinkedHashSet<>();
    for (String open : passedOver) {
      ActivityImpl outermost = instance.getProcessDefinition().findActivity(open);
      for (ActivityImpl group = parent(outermost);
          group != null && !holds(group, target);
          group = parent(group)) {
        outermost = group;
      }
      cancelled.add(outermost.getId());
    }
    return cancelled;
  }

  /**
   * The entries of the branches beside the observed step's in each any-order group around it that
   * the run has not entered: the modification creates the group with the step's branch only.
   */
  private List<String> otherBranches() {
    List<String> entries = new ArrayList<>();
    for (ActivityImpl group = parent(target); group != null; group = parent(group)) {
      if (entered(group)) {
        break;
      }
      for (ActivityImpl split : group.getActivities()) {
        if (!"parallelGateway".equals(split.getProperty("type"))) {
          continue;
        }
        for (PvmTransition transition : split.getOutgoingTransitions()) {
          ActivityImpl entry = (ActivityImpl) transition.getDestination();
          if (split.getOutgoingTransitions().size() > 1 && entry != target
              && !holds(entry, target) && !Graph.reachable(entry, target.getId())) {
            entries.add(entry.getId());
          }
        }
      }
    }
    return entries;
  }

  /** Whether an execution of the run is in {@code group} (or is the group's own). */
  private boolean entered(ActivityImpl group) {
    for (ExecutionEntity execution : executions) {
      ActivityImpl activity = execution.getActivity();
      if (activity != null && (activity == group || holds(group, activity))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code activity} lies inside {@code group}, at any depth. */
  private static boolean holds(ActivityImpl group, ActivityImpl activity) {
    for (ActivityImpl scope = parent(activity); scope != null; scope = parent(scope)) {
      if (scope == group) {
        return true;
      }
    }
    return false;
  }

  /** The group (subprocess) {@code activity} lies directly in; none at the process's level. */
  private static ActivityImpl parent(ActivityImpl activity) {
    ScopeImpl scope = activity.getFlowScope();
    return scope instanceof ActivityImpl group ? group : null;
  }
}
