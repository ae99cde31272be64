package dev.asrun.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.pvm.PvmTransition;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;

/**
 * The order of a procedure's activities as the engine parsed them: what can come after an
 * activity, following sequence flows into groups (subprocesses, at their start events) and out of
 * them (a group's last activity continues after the group). Boundary events (timeouts) are not
 * followed: they are not the written order.
 */
final class Graph {

  private Graph() {}

  /** Whether {@code targetId} can come after {@code from}. */
  static boolean reachable(ActivityImpl from, String targetId) {
    Set<ActivityImpl> seen = new HashSet<>();
    Deque<ActivityImpl> queue = new ArrayDeque<>(successors(from));
    while (!queue.isEmpty()) {
      ActivityImpl next = queue.poll();
      if (!seen.add(next)) {
        continue;
      }
      if (next.getId().equals(targetId)) {
        return true;
      }
      queue.addAll(entries(next));
      queue.addAll(successors(next));
    }
    return false;
  }

  /**
   * The first activities with an id in {@code steps} met from {@code start}, not looking past
   * them.
   */
  static Set<String> firstSteps(ActivityImpl start, Set<String> steps) {
    Set<String> first = new LinkedHashSet<>();
    Set<ActivityImpl> seen = new HashSet<>();
    Deque<ActivityImpl> queue = new ArrayDeque<>(successors(start));
    while (!queue.isEmpty()) {
      ActivityImpl next = queue.poll();
      if (!seen.add(next)) {
        continue;
      }
      if (steps.contains(next.getId())) {
        first.add(next.getId());
        continue;
      }
      queue.addAll(entries(next));
      queue.addAll(successors(next));
    }
    return first;
  }

  /** What follows {@code activity}: its flows' targets, or after its scope when it has none. */
  private static List<ActivityImpl> successors(ActivityImpl activity) {
    List<ActivityImpl> next = new ArrayList<>();
    for (PvmTransition transition : activity.getOutgoingTransitions()) {
      next.add((ActivityImpl) transition.getDestination());
    }
    ScopeImpl scope = activity.getFlowScope();
    if (next.isEmpty() && scope instanceof ActivityImpl parent) {
      next.addAll(successors(parent));
    }
    return next;
  }

  /** The start events inside a group (subprocess); none for other activities. */
  private static List<ActivityImpl> entries(ActivityImpl activity) {
    List<ActivityImpl> starts = new ArrayList<>();
    for (ActivityImpl child : activity.getActivities()) {
      if ("startEvent".equals(child.getProperty("type"))) {
        starts.add(child);
      }
    }
    return starts;
  }
}
