package dev.asrun.operaton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.TestEngines;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.contract.ProcedureDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.form.FormField;
import org.operaton.bpm.engine.repository.ProcessDefinition;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.engine.task.Task;
import org.operaton.bpm.engine.test.junit5.ProcessEngineExtension;

/**
 * The compiler writes Camunda's extension namespace ({@code camunda:}), and Operaton 1.0 reads it:
 * its engine (history time to live, version tag, candidate groups, form fields with their
 * properties and enum values, input parameters) and its BPMN model API (the procedure contract's
 * reader) take the compiled BPMN as Camunda 7 does. See docs/operaton.md.
 */
class CamundaNamespaceOnOperatonTest {

  private static final String PROCEDURE =
      """
      [procedure]
      id = "sop_namespace_check"
      name = "Namespace check"
      version = "2026.1"
      executor_groups = ["operators"]

      [[procedure.steps]]
      id = "verify_temperature"
      type = "check"
      name = "Temperature fine?"
      variable = "temperature_ok"

      [[procedure.steps]]
      id = "record_waste"
      type = "record"
      name = "Record the waste"
        [[procedure.steps.fields]]
        variable = "waste_kg"
        label = "Waste"
        type = "number"
        unit = "kg"
        max = 50
      """;

  @RegisterExtension static final ProcessEngineExtension ENGINE = TestEngines.h2();

  private ProcessEngine engine;
  private String bpmn;
  private String deploymentId;

  @BeforeEach
  void deploy() {
    engine = ENGINE.getProcessEngine();
    CompilationResult result =
        ProcedureCompiler.compile(List.of(new Source("namespace.toml", PROCEDURE)));
    assertThat(result.diagnostics()).extracting(Diagnostic::format).isEmpty();
    CompiledProcedure procedure = result.procedures().get(0);
    bpmn = procedure.bpmnXml();
    deploymentId =
        engine
            .getRepositoryService()
            .createDeployment()
            .addString(procedure.resourceName(), bpmn)
            .deploy()
            .getId();
  }

  @AfterEach
  void undeploy() {
    engine.getRepositoryService().deleteDeployment(deploymentId, true);
  }

  @Test
  void theCompilerWritesCamundasNamespaceAndNoneOfOperatons() {
    assertThat(bpmn)
        .contains("xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\"")
        .contains("camunda:formData")
        .doesNotContain("http://operaton.org/schema/1.0/bpmn");
  }

  @Test
  void operatonsEngineReadsTheProcessesCamundaAttributes() {
    ProcessDefinition definition = definition();

    assertThat(definition.getVersionTag()).isEqualTo("2026.1");
    assertThat(definition.getHistoryTimeToLive()).isNotNull().isPositive();
  }

  @Test
  void operatonsEngineOffersTheStepsToTheCandidateGroupAndRendersTheirCamundaForms() {
    engine.getIdentityService().setAuthenticatedUserId("alice");
    ProcessInstance run =
        engine.getRuntimeService().startProcessInstanceByKey("sop_namespace_check");

    Task check = task(run);
    assertThat(check.getTaskDefinitionKey()).isEqualTo("verify_temperature");
    assertThat(engine.getTaskService().createTaskQuery().taskCandidateGroup("operators").list())
        .extracting(Task::getId)
        .contains(check.getId());
    Map<String, FormField> checkForm = formFields(check);
    assertThat(checkForm).containsKeys("temperature_ok", "asrun_outcome");
    assertThat(checkForm.get("asrun_outcome").getDefaultValue()).isEqualTo("done");
    assertThat(engine.getRuntimeService().getVariableLocal(check.getExecutionId(), "asrun_outcome"))
        .as("the camunda:inputParameter of the step's outcome")
        .isEqualTo("done");

    engine.getTaskService().complete(check.getId(), Map.of("temperature_ok", true));
    Task record = task(run);
    FormField waste = formFields(record).get("waste_kg");
    assertThat(waste).isNotNull();
    assertThat(waste.getProperties())
        .containsEntry("asrun.type", "number")
        .containsEntry("asrun.unit", "kg")
        .containsEntry("asrun.max", "50");
  }

  @Test
  void operatonsModelApiGivesTheContractsReaderTheCamundaElements() {
    ProcedureDefinition procedure =
        ProcedureDefinition.read(
                engine.getRepositoryService().getBpmnModelInstance(definition().getId()),
                "sop_namespace_check")
            .orElseThrow();

    assertThat(procedure.version()).contains("2026.1");
    assertThat(procedure.allSteps())
        .extracting(ProcedureDefinition.Step::id)
        .containsExactly("verify_temperature", "record_waste");
    ProcedureDefinition.Field waste = procedure.step("record_waste").orElseThrow().fields().get(0);
    assertThat(waste.variable()).isEqualTo("waste_kg");
    assertThat(waste.unit()).contains("kg");
    assertThat(waste.max()).hasValueSatisfying(max -> assertThat(max).isEqualByComparingTo("50"));
  }

  private ProcessDefinition definition() {
    return engine
        .getRepositoryService()
        .createProcessDefinitionQuery()
        .deploymentId(deploymentId)
        .processDefinitionKey("sop_namespace_check")
        .singleResult();
  }

  private Task task(ProcessInstance run) {
    return engine.getTaskService().createTaskQuery().processInstanceId(run.getId()).singleResult();
  }

  private Map<String, FormField> formFields(Task task) {
    return engine.getFormService().getTaskFormData(task.getId()).getFormFields().stream()
        .collect(Collectors.toMap(FormField::getId, field -> field));
  }
}
