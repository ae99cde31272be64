package dev.asrun.compiler.model;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * When a procedure becomes Triggered (seed 3.2) and which observations may trigger it.
 *
 * @param window the daily time window, if time-triggered
 * @param daysOfWeek restricts the time trigger; empty means every day
 * @param daysOfMonth restricts the time trigger; empty means every day
 * @param timezone the zone of the window; empty means the engine's zone
 * @param duringActions actions whose observation triggers the procedure; with a window, only an
 *     observation while the window is open
 * @param location only observations and executors at this location match
 * @param equipment only observations on this equipment match; empty means any
 */
public record Context(
    Optional<TimeWindow> window,
    List<DayOfWeek> daysOfWeek,
    List<Integer> daysOfMonth,
    Optional<ZoneId> timezone,
    List<String> duringActions,
    Optional<String> location,
    List<String> equipment) {

  public Context {
    daysOfWeek = List.copyOf(daysOfWeek);
    daysOfMonth = List.copyOf(daysOfMonth);
    duringActions = List.copyOf(duringActions);
    equipment = List.copyOf(equipment);
  }
}
