package dev.asrun.monitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * What the monitor needs of one deployed procedure, read once from its BPMN (see {@code
 * docs/procedures.md}): its steps by observable action, its trigger actions, its time window and
 * its location and equipment restrictions.
 *
 * @param procedureId the procedure (process key)
 * @param stepsByAction the ids of the steps detected by each action (groups have no action)
 * @param duringActions the actions that trigger the procedure ({@code asrun.during_action})
 * @param windowed whether a time window triggers it ({@code asrun.window_start})
 * @param location the location it is restricted to, if any
 * @param equipment the equipment it is restricted to (empty: any)
 */
record Template(
    String procedureId,
    Map<String, List<String>> stepsByAction,
    Set<String> duringActions,
    boolean windowed,
    Optional<String> location,
    Set<String> equipment) {

  static final String MANUAL_START = "asrun-start";
  static final String ACTION_START_PREFIX = "asrun-on-";

  /** The template of {@code processKey} in {@code model}, if it is a compiled procedure. */
  static Optional<Template> of(BpmnModelInstance model, String processKey) {
    Process process = model.getModelElementById(processKey);
    if (process == null) {
      return Optional.empty();
    }
    Map<String, List<String>> processProperties = properties(process);
    if (!processProperties.containsKey("asrun.schema")) {
      return Optional.empty();
    }
    Map<String, List<String>> stepsByAction = new LinkedHashMap<>();
    Collection<FlowNode> nodes = model.getModelElementsByType(FlowNode.class);
    for (FlowNode node : nodes) {
      first(properties(node), "asrun.action")
          .ifPresent(
              action -> stepsByAction.computeIfAbsent(action, a -> new ArrayList<>()).add(node.getId()));
    }
    return Optional.of(
        new Template(
            processKey,
            stepsByAction,
            new LinkedHashSet<>(processProperties.getOrDefault("asrun.during_action", List.of())),
            processProperties.containsKey("asrun.window_start"),
            first(processProperties, "asrun.location"),
            new LinkedHashSet<>(processProperties.getOrDefault("asrun.equipment", List.of()))));
  }

  Template {
    stepsByAction = Map.copyOf(stepsByAction);
    duringActions = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(duringActions));
    equipment = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(equipment));
  }

  /** The steps {@code action} detects. */
  List<String> steps(String action) {
    return stepsByAction.getOrDefault(action, List.of());
  }

  /** Whether the procedure is watched without a trigger: no time window, no trigger action. */
  boolean alwaysWatched() {
    return !windowed && duringActions.isEmpty();
  }

  /**
   * Whether an observation in {@code context} may trigger or start the procedure: its location and
   * equipment restrictions, where both the procedure and the observation name one.
   */
  boolean admits(ObservationContext context) {
    boolean locationOk =
        location.isEmpty() || context.location().map(location.get()::equals).orElse(true);
    boolean equipmentOk =
        equipment.isEmpty() || context.equipmentId().map(equipment::contains).orElse(true);
    return locationOk && equipmentOk;
  }

  private static Optional<String> first(Map<String, List<String>> properties, String name) {
    return Optional.ofNullable(properties.get(name)).map(values -> values.get(0));
  }

  /** An element's camunda properties by name, in order (a name may repeat). */
  private static Map<String, List<String>> properties(BaseElement element) {
    Map<String, List<String>> properties = new HashMap<>();
    if (element.getExtensionElements() == null) {
      return properties;
    }
    for (CamundaProperties group :
        element.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
      for (CamundaProperty property : group.getCamundaProperties()) {
        if (property.getCamundaName() != null && property.getCamundaValue() != null) {
          properties
              .computeIfAbsent(property.getCamundaName(), n -> new ArrayList<>())
              .add(property.getCamundaValue());
        }
      }
    }
    return properties;
  }
}
