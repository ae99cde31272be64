package dev.asrun.log;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an event goes in the order things happened: at the time its reporter claims ({@code
 * occurred_at}), where one was given and it is not before the run's start, else at the time it
 * was recorded. A claim before the run began cannot be placed in the run, so it keeps its arrival
 * position rather than move ahead of the run's start. The deviations' trace, the exports and the
 * marks all order a run's entries by this, equal times in log order.
 */
public final class ClaimedTime {

  private ClaimedTime() {}

  /**
   * The time an entry is placed at.
   *
   * @param claimed the reporter's time, if given
   * @param recorded the server's time of recording
   * @param runStart when the run started (its first event's recorded time)
   */
  public static Instant placedAt(Optional<Instant> claimed, Instant recorded, Instant runStart) {
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(runStart, "runStart");
    return claimed.filter(time -> !time.isBefore(runStart)).orElse(recorded);
  }
}
