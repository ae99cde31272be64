package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** What a step's generated form asks, and how the values entered come back as run variables. */
class FormValuesExecutionTest extends EngineTest {

  private static final String SAMPLE = """
      [procedure]
      id = "sop_sample"
      name = "Sample"

      [[procedure.steps]]
      id = "measure"
      type = "record"
      name = "Measure the sample"
      optional = true

        [[procedure.steps.fields]]
        variable = "mass_g"
        label = "Mass"
        type = "number"
        unit = "g"
        min = 0.5
        max = 20
        required = true

        [[procedure.steps.fields]]
        variable = "clarity"
        label = "Clarity"
        type = "enum"
        values = ["clear", "cloudy", "opaque"]

        [[procedure.steps.fields]]
        variable = "sealed"
        label = "Sealed"
        type = "boolean"

        [[procedure.steps.fields]]
        variable = "taken_on"
        label = "Taken on"
        type = "date"

        [[procedure.steps.fields]]
        variable = "operator_note"
        label = "Note"

      [[procedure.steps]]
      id = "store"
      name = "Store the sample"
      """;

  @Test
  void aRecordStepsFormAsksItsFieldsThenTheOutcome() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    Map<String, String> types = new LinkedHashMap<>();
    for (FormField field : formFields(run, "measure").values()) {
      types.put(field.getId(), field.getTypeName());
    }

    assertThat(types).containsExactly(
        Map.entry("mass_g", "string"), Map.entry("clarity", "enum"),
        Map.entry("sealed", "boolean"), Map.entry("taken_on", "date"),
        Map.entry("operator_note", "string"), Map.entry(OUTCOME, "enum"),
        Map.entry(SKIP_REASON, "string"), Map.entry(PERFORMED_AT, "string"));
  }

  @Test
  void theOutcomeIsFollowedByTheSkipReasonAndTheTimeActuallyPerformedAsText() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    Map<String, FormField> fields = formFields(run, "measure");

    assertThat(fields.get(SKIP_REASON).getLabel()).isEqualTo("Reason, if skipped");
    assertThat(fields.get(PERFORMED_AT).getLabel())
        .isEqualTo("Actually performed at (YYYY-MM-DD HH:MM, empty for now)");
    assertThat(fields.get(PERFORMED_AT).getDefaultValue()).isNull();
  }

  @Test
  void aNumberFieldsLabelShowsItsUnitLimitsAndRequiredness() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    FormField mass = formFields(run, "measure").get("mass_g");

    assertThat(mass.getLabel()).isEqualTo("Mass [g] (0.5 to 20) *");
    assertThat(mass.getProperties()).containsEntry("asrun.type", "number")
        .containsEntry("asrun.min", "0.5").containsEntry("asrun.max", "20")
        .containsEntry("asrun.unit", "g").containsEntry("asrun.required", "true");
  }

  @Test
  void anEnumFieldOffersTheValuesInWrittenOrder() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    FormField clarity = formFields(run, "measure").get("clarity");

    assertThat(enumValues(clarity)).containsExactly("clear", "cloudy", "opaque");
  }

  @Test
  void theOutcomeOffersDoneAndSkippedWithDoneAsDefault() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    FormField outcome = formFields(run, "measure").get(OUTCOME);

    assertThat(outcome.getDefaultValue()).isEqualTo("done");
    assertThat(enumValues(outcome)).containsExactly("done", "skipped");
    assertThat(outcome.getLabel()).contains("optional");
  }

  @Test
  void enteredValuesOfEveryFieldTypeBecomeRunVariables() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");
    Date takenOn = Date.from(Instant.parse("2025-06-02T00:00:00Z"));

    done(run, "measure", "mass_g", "12.75", "clarity", "cloudy", "sealed", true,
        "taken_on", takenOn, "operator_note", "slightly warm", PERFORMED_AT, "2025-06-02 09:41");

    assertThat(variables(run))
        .containsEntry("mass_g", "12.75")
        .containsEntry("clarity", "cloudy")
        .containsEntry("sealed", true)
        .containsEntry("taken_on", takenOn)
        .containsEntry("operator_note", "slightly warm");
    assertThat(stepVariables(run, "measure"))
        .containsEntry(OUTCOME, "done")
        .containsEntry(PERFORMED_AT, "2025-06-02 09:41");
    assertThat(openSteps(run)).containsExactly("store");
  }

  @Test
  void aDateTypedAsTasklistsDatePatternIsRecordedAsThatDay() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    done(run, "measure", "mass_g", "1", "taken_on", "02/06/2025");

    Object takenOn = variables(run).get("taken_on");
    assertThat(takenOn).isInstanceOf(Date.class);
    assertThat(((Date) takenOn).toInstant().atZone(ZoneId.systemDefault()).toLocalDate())
        .isEqualTo(LocalDate.of(2025, 6, 2));
  }

  @Test
  void aValueOutsideTheLimitsIsRecordedNotRefused() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    done(run, "measure", "mass_g", "250");

    assertThat(variables(run)).containsEntry("mass_g", "250");
    assertThat(openSteps(run)).containsExactly("store");
  }

  @Test
  void aSkippedStepIsSubmittableWithoutItsRequiredValues() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    skip(run, "measure", "sample lost");

    assertThat(stepVariables(run, "measure")).containsEntry(OUTCOME, "skipped")
        .containsEntry(SKIP_REASON, "sample lost");
    assertThat(variables(run)).doesNotContainKey("mass_g");
    assertThat(openSteps(run)).containsExactly("store");
  }

  @Test
  void anOutcomeLeftAtItsDefaultIsRecordedAsDone() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");

    engine.getFormService().submitTaskForm(task(run, "measure").getId(), fields("mass_g", "3"));

    assertThat(stepVariables(run, "measure")).containsEntry(OUTCOME, "done");
  }

  @Test
  void anEnumValueNotOfferedIsRefused() {
    deploy(SAMPLE);
    ProcessInstance run = startByHand("sop_sample");
    String taskId = task(run, "measure").getId();

    assertThatThrownBy(() -> engine.getFormService().submitTaskForm(taskId,
        fields(OUTCOME, "done", "clarity", "sparkling")))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("sparkling");
    assertThatThrownBy(() -> engine.getFormService().submitTaskForm(taskId,
        fields(OUTCOME, "half-done")))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("half-done");
    assertThat(openSteps(run)).containsExactly("measure");
  }

  @Test
  void aCheckAsksItsVariableLabelledWithTheExpectedAnswer() {
    deploy("""
        [procedure]
        id = "sop_valve"
        name = "Valve"

        [[procedure.steps]]
        id = "valve_closed"
        type = "check"
        name = "Valve closed"
        expect = false
        variable = "valve_open"
        """);
    ProcessInstance run = startByHand("sop_valve");

    FormField check = formFields(run, "valve_closed").get("valve_open");
    done(run, "valve_closed", "valve_open", true);

    assertThat(check.getTypeName()).isEqualTo("boolean");
    assertThat(check.getLabel()).isEqualTo("Valve closed (expected: no)");
    assertThat(variables(run)).containsEntry("valve_open", true);
  }

  @Test
  void aCheckWithoutAVariableRecordsUnderItsStepId() {
    deploy("""
        [procedure]
        id = "sop_gloves"
        name = "Gloves"

        [[procedure.steps]]
        id = "gloves_on"
        type = "check"
        name = "Gloves on"
        """);
    ProcessInstance run = startByHand("sop_gloves");

    done(run, "gloves_on", "gloves_on", true);

    assertThat(variables(run)).containsEntry("gloves_on", true);
  }

  /** The values an enum field offers, in the order the form lists them. */
  private static List<String> enumValues(FormField field) {
    Map<?, ?> values = (Map<?, ?>) field.getType().getInformation("values");
    return values.keySet().stream().map(String::valueOf).toList();
  }

  private Map<String, FormField> formFields(ProcessInstance run, String stepId) {
    Map<String, FormField> byId = new LinkedHashMap<>();
    for (FormField field : engine.getFormService().getTaskFormData(task(run, stepId).getId())
        .getFormFields()) {
      byId.put(field.getId(), field);
    }
    return byId;
  }
}
