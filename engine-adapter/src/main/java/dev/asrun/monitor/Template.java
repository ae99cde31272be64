package dev.asrun.monitor;

import dev.asrun.capture.CompiledProcedures;
import dev.asrun.contract.Ids;
import dev.asrun.contract.ProcedureDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the monitor needs of one deployed procedure, read once from its BPMN by the procedure
 * contract's reader ({@link ProcedureDefinition}): its steps by observable action, its trigger
 * actions, its time window and its location and equipment restrictions.
 *
 * @param procedureId the procedure (process key)
 * @param stepsByAction the ids of the steps detected by each action (groups have no action)
 * @param duringActions the actions that trigger the procedure ({@code asrun.during_action})
 * @param windowed whether a time window triggers it ({@code asrun.window_start})
 * @param location the location it is restricted to, if any
 * @param equipment the equipment it is restricted to (empty: any)
 */
record Template(
    String procedureId,
    Map<String, List<String>> stepsByAction,
    Set<String> duringActions,
    boolean windowed,
    Optional<String> location,
    Set<String> equipment) {

  static final String MANUAL_START = Ids.MANUAL_START;
  static final String ACTION_START_PREFIX = Ids.ACTION_START_PREFIX;

  /**
   * The template of process definition {@code processDefinitionId}, if it is a compiled procedure,
   * made once per definition ({@link CompiledProcedures#view}); inside an engine command.
   */
  static Optional<Template> ofDefinition(String processDefinitionId) {
    return CompiledProcedures.view(processDefinitionId, Template.class, Template::of);
  }

  private static Template of(ProcedureDefinition procedure) {
    Map<String, List<String>> stepsByAction = new LinkedHashMap<>();
    for (ProcedureDefinition.Step step : procedure.allSteps()) {
      step.header().action().ifPresent(
          action -> stepsByAction.computeIfAbsent(action, a -> new ArrayList<>()).add(step.id()));
    }
    ProcedureDefinition.Trigger trigger = procedure.trigger();
    return new Template(
        procedure.id(),
        stepsByAction,
        new LinkedHashSet<>(trigger.duringActions()),
        trigger.window().isPresent(),
        trigger.location(),
        new LinkedHashSet<>(trigger.equipment()));
  }

  Template {
    stepsByAction = Map.copyOf(stepsByAction);
    duringActions = Collections.unmodifiableSet(new LinkedHashSet<>(duringActions));
    equipment = Collections.unmodifiableSet(new LinkedHashSet<>(equipment));
  }

  /** The steps {@code action} detects. */
  List<String> steps(String action) {
    return stepsByAction.getOrDefault(action, List.of());
  }

  /** Whether the procedure is watched without a trigger: no time window, no trigger action. */
  boolean alwaysWatched() {
    return !windowed && duringActions.isEmpty();
  }

  /**
   * Whether an observation in {@code context} may trigger or start the procedure: its location and
   * equipment restrictions, where both the procedure and the observation name one.
   */
  boolean admits(ObservationContext context) {
    boolean locationOk =
        location.isEmpty() || context.location().map(location.get()::equals).orElse(true);
    boolean equipmentOk =
        equipment.isEmpty() || context.equipmentId().map(equipment::contains).orElse(true);
    return locationOk && equipmentOk;
  }
}
