package dev.asrun.query;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A whole run as the run index holds it (seed 4.2 with the executor context of 4.3): the run, the
 * ids of its events in log order, its steps in the order they were first recorded, and its
 * deviations. The events themselves are {@link AsRunQueries#fullEventLog}.
 *
 * @param run the run's own fields
 * @param eventIds the ids of the run's events, in log order
 * @param steps every attempt at every step, in the order they were first recorded
 * @param deviations the run's deviations
 */
public record RunRecord(
    RunSummary run, List<UUID> eventIds, List<RunStep> steps, List<Deviation> deviations) {

  public RunRecord {
    Objects.requireNonNull(run, "run");
    eventIds = List.copyOf(eventIds);
    steps = List.copyOf(steps);
    deviations = List.copyOf(deviations);
  }

  /** The run's id. */
  public String runId() {
    return run.runId();
  }
}
