package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.form.StartFormData;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** Steps in sequence, the start form and the executor context it records. */
class SequenceExecutionTest extends EngineTest {

  private static final String THREE_STEPS = """
      [procedure]
      id = "sop_three_steps"
      name = "Three steps"

      [[procedure.steps]]
      id = "first"
      name = "First"

      [[procedure.steps]]
      id = "second"
      name = "Second"

      [[procedure.steps]]
      id = "third"
      name = "Third"
      """;

  @Test
  void aSequenceRunsItsStepsInWrittenOrderAndEndsAtTheEndEvent() {
    deploy(THREE_STEPS);
    ProcessInstance run = startByHand("sop_three_steps");

    assertThat(openSteps(run)).containsExactly("first");
    done(run, "first");
    assertThat(openSteps(run)).containsExactly("second");
    done(run, "second");
    assertThat(openSteps(run)).containsExactly("third");
    done(run, "third");

    assertThat(run).isEnded().hasPassed("asrun-end").hasNotPassed("asrun-aborted");
    assertThat(stepsEntered(run)).containsExactly("first", "second", "third");
  }

  @Test
  void aSkippedStepRecordsItsOutcomeAndReasonAndTheRunGoesOn() {
    deploy(THREE_STEPS);
    ProcessInstance run = startByHand("sop_three_steps");

    done(run, "first");
    skip(run, "second", "pump already running");

    assertThat(openSteps(run)).containsExactly("third");
    assertThat(stepVariables(run, "second"))
        .containsEntry(OUTCOME, "skipped")
        .containsEntry(SKIP_REASON, "pump already running");
  }

  @Test
  void aStepsOutcomeStaysWithItAndDoesNotPrefillTheNextStepsForm() {
    deploy(THREE_STEPS);
    ProcessInstance run = startByHand("sop_three_steps");

    skip(run, "first", "pump already running");
    engine.getFormService().submitTaskForm(
        task(run, "second").getId(), fields(PERFORMED_AT, "2025-06-02 09:41"));

    Map<String, Object> third =
        engine.getFormService().getTaskFormVariables(task(run, "third").getId());
    assertThat(third).containsEntry(OUTCOME, "done").containsEntry(PERFORMED_AT, null)
        .containsEntry(SKIP_REASON, null);
    assertThat(stepVariables(run, "second")).containsEntry(OUTCOME, "done")
        .containsEntry(SKIP_REASON, null).containsEntry(PERFORMED_AT, "2025-06-02 09:41");
    assertThat(variables(run)).doesNotContainKeys(OUTCOME, SKIP_REASON, PERFORMED_AT);
  }

  @Test
  void theStartFormsExecutorContextAndTheInitiatorBecomeRunVariables() {
    deploy(THREE_STEPS);
    engine.getIdentityService().setAuthenticatedUserId("alice");

    ProcessInstance run = startByHand("sop_three_steps", "batch-7", Map.of(
        "location", "lab_3", "equipment_id", "reactor_02", "notes", "night shift"));

    assertThat(run).hasBusinessKey("batch-7");
    assertThat(variables(run))
        .containsEntry("executor_id", "alice")
        .containsEntry("location", "lab_3")
        .containsEntry("equipment_id", "reactor_02")
        .containsEntry("notes", "night shift");
  }

  @Test
  void theProcedureContextPrefillsTheStartForm() {
    deploy("""
        [procedure]
        id = "sop_in_lab_3"
        name = "In lab 3"

        [procedure.context]
        location = "lab_3"
        equipment = ["reactor_02", "reactor_03"]

        [[procedure.steps]]
        id = "only"
        name = "Only step"
        """);

    StartFormData form = engine.getFormService()
        .getStartFormData(definition("sop_in_lab_3").getId());

    Map<String, Object> defaults = form.getFormFields().stream()
        .filter(f -> f.getDefaultValue() != null)
        .collect(Collectors.toMap(FormField::getId, FormField::getDefaultValue));
    assertThat(form.getFormFields()).extracting(FormField::getId)
        .containsExactly("location", "equipment_id", "notes");
    assertThat(defaults).containsOnly(
        Map.entry("location", "lab_3"), Map.entry("equipment_id", "reactor_02"));
  }

  @Test
  void aStartFormLeftAsPrefilledRecordsTheProcedureContext() {
    deploy("""
        [procedure]
        id = "sop_in_lab_3"
        name = "In lab 3"

        [procedure.context]
        location = "lab_3"
        equipment = ["reactor_02"]

        [[procedure.steps]]
        id = "only"
        name = "Only step"
        """);

    ProcessInstance run = startByHand("sop_in_lab_3");

    assertThat(variables(run))
        .containsEntry("location", "lab_3")
        .containsEntry("equipment_id", "reactor_02");
  }

  @Test
  void aStepsOwnGroupsBecomeTheTasksCandidateGroups() {
    deploy("""
        [procedure]
        id = "sop_groups"
        name = "Groups"
        executor_groups = ["operators"]

        [[procedure.steps]]
        id = "by_operators"
        name = "By operators"

        [[procedure.steps]]
        id = "by_chemists"
        name = "By chemists"
        executor_groups = ["chemists", "leads"]
        """);
    ProcessInstance run = startByHand("sop_groups");

    assertThat(task(run, "by_operators")).hasCandidateGroup("operators");
    done(run, "by_operators");
    assertThat(task(run, "by_chemists")).hasCandidateGroup("chemists").hasCandidateGroup("leads");
  }
}
