package dev.asrun.compiler.model;

import dev.asrun.compiler.condition.Condition;
import dev.asrun.contract.GroupOrder;
import dev.asrun.contract.StepType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a procedure. Which components are meaningful depends on {@link #type()}: {@code
 * variable}/{@code expect} for checks, {@code fields} for records, {@code duration} for waits,
 * {@code order}/{@code steps} for groups; the validator guarantees the rest are empty.
 *
 * @param action the observable action that detects this step (defaults to the id)
 * @param executorGroups the candidate groups, already defaulted from the procedure or group
 * @param optional whether skipping it is not a deviation (inherited from an optional group)
 */
public record Step(
    String id,
    String name,
    StepType type,
    String action,
    Optional<String> instructions,
    boolean optional,
    Optional<Duration> timeout,
    List<String> executorGroups,
    Optional<Condition> when,
    Optional<String> reference,
    Optional<String> variable,
    boolean expect,
    List<Field> fields,
    Optional<Duration> duration,
    GroupOrder order,
    List<Step> steps) {

  public Step {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(order, "order");
    executorGroups = List.copyOf(executorGroups);
    fields = List.copyOf(fields);
    steps = List.copyOf(steps);
  }

  /** The variables this step records when done: a check's variable, a record's fields. */
  public List<String> recordedVariables() {
    return switch (type) {
      case CHECK -> List.of(variable.orElse(id));
      case RECORD -> fields.stream().map(Field::variable).toList();
      case GROUP -> steps.stream().flatMap(s -> s.recordedVariables().stream()).toList();
      case ACTION, WAIT -> List.of();
    };
  }

  /** The steps and every step nested in groups below them, depth first, in written order. */
  public static List<Step> flatten(List<Step> steps) {
    List<Step> all = new ArrayList<>();
    for (Step step : steps) {
      all.add(step);
      all.addAll(flatten(step.steps()));
    }
    return all;
  }
}
