package dev.asrun.monitor;

import java.util.List;
import java.util.Optional;

/**
 * A deployed procedure (its latest version) as the monitor watches it.
 *
 * @param procedureId the procedure (process key)
 * @param name its name
 * @param version its version tag, else the definition's version number
 * @param windowed whether a time window triggers it
 * @param triggerActions the actions that trigger it
 * @param alwaysWatched whether it has no trigger, so that its first step starts it
 * @param location the location it is restricted to, if any
 * @param equipment the equipment it is restricted to (empty: any)
 */
public record MonitoredProcedure(
    String procedureId,
    String name,
    String version,
    boolean windowed,
    List<String> triggerActions,
    boolean alwaysWatched,
    Optional<String> location,
    List<String> equipment) {

  public MonitoredProcedure {
    triggerActions = List.copyOf(triggerActions);
    equipment = List.copyOf(equipment);
  }
}
