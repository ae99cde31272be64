package dev.asrun.conformance;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations as people write them in procedures: {@code PT1H30M} reads {@code 1h30m}. */
final class Durations {

  private Durations() {}

  /** {@code iso} (ISO-8601) as days, hours, minutes and seconds; other text as it is. */
  static String human(String iso) {
    Duration d;
    try {
      d = Duration.parse(iso);
    } catch (DateTimeParseException e) {
      return iso;
    }
    StringBuilder s = new StringBuilder();
    if (d.toDays() > 0) {
      s.append(d.toDays()).append('d');
    }
    if (d.toHoursPart() > 0) {
      s.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      s.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || s.length() == 0) {
      s.append(d.toSecondsPart()).append('s');
    }
    return s.toString();
  }
}
