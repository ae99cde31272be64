package dev.asrun.monitor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The limit on the runs one observation may move ({@code asrun.limits.runs-per-observation}): a
 * sensor's report is about one thing happening, so one that would complete, move on, start or add
 * an extra step to more runs than that is a mistake (a context that names too little, an action
 * shared too widely) and is refused rather than recorded everywhere.
 */
final class RunLimit {

  private RunLimit() {}

  /**
   * Refuses an observation that moved more than {@code limit} distinct runs.
   *
   * @throws ObservationException (bad input, field {@code action}) naming how many and the limit
   */
  static void check(
      List<ObservationResult.Match> matched,
      List<String> startedRuns,
      List<String> extraStepRuns,
      int limit) {
    Set<String> moved = new LinkedHashSet<>();
    matched.forEach(match -> moved.add(match.runId()));
    moved.addAll(startedRuns);
    moved.addAll(extraStepRuns);
    if (moved.size() > limit) {
      throw ObservationException.badInput(
          "action",
          "the observation would move "
              + moved.size()
              + " runs; one observation may move at most "
              + limit
              + " (asrun.limits.runs-per-observation); name its run (context) more closely");
    }
  }
}
