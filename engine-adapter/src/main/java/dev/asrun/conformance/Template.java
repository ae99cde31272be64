package dev.asrun.conformance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
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

/**
 * The expected behaviour of one deployed procedure, read from its BPMN alone (so it works for any
 * deployed version): the block structure of its steps ({@link Shape}) and what each step expects.
 *
 * <p>How the compiler's constructs are recognized (see {@code docs/procedures.md}):
 *
 * <ul>
 *   <li>a step is an activity carrying the {@code asrun.step_type} property; a {@code group} step is
 *       an expanded subprocess whose inside is walked in turn, and that is not itself a step;
 *   <li>the flow is walked from the start event {@code asrun-start} (or the scope's start event),
 *       through merging gateways and unnamed subprocesses (the procedure timeout's {@code
 *       asrun-run}) to the end event; boundary timers are not part of the expected path;
 *   <li>a parallel gateway with several outgoing flows opens an any-order block closed by the
 *       parallel gateway its branches meet at; the branches are taken in the order of the split's
 *       outgoing flows, which is the written order;
 *   <li>an exclusive gateway with a default flow is a condition ({@code <step>-when}): the default
 *       flow bypasses the block on the other flow up to the default flow's target ({@code
 *       <step>-when-join}).
 * </ul>
 *
 * Positions are 1-based in written order: the steps depth first in TOML order, groups not counted.
 */
public final class Template {

  static final String STEP_TYPE = "asrun.step_type";
  static final String GROUP = "group";

  private final String procedureId;
  private final Shape root;
  private final Map<String, StepSpec> steps;
  private final Set<String> groups;

  private Template(String procedureId, Shape root, Map<String, StepSpec> steps, Set<String> groups) {
    this.procedureId = procedureId;
    this.root = root;
    this.steps = steps;
    this.groups = groups;
  }

  /**
   * The template of the procedure in {@code model} (the process carrying {@code asrun.schema}).
   *
   * @throws IllegalArgumentException if the model holds no compiled procedure, or its flow has a
   *     shape the compiler never writes (named in the message)
   */
  public static Template of(BpmnModelInstance model) {
    Process process = model.getModelElementsByType(Process.class).stream()
        .filter(p -> properties(p).containsKey("asrun.schema"))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "the BPMN holds no compiled procedure (no process with the property asrun.schema)"));
    Reader reader = new Reader(process.getId());
    Shape root = new Shape.Sequence(reader.scope(process, Set.of()));
    return new Template(process.getId(), root, reader.steps, reader.groups);
  }

  /** The procedure (process key). */
  public String procedureId() {
    return procedureId;
  }

  /** The steps in written order. */
  public List<StepSpec> steps() {
    return List.copyOf(steps.values());
  }

  /** The step {@code id}, if the template has it. */
  public Optional<StepSpec> step(String id) {
    return Optional.ofNullable(steps.get(id));
  }

  /** Whether {@code id} is a group step of the template. */
  public boolean isGroup(String id) {
    return groups.contains(id);
  }

  Shape shape() {
    return root;
  }

  /**
   * A step as the template expects it.
   *
   * @param id the step id
   * @param position 1-based, in written order
   * @param type {@code action}, {@code check}, {@code record} or {@code wait}
   * @param optional whether leaving it out is no deviation (itself or a group around it optional)
   * @param when the condition written on it or on a group around it, if any
   * @param check what a check step expects its variable to be
   * @param limits the number fields it records with a minimum or maximum
   */
  public record StepSpec(
      String id,
      int position,
      String type,
      boolean optional,
      Optional<String> when,
      Optional<Check> check,
      List<Limit> limits) {
    public StepSpec {
      limits = List.copyOf(limits);
    }
  }

  /** A check step's expectation: {@code variable} is {@code expect}. */
  public record Check(String variable, boolean expect) {}

  /** A number field's limits (either may be absent) and unit. */
  public record Limit(
      String variable, Optional<BigDecimal> min, Optional<BigDecimal> max, Optional<String> unit) {}

  /** Walks one procedure's flow. */
  private static final class Reader {
    private final String procedureId;
    private final Map<String, StepSpec> steps = new LinkedHashMap<>();
    private final Set<String> groups = new HashSet<>();
    private final Set<String> visited = new HashSet<>();

    Reader(String procedureId) {
      this.procedureId = procedureId;
    }

    /** The parts of a scope (process or subprocess), from its start event to its end event. */
    List<Shape> scope(BaseElement scope, Set<String> inherited) {
      Collection<StartEvent> starts = scope.getChildElementsByType(StartEvent.class);
      StartEvent start = starts.stream().filter(s -> "asrun-start".equals(s.getId())).findFirst()
          .or(() -> starts.stream().findFirst())
          .orElseThrow(() -> shape(scope.getId(), "has no start event"));
      Walk walk = walk(start, null, inherited);
      if (walk.stoppedAt() != null) {
        throw shape(walk.stoppedAt().getId(), "joins branches that no gateway split");
      }
      return walk.parts();
    }

    /**
     * The parts from {@code node} up to {@code stop} (exclusive), an end event, or a parallel
     * gateway joining branches (returned as where the walk stopped).
     *
     * @param inherited what groups around these parts pass on: {@code optional}, {@code when:<text>}
     */
    Walk walk(FlowNode node, FlowNode stop, Set<String> inherited) {
      List<Shape> parts = new ArrayList<>();
      FlowNode current = node;
      while (current != stop) {
        if (!visited.add(current.getId())) {
          throw shape(current.getId(), "is reached twice (a loop or a merge the compiler never writes)");
        }
        Map<String, String> properties = properties(current);
        Collection<SequenceFlow> outgoing = current.getOutgoing();
        if (properties.containsKey(STEP_TYPE)) {
          parts.add(step(current, properties, inherited));
        } else if (current instanceof SubProcess sub) {
          parts.addAll(scope(sub, inherited));
        } else if (current instanceof ParallelGateway && outgoing.size() > 1) {
          List<Shape> branches = new ArrayList<>();
          FlowNode join = null;
          for (SequenceFlow flow : outgoing) {
            Walk branch = walk(flow.getTarget(), null, inherited);
            if (branch.stoppedAt() == null || (join != null && join != branch.stoppedAt())) {
              throw shape(current.getId(), "splits into branches that do not meet at one join");
            }
            join = branch.stoppedAt();
            branches.add(new Shape.Sequence(branch.parts()));
          }
          parts.add(new Shape.AnyOrder(branches));
          current = join;
        } else if (current instanceof ExclusiveGateway gateway && outgoing.size() > 1) {
          parts.add(condition(gateway, inherited));
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

    private Shape condition(ExclusiveGateway gateway, Set<String> inherited) {
      SequenceFlow bypass = gateway.getDefault();
      List<SequenceFlow> taken = gateway.getOutgoing().stream().filter(f -> f != bypass).toList();
      if (bypass == null || taken.size() != 1) {
        throw shape(gateway.getId(), "is an exclusive split that is not a condition with one"
            + " conditional flow and a default bypass");
      }
      FlowNode join = bypass.getTarget();
      String stepId = taken.get(0).getTarget().getId();
      Optional<String> when = Optional.ofNullable(properties(taken.get(0).getTarget())
          .get("asrun.when"));
      Set<String> inside = new HashSet<>(inherited);
      when.ifPresent(w -> inside.add("when:" + w));
      Walk body = walk(taken.get(0).getTarget(), join, inside);
      visited.remove(join.getId());
      return new Shape.When(stepId, new Shape.Sequence(body.parts()));
    }

    private Shape step(FlowNode node, Map<String, String> properties, Set<String> inherited) {
      String id = node.getId();
      String type = properties.get(STEP_TYPE);
      Set<String> passed = new HashSet<>(inherited);
      if ("true".equals(properties.get("asrun.optional"))) {
        passed.add("optional");
      }
      if (GROUP.equals(type)) {
        if (!(node instanceof SubProcess group)) {
          throw shape(id, "is a group step but not a subprocess");
        }
        groups.add(id);
        return new Shape.Sequence(scope(group, passed));
      }
      Optional<String> when = Optional.ofNullable(properties.get("asrun.when"))
          .or(() -> passed.stream().filter(s -> s.startsWith("when:")).findFirst()
              .map(s -> s.substring("when:".length())));
      Optional<Check> check = Optional.ofNullable(properties.get("asrun.variable"))
          .filter(v -> "check".equals(type))
          .map(v -> new Check(v, !"false".equals(properties.get("asrun.expect"))));
      steps.put(id, new StepSpec(id, steps.size() + 1, type, passed.contains("optional"), when,
          check, limits(node)));
      return new Shape.Step(id);
    }

    private FlowNode next(FlowNode node) {
      Collection<SequenceFlow> outgoing = node.getOutgoing();
      if (outgoing.size() != 1) {
        throw shape(node.getId(), "has " + outgoing.size() + " outgoing flows where one was expected");
      }
      return outgoing.iterator().next().getTarget();
    }

    private IllegalArgumentException shape(String elementId, String problem) {
      return new IllegalArgumentException("procedure " + procedureId + ": element " + elementId
          + " " + problem + "; only BPMN compiled by toml-to-bpmn has a template");
    }
  }

  /** The parts walked, and the joining parallel gateway the walk stopped at, if any. */
  private record Walk(List<Shape> parts, FlowNode stoppedAt) {}

  /** The number fields of a record step's form that have limits. */
  private static List<Limit> limits(BaseElement element) {
    List<Limit> limits = new ArrayList<>();
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions == null) {
      return limits;
    }
    for (CamundaFormData form : extensions.getChildElementsByType(CamundaFormData.class)) {
      for (CamundaFormField field : form.getCamundaFormFields()) {
        Map<String, String> props = new HashMap<>();
        if (field.getCamundaProperties() != null) {
          for (CamundaProperty p : field.getCamundaProperties().getCamundaProperties()) {
            if (p.getCamundaId() != null && p.getCamundaValue() != null) {
              props.put(p.getCamundaId(), p.getCamundaValue());
            }
          }
        }
        Optional<BigDecimal> min = decimal(props.get("asrun.min"));
        Optional<BigDecimal> max = decimal(props.get("asrun.max"));
        if ("number".equals(props.get("asrun.type")) && (min.isPresent() || max.isPresent())) {
          limits.add(new Limit(field.getCamundaId(), min, max,
              Optional.ofNullable(props.get("asrun.unit"))));
        }
      }
    }
    return limits;
  }

  private static Optional<BigDecimal> decimal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The element's {@code camunda:property} entries with a name and a value. */
  static Map<String, String> properties(BaseElement element) {
    Map<String, String> properties = new HashMap<>();
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions == null) {
      return properties;
    }
    for (CamundaProperties group : extensions.getChildElementsByType(CamundaProperties.class)) {
      for (CamundaProperty property : group.getCamundaProperties()) {
        if (property.getCamundaName() != null && property.getCamundaValue() != null) {
          properties.put(property.getCamundaName(), property.getCamundaValue());
        }
      }
    }
    return properties;
  }
}
