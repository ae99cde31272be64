package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** A step with {@code reference} runs the referenced procedure as a child run (a call activity). */
class ReferenceExecutionTest extends EngineTest {

  private static final String PARENT = """
      [procedure]
      id = "sop_startup"
      name = "Startup"

      [[procedure.steps]]
      id = "power_on"
      name = "Power on"

      [[procedure.steps]]
      id = "calibrate"
      name = "Calibrate sensor"
      reference = "sop_calibrate"

      [[procedure.steps]]
      id = "start_pump"
      name = "Start pump"
      """;

  private static final String CHILD = """
      [procedure]
      id = "sop_calibrate"
      name = "Calibrate"

      [[procedure.steps]]
      id = "zero"
      name = "Zero the sensor"

      [[procedure.steps]]
      id = "span"
      type = "record"
      name = "Span check"
        [[procedure.steps.fields]]
        variable = "span_reading"
        label = "Reading"
        type = "number"
      """;

  @Test
  void aReferenceStepRunsTheReferencedProcedureAsAChildRun() {
    deploy(PARENT, CHILD);
    ProcessInstance parent = startByHand("sop_startup");

    done(parent, "power_on");

    assertThat(parent).isWaitingAt("calibrate");
    ProcessInstance child = calledRun(parent);
    assertThat(child).hasProcessDefinitionKey("sop_calibrate");
    assertThat(openSteps(child)).containsExactly("zero");
    assertThat(openSteps(parent)).isEmpty();
  }

  @Test
  void theParentResumesAfterTheChildRunEnds() {
    deploy(PARENT, CHILD);
    ProcessInstance parent = startByHand("sop_startup");
    done(parent, "power_on");
    ProcessInstance child = calledRun(parent);

    done(child, "zero");
    assertThat(openSteps(parent)).isEmpty();
    done(child, "span", "span_reading", "4.02");

    assertThat(child).isEnded().hasPassed("asrun-end");
    assertThat(openSteps(parent)).containsExactly("start_pump");
    done(parent, "start_pump");
    assertThat(parent).isEnded()
        .hasPassedInOrder("power_on", "calibrate", "start_pump", "asrun-end");
  }

  @Test
  void theChildRunGetsTheParentsBusinessKeyAndContext() {
    deploy(PARENT, CHILD);
    engine.getIdentityService().setAuthenticatedUserId("alice");
    ProcessInstance parent = startByHand("sop_startup", "batch-42", Map.of(
        "location", "lab_3", "equipment_id", "reactor_02", "notes", "after maintenance"));
    engine.getIdentityService().setAuthenticatedUserId("bob");

    done(parent, "power_on");

    ProcessInstance child = calledRun(parent);
    assertThat(child).hasBusinessKey("batch-42");
    assertThat(variables(child))
        .containsEntry("location", "lab_3")
        .containsEntry("equipment_id", "reactor_02")
        .containsEntry("notes", "after maintenance")
        .containsEntry("executor_id", "alice");
  }

  @Test
  void theChildsRecordedValuesStayInTheChildRun() {
    deploy(PARENT, CHILD);
    ProcessInstance parent = startByHand("sop_startup");
    done(parent, "power_on");
    ProcessInstance child = calledRun(parent);

    done(child, "zero");
    done(child, "span", "span_reading", "4.02");

    assertThat(variables(child)).containsEntry("span_reading", "4.02");
    assertThat(variables(parent)).doesNotContainKey("span_reading");
  }

  @Test
  void aRunStartedWithoutContextStillCallsTheChild() {
    deploy(PARENT, CHILD);
    ProcessInstance parent = engine.getRuntimeService().startProcessInstanceByKey("sop_startup");

    done(parent, "power_on");

    ProcessInstance child = calledRun(parent);
    assertThat(child.getBusinessKey()).isNull();
    assertThat(openSteps(child)).containsExactly("zero");
  }

  @Test
  void aReferenceInsideAnAnyOrderGroupRunsBesideItsSiblings() {
    deploy("""
        [procedure]
        id = "sop_parallel_call"
        name = "Parallel call"

        [[procedure.steps]]
        id = "both"
        type = "group"
        name = "Both"
        order = "any"
        steps = [
          { id = "clean", name = "Clean" },
          { id = "calibrate", name = "Calibrate", reference = "sop_calibrate" },
        ]
        """, CHILD);
    ProcessInstance parent = startByHand("sop_parallel_call");

    ProcessInstance child = calledRun(parent);
    assertThat(openSteps(parent)).containsExactly("clean");
    done(child, "zero");
    done(child, "span", "span_reading", "1");
    assertThat(parent).isNotEnded();
    done(parent, "clean");

    assertThat(parent).isEnded();
  }

  private ProcessInstance calledRun(ProcessInstance parent) {
    ProcessInstance child = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(parent.getId()).singleResult();
    assertThat(child).as("child run of %s", parent.getId()).isNotNull();
    return child;
  }
}
