package dev.asrun.feedback;

import dev.asrun.capture.CompiledProcedures;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.log.LoggedEvent;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * What feedback reads of a run's compiled procedure ({@link CompiledProcedures}): which ids are
 * steps, what they are called, and which process keys are procedures.
 */
final class Definitions {

  private final ProcedureDefinition procedure;

  private Definitions(ProcedureDefinition procedure) {
    this.procedure = procedure;
  }

  /** The definition a run ran on, named by its {@code proc_triggered} event. */
  static Optional<Definitions> ofRun(List<LoggedEvent> runEvents) {
    return CompiledProcedures.ofRun(runEvents).map(Definitions::new);
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
        .flatMap(definition -> CompiledProcedures.of(definition.getId()))
        .isPresent();
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
