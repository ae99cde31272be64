package dev.asrun.contract;

import dev.asrun.contract.ProcedureDefinition.Field;
import dev.asrun.contract.ProcedureDefinition.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormData;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaValue;

/**
 * Reads one compiled procedure's process: its properties, and its steps by walking the flow the
 * way the engine runs it, so the steps' order and grouping are the executed ones.
 *
 * <p>How the compiler's constructs are recognized (see {@code docs/procedures.md}):
 *
 * <ul>
 *   <li>a step is an activity carrying {@link Property#STEP_TYPE}; a group step is an expanded
 *       subprocess whose inside is walked in turn;
 *   <li>the flow is walked from the start event {@link Ids#MANUAL_START} (or the scope's start
 *       event), through merging gateways and the unnamed subprocess of the procedure timeout
 *       ({@link Ids#RUN}) to the end event; boundary timers are not on the path;
 *   <li>inside an {@code any} group, a parallel gateway with several outgoing flows splits into
 *       one branch per step, in the group's written order, which a parallel gateway joins;
 *   <li>an exclusive gateway with a default flow is a step's condition: its other flow leads to
 *       the step, the default flow bypasses it.
 * </ul>
 *
 * Anything else (a loop, a merge, an any-order split outside a group, a condition on no step) is
 * refused: only BPMN compiled by toml-to-bpmn is read.
 */
final class Reader {
  private final Process process;
  private final Set<String> visited = new HashSet<>();

  Reader(Process process) {
    this.process = process;
  }

  static boolean isProcedure(Process process) {
    return properties(process).containsKey(Property.SCHEMA);
  }

  ProcedureDefinition procedure() {
    ProcedureHeader header = ProcedureHeader.of(properties(process)).orElseThrow();
    List<Step> steps = steps(scope(process), process);
    return new ProcedureDefinition(
        process.getId(),
        Optional.ofNullable(process.getName()),
        Optional.ofNullable(process.getCamundaVersionTag()),
        header.domain(),
        header.timeout(),
        header.trigger(),
        header.signatures(),
        steps);
  }

  /** A step, or an any-order split's branches (each one step). */
  private sealed interface Part {}

  private record One(Step step) implements Part {}

  private record AnyOrder(FlowNode split, List<Step> branches) implements Part {}

  /** The parts walked, and the joining parallel gateway the walk stopped at, if any. */
  private record Walk(List<Part> parts, FlowNode stoppedAt) {}

  /** The parts of a scope (process or subprocess), from its start event to its end event. */
  private List<Part> scope(BaseElement scope) {
    Collection<StartEvent> starts = scope.getChildElementsByType(StartEvent.class);
    StartEvent start = starts.stream().filter(s -> Ids.MANUAL_START.equals(s.getId())).findFirst()
        .or(() -> starts.stream().findFirst())
        .orElseThrow(() -> refuse(scope.getId(), "has no start event"));
    Walk walk = walk(start, null, false);
    if (walk.stoppedAt() != null) {
      throw refuse(walk.stoppedAt().getId(), "joins branches that no gateway split");
    }
    return walk.parts();
  }

  /** The steps of a scope that is no any-order group: every part one step. */
  private List<Step> steps(List<Part> parts, BaseElement scope) {
    List<Step> steps = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof AnyOrder any) {
        throw refuse(any.split().getId(), "splits into any order outside an any-order group ("
            + scope.getId() + ")");
      }
      steps.add(((One) part).step());
    }
    return steps;
  }

  /**
   * The parts from {@code node} up to {@code stop} (exclusive), an end event, or a parallel
   * gateway joining branches (returned as where the walk stopped).
   *
   * @param conditional whether {@code node} is the target of a condition's flow
   */
  private Walk walk(FlowNode node, FlowNode stop, boolean conditional) {
    List<Part> parts = new ArrayList<>();
    FlowNode current = node;
    while (current != stop) {
      if (!visited.add(current.getId())) {
        throw refuse(current.getId(),
            "is reached twice (a loop or a merge the compiler never writes)");
      }
      Collection<SequenceFlow> outgoing = current.getOutgoing();
      Map<String, List<String>> properties = properties(current);
      if (properties.containsKey(Property.STEP_TYPE)) {
        boolean hasWhen = properties.containsKey(Property.WHEN);
        if (hasWhen != (conditional && current == node)) {
          throw refuse(current.getId(), hasWhen
              ? "has a condition but no exclusive gateway that bypasses it"
              : "is the target of a condition but has no " + Property.WHEN);
        }
        parts.add(new One(step(current, properties)));
      } else if (current instanceof SubProcess sub) {
        parts.addAll(scope(sub));
      } else if (current instanceof ParallelGateway && outgoing.size() > 1) {
        List<Step> branches = new ArrayList<>();
        FlowNode join = null;
        for (SequenceFlow flow : outgoing) {
          Walk branch = walk(flow.getTarget(), null, false);
          if (branch.stoppedAt() == null || (join != null && join != branch.stoppedAt())) {
            throw refuse(current.getId(), "splits into branches that do not meet at one join");
          }
          if (branch.parts().size() != 1 || !(branch.parts().get(0) instanceof One one)) {
            throw refuse(current.getId(), "splits into a branch that is not one step");
          }
          join = branch.stoppedAt();
          branches.add(one.step());
        }
        parts.add(new AnyOrder(current, branches));
        current = join;
      } else if (current instanceof ExclusiveGateway gateway && outgoing.size() > 1) {
        parts.add(new One(condition(gateway)));
        current = gateway.getDefault().getTarget();
      } else if (current instanceof ParallelGateway && current.getIncoming().size() > 1) {
        visited.remove(current.getId());
        return new Walk(parts, current);
      } else if (current instanceof EndEvent) {
        return new Walk(parts, null);
      }
      current = next(current);
    }
    return new Walk(parts, null);
  }

  /** The step a condition wraps: the target of its one conditional flow. */
  private Step condition(ExclusiveGateway gateway) {
    SequenceFlow bypass = gateway.getDefault();
    List<SequenceFlow> taken = gateway.getOutgoing().stream().filter(f -> f != bypass).toList();
    if (bypass == null || taken.size() != 1) {
      throw refuse(gateway.getId(), "is an exclusive split that is not a condition with one"
          + " conditional flow and a default bypass");
    }
    FlowNode join = bypass.getTarget();
    Walk body = walk(taken.get(0).getTarget(), join, true);
    visited.remove(join.getId());
    if (body.parts().size() != 1 || !(body.parts().get(0) instanceof One one)) {
      throw refuse(gateway.getId(), "is a condition on something that is not one step");
    }
    return one.step();
  }

  private Step step(FlowNode node, Map<String, List<String>> properties) {
    String id = node.getId();
    StepHeader header = StepHeader.of(id, properties).orElseThrow();
    List<Step> children = List.of();
    if (header.type() == StepType.GROUP) {
      if (!(node instanceof SubProcess group)) {
        throw refuse(id, "is a group step but not a subprocess");
      }
      List<Part> parts = scope(group);
      boolean any = header.order() == GroupOrder.ANY;
      if (any && parts.size() == 1 && parts.get(0) instanceof AnyOrder split) {
        children = split.branches();
      } else if (any && parts.size() > 1) {
        throw refuse(id, "is an any-order group whose steps do not split in parallel");
      } else {
        children = steps(parts, group);
      }
    }
    return new Step(id, Optional.ofNullable(node.getName()), header, fields(node), children);
  }

  /** The recorded fields of a step's form: those carrying {@link Property#FIELD_TYPE}. */
  private List<Field> fields(BaseElement element) {
    List<Field> fields = new ArrayList<>();
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions == null) {
      return fields;
    }
    for (CamundaFormData form : extensions.getChildElementsByType(CamundaFormData.class)) {
      for (CamundaFormField field : form.getCamundaFormFields()) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (field.getCamundaProperties() != null) {
          for (CamundaProperty p : field.getCamundaProperties().getCamundaProperties()) {
            if (p.getCamundaId() != null && p.getCamundaValue() != null) {
              values.computeIfAbsent(p.getCamundaId(), n -> new ArrayList<>())
                  .add(p.getCamundaValue());
            }
          }
        }
        Properties props = new Properties("step " + element.getId() + ", field "
            + field.getCamundaId(), values);
        Optional<String> type = props.first(Property.FIELD_TYPE);
        if (type.isEmpty()) {
          continue;
        }
        fields.add(new Field(
            field.getCamundaId(),
            props.parse(Property.FIELD_TYPE, type.get(),
                "one of string, number, boolean, date, enum", FieldType::of),
            props.flag(Property.REQUIRED),
            props.decimal(Property.MIN),
            props.decimal(Property.MAX),
            props.first(Property.UNIT),
            field.getCamundaValues().stream().map(CamundaValue::getCamundaId).toList()));
      }
    }
    return fields;
  }

  private FlowNode next(FlowNode node) {
    Collection<SequenceFlow> outgoing = node.getOutgoing();
    if (outgoing.size() != 1) {
      throw refuse(node.getId(), "has " + outgoing.size() + " outgoing flows where one was"
          + " expected");
    }
    return outgoing.iterator().next().getTarget();
  }

  private IllegalArgumentException refuse(String elementId, String problem) {
    return new IllegalArgumentException("procedure " + process.getId() + ": element " + elementId
        + " " + problem + "; only BPMN compiled by toml-to-bpmn is read");
  }

  /** The element's {@code camunda:property} entries with a name and a value, in written order. */
  static Map<String, List<String>> properties(BaseElement element) {
    Map<String, List<String>> properties = new LinkedHashMap<>();
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions == null) {
      return properties;
    }
    for (CamundaProperties group : extensions.getChildElementsByType(CamundaProperties.class)) {
      for (CamundaProperty property : group.getCamundaProperties()) {
        if (property.getCamundaName() != null && property.getCamundaValue() != null) {
          properties.computeIfAbsent(property.getCamundaName(), n -> new ArrayList<>())
              .add(property.getCamundaValue());
        }
      }
    }
    return properties;
  }
}
