package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * Timers inside a run: {@code wait} steps, step timeouts and the procedure timeout. The job
 * executor is off; a test moves the engine clock to the due date and executes the job.
 */
class TimerExecutionTest extends EngineTest {

  private static final Instant START = Instant.parse("2025-06-02T07:00:00Z");

  private static final String STEP_TIMEOUT = """
      [procedure]
      id = "sop_pump"
      name = "Pump"

      [[procedure.steps]]
      id = "start_pump"
      name = "Start circulation pump"
      timeout = "5m"

      [[procedure.steps]]
      id = "check_flow"
      name = "Check flow"
      """;

  private static final String PROCEDURE_TIMEOUT = """
      [procedure]
      id = "sop_timed"
      name = "Timed"
      timeout = "30m"

      [[procedure.steps]]
      id = "first"
      name = "First"

      [[procedure.steps]]
      id = "parallel"
      type = "group"
      name = "Parallel"
      order = "any"
      steps = [
        { id = "left", name = "Left" },
        { id = "right", name = "Right" },
      ]
      """;

  @Test
  void aWaitStepIsATimerDueAfterItsDuration() {
    deploy("""
        [procedure]
        id = "sop_cure"
        name = "Cure"

        [[procedure.steps]]
        id = "apply_resin"
        name = "Apply resin"

        [[procedure.steps]]
        id = "cure"
        type = "wait"
        name = "Let it cure"
        duration = "1h30m"

        [[procedure.steps]]
        id = "sand"
        name = "Sand"
        """);
    clockAt(START);
    ProcessInstance run = startByHand("sop_cure");
    clockAt(START.plusSeconds(600));

    done(run, "apply_resin");

    assertThat(run).isWaitingAt("cure");
    assertThat(openSteps(run)).isEmpty();
    assertThat(timer(run, "cure").getDuedate())
        .isEqualTo(Date.from(START.plusSeconds(600).plus(Duration.ofMinutes(90))));
  }

  @Test
  void theRunGoesOnWhenTheWaitTimerFires() {
    deploy("""
        [procedure]
        id = "sop_incubate"
        name = "Incubate"

        [[procedure.steps]]
        id = "incubate"
        type = "wait"
        name = "Incubate"
        duration = "PT45M"

        [[procedure.steps]]
        id = "read_plate"
        name = "Read plate"
        """);
    clockAt(START);
    ProcessInstance run = startByHand("sop_incubate");

    fire(timer(run, "incubate"));

    assertThat(openSteps(run)).containsExactly("read_plate");
    assertThat(run).hasPassed("incubate");
  }

  @Test
  void aStepTimeoutIsATimerDueAfterTheTimeoutFromWhenTheStepOpened() {
    deploy(STEP_TIMEOUT);
    clockAt(START);

    ProcessInstance run = startByHand("sop_pump");

    assertThat(timer(run, "start_pump-overdue").getDuedate())
        .isEqualTo(Date.from(START.plus(Duration.ofMinutes(5))));
  }

  @Test
  void aFiredStepTimeoutOnlyRecordsAndTheTaskStaysOpen() {
    deploy(STEP_TIMEOUT);
    clockAt(START);
    ProcessInstance run = startByHand("sop_pump");
    String taskId = task(run, "start_pump").getId();

    fire(timer(run, "start_pump-overdue"));

    assertThat(task(run, "start_pump").getId()).isEqualTo(taskId);
    assertThat(run).hasPassed("start_pump-overdue", "start_pump-overdue-end").isNotEnded();
    done(run, "start_pump");
    assertThat(openSteps(run)).containsExactly("check_flow");
    done(run, "check_flow");
    assertThat(run).isEnded().hasPassed("asrun-end");
  }

  @Test
  void aStepDoneInTimeLeavesNoTimerBehind() {
    deploy(STEP_TIMEOUT);
    ProcessInstance run = startByHand("sop_pump");

    done(run, "start_pump");

    assertThat(engine.getManagementService().createJobQuery().processInstanceId(run.getId())
        .count()).isZero();
    assertThat(run).hasNotPassed("start_pump-overdue");
  }

  @Test
  void aGroupTimeoutFiresWhileTheGroupsStepsStayOpen() {
    deploy("""
        [procedure]
        id = "sop_group_timeout"
        name = "Group timeout"

        [[procedure.steps]]
        id = "prep"
        type = "group"
        name = "Preparation"
        order = "any"
        timeout = "10m"
        steps = [
          { id = "weigh", name = "Weigh" },
          { id = "mix", name = "Mix" },
        ]
        """);
    clockAt(START);
    ProcessInstance run = startByHand("sop_group_timeout");

    fire(timer(run, "prep-overdue"));

    assertThat(openSteps(run)).containsExactly("mix", "weigh");
    assertThat(run).hasPassed("prep-overdue-end");
  }

  @Test
  void aProcedureTimeoutIsATimerOnTheWholeRunDueAfterTheTimeout() {
    deploy(PROCEDURE_TIMEOUT);
    clockAt(START);

    ProcessInstance run = startByHand("sop_timed");

    assertThat(timer(run, "asrun-timeout").getDuedate())
        .isEqualTo(Date.from(START.plus(Duration.ofMinutes(30))));
    done(run, "first");
    assertThat(timer(run, "asrun-timeout").getDuedate())
        .isEqualTo(Date.from(START.plus(Duration.ofMinutes(30))));
  }

  @Test
  void aProcedureTimeoutEndsTheRunAtAbortedAndCancelsItsTasks() {
    deploy(PROCEDURE_TIMEOUT);
    clockAt(START);
    ProcessInstance run = startByHand("sop_timed");
    done(run, "first");
    done(run, "left");

    fire(timer(run, "asrun-timeout"));

    assertThat(run).isEnded().hasPassed("asrun-aborted").hasNotPassed("asrun-end");
    assertThat(openSteps(run)).isEmpty();
    HistoricTaskInstance right = engine.getHistoryService().createHistoricTaskInstanceQuery()
        .processInstanceId(run.getId()).taskDefinitionKey("right").singleResult();
    assertThat(right.getEndTime()).isNotNull();
    assertThat(right.getDeleteReason()).isNotEqualTo("completed");
  }

  @Test
  void aRunFinishedBeforeItsTimeoutEndsNormally() {
    deploy(PROCEDURE_TIMEOUT);
    ProcessInstance run = startByHand("sop_timed");

    done(run, "first");
    done(run, "left");
    done(run, "right");

    assertThat(run).isEnded().hasPassed("asrun-end").hasNotPassed("asrun-aborted");
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(run.getId())
        .count()).isZero();
  }

  @Test
  void aProcedureTimeoutAlsoEndsAWaitingChildRun() {
    deploy("""
        [procedure]
        id = "sop_timed_parent"
        name = "Timed parent"
        timeout = "1h"

        [[procedure.steps]]
        id = "sub"
        name = "Sub-procedure"
        reference = "sop_slow_child"
        """, """
        [procedure]
        id = "sop_slow_child"
        name = "Slow child"

        [[procedure.steps]]
        id = "slow"
        name = "Slow step"
        """);
    clockAt(START);
    ProcessInstance parent = startByHand("sop_timed_parent");
    ProcessInstance child = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(parent.getId()).singleResult();

    fire(timer(parent, "asrun-timeout"));

    assertThat(parent).isEnded().hasPassed("asrun-aborted");
    assertThat(child).isEnded();
  }

  @Test
  void aWaitInsideATimedProcedureIsCutShortByTheProcedureTimeout() {
    deploy("""
        [procedure]
        id = "sop_long_wait"
        name = "Long wait"
        timeout = "1h"

        [[procedure.steps]]
        id = "soak"
        type = "wait"
        name = "Soak"
        duration = "2h"

        [[procedure.steps]]
        id = "rinse"
        name = "Rinse"
        """);
    clockAt(START);
    ProcessInstance run = startByHand("sop_long_wait");
    Job timeout = timer(run, "asrun-timeout");
    assertThat(timeout.getDuedate()).isBefore(timer(run, "soak").getDuedate());

    fire(timeout);

    assertThat(run).isEnded().hasPassed("asrun-aborted").hasNotPassed("rinse");
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(run.getId())
        .count()).isZero();
  }
}
