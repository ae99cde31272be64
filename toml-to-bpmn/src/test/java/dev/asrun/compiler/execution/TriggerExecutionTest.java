package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * What starts a run besides a person in Tasklist: the time trigger's cron timer (evaluated, as
 * Camunda does, in the engine JVM's zone) and the signal of a {@code during_action}; and how long
 * a trigger window stays open. A plain engine only opens and closes the window: withdrawing the
 * runs it triggered and gating trigger actions is the as-run adapter's part.
 */
class TriggerExecutionTest extends EngineTest {

  /** Saturday. */
  private static final LocalDateTime SATURDAY_10_00 = LocalDateTime.parse("2025-06-07T10:00");

  private static final String WORKDAY_MORNINGS = """
      time_of_day = ["08:00", "09:00"]
      day_of_week = ["monday", "tuesday", "wednesday", "thursday", "friday"]
      """;

  private static String timeTriggered(String context) {
    return """
        [procedure]
        id = "sop_morning"
        name = "Morning check"

        [procedure.context]
        %s

        [[procedure.steps]]
        id = "look_around"
        name = "Look around"
        """.formatted(context);
  }

  private static String actionTriggered(String id, String action) {
    return """
        [procedure]
        id = "%s"
        name = "On %s"

        [procedure.context]
        during_action = "%s"

        [[procedure.steps]]
        id = "respond"
        name = "Respond"
        """.formatted(id, action, action);
  }

  @Test
  void aWorkdayTimeTriggerIsDueAtTheNextWorkdayMorning() {
    clockAt(SATURDAY_10_00);

    deploy(timeTriggered(WORKDAY_MORNINGS));

    assertThat(windowTimer("sop_morning").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-06-09T08:00")));
  }

  @Test
  void aDailyTimeTriggerIsDueAtTheNextStartTime() {
    clockAt(LocalDateTime.parse("2025-06-07T16:45"));

    deploy(timeTriggered("time_of_day = [\"16:30\"]"));

    assertThat(windowTimer("sop_morning").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-06-08T16:30")));
  }

  @Test
  void dayOfMonthAndDayOfWeekMustBothMatch() {
    clockAt(LocalDateTime.parse("2025-06-02T10:00"));

    deploy(timeTriggered("""
        time_of_day = ["08:00"]
        day_of_month = [1, 15]
        day_of_week = ["monday"]
        """));

    // the first Monday that is the 1st or the 15th
    assertThat(windowTimer("sop_morning").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-09-01T08:00")));
  }

  @Test
  void dayOfMonthAloneRestrictsTheTrigger() {
    clockAt(LocalDateTime.parse("2025-06-02T10:00"));

    deploy(timeTriggered("""
        time_of_day = ["07:15"]
        day_of_month = [1, 15]
        """));

    assertThat(windowTimer("sop_morning").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-06-15T07:15")));
  }

  @Test
  void theTimeTriggerFiringStartsARunOfTheProcedure() {
    clockAt(SATURDAY_10_00);
    deploy(timeTriggered(WORKDAY_MORNINGS));

    fire(windowTimer("sop_morning"));

    List<ProcessInstance> runs = runsOf("sop_morning");
    assertThat(runs).hasSize(1);
    assertThat(openSteps(runs.get(0))).containsExactly("look_around");
  }

  @Test
  void afterFiringTheTimeTriggerIsDueAtTheNextMatchingTime() {
    clockAt(LocalDateTime.parse("2025-06-12T10:00"));
    deploy(timeTriggered(WORKDAY_MORNINGS));
    Job friday = windowTimer("sop_morning");
    assertThat(friday.getDuedate()).isEqualTo(local(LocalDateTime.parse("2025-06-13T08:00")));

    fire(friday);

    assertThat(windowTimer("sop_morning").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-06-16T08:00")));
  }

  @Test
  void aTimeTriggeredProcedureCanStillBeStartedByHand() {
    deploy(timeTriggered("time_of_day = [\"08:00\"]"));

    ProcessInstance run = startByHand("sop_morning");

    assertThat(openSteps(run)).containsExactly("look_around");
  }

  @Test
  void onlyTheProcedureNotItsTriggerWindowIsOfferedForStartInTasklist() {
    deploy(timeTriggered("time_of_day = [\"08:00\"]"));

    assertThat(definition("sop_morning").isStartableInTasklist()).isTrue();
    assertThat(definition("sop_morning-window").isStartableInTasklist()).isFalse();
  }

  @Test
  void anActionSignalStartsEveryProcedureTriggeredByIt() {
    deploy(actionTriggered("sop_spill_clean", "chemical_spill"),
        actionTriggered("sop_spill_report", "chemical_spill"),
        actionTriggered("sop_fire", "fire_alarm"));

    engine.getRuntimeService().signalEventReceived("chemical_spill");

    assertThat(runsOf("sop_spill_clean")).hasSize(1);
    assertThat(runsOf("sop_spill_report")).hasSize(1);
    assertThat(runsOf("sop_fire")).isEmpty();
    assertThat(openSteps(runsOf("sop_spill_clean").get(0))).containsExactly("respond");
  }

  @Test
  void aProcedureWithSeveralActionsStartsOnEachOfThem() {
    deploy("""
        [procedure]
        id = "sop_evacuate"
        name = "Evacuate"

        [procedure.context]
        during_action = ["fire_alarm", "gas_alarm"]

        [[procedure.steps]]
        id = "leave"
        name = "Leave the building"
        """);

    engine.getRuntimeService().signalEventReceived("fire_alarm");
    engine.getRuntimeService().signalEventReceived("gas_alarm");

    assertThat(runsOf("sop_evacuate")).hasSize(2);
  }

  @Test
  void aWindowWithAnEndStaysOpenUntilItsEndAndThenCloses() {
    clockAt(SATURDAY_10_00);
    deploy(timeTriggered(WORKDAY_MORNINGS));
    fire(windowTimer("sop_morning"));
    ProcessInstance window = openWindow("sop_morning");
    Job end = timer(window, "asrun-window-wait");
    assertThat(end.getDuedate()).isEqualTo(local(LocalDateTime.parse("2025-06-09T09:00")));

    fire(end);

    assertThat(window).isEnded().hasPassed("asrun-window-closed");
    assertThat(runsOf("sop_morning")).singleElement()
        .satisfies(run -> assertThat(openSteps(run)).containsExactly("look_around"));
  }

  @Test
  void aWindowOverMidnightClosesOnTheNextDay() {
    clockAt(SATURDAY_10_00);
    deploy(timeTriggered("time_of_day = [\"22:00\", \"02:30\"]"));

    fire(windowTimer("sop_morning"));

    assertThat(timer(openWindow("sop_morning"), "asrun-window-wait").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-06-08T02:30")));
    assertThat(runsOf("sop_morning")).hasSize(1);
  }

  @Test
  void aWindowWithoutAnEndClosesAsSoonAsItTriggered() {
    clockAt(SATURDAY_10_00);
    deploy(timeTriggered("time_of_day = [\"16:30\"]"));

    fire(windowTimer("sop_morning"));

    assertThat(runsOf("sop_morning")).hasSize(1);
    assertThat(engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("sop_morning-window").count()).isZero();
  }

  @Test
  void aWindowGatingATriggerActionTriggersNothingByItselfAndStaysOpenUntilItsEnd() {
    clockAt(SATURDAY_10_00);
    deploy(timeTriggered("""
        time_of_day = ["20:00", "21:15"]
        during_action = "door_opened"
        """));

    fire(windowTimer("sop_morning"));

    assertThat(runsOf("sop_morning")).isEmpty();
    ProcessInstance window = openWindow("sop_morning");
    assertThat(timer(window, "asrun-window-wait").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-06-07T21:15")));
    engine.getRuntimeService().signalEventReceived("door_opened");
    assertThat(runsOf("sop_morning")).hasSize(1);
  }

  @Test
  void aWindowGatingATriggerActionWithoutAnEndIsOpenUntilMidnight() {
    clockAt(SATURDAY_10_00);
    deploy(timeTriggered("""
        time_of_day = ["22:15"]
        during_action = "door_opened"
        """));

    fire(windowTimer("sop_morning"));

    assertThat(timer(openWindow("sop_morning"), "asrun-window-wait").getDuedate())
        .isEqualTo(local(LocalDateTime.parse("2025-06-08T00:00")));
  }

  /** The window process's cron timer start event (not the timer holding an open window). */
  private Job windowTimer(String procedureId) {
    Job job = engine.getManagementService().createJobQuery().timers()
        .processDefinitionKey(procedureId + "-window").activityId("asrun-window-timer")
        .singleResult();
    assertThat(job).as("the trigger window timer of %s", procedureId).isNotNull();
    return job;
  }

  /** The procedure's window process instance that is open (waiting for the window's end). */
  private ProcessInstance openWindow(String procedureId) {
    ProcessInstance window = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(procedureId + "-window").singleResult();
    assertThat(window).as("the open trigger window of %s", procedureId).isNotNull();
    return window;
  }

  private List<ProcessInstance> runsOf(String procedureId) {
    return engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(procedureId).list();
  }

  private static void clockAt(LocalDateTime localTime) {
    clockAt(local(localTime).toInstant());
  }

  /** A local time of the engine JVM's zone, the zone Camunda evaluates cron in. */
  private static Date local(LocalDateTime localTime) {
    return Date.from(localTime.atZone(ZoneId.systemDefault()).toInstant());
  }
}
