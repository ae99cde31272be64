package dev.asrun.query;

import java.util.Objects;
import java.util.Optional;

/**
 * Who ran it, where, on what (seed 4.3), as given when the run was triggered.
 *
 * @param executorId the run's executor: the authenticated user who started it, else the first user
 *     who completed or skipped one of its steps
 * @param location where it was run
 * @param equipmentId the equipment it was run on
 * @param notes the executor's notes
 */
public record RunContext(
    Optional<String> executorId,
    Optional<String> location,
    Optional<String> equipmentId,
    Optional<String> notes) {

  public RunContext {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(equipmentId, "equipmentId");
    Objects.requireNonNull(notes, "notes");
  }
}
