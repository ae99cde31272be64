package dev.asrun.monitor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * The templates of deployed process definitions, read once per definition (a deployed definition
 * never changes), inside an engine command. Definitions that are not compiled procedures are
 * remembered as such.
 */
final class Templates {

  private final Map<String, Optional<Template>> byDefinitionId = new ConcurrentHashMap<>();

  /** The template of definition {@code definitionId} (process key {@code key}), if compiled. */
  Optional<Template> of(String definitionId, String key) {
    return byDefinitionId.computeIfAbsent(
        definitionId,
        id -> {
          BpmnModelInstance model =
              Context.getProcessEngineConfiguration()
                  .getDeploymentCache()
                  .findBpmnModelInstanceForProcessDefinition(id);
          return model == null ? Optional.empty() : Template.of(model, key);
        });
  }
}
