package dev.asrun.compiler.model;

import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A daily trigger window: Triggered at {@code start}; back to Inactive at {@code end} if no first
 * step was seen.
 */
public record TimeWindow(LocalTime start, Optional<LocalTime> end) {
  public TimeWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }
}
