package dev.asrun.compiler.bpmn;

import dev.asrun.compiler.model.Context;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.stream.Collectors;

/**
 * The 6-field cron (Spring style: second minute hour day-of-month month day-of-week) that Camunda
 * 7.24 timer cycles use. When both day fields are restricted, a day must match both.
 */
final class Cron {
  private Cron() {}

  static String of(LocalTime start, Context context) {
    String daysOfMonth = context.daysOfMonth().isEmpty() ? "*"
        : context.daysOfMonth().stream().sorted().map(String::valueOf)
            .collect(Collectors.joining(","));
    String daysOfWeek = context.daysOfWeek().isEmpty() ? "*"
        : context.daysOfWeek().stream().sorted().map(Cron::dayName)
            .collect(Collectors.joining(","));
    if (daysOfWeek.equals("*")) {
      daysOfWeek = "?";
    } else if (daysOfMonth.equals("*")) {
      daysOfMonth = "?";
    }
    return start.getSecond() + " " + start.getMinute() + " " + start.getHour() + " "
        + daysOfMonth + " * " + daysOfWeek;
  }

  private static String dayName(DayOfWeek day) {
    return day.name().substring(0, 3);
  }
}
