package dev.asrun.examples.scenarios;

import dev.asrun.log.EventSource;
import java.util.Map;

/** One thing an executor, a sensor or the clock does while a step of a run is open. */
sealed interface Move {

  /** Submits the step's Tasklist form: the procedure's clean values with these over them. */
  record Submit(Map<String, Object> values) implements Move {}

  /** Submits the step's form marked skipped, with the reason. */
  record Skip(String reason) implements Move {}

  /**
   * Reports an observation of {@code action}: the open step's own action, a later step's, one
   * done already, or one the procedure does not have.
   */
  record Observe(String action, EventSource source) implements Move {}

  /** Makes the open step's timeout timer due now and fires it: the step is overdue. */
  record Overdue() implements Move {}

  /** Makes the procedure's timeout timer due now and fires it: the run is aborted. */
  record Timeout() implements Move {}

  /**
   * An administrator moves the run to {@code step} in Cockpit: a process instance modification
   * that starts before {@code step} and cancels the open step.
   */
  record MoveTo(String step) implements Move {}

  /**
   * Whether the step is left after this move, so that the scenario's later moves at it are for
   * its next opening.
   */
  default boolean leavesTheStep() {
    return this instanceof Submit || this instanceof Skip || this instanceof MoveTo;
  }
}
