package dev.asrun.record;

import dev.asrun.log.LoggedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed events of the runs this engine wrote to last, so that the deviation detector need
 * not read a run's stream again for each step: a run's remembered events are used only when the
 * events a command just appended to the run follow on from them (the first one's position and
 * previous hash are those of the last remembered event), which, under the lock of the run's stream
 * that the append holds, means nothing else was appended in between, by this node or another. What
 * a command wrote is remembered only once it committed; the least recently written runs are
 * forgotten beyond a fixed number.
 */
final class RecentRuns {

  private final Map<String, List<LoggedEvent>> runs;

  RecentRuns(int kept) {
    this.runs =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, List<LoggedEvent>> eldest) {
            return size() > kept;
          }
        };
  }

  /**
   * The run's events up to and including {@code appended} (its events a command just appended, in
   * order), if the remembered ones are followed on by them, or they start the run; else null.
   */
  synchronized List<LoggedEvent> followedBy(String runId, List<LoggedEvent> appended) {
    return follow(runs.get(runId), appended);
  }

  /**
   * {@code known} (a run's events, in order; null if not known) and then {@code appended}, if the
   * appended events follow on from the known ones, or start the run; else null.
   */
  static List<LoggedEvent> follow(List<LoggedEvent> known, List<LoggedEvent> appended) {
    if (appended.isEmpty()) {
      return null;
    }
    LoggedEvent first = appended.get(0);
    if (first.streamSeq() == 1) {
      return List.copyOf(appended);
    }
    if (known == null) {
      return null;
    }
    LoggedEvent last = known.get(known.size() - 1);
    if (first.streamSeq() != last.streamSeq() + 1 || !first.prevHash().equals(last.hash())) {
      return null;
    }
    List<LoggedEvent> events = new ArrayList<>(known.size() + appended.size());
    events.addAll(known);
    events.addAll(appended);
    return List.copyOf(events);
  }

  /** Remembers the run's events, committed; null forgets the run. */
  synchronized void remember(String runId, List<LoggedEvent> events) {
    if (events == null || events.isEmpty()) {
      runs.remove(runId);
    } else {
      runs.put(runId, events);
    }
  }
}
