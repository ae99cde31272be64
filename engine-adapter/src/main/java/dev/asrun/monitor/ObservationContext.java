package dev.asrun.monitor;

import java.util.Optional;

/**
 * Where an observation or a run happened: its {@code location} and {@code equipment_id}, either
 * possibly unknown.
 */
record ObservationContext(Optional<String> location, Optional<String> equipmentId) {

  /**
   * Whether a run in {@code run} context may take an observation in this one: the same location
   * and the same equipment, each where both name one.
   */
  boolean agreesWith(ObservationContext run) {
    return agree(location, run.location) && agree(equipmentId, run.equipmentId);
  }

  private static boolean agree(Optional<String> a, Optional<String> b) {
    return a.isEmpty() || b.isEmpty() || a.get().equals(b.get());
  }
}
