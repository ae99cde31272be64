package dev.asrun.query;

import java.util.Objects;
import java.util.Optional;

/**
 * One difference between what was written and what was done (seed 7.1, 7.2).
 *
 * @param type the kind: {@code omission}, {@code addition}, {@code reordering}, {@code repeat},
 *     {@code timeout}, {@code check_failed}, {@code out_of_limits}
 * @param expectedStep the step the procedure expected, if the deviation concerns one
 * @param actualStep the step that was done instead, if any
 */
public record Deviation(String type, Optional<String> expectedStep, Optional<String> actualStep) {

  public Deviation {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(expectedStep, "expectedStep");
    Objects.requireNonNull(actualStep, "actualStep");
  }
}
