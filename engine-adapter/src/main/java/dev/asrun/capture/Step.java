package dev.asrun.capture;

import dev.asrun.contract.StepHeader;
import java.time.Duration;
import java.util.List;

/**
 * A step of a procedure as compiled: a BPMN activity carrying {@code asrun.step_type}, read by the
 * parse listener through the procedure contract ({@link StepHeader}).
 *
 * @param id the step id (the activity id)
 * @param header what the step's properties say: its type, a wait's duration, a call's procedure
 * @param fields the ids of the step's own form fields: what the executor records (a check's
 *     variable, a record's fields), without the outcome fields ({@code asrun_*})
 */
record Step(String id, StepHeader header, List<String> fields) {

  Step {
    fields = List.copyOf(fields);
  }

  /** The step's type as the record names it. */
  String type() {
    return header.type().value();
  }

  /** A wait step's duration (ISO-8601, as the BPMN writes it), else {@code null}. */
  String duration() {
    return header.duration().map(Duration::toString).orElse(null);
  }

  /** The procedure a step calls, else {@code null}. */
  String reference() {
    return header.reference().orElse(null);
  }
}
