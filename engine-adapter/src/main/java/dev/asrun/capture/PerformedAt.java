package dev.asrun.capture;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The "actually performed at" time an executor typed into a step's form ({@code
 * asrun_performed_at}): a claim, kept beside the server's time, never instead of it.
 *
 * <p>Accepted: {@code 2025-06-01 08:05} (what the form asks for), with seconds ({@code 08:05:30})
 * or fractions, the same with a {@code T} ({@code 2025-06-01T08:05}), all read in the engine's time
 * zone (the zone Camunda evaluates timers in); and times that name their zone: {@code
 * 2025-06-01T06:05Z}, {@code 2025-06-01T08:05+02:00}, {@code
 * 2025-06-01T08:05+02:00[Europe/Berlin]}. A date without a time of day is not a time and is not
 * read as midnight. Text that is none of these is kept as text: the claim is recorded, but not as a
 * time.
 */
final class PerformedAt {

  private static final Pattern SPACE_BETWEEN_DATE_AND_TIME =
      Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) +(\\d)");

  /** The log stores the years 1 to 9999; a claim outside them is kept as text. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private final ZoneId zone;

  PerformedAt(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * What the executor claimed.
   *
   * @param time the time read from the text, if it is one
   * @param unreadableText the text as typed (trimmed) when it is not a time
   */
  record Claim(Optional<Instant> time, Optional<String> unreadableText) {}

  /**
   * Reads the form's value; empty when nothing was claimed (absent or blank, which the form
   * explains as "now").
   */
  Optional<Claim> read(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.toString().strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        parse(text)
            .map(time -> new Claim(Optional.of(time), Optional.empty()))
            .orElseGet(() -> new Claim(Optional.empty(), Optional.of(text))));
  }

  private Optional<Instant> parse(String text) {
    String iso = SPACE_BETWEEN_DATE_AND_TIME.matcher(text).replaceFirst("$1T$2");
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
      Instant time =
          parsed instanceof ZonedDateTime withZone
              ? withZone.toInstant()
              : ((LocalDateTime) parsed).atZone(zone).toInstant();
      return time.isBefore(EARLIEST) || time.isAfter(LATEST) ? Optional.empty() : Optional.of(time);
    } catch (DateTimeException notATime) {
      return Optional.empty();
    }
  }
}
