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
 * @param unmatched whether it matched, started and added to nothing
 */
public record ObservationResult(
    String observationId,
    List<Match> matched,
    List<String> startedRuns,
    List<String> extraStepRuns,
    boolean unmatched) {

  public ObservationResult {
    matched = List.copyOf(matched);
    startedRuns = List.copyOf(startedRuns);
    extraStepRuns = List.copyOf(extraStepRuns);
  }

  /** A step of a run that an observation matched. */
  public record Match(String runId, String procedureId, String stepId) {}
}
