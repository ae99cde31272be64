package dev.asrun.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs known to have a committed {@code run_started} event, so that a step completion need not
 * read the run's events to learn whether it is the first. Only what is committed is remembered (a
 * run is added after its transaction commits), so the memory can miss but never lie: a miss means
 * reading the log. Bounded: the least recently used runs are forgotten.
 */
final class ActiveRuns {

  private final Map<String, Boolean> runs;

  ActiveRuns(int capacity) {
    this.runs =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized boolean contains(String runId) {
    return runs.get(runId) != null;
  }

  synchronized void add(String runId) {
    runs.put(runId, Boolean.TRUE);
  }
}
