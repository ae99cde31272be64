package dev.asrun.log;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an event goes in the order things happened: at the time its reporter claims ({@code
 * occurred_at}), where one was given and it is not before the run's start, else at the time it
 * was recorded. The deviations' trace, the exports and the marks all order a run's entries by this,
 * equal times in log order.
 *
 * <p>A claim before the run began cannot be placed in the run: the entry keeps its arrival
 * position, and is never moved ahead of the run's start. It is not hidden either: its claimed time
 * stays in the event, and every view of the run's trace (the exports' {@code
 * claimed_before_start}, the Cockpit audit trail) flags it with {@link #beforeStart}. The monitor
 * refuses an observation claiming more than its tolerance before the start of a run it would be
 * recorded in ({@code asrun.observations.before-start-tolerance}).
 */
public final class ClaimedTime {

  private ClaimedTime() {}

  /**
   * When a run started, from its first event: the time it claims, where it gives one earlier than
   * its recording (a run started by an observation starts when the observation claims it
   * happened), else the time it was recorded. The run index's start time is this.
   *
   * @param claimed the first event's claimed time, if given
   * @param recorded the first event's recorded time
   */
  public static Instant runStart(Optional<Instant> claimed, Instant recorded) {
    Objects.requireNonNull(recorded, "recorded");
    return claimed.filter(time -> time.isBefore(recorded)).orElse(recorded);
  }

  /**
   * The time an entry is placed at.
   *
   * @param claimed the reporter's time, if given
   * @param recorded the server's time of recording
   * @param runStart when the run started ({@link #runStart})
   */
  public static Instant placedAt(Optional<Instant> claimed, Instant recorded, Instant runStart) {
    Objects.requireNonNull(recorded, "recorded");
    return beforeStart(claimed, runStart) ? recorded : claimed.orElse(recorded);
  }

  /**
   * Whether the reporter's time precedes the run's start: then the entry is placed where it
   * arrived, and flagged.
   *
   * @param claimed the reporter's time, if given
   * @param runStart when the run started ({@link #runStart})
   */
  public static boolean beforeStart(Optional<Instant> claimed, Instant runStart) {
    Objects.requireNonNull(runStart, "runStart");
    return claimed.filter(time -> time.isBefore(runStart)).isPresent();
  }
}
