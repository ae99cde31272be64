package dev.asrun.cockpit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.instance.DomElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * A procedure as deployed: its name, its BPMN and its steps in written order.
 *
 * @param name the procedure's name (the process name), else its key; {@code null} if unknown
 * @param xml the BPMN, {@code null} if the definition is unknown
 * @param steps the steps: activities carrying {@code asrun.step_type} other than groups, depth
 *     first in document order (the compiler writes them in the TOML's order)
 */
record Procedure(String name, String xml, List<TemplateStep> steps) {

  private static final String STEP_TYPE = "asrun.step_type";

  static Procedure of(ProcessDefinition definition, String xml) {
    String name = definition.getName() == null ? definition.getKey() : definition.getName();
    return new Procedure(name, xml, steps(xml));
  }

  static Procedure unknown() {
    return new Procedure(null, null, List.of());
  }

  static List<TemplateStep> steps(String xml) {
    BpmnModelInstance model =
        Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    List<TemplateStep> steps = new ArrayList<>();
    collect(model.getDocumentElement(), steps);
    return List.copyOf(steps);
  }

  private static void collect(ModelElementInstance element, List<TemplateStep> steps) {
    for (DomElement dom : element.getDomElement().getChildElements()) {
      String id = dom.getAttribute("id");
      ModelElementInstance child =
          id == null ? null : element.getModelInstance().getModelElementById(id);
      if (child == null) {
        continue;
      }
      if (child instanceof Activity activity) {
        String type = stepType(activity);
        if (type != null && !"group".equals(type)) {
          steps.add(
              new TemplateStep(
                  activity.getId(),
                  activity.getName() == null ? activity.getId() : activity.getName(),
                  type,
                  steps.size() + 1));
        }
      }
      collect(child, steps);
    }
  }

  private static String stepType(Activity activity) {
    if (activity.getExtensionElements() == null) {
      return null;
    }
    return activity.getExtensionElements().getElementsQuery()
        .filterByType(CamundaProperties.class).list().stream()
        .flatMap(properties -> properties.getCamundaProperties().stream())
        .filter(property -> STEP_TYPE.equals(property.getCamundaName()))
        .map(CamundaProperty::getCamundaValue)
        .findFirst()
        .orElse(null);
  }
}
