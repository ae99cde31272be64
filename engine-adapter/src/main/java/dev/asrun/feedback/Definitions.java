package dev.asrun.feedback;

import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.cache.DeploymentCache;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The compiled procedures' BPMN, read in a running engine command from the engine's deployment
 * cache: which ids are steps, what they are called, which process keys are procedures. The
 * compiler marks a procedure's process with {@code asrun.schema} and each step with {@code
 * asrun.step_type} (see {@code docs/procedures.md}).
 */
final class Definitions {

  private static final String SCHEMA = "asrun.schema";
  private static final String STEP_TYPE = "asrun.step_type";

  private final BpmnModelInstance model;

  private Definitions(BpmnModelInstance model) {
    this.model = model;
  }

  /** The definition a run ran on, named by its {@code proc_triggered} event. */
  static Optional<Definitions> ofRun(List<LoggedEvent> runEvents) {
    return runEvents.stream()
        .filter(event -> event.type() == EventType.PROC_TRIGGERED)
        .findFirst()
        .map(event -> event.payloadMap().get("process_definition_id"))
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .flatMap(Definitions::ofDefinition);
  }

  private static Optional<Definitions> ofDefinition(String processDefinitionId) {
    DeploymentCache cache = Context.getProcessEngineConfiguration().getDeploymentCache();
    try {
      return Optional.ofNullable(cache.findBpmnModelInstanceForProcessDefinition(processDefinitionId))
          .map(Definitions::new);
    } catch (RuntimeException deleted) {
      return Optional.empty();
    }
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
        .map(definitions -> definitions.hasProperty(key, SCHEMA))
        .orElse(false);
  }

  /** Whether {@code id} is a step of the procedure. */
  boolean isStep(String id) {
    return hasProperty(id, STEP_TYPE);
  }

  /** The name of the step, or of the procedure, as written; else {@code id}. */
  String name(String id) {
    ModelElementInstance element = model.getModelElementById(id);
    String name = element == null ? null : element.getAttributeValue("name");
    return name == null || name.isBlank() ? id : name;
  }

  private boolean hasProperty(String elementId, String property) {
    ModelElementInstance element = model.getModelElementById(elementId);
    if (!(element instanceof BaseElement base)) {
      return false;
    }
    ExtensionElements extensions = base.getExtensionElements();
    if (extensions == null) {
      return false;
    }
    for (CamundaProperties properties :
        extensions.getElementsQuery().filterByType(CamundaProperties.class).list()) {
      for (CamundaProperty candidate : properties.getCamundaProperties()) {
        if (property.equals(candidate.getCamundaName())) {
          return true;
        }
      }
    }
    return false;
  }
}
