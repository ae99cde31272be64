package dev.asrun.conformance;

import dev.asrun.contract.FieldType;
import dev.asrun.contract.GroupOrder;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.contract.StepType;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The expected behaviour of one deployed procedure, read from its BPMN alone (so it works for any
 * deployed version) by the procedure contract's reader ({@link ProcedureDefinition}): the block
 * structure of its steps ({@link Shape}) and what each step expects. A step with a condition is a
 * {@link Shape.When} block; an {@code any} group of several steps an {@link Shape.AnyOrder} block
 * of one branch per step; a group is not itself a step, its steps inherit its condition and its
 * being optional.
 *
 * <p>Positions are 1-based in written order: the steps depth first in TOML order, groups not
 * counted.
 */
public final class Template {

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
   * The template of {@code procedure}, as the contract's reader read it from its BPMN.
   *
   * @throws IllegalArgumentException if its flow has a shape the compiler never writes (named in
   *     the message)
   */
  public static Template of(ProcedureDefinition procedure) {
    Builder builder = new Builder();
    Shape root = new Shape.Sequence(procedure.steps().stream()
        .map(step -> builder.shape(step, false, Optional.empty())).toList());
    return new Template(procedure.id(), root, builder.steps, builder.groups);
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

  /** Builds the shape and the step expectations from the compiled steps, in written order. */
  private static final class Builder {
    private final Map<String, StepSpec> steps = new LinkedHashMap<>();
    private final Set<String> groups = new HashSet<>();

    /**
     * The shape of {@code step}, recording the steps in it.
     *
     * @param optional whether a group around it is optional
     * @param when the condition of the nearest group around it that has one
     */
    Shape shape(ProcedureDefinition.Step step, boolean optional, Optional<String> when) {
      boolean isOptional = optional || step.header().optional();
      Optional<String> condition = step.header().when().or(() -> when);
      Shape body;
      if (step.type() == StepType.GROUP) {
        groups.add(step.id());
        List<Shape> parts = step.steps().stream()
            .map(child -> shape(child, isOptional, condition)).toList();
        body = new Shape.Sequence(step.header().order() == GroupOrder.ANY && parts.size() > 1
            ? List.of(new Shape.AnyOrder(
                parts.stream().map(part -> (Shape) new Shape.Sequence(List.of(part))).toList()))
            : parts);
      } else {
        steps.put(step.id(), new StepSpec(step.id(), steps.size() + 1, step.type().value(),
            isOptional, condition,
            step.header().check().map(check -> new Check(check.variable(), check.expect())),
            limits(step)));
        body = new Shape.Step(step.id());
      }
      return step.header().when().isPresent()
          ? new Shape.When(step.id(), new Shape.Sequence(List.of(body)))
          : body;
    }
  }

  /** The number fields the step records that have limits. */
  private static List<Limit> limits(ProcedureDefinition.Step step) {
    return step.fields().stream()
        .filter(f -> f.type() == FieldType.NUMBER && (f.min().isPresent() || f.max().isPresent()))
        .map(f -> new Limit(f.variable(), f.min(), f.max(), f.unit()))
        .toList();
  }
}
