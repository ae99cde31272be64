package dev.asrun.query;

import java.util.Objects;

/**
 * A procedure's lifecycle state (seed 3.1) as its runs make it: {@code active} while a run of it is
 * being worked, else {@code triggered} while a run waits for its first step, else {@code inactive}.
 *
 * @param procedureId the procedure
 * @param triggered how many of its runs are triggered
 * @param active how many of its runs are active
 */
public record ProcedureLifecycle(String procedureId, long triggered, long active) {

  /** A procedure's state, named in lower case in the API. */
  public enum State {
    INACTIVE,
    TRIGGERED,
    ACTIVE
  }

  public ProcedureLifecycle {
    Objects.requireNonNull(procedureId, "procedureId");
  }

  /**
   * {@code ACTIVE} if a run is active, else {@code TRIGGERED} if one is triggered, else {@code
   * INACTIVE}.
   */
  public State state() {
    if (active > 0) {
      return State.ACTIVE;
    }
    return triggered > 0 ? State.TRIGGERED : State.INACTIVE;
  }
}
