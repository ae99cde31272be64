package dev.asrun.query;

import java.util.Locale;

/**
 * Where a run is in its lifecycle (seed 3.1): {@code triggered -> active -> completed | aborted}.
 */
public enum RunStatus {
  /** Its trigger fired (a start, a time window, an action); no step has been detected yet. */
  TRIGGERED,
  /** Its first step was detected; it is being worked. */
  ACTIVE,
  /** It reached its end. */
  COMPLETED,
  /** It ended early: cancelled, timed out or deleted. */
  ABORTED;

  /** The name in the index, the API and JSON: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the run has ended. */
  public boolean isFinal() {
    return this == COMPLETED || this == ABORTED;
  }

  /**
   * The status named {@code name} (lower case, as in the API).
   *
   * @throws IllegalArgumentException naming the valid names, if {@code name} is none of them
   */
  public static RunStatus fromWireName(String name) {
    for (RunStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown run status '" + name + "'; valid: triggered, active, completed, aborted");
  }
}
