package dev.asrun.cockpit;

import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.contract.StepType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * A procedure as deployed: its name, its BPMN and its steps in written order.
 *
 * @param name the procedure's name (the process name), else its key; {@code null} if unknown
 * @param xml the BPMN, {@code null} if the definition is unknown
 * @param steps the steps other than groups, depth first in written order, as the procedure
 *     contract's reader ({@link ProcedureDefinition}) gives them; none if the definition is no
 *     compiled procedure
 */
record Procedure(String name, String xml, List<TemplateStep> steps) {

  static Procedure of(ProcessDefinition definition, String xml) {
    String name = definition.getName() == null ? definition.getKey() : definition.getName();
    return new Procedure(name, xml, steps(definition.getKey(), xml));
  }

  static Procedure unknown() {
    return new Procedure(null, null, List.of());
  }

  /** The steps of the procedure {@code key} whose BPMN is {@code xml}. */
  static List<TemplateStep> steps(String key, String xml) {
    BpmnModelInstance model =
        Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    List<TemplateStep> steps = new ArrayList<>();
    for (ProcedureDefinition.Step step :
        ProcedureDefinition.read(model, key).map(ProcedureDefinition::allSteps).orElse(List.of())) {
      if (step.type() != StepType.GROUP) {
        steps.add(new TemplateStep(
            step.id(), step.name().orElse(step.id()), step.type().value(), steps.size() + 1));
      }
    }
    return List.copyOf(steps);
  }
}
