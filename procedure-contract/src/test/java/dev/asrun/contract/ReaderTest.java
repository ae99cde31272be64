package dev.asrun.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

/**
 * What the contract's reader refuses, and how it says so: BPMN that is no compiled procedure, a
 * value the compiler never writes, a flow the compiler never writes. (That it reads back what the
 * compiler writes is the compiler's {@code ContractRoundTripTest}.)
 */
class ReaderTest {

  @Test
  void readsAProcedureOfOneStep() {
    ProcedureDefinition procedure =
        ProcedureDefinition.read(
            model(
                properties("asrun.schema", "procedure/0.1", "asrun.timeout", "PT1H"),
                userTask("a", properties("asrun.step_type", "action", "asrun.action", "a"))));
    assertThat(procedure.id()).isEqualTo("p");
    assertThat(procedure.timeout()).contains(Duration.ofHours(1));
    assertThat(procedure.steps()).extracting(ProcedureDefinition.Step::id).containsExactly("a");
    assertThat(procedure.steps().get(0).type()).isEqualTo(StepType.ACTION);
  }

  @Test
  void refusesBpmnThatIsNoCompiledProcedure() {
    BpmnModelInstance foreign = model("", userTask("a", ""));
    assertThat(ProcedureDefinition.read(foreign, "p")).isEmpty();
    assertThatThrownBy(() -> ProcedureDefinition.read(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no compiled procedure")
        .hasMessageContaining(Property.SCHEMA);
  }

  @Test
  void namesTheElementThePropertyAndTheValueItCannotRead() {
    assertThatThrownBy(
            () ->
                ProcedureDefinition.read(
                    model(
                        properties("asrun.schema", "procedure/0.1"),
                        userTask(
                            "a",
                            properties(
                                "asrun.step_type", "action", "asrun.timeout", "ten minutes")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step a")
        .hasMessageContaining(Property.TIMEOUT)
        .hasMessageContaining("\"ten minutes\"")
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(
            () ->
                ProcedureDefinition.read(
                    model(
                        properties("asrun.schema", "procedure/0.1"),
                        userTask("a", properties("asrun.step_type", "task")))))
        .hasMessageContaining(Property.STEP_TYPE)
        .hasMessageContaining("\"task\"")
        .hasMessageContaining("action, check, record, wait, group");
  }

  @Test
  void refusesAConditionWithoutTheGatewayThatBypassesIt() {
    assertThatThrownBy(
            () ->
                ProcedureDefinition.read(
                    model(
                        properties("asrun.schema", "procedure/0.1"),
                        userTask("a", properties("asrun.step_type", "action", "asrun.when", "x")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("element a has a condition but no exclusive gateway");
  }

  @Test
  void refusesAWindowWithoutItsCron() {
    assertThatThrownBy(
            () ->
                ProcedureHeader.of(
                    Map.of(
                        Property.SCHEMA, List.of("procedure/0.1"),
                        Property.WINDOW_START, List.of("08:00"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Property.CRON)
        .hasMessageContaining("missing");
  }

  @Test
  void readsASignaturePolicyInItsOrderWithItsGroups() {
    ProcedureHeader header =
        ProcedureHeader.of(
                Map.of(
                    Property.SCHEMA, List.of("procedure/0.2"),
                    Property.SIGNATURE_REQUIRED, List.of("performed", "reviewed"),
                    Property.SIGNATURE_GROUP, List.of("reviewed:qa", "reviewed:qa-leads")))
            .orElseThrow();
    SignaturePolicy policy = header.signatures();
    assertThat(policy.required())
        .containsExactly(SignatureMeaning.PERFORMED, SignatureMeaning.REVIEWED);
    assertThat(policy.groups(SignatureMeaning.REVIEWED)).containsExactly("qa", "qa-leads");
    assertThat(policy.groups(SignatureMeaning.PERFORMED)).isEmpty();
    assertThat(policy.next(List.of(SignatureMeaning.PERFORMED)))
        .contains(SignatureMeaning.REVIEWED);
    assertThat(
            ProcedureHeader.of(Map.of(Property.SCHEMA, List.of("procedure/0.1")))
                .orElseThrow()
                .signatures()
                .none())
        .isTrue();
  }

  @Test
  void refusesASignatureGroupForAMeaningThePolicyDoesNotRequire() {
    assertThatThrownBy(
            () ->
                ProcedureHeader.of(
                    Map.of(
                        Property.SCHEMA, List.of("procedure/0.2"),
                        Property.SIGNATURE_REQUIRED, List.of("performed"),
                        Property.SIGNATURE_GROUP, List.of("approved:qa"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Property.SIGNATURE_GROUP)
        .hasMessageContaining("\"approved:qa\"");
    assertThatThrownBy(
            () ->
                ProcedureHeader.of(
                    Map.of(
                        Property.SCHEMA, List.of("procedure/0.2"),
                        Property.SIGNATURE_REQUIRED, List.of("signed"))))
        .hasMessageContaining(Property.SIGNATURE_REQUIRED)
        .hasMessageContaining("performed, reviewed, approved, verified");
  }

  @Test
  void readsAWindowProcessFromItsProperties() {
    Optional<WindowProcess> window =
        WindowProcess.of(
            Map.of(
                Property.WINDOW_OF, List.of("p"),
                Property.WINDOW_START, List.of("08:00"),
                Property.CRON, List.of("0 0 8 ? * *"),
                Property.DURING_ACTION, List.of("door_opened", "door_closed")));
    assertThat(window).map(WindowProcess::procedureId).contains("p");
    assertThat(window.orElseThrow().gatesActions()).isTrue();
    assertThat(window.orElseThrow().trigger().duringActions())
        .containsExactly("door_opened", "door_closed");
    assertThat(window.orElseThrow().trigger().window().orElseThrow().start())
        .isEqualTo(LocalTime.of(8, 0));
    assertThat(WindowProcess.of(Map.of(Property.SCHEMA, List.of("procedure/0.1")))).isEmpty();
  }

  private static String properties(String... nameValues) {
    StringBuilder xml = new StringBuilder("<extensionElements><camunda:properties>");
    for (int i = 0; i < nameValues.length; i += 2) {
      xml.append("<camunda:property name=\"")
          .append(nameValues[i])
          .append("\" value=\"")
          .append(nameValues[i + 1])
          .append("\"/>");
    }
    return xml.append("</camunda:properties></extensionElements>").toString();
  }

  private static String userTask(String id, String extensions) {
    return "<userTask id=\""
        + id
        + "\">"
        + extensions
        + "<incoming>f1</incoming><outgoing>f2</outgoing></userTask>";
  }

  /** Process {@code p}: start event, {@code task} (with id {@code a}), end event, in sequence. */
  private static BpmnModelInstance model(String processExtensions, String task) {
    String xml =
        """
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
          <process id="p" isExecutable="true">%s
            <startEvent id="asrun-start"><outgoing>f1</outgoing></startEvent>
            <sequenceFlow id="f1" sourceRef="asrun-start" targetRef="a"/>
            %s
            <sequenceFlow id="f2" sourceRef="a" targetRef="asrun-end"/>
            <endEvent id="asrun-end"><incoming>f2</incoming></endEvent>
          </process>
        </definitions>
        """
            .formatted(processExtensions, task);
    return Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
