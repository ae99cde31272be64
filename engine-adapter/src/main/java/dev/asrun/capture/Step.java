package dev.asrun.capture;

import dev.asrun.contract.StepType;
import java.util.List;
import java.util.Optional;

/**
 * A step of a procedure as compiled: a BPMN activity carrying {@code asrun.step_type}, read by the
 * parse listener under the procedure contract's names ({@link dev.asrun.contract.Property}).
 *
 * @param id the step id (the activity id)
 * @param type what kind of step it is
 * @param duration a wait step's duration, as the BPMN writes it
 * @param reference the procedure a step calls, if it calls one
 * @param fields the ids of the step's own form fields: what the executor records (a check's
 *     variable, a record's fields), without the outcome fields ({@code asrun_*})
 */
record Step(
    String id,
    StepType type,
    Optional<String> duration,
    Optional<String> reference,
    List<String> fields) {

  Step {
    fields = List.copyOf(fields);
  }
}
