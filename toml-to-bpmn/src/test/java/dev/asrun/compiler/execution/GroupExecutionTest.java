package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** Groups: any-order groups as parallel blocks, sequence groups, and the two nested. */
class GroupExecutionTest extends EngineTest {

  private static final String ANY_ORDER = """
      [procedure]
      id = "sop_any_order"
      name = "Any order"

      [[procedure.steps]]
      id = "prepare"
      name = "Prepare"

      [[procedure.steps]]
      id = "checks"
      type = "group"
      name = "Pre-flight checks"
      order = "any"
      steps = [
        { id = "check_oil", name = "Check oil" },
        { id = "check_tyres", name = "Check tyres" },
        { id = "check_lights", name = "Check lights" },
      ]

      [[procedure.steps]]
      id = "depart"
      name = "Depart"
      """;

  @Test
  void allTasksOfAnAnyOrderGroupAreOpenAtOnce() {
    deploy(ANY_ORDER);
    ProcessInstance run = startByHand("sop_any_order");

    done(run, "prepare");

    assertThat(openSteps(run)).containsExactly("check_lights", "check_oil", "check_tyres");
  }

  @Test
  void anAnyOrderGroupIsCompletedInAnyOrderAndTheRunGoesOnOnlyAfterAll() {
    deploy(ANY_ORDER);
    ProcessInstance run = startByHand("sop_any_order");
    done(run, "prepare");

    done(run, "check_lights");
    assertThat(openSteps(run)).containsExactly("check_oil", "check_tyres");
    done(run, "check_tyres");
    assertThat(openSteps(run)).containsExactly("check_oil");
    done(run, "check_oil");

    assertThat(openSteps(run)).containsExactly("depart");
    done(run, "depart");
    assertThat(run).isEnded().hasPassed("checks", "asrun-end");
    assertThat(stepsEntered(run)).startsWith("prepare").endsWith("depart");
  }

  @Test
  void aSequenceGroupRunsItsStepsInOrderInsideTheGroup() {
    deploy("""
        [procedure]
        id = "sop_sequence_group"
        name = "Sequence group"

        [[procedure.steps]]
        id = "setup"
        type = "group"
        name = "Set up"
          [[procedure.steps.steps]]
          id = "unpack"
          name = "Unpack"
          [[procedure.steps.steps]]
          id = "assemble"
          name = "Assemble"

        [[procedure.steps]]
        id = "use"
        name = "Use"
        """);
    ProcessInstance run = startByHand("sop_sequence_group");

    assertThat(openSteps(run)).containsExactly("unpack");
    done(run, "unpack");
    assertThat(openSteps(run)).containsExactly("assemble");
    done(run, "assemble");
    assertThat(openSteps(run)).containsExactly("use");
  }

  @Test
  void aSequenceGroupNestedInAnAnyOrderGroupKeepsItsOwnOrder() {
    deploy("""
        [procedure]
        id = "sop_nested_groups"
        name = "Nested groups"

        [[procedure.steps]]
        id = "parallel_work"
        type = "group"
        name = "Parallel work"
        order = "any"

          [[procedure.steps.steps]]
          id = "label_tubes"
          name = "Label tubes"

          [[procedure.steps.steps]]
          id = "buffer"
          type = "group"
          name = "Prepare buffer"
          steps = [
            { id = "weigh_salt", name = "Weigh salt" },
            { id = "dissolve", name = "Dissolve" },
          ]

        [[procedure.steps]]
        id = "load_samples"
        name = "Load samples"
        """);
    ProcessInstance run = startByHand("sop_nested_groups");

    assertThat(openSteps(run)).containsExactly("label_tubes", "weigh_salt");
    done(run, "weigh_salt");
    assertThat(openSteps(run)).containsExactly("dissolve", "label_tubes");
    done(run, "dissolve");
    assertThat(openSteps(run)).containsExactly("label_tubes");
    done(run, "label_tubes");

    assertThat(openSteps(run)).containsExactly("load_samples");
    done(run, "load_samples");
    assertThat(run).isEnded().hasPassed("buffer", "parallel_work", "asrun-end");
  }

  @Test
  void anAnyOrderGroupOfOneStepRunsThatStep() {
    deploy("""
        [procedure]
        id = "sop_any_of_one"
        name = "Any of one"

        [[procedure.steps]]
        id = "single"
        type = "group"
        name = "Single"
        order = "any"
        steps = [{ id = "alone", name = "Alone" }]
        """);
    ProcessInstance run = startByHand("sop_any_of_one");

    done(run, "alone");

    assertThat(run).isEnded().hasPassed("single", "asrun-end");
  }
}
