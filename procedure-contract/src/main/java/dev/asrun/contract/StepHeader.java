package dev.asrun.contract;

import dev.asrun.contract.ProcedureDefinition.Check;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step's own properties say of it (a {@link ProcedureDefinition.Step} adds its name, its
 * form's fields and a group's steps); also for a reader that has the activity's properties but no
 * model instance (the engine adapter's parse listener).
 *
 * @param action the observable action that detects it; empty for a group
 * @param optional whether leaving it out is no deviation
 * @param when the condition it runs under, as written
 * @param timeout its limit
 * @param reference the procedure it calls
 * @param duration a wait step's duration
 * @param check a check step's expectation
 * @param order a group's order ({@link GroupOrder#SEQUENCE} for every other step)
 */
public record StepHeader(
    StepType type,
    Optional<String> action,
    boolean optional,
    Optional<String> when,
    Optional<Duration> timeout,
    Optional<String> reference,
    Optional<Duration> duration,
    Optional<Check> check,
    GroupOrder order) {

  public StepHeader {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(order, "order");
  }

  /**
   * The header in an activity's properties (each name with its values in written order); empty
   * when they do not mark a step ({@link Property#STEP_TYPE}).
   *
   * @throws IllegalArgumentException if a value is not what the compiler writes (naming the step,
   *     the property and the value)
   */
  public static Optional<StepHeader> of(String stepId, Map<String, List<String>> properties) {
    Properties read = new Properties("step " + stepId, properties);
    Optional<String> written = read.first(Property.STEP_TYPE);
    if (written.isEmpty()) {
      return Optional.empty();
    }
    StepType type = read.parse(Property.STEP_TYPE, written.get(),
        "one of action, check, record, wait, group", StepType::of);
    Optional<Check> check = Optional.empty();
    if (type == StepType.CHECK) {
      String variable = read.first(Property.VARIABLE)
          .orElseThrow(() -> read.missing(Property.VARIABLE, "on a check step"));
      check = Optional.of(new Check(variable, read.bool(Property.EXPECT)
          .orElseThrow(() -> read.missing(Property.EXPECT, "on a check step"))));
    }
    return Optional.of(new StepHeader(
        type,
        read.first(Property.ACTION),
        read.flag(Property.OPTIONAL),
        read.first(Property.WHEN),
        read.duration(Property.TIMEOUT),
        read.first(Property.REFERENCE),
        read.duration(Property.DURATION),
        check,
        read.first(Property.ORDER)
            .map(o -> read.parse(Property.ORDER, o, "sequence or any", GroupOrder::of))
            .orElse(GroupOrder.SEQUENCE)));
  }
}
