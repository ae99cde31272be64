package dev.asrun.monitor;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where an observation or a run happened and who did it: its {@code location}, {@code
 * equipment_id} and executor, each possibly unknown. A run's executor is who started it (the
 * Tasklist user, the observation's executor), else who did its first step.
 */
record ObservationContext(
    Optional<String> location, Optional<String> equipmentId, Optional<String> executorId) {

  /**
   * How closely a run in {@code run} context fits an observation in this one; empty where the run
   * does not take it. The run takes it where they disagree on nothing (a location or equipment
   * both name and name differently) and agree on something both name: the location, the
   * equipment, or, for a run that names neither, the executor. A run that names nothing at all (a
   * clock's run, or one trusted code started naming no one) has nothing to agree on: it takes an
   * observation its procedure admits ({@link #namesNothing()}, decided by the caller).
   *
   * <p>The fit counts the names both share (location, equipment, executor), so of two runs of a
   * procedure the one that shares more takes the observation; equal fits make it ambiguous.
   */
  OptionalInt fit(ObservationContext run) {
    if (differ(location, run.location) || differ(equipmentId, run.equipmentId)) {
      return OptionalInt.empty();
    }
    boolean placeless = run.location.isEmpty() && run.equipmentId.isEmpty();
    int shared =
        same(location, run.location) + same(equipmentId, run.equipmentId)
            + same(executorId, run.executorId);
    boolean common =
        same(location, run.location) + same(equipmentId, run.equipmentId) > 0
            || placeless && same(executorId, run.executorId) > 0;
    return common || run.namesNothing() ? OptionalInt.of(shared) : OptionalInt.empty();
  }

  /** Whether this context names no location, no equipment and no executor. */
  boolean namesNothing() {
    return location.isEmpty() && equipmentId.isEmpty() && executorId.isEmpty();
  }

  private static boolean differ(Optional<String> a, Optional<String> b) {
    return a.isPresent() && b.isPresent() && !a.get().equals(b.get());
  }

  private static int same(Optional<String> a, Optional<String> b) {
    return a.isPresent() && a.equals(b) ? 1 : 0;
  }
}
