package dev.asrun.capture;

import java.util.Optional;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;

/**
 * A run: one process instance of a compiled procedure.
 *
 * @param runId the run id ({@link RunIds#of})
 * @param procedureId the procedure (process key)
 * @param procedureVersion the definition's version tag if it has one, else its version number
 * @param processInstanceId the Camunda process instance
 * @param processDefinitionId the Camunda process definition
 * @param procedure what the parse listener found on the definition
 */
record Run(
    String runId,
    String procedureId,
    String procedureVersion,
    String processInstanceId,
    String processDefinitionId,
    Procedure procedure) {

  /** The run {@code execution} belongs to, if its definition is a compiled procedure. */
  static Optional<Run> of(ExecutionEntity execution) {
    return of(execution.getProcessInstanceId(), execution.getProcessDefinition());
  }

  /** The run of the process instance, if {@code definition} is a compiled procedure. */
  static Optional<Run> of(String processInstanceId, ProcessDefinitionEntity definition) {
    if (processInstanceId == null) {
      return Optional.empty();
    }
    return Procedure.of(definition)
        .filter(procedure -> !procedure.window())
        .map(
            procedure ->
                new Run(
                    RunIds.of(processInstanceId),
                    definition.getKey(),
                    versionOf(definition),
                    processInstanceId,
                    definition.getId(),
                    procedure));
  }

  /** The version tag of {@code definition} if it has one, else its version number. */
  static String versionOf(ProcessDefinitionEntity definition) {
    String tag = definition.getVersionTag();
    return tag != null && !tag.isBlank() ? tag : Integer.toString(definition.getVersion());
  }
}
