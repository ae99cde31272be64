package dev.asrun.contract;

import java.util.List;

/**
 * The form fields and variables the compiler gives a run besides the ones a procedure records: a
 * step's outcome fields (local to the step's task) and the run's context (the start form and the
 * initiator). Recorded variables may not use these names nor the prefix {@link #RESERVED_PREFIX}.
 */
public final class FormVariables {
  private FormVariables() {}

  /** What every outcome variable's name starts with; no recorded variable may. */
  public static final String RESERVED_PREFIX = "asrun_";

  /** A step task's outcome: {@link #DONE} or {@link #SKIPPED}. */
  public static final String OUTCOME = "asrun_outcome";

  /** Why a step was skipped. */
  public static final String SKIP_REASON = "asrun_skip_reason";

  /** When the step was actually performed ({@code YYYY-MM-DD HH:MM}; empty: now). */
  public static final String PERFORMED_AT = "asrun_performed_at";

  /** The outcome of a step done. */
  public static final String DONE = "done";

  /** The outcome of a step skipped. */
  public static final String SKIPPED = "skipped";

  /** Where the run happens (start form). */
  public static final String LOCATION = "location";

  /** The equipment the run is on (start form). */
  public static final String EQUIPMENT_ID = "equipment_id";

  /** Who started the run (the start event's initiator). */
  public static final String EXECUTOR_ID = "executor_id";

  /** Free notes on the run (start form). */
  public static final String NOTES = "notes";

  /** The variables every run has from its context, passed on to a called procedure too. */
  public static final List<String> CONTEXT = List.of(LOCATION, EQUIPMENT_ID, EXECUTOR_ID, NOTES);
}
