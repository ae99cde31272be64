package dev.asrun.compiler.parse;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the schema's durations: {@code 45s 30m 2h 1h30m 1d} or ISO-8601 such as {@code PT30M}. */
final class Durations {
  private static final Pattern SHORT =
      Pattern.compile("(-)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
  private static final Pattern CALENDAR = Pattern.compile("-?P(?:\\d+[YMW])+(?:\\d+D)?(?:T.*)?");

  private Durations() {}

  /** The duration, which may be zero or negative, or empty when {@code text} is neither form. */
  static Optional<Duration> parse(String text) {
    String trimmed = text.strip();
    Matcher m = SHORT.matcher(trimmed);
    Duration duration;
    if (m.matches() && !trimmed.replace("-", "").isEmpty()) {
      try {
        duration = Duration.ofDays(number(m.group(2)))
            .plusHours(number(m.group(3)))
            .plusMinutes(number(m.group(4)))
            .plusSeconds(number(m.group(5)));
      } catch (ArithmeticException | NumberFormatException e) {
        return Optional.empty();
      }
      if (m.group(1) != null) {
        duration = duration.negated();
      }
    } else if (trimmed.startsWith("P") || trimmed.startsWith("-P")) {
      try {
        duration = Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    return Optional.of(duration);
  }

  /** Whether {@code text} is an ISO period with years, months or weeks, which have no fixed length. */
  static boolean isCalendarPeriod(String text) {
    return CALENDAR.matcher(text.strip()).matches();
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
