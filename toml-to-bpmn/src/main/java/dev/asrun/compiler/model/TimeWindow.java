package dev.asrun.compiler.model;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A daily trigger window: Triggered at {@code start}; back to Inactive at {@code end} if no first
 * step was seen. An end earlier than the start is on the next day (a window over midnight).
 */
public record TimeWindow(LocalTime start, Optional<LocalTime> end) {
  private static final Duration DAY = Duration.ofDays(1);

  public TimeWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** How long the window is open, from its start to its end; empty without an end. */
  public Optional<Duration> length() {
    return end.map(e -> {
      Duration sameDay = Duration.between(start, e);
      return sameDay.isNegative() ? sameDay.plus(DAY) : sameDay;
    });
  }

  /** How long from the start to the midnight that ends the start's day. */
  public Duration untilMidnight() {
    return DAY.minusNanos(start.toNanoOfDay());
  }
}
