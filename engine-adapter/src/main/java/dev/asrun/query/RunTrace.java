package dev.asrun.query;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A run and its trace: what {@link AsRunQueries#traces} hands over, one run at a time.
 *
 * @param run the run
 * @param entries its steps and extra actions, in log order
 */
public record RunTrace(RunSummary run, List<TraceEntry> entries) {

  public RunTrace {
    Objects.requireNonNull(run, "run");
    entries = List.copyOf(entries);
  }

  /** Takes the runs' traces one by one, e.g. to write them to a stream. */
  @FunctionalInterface
  public interface Consumer {
    void accept(RunTrace trace) throws IOException;
  }
}
