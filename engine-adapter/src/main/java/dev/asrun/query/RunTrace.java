package dev.asrun.query;

import dev.asrun.log.ClaimedTime;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A run and its trace: what {@link AsRunQueries#traces} hands over, one run at a time.
 *
 * @param run the run
 * @param entries its steps and extra actions, in the order they happened ({@link ClaimedTime})
 */
public record RunTrace(RunSummary run, List<TraceEntry> entries) {

  public RunTrace {
    Objects.requireNonNull(run, "run");
    entries = List.copyOf(entries);
  }

  /**
   * Whether {@code entry}'s claimed time precedes the run's start: it is placed where it arrived
   * and the exports flag it ({@code claimed_before_start}).
   */
  public boolean claimedBeforeStart(TraceEntry entry) {
    return ClaimedTime.beforeStart(entry.occurredAt(), run.startTime());
  }

  /** Takes the runs' traces one by one, e.g. to write them to a stream. */
  @FunctionalInterface
  public interface Consumer {
    void accept(RunTrace trace) throws IOException;
  }
}
