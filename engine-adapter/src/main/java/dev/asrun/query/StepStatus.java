package dev.asrun.query;

import java.util.Locale;

/** Where one attempt at a step stands. */
public enum StepStatus {
  /** Started (its task is open), not yet done or skipped. */
  STARTED,
  /** Started and past its timeout, not yet done or skipped. */
  OVERDUE,
  /** Done: the executor completed it, or an observation matched it. */
  DONE,
  /** Skipped by the executor, with a reason. */
  SKIPPED,
  /**
   * Passed over: the run moved on to a later step observed before this one was (an observation's
   * {@code not_seen} outcome).
   */
  NOT_SEEN,
  /**
   * Cancelled by the engine before it was done: by an operator's modification, the run's
   * cancellation, the procedure's timeout or an interrupting event.
   */
  CANCELLED,
  /** A step calling another procedure, whose called run aborted. */
  ABORTED;

  /** The name in the index, the API and JSON: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the attempt is still open. */
  public boolean isOpen() {
    return this == STARTED || this == OVERDUE;
  }

  /**
   * The status named {@code name} (lower case).
   *
   * @throws IllegalArgumentException naming the valid names, if {@code name} is none of them
   */
  public static StepStatus fromWireName(String name) {
    for (StepStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown step status '" + name + "'; valid: started, overdue, done, skipped, not_seen,"
            + " cancelled, aborted");
  }
}
