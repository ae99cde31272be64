package dev.asrun.compiler.model;

import dev.asrun.contract.FieldType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A value a {@code record} step asks for. {@code min}/{@code max} are limits: a value outside
 * them is recorded as an {@code out_of_limits} deviation, never refused.
 */
public record Field(
    String variable,
    String label,
    FieldType type,
    boolean required,
    Optional<BigDecimal> min,
    Optional<BigDecimal> max,
    Optional<String> unit,
    List<String> values) {

  public Field {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
  }
}
