package dev.asrun.capture;

import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * The compiled procedures of deployed process definitions, for every reader on the engine side
 * (capture, the monitor, conformance, feedback, signatures, the report): read in a running engine
 * command from the engine's deployment cache by the procedure contract's reader ({@link
 * ProcedureDefinition}), once while that cache holds the definition's model (a deployed
 * definition's BPMN never changes), and gone with the model when the cache lets it go. What a
 * reader derives from a procedure ({@link #view}) is kept beside it, with the same lifetime.
 *
 * <p>A definition whose BPMN is no compiled procedure has none; one marked as a compiled procedure
 * that the reader (or a view's derivation) refuses has none either, and the refusal is logged once
 * as a warning naming the definition.
 */
public final class CompiledProcedures {

  private static final System.Logger LOG = System.getLogger(CompiledProcedures.class.getName());

  /** What each cached model holds, by process definition id; dropped with the model. */
  private static final Map<BpmnModelInstance, Map<String, Read>> BY_MODEL =
      Collections.synchronizedMap(new WeakHashMap<>());

  private CompiledProcedures() {}

  /** One definition's procedure, if it is one, and the views derived from it. */
  private record Read(Optional<ProcedureDefinition> procedure, Map<Class<?>, Optional<?>> views) {}

  /**
   * The procedure of process definition {@code processDefinitionId}; empty when the definition is
   * gone, or is no compiled procedure (or one the contract's reader refuses).
   */
  public static Optional<ProcedureDefinition> of(String processDefinitionId) {
    return read(processDefinitionId).flatMap(Read::procedure);
  }

  /**
   * What {@code derive} makes of the procedure of {@code processDefinitionId}, made once per
   * definition and kept as the procedure is; empty where {@link #of} is, or when {@code derive}
   * refuses the procedure ({@link IllegalArgumentException}, logged once).
   *
   * @param type the view's class: one view of each class per definition
   */
  public static <T> Optional<T> view(
      String processDefinitionId, Class<T> type, Function<ProcedureDefinition, T> derive) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(derive, "derive");
    return read(processDefinitionId)
        .flatMap(
            read ->
                read.views()
                    .computeIfAbsent(
                        type,
                        t -> read.procedure().flatMap(p -> derived(processDefinitionId, p, derive)))
                    .map(type::cast));
  }

  /**
   * The procedure the run ran on, named by the process definition of its {@code proc_triggered}.
   */
  public static Optional<ProcedureDefinition> ofRun(List<LoggedEvent> runEvents) {
    return runEvents.stream()
        .filter(event -> event.type() == EventType.PROC_TRIGGERED)
        .findFirst()
        .map(event -> event.payloadMap().get("process_definition_id"))
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .flatMap(CompiledProcedures::of);
  }

  private static <T> Optional<T> derived(
      String processDefinitionId,
      ProcedureDefinition procedure,
      Function<ProcedureDefinition, T> derive) {
    try {
      return Optional.of(derive.apply(procedure));
    } catch (IllegalArgumentException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "procedure "
              + procedure.id()
              + " (process definition "
              + processDefinitionId
              + ") is not tracked in full: "
              + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The definition's entry, empty when the definition or its model is gone. The model comes from
   * the deployment cache without a query while the cache holds it; the definition's process key is
   * looked up only the first time a model is read.
   */
  private static Optional<Read> read(String processDefinitionId) {
    Objects.requireNonNull(processDefinitionId, "processDefinitionId");
    DeploymentCache cache = Context.getProcessEngineConfiguration().getDeploymentCache();
    BpmnModelInstance model;
    try {
      model = cache.findBpmnModelInstanceForProcessDefinition(processDefinitionId);
    } catch (RuntimeException deleted) {
      return Optional.empty();
    }
    if (model == null) {
      return Optional.empty();
    }
    return Optional.of(
        BY_MODEL
            .computeIfAbsent(model, m -> new ConcurrentHashMap<>())
            .computeIfAbsent(
                processDefinitionId,
                id -> new Read(procedure(cache, model, id), new ConcurrentHashMap<>())));
  }

  private static Optional<ProcedureDefinition> procedure(
      DeploymentCache cache, BpmnModelInstance model, String processDefinitionId) {
    ProcessDefinitionEntity definition = cache.findProcessDefinitionFromCache(processDefinitionId);
    try {
      if (definition == null) {
        definition = cache.findDeployedProcessDefinitionById(processDefinitionId);
      }
      return ProcedureDefinition.read(model, definition.getKey());
    } catch (IllegalArgumentException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "process definition "
              + processDefinitionId
              + " is marked as a compiled procedure, but"
              + " it is not tracked: "
              + e.getMessage());
      return Optional.empty();
    }
  }
}
