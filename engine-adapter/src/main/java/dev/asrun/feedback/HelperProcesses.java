package dev.asrun.feedback;

import dev.asrun.query.RunSummary;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * The small processes the plugin deploys for itself ({@code asrun-confirmation}, {@code
 * asrun-signature}: each one user task whose built-in listener does the plugin's work; {@code
 * asrun-confirmation-expiry}, an hourly timer). Their keys start with {@value #KEY_PREFIX}, which
 * no procedure id can (a hyphen is not allowed in one).
 */
public final class HelperProcesses {

  /** What the keys of the helper processes start with. */
  public static final String KEY_PREFIX = "asrun-";

  private HelperProcesses() {}

  /** Whether {@code key} is a helper process's, not a procedure's. */
  public static boolean isHelper(String key) {
    return key.startsWith(KEY_PREFIX);
  }

  /** Deploys the process {@code key}, unless the same BPMN is deployed already. */
  public static void deploy(ProcessEngine engine, String key, String bpmn) {
    engine
        .getRepositoryService()
        .createDeployment()
        .name(key)
        .source("asrun")
        .enableDuplicateFiltering(false)
        .addString(key + ".bpmn", bpmn)
        .deploy();
  }

  /**
   * A parse listener that puts {@code listener} on the create and complete events of the user task
   * {@code taskId} of process {@code key}.
   */
  public static BpmnParseListener onUserTask(String key, String taskId, TaskListener listener) {
    return new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        if (!isActivity(activity, key, taskId)
            || !(activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask)) {
          return;
        }
        userTask
            .getTaskDefinition()
            .addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, listener);
        userTask
            .getTaskDefinition()
            .addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, listener);
      }
    };
  }

  /** Whether {@code activity} is the activity {@code activityId} of process {@code key}. */
  static boolean isActivity(ActivityImpl activity, String key, String activityId) {
    return activity.getProcessDefinition() instanceof ProcessDefinitionEntity definition
        && key.equals(definition.getKey())
        && activityId.equals(activity.getId());
  }

  /**
   * Where the run ran, for a task's name: {@code " (equipment, location)"}, or empty when the run
   * says neither.
   */
  public static String where(RunSummary run) {
    List<String> where =
        Stream.of(run.context().equipmentId(), run.context().location())
            .flatMap(Optional::stream)
            .toList();
    return where.isEmpty() ? "" : " (" + String.join(", ", where) + ")";
  }
}
