package dev.asrun.monitor;

import java.util.List;

/**
 * What the monitor made of an observation.
 *
 * @param observationId the observation's id in the log ({@code observation_received})
 * @param matched the runs' steps it matched: the current step completed, a later step the run
 *     moved on to, or a step already done or passed over (recorded late)
 * @param startedRuns the runs it started (an action trigger, or the first step of a procedure
 *     watched without a trigger)
 * @param extraStepRuns the active runs in its context it was an extra step of
 * @param unmatched whether it matched, started and added to nothing and was ambiguous nowhere
 * @param notAllowed what it would have caused but its reporter may not (see {@link NotAllowed})
 * @param ambiguous the procedures where two runs fitted it equally, so it moved none of them
 */
public record ObservationResult(
    String observationId,
    List<Match> matched,
    List<String> startedRuns,
    List<String> extraStepRuns,
    boolean unmatched,
    List<NotAllowed> notAllowed,
    List<Ambiguous> ambiguous) {

  public ObservationResult {
    matched = List.copyOf(matched);
    startedRuns = List.copyOf(startedRuns);
    extraStepRuns = List.copyOf(extraStepRuns);
    notAllowed = notAllowed == null ? List.of() : List.copyOf(notAllowed);
    ambiguous = ambiguous == null ? List.of() : List.copyOf(ambiguous);
  }

  /**
   * Something the observation would have caused but its reporter may not, so it was not caused.
   * The run, procedure and step are named only where the reporter may read the procedure.
   *
   * @param cause {@code complete_task}, {@code start_run}, {@code move_run} or {@code
   *     record_step}
   */
  public record NotAllowed(String cause, String runId, String procedureId, String stepId) {}

  /**
   * A procedure in which an observation fitted two or more runs equally, so it moved none of
   * them. The procedure and its runs are named only where the reporter may read the procedure.
   *
   * @param runIds the runs it could not choose between, in the order they started
   */
  public record Ambiguous(String procedureId, List<String> runIds) {

    public Ambiguous {
      runIds = runIds == null ? List.of() : List.copyOf(runIds);
    }
  }

  /** A step of a run that an observation matched. */
  public record Match(String runId, String procedureId, String stepId) {}
}
