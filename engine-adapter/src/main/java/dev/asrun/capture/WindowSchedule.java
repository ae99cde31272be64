package dev.asrun.capture;

import dev.asrun.contract.ProcedureDefinition.Window;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When a procedure's trigger window opens and closes, in the procedure's own zone ({@code
 * asrun.timezone}, else the server's): it opens at {@code asrun.window_start} on each day its cron
 * ({@code asrun.cron}) allows, and closes at {@code asrun.window_end} on that day (on the next day
 * when the end is before the start), or at the midnight ending that day when it has no end.
 *
 * <p>A local time a daylight-saving change skips (02:30 in Europe/Berlin on the last Sunday of
 * March) is the first instant after the gap (03:00 local time); a local time that occurs twice
 * (02:30 on the last Sunday of October) is its first occurrence (the earlier offset).
 */
final class WindowSchedule {

  /** How many days back or ahead a window's day is looked for: every day fits within a year. */
  private static final int DAYS_SEARCHED = 400;

  private final ZoneId zone;
  private final LocalTime start;
  private final Optional<LocalTime> end;
  private final Set<Integer> daysOfMonth;
  private final Set<DayOfWeek> daysOfWeek;

  private WindowSchedule(
      ZoneId zone,
      LocalTime start,
      Optional<LocalTime> end,
      Set<Integer> daysOfMonth,
      Set<DayOfWeek> daysOfWeek) {
    this.zone = zone;
    this.start = start;
    this.end = end;
    this.daysOfMonth = daysOfMonth;
    this.daysOfWeek = daysOfWeek;
  }

  /**
   * The schedule of a window process; empty when the process does not say when its window opens
   * in terms read here (then its timers stay as the engine computed them from the BPMN).
   */
  static Optional<WindowSchedule> of(Procedure window) {
    Optional<Window> times = window.trigger().window();
    if (!window.window() || times.isEmpty()) {
      return Optional.empty();
    }
    try {
      String[] cron = times.get().cron().split(" ");
      if (cron.length != 6) {
        throw new IllegalArgumentException("not a 6-field cron");
      }
      return Optional.of(
          new WindowSchedule(
              times.get().timezone().orElseGet(ZoneId::systemDefault),
              times.get().start(),
              times.get().end(),
              daysOfMonth(cron[3]),
              daysOfWeek(cron[5])));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the trigger window of " + window.id() + " has a cron that cannot be read: "
              + e.getMessage(),
          e);
    }
  }

  /** The first opening strictly after {@code now}. */
  Instant nextOpening(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, zone).minusDays(1);
    for (int i = 0; i < DAYS_SEARCHED; i++, day = day.plusDays(1)) {
      if (opensOn(day) && at(day, start).isAfter(now)) {
        return at(day, start);
      }
    }
    throw new IllegalStateException("the window opens on no day of the next year");
  }

  /**
   * When a window opening at {@code now} closes: opened on time, or late but before its end, at the
   * end of the window that was due (its end time, in the zone, on that day); opened outside its
   * hours (an operator fired its timer by hand, or the job executor was down until after the end),
   * its length after {@code now}, as the BPMN's duration says.
   */
  Instant closing(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, zone).plusDays(1);
    for (int i = 0; i < DAYS_SEARCHED; i++, day = day.minusDays(1)) {
      if (opensOn(day) && !at(day, start).isAfter(now)) {
        Instant due = closingOf(day);
        if (due.isAfter(now)) {
          return due;
        }
        break;
      }
    }
    return now.plus(length());
  }

  /** The window's length in local time: to its end (the next day when earlier), or midnight. */
  private Duration length() {
    Duration toEnd = Duration.between(start, end.orElse(LocalTime.MIDNIGHT));
    return toEnd.isNegative() || (toEnd.isZero() && end.isEmpty()) ? toEnd.plusDays(1) : toEnd;
  }

  private Instant closingOf(LocalDate day) {
    if (end.isEmpty()) {
      return at(day.plusDays(1), LocalTime.MIDNIGHT);
    }
    LocalTime until = end.get();
    return at(until.isBefore(start) ? day.plusDays(1) : day, until);
  }

  private boolean opensOn(LocalDate day) {
    return (daysOfMonth.isEmpty() || daysOfMonth.contains(day.getDayOfMonth()))
        && (daysOfWeek.isEmpty() || daysOfWeek.contains(day.getDayOfWeek()));
  }

  /** The instant of a local time on a day in the zone: after a gap, or the first of two. */
  private Instant at(LocalDate day, LocalTime time) {
    LocalDateTime local = day.atTime(time);
    var rules = zone.getRules();
    if (rules.getValidOffsets(local).isEmpty()) {
      return rules.getTransition(local).getInstant();
    }
    return local.atZone(zone).withEarlierOffsetAtOverlap().toInstant();
  }

  private static Set<Integer> daysOfMonth(String field) {
    Set<Integer> days = new HashSet<>();
    if (!field.equals("*") && !field.equals("?")) {
      for (String day : field.split(",")) {
        days.add(Integer.parseInt(day));
      }
    }
    return days;
  }

  private static Set<DayOfWeek> daysOfWeek(String field) {
    Set<DayOfWeek> days = new HashSet<>();
    if (!field.equals("*") && !field.equals("?")) {
      for (String name : field.split(",")) {
        days.add(dayNamed(name));
      }
    }
    return days;
  }

  private static DayOfWeek dayNamed(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(name)) {
        return day;
      }
    }
    throw new IllegalArgumentException("unknown day of week " + name);
  }
}
