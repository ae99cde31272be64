package dev.asrun.examples.scenarios;

import dev.asrun.query.Deviation;
import dev.asrun.query.RunRecord;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the scenario driver left in the record, read back from the run index.
 *
 * @param runs the runs worked, called ones included
 * @param byStatus how many ended in each status ({@code completed}, {@code aborted})
 * @param deviations how many deviations of each type the runs show, corrected ones included
 * @param confirmed how many runs the executor confirmed
 * @param corrections how many corrections the executors made
 */
public record ScenarioSummary(
    int runs,
    Map<String, Integer> byStatus,
    Map<String, Integer> deviations,
    int confirmed,
    int corrections) {

  public ScenarioSummary {
    byStatus = Map.copyOf(byStatus);
    deviations = Map.copyOf(deviations);
  }

  /** One line, e.g. {@code 18 runs (16 completed, 2 aborted); deviations: addition 1, ...}. */
  @Override
  public String toString() {
    return runs
        + " runs ("
        + join(byStatus)
        + "); deviations: "
        + (deviations.isEmpty() ? "none" : join(deviations))
        + "; "
        + confirmed
        + " confirmed, "
        + corrections
        + " corrected";
  }

  private static String join(Map<String, Integer> counts) {
    return new TreeMap<>(counts)
        .entrySet().stream()
            .map(entry -> entry.getKey() + " " + entry.getValue())
            .collect(Collectors.joining(", "));
  }

  /** Adds up runs. */
  static final class Builder {
    private int runs;
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> deviations = new TreeMap<>();
    private int confirmed;
    private int corrections;

    void add(RunRecord record) {
      runs++;
      byStatus.merge(record.run().status().wireName(), 1, Integer::sum);
      for (Deviation deviation : record.deviations()) {
        deviations.merge(deviation.type(), 1, Integer::sum);
      }
      if (record.run().executorConfirmation().isPresent()) {
        confirmed++;
      }
      corrections += record.corrections().size();
    }

    ScenarioSummary build() {
      return new ScenarioSummary(runs, byStatus, deviations, confirmed, corrections);
    }
  }
}
