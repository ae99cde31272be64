package dev.asrun.feedback;

import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * The compiled procedures' BPMN, read in a running engine command from the engine's deployment
 * cache by the procedure contract's reader ({@link ProcedureDefinition}): which ids are steps, what
 * they are called, which process keys are procedures. A model is read once while the deployment
 * cache holds it (a deployed definition's BPMN never changes), not at every run's end.
 */
public final class Definitions {

  /** What each cached model holds, by process key; dropped with the model. */
  private static final Map<BpmnModelInstance, Map<String, Optional<ProcedureDefinition>>> READ =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final ProcedureDefinition procedure;

  private Definitions(ProcedureDefinition procedure) {
    this.procedure = procedure;
  }

  /** The definition a run ran on, named by its {@code proc_triggered} event. */
  public static Optional<Definitions> ofRun(List<LoggedEvent> runEvents) {
    return runEvents.stream()
        .filter(event -> event.type() == EventType.PROC_TRIGGERED)
        .findFirst()
        .map(event -> event.payloadMap().get("process_definition_id"))
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .flatMap(Definitions::ofDefinition);
  }

  /**
   * The procedure of a process definition; empty when the definition is gone, or its BPMN is no
   * compiled procedure (or one the contract's reader refuses).
   */
  private static Optional<Definitions> ofDefinition(String processDefinitionId) {
    DeploymentCache cache = Context.getProcessEngineConfiguration().getDeploymentCache();
    try {
      return Optional.ofNullable(cache.findDeployedProcessDefinitionById(processDefinitionId))
          .flatMap(
              definition ->
                  Optional.ofNullable(
                          cache.findBpmnModelInstanceForProcessDefinition(processDefinitionId))
                      .flatMap(model -> read(model, definition.getKey())))
          .map(Definitions::new);
    } catch (RuntimeException deletedOrRefused) {
      return Optional.empty();
    }
  }

  private static Optional<ProcedureDefinition> read(BpmnModelInstance model, String key) {
    return READ.computeIfAbsent(model, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(key, k -> ProcedureDefinition.read(model, k));
  }

  /** Whether a procedure compiled by this project is deployed under {@code key}. */
  static boolean isDeployedProcedure(String key) {
    List<ProcessDefinition> latest =
        Context.getCommandContext()
            .runWithoutAuthorization(
                () ->
                    Context.getProcessEngineConfiguration()
                        .getRepositoryService()
                        .createProcessDefinitionQuery()
                        .processDefinitionKey(key)
                        .latestVersion()
                        .list());
    return latest.stream()
        .findFirst()
        .flatMap(definition -> ofDefinition(definition.getId()))
        .isPresent();
  }

  /** The compiled procedure. */
  public ProcedureDefinition procedure() {
    return procedure;
  }

  /** Whether {@code id} is a step (or group) of the procedure. */
  boolean isStep(String id) {
    return procedure.step(id).isPresent();
  }

  /** The name of the step, or of the procedure, as written; else {@code id}. */
  String name(String id) {
    Optional<String> name =
        id.equals(procedure.id())
            ? procedure.name()
            : procedure.step(id).flatMap(ProcedureDefinition.Step::name);
    return name.filter(n -> !n.isBlank()).orElse(id);
  }
}
