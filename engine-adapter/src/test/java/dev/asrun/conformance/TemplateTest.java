package dev.asrun.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.contract.ProcedureDefinition;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

/** The template read back from compiled BPMN: every construct of the TOML schema. */
class TemplateTest {

  private static final String EVERYTHING =
      """
      [procedure]
      id = "sop_template_everything"
      name = "Everything"
      timeout = "1h"

      [procedure.context]
      during_action = ["door_opened"]

      [[procedure.steps]]
      id = "power_on"
      name = "Power on"

      [[procedure.steps]]
      id = "verify_temperature"
      type = "check"
      name = "Temperature fine?"
      variable = "temperature_ok"
      expect = true

      [[procedure.steps]]
      id = "prepare"
      type = "group"
      name = "Prepare"
      order = "any"

        [[procedure.steps.steps]]
        id = "fetch_gloves"
        name = "Fetch gloves"

        [[procedure.steps.steps]]
        id = "inner"
        type = "group"
        name = "Inner"

          [[procedure.steps.steps.steps]]
          id = "open_valve"
          name = "Open valve"

          [[procedure.steps.steps.steps]]
          id = "settle"
          type = "wait"
          name = "Settle"
          duration = "5m"

        [[procedure.steps.steps]]
        id = "record_baseline"
        type = "record"
        name = "Baseline"
          [[procedure.steps.steps.fields]]
          variable = "temperature_f"
          label = "Temperature"
          type = "number"
          unit = "°F"
          min = 50
          max = 200

      [[procedure.steps]]
      id = "calibrate"
      name = "Calibrate"
      when = "not temperature_ok"
      timeout = "10m"

      [[procedure.steps]]
      id = "extras"
      type = "group"
      name = "Extras"
      optional = true
      when = "temperature_f > 100"

        [[procedure.steps.steps]]
        id = "clean"
        name = "Clean"

      [[procedure.steps]]
      id = "shut_down"
      name = "Shut down"
      reference = "sop_template_child"

      [[procedure.steps]]
      id = "sign_off"
      name = "Sign off"
      optional = true
      """;

  private static final String CHILD =
      """
      [procedure]
      id = "sop_template_child"
      name = "Child"

      [[procedure.steps]]
      id = "only"
      name = "Only"
      """;

  @Test
  void readsEveryConstructInWrittenOrder() {
    Template template = template();
    assertThat(template.procedureId()).isEqualTo("sop_template_everything");
    assertThat(template.steps()).extracting(Template.StepSpec::id).containsExactly(
        "power_on", "verify_temperature", "fetch_gloves", "open_valve", "settle",
        "record_baseline", "calibrate", "clean", "shut_down", "sign_off");
    assertThat(template.steps()).extracting(Template.StepSpec::position)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(template.isGroup("prepare")).isTrue();
    assertThat(template.isGroup("inner")).isTrue();
    assertThat(template.isGroup("power_on")).isFalse();

    assertThat(template.shape()).isEqualTo(seq(
        step("power_on"), step("verify_temperature"),
        seq(new Shape.AnyOrder(List.of(
            seq(step("fetch_gloves")),
            seq(seq(step("open_valve"), step("settle"))),
            seq(step("record_baseline"))))),
        new Shape.When("calibrate", seq(step("calibrate"))),
        new Shape.When("extras", seq(seq(step("clean")))),
        step("shut_down"), step("sign_off")));
  }

  @Test
  void readsWhatEachStepExpects() {
    Template template = template();
    assertThat(template.step("verify_temperature").orElseThrow().check())
        .contains(new Template.Check("temperature_ok", true));
    assertThat(template.step("record_baseline").orElseThrow().limits()).containsExactly(
        new Template.Limit("temperature_f", Optional.of(new BigDecimal("50")),
            Optional.of(new BigDecimal("200")), Optional.of("°F")));
    assertThat(template.step("calibrate").orElseThrow().when()).contains("not temperature_ok");
    assertThat(template.step("clean").orElseThrow().when()).contains("temperature_f > 100");
    assertThat(template.step("clean").orElseThrow().optional()).isTrue();
    assertThat(template.step("sign_off").orElseThrow().optional()).isTrue();
    assertThat(template.step("power_on").orElseThrow().optional()).isFalse();
    assertThat(template.step("settle").orElseThrow().type()).isEqualTo("wait");
    assertThat(template.step("shut_down").orElseThrow().type()).isEqualTo("action");
  }

  @Test
  void refusesBpmnThatNoProcedureWasCompiledTo() {
    String foreign = Bpmn.convertToString(Bpmn.createExecutableProcess("foreign").startEvent()
        .userTask("a").endEvent().done());
    assertThatThrownBy(
            () ->
                Template.of(
                    ProcedureDefinition.read(
                        Bpmn.readModelFromStream(
                            new ByteArrayInputStream(foreign.getBytes(StandardCharsets.UTF_8))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no compiled procedure")
        .hasMessageContaining("asrun.schema");
  }

  private static Template template() {
    return Procedures.template(EVERYTHING, CHILD);
  }

  private static Shape seq(Shape... parts) {
    return new Shape.Sequence(List.of(parts));
  }

  private static Shape step(String id) {
    return new Shape.Step(id);
  }
}
