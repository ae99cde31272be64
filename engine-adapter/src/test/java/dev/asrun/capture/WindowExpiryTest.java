package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.ProcedureLifecycle;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trigger window's end: the runs it triggered that never saw their first step go back, leaving
 * only their events ({@code trigger_expired}); everything else is left alone. On H2 and PostgreSQL.
 */
class WindowExpiryTest {

  @Nested
  class OnH2 extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();
  }

  @Nested
  class OnPostgres extends Scenarios {
    @RegisterExtension final ProcessEngineExtension extension = TestEngines.postgres();
  }

  abstract static class Scenarios extends CaptureTest {

    /** A Monday in June: no change of daylight saving time in the days the tests span. */
    private static final Instant MONDAY_EARLY = Instant.parse("2025-06-02T02:00:00Z");

    @BeforeEach
    void deployOnAMondayInJune() {
      clockAt(MONDAY_EARLY);
    }

    /** Power on, then verify; {@code firstStepKeys} are more keys of the first step. */
    private static String procedure(String id, String context, String firstStepKeys) {
      return """
          [procedure]
          id = "%s"
          name = "Morning checks"

          [procedure.context]
          %s

          [[procedure.steps]]
          id = "power_on"
          name = "Power on"
          %s

          [[procedure.steps]]
          id = "verify"
          name = "Verify"
          """.formatted(id, context, firstStepKeys);
    }

    private static String procedure(String id, String context) {
      return procedure(id, context, "");
    }

    private static String morning(String id) {
      return procedure(id, """
          time_of_day = ["08:00", "09:30"]
          timezone = "Europe/Berlin"
          """);
    }

    @Test
    void expiresATriggeredRunAtTheWindowsEnd() throws Exception {
      deploy(morning("sop_expiry_unseen"));
      ProcessInstance run = openTheWindow("sop_expiry_unseen");
      ProcessInstance window = openWindow("sop_expiry_unseen");
      assertThat(lifecycle("sop_expiry_unseen").state())
          .isEqualTo(ProcedureLifecycle.State.TRIGGERED);
      assertThat(payload(run, EventType.PROC_TRIGGERED, null))
          .containsEntry("window_process_instance_id", window.getId());

      fire(windowEnd(window));

      assertThat(running(run)).isFalse();
      assertThat(historic(run).getDeleteReason()).isEqualTo(WindowClosedListener.DELETE_REASON);
      assertThat(trail(run)).containsExactly(
          "proc_triggered scheduler",
          "step_started engine power_on",
          "trigger_expired scheduler");
      assertThat(payload(run, EventType.TRIGGER_EXPIRED, null)).contains(
          entry("window_of", "sop_expiry_unseen"),
          entry("window_start", "08:00"),
          entry("window_end", "09:30"),
          entry("timezone", "Europe/Berlin"),
          entry("window_process_instance_id", window.getId()),
          entry("process_instance_id", run.getId()),
          entry("open_steps", List.of("power_on")),
          entry("delete_reason", WindowClosedListener.DELETE_REASON));
      assertLeftNoRun(run, "sop_expiry_unseen");
      assertThat(historic(window).getEndActivityId()).isEqualTo("asrun-window-closed");
    }

    @Test
    void aWindowEndsItsLengthAfterItOpened() throws Exception {
      deploy(morning("sop_expiry_length"));
      Job start = windowStart("sop_expiry_length");

      fire(start);

      assertThat(windowEnd(openWindow("sop_expiry_length")).getDuedate().toInstant())
          .isEqualTo(start.getDuedate().toInstant().plus(Duration.ofMinutes(90)));
    }

    @Test
    void aRunWhoseFirstStepWasSeenBeforeTheEndStaysActive() throws Exception {
      deploy(morning("sop_expiry_seen"));
      ProcessInstance run = openTheWindow("sop_expiry_seen");
      as("alice");
      done(run, "power_on");

      fire(windowEnd(openWindow("sop_expiry_seen")));

      assertThat(running(run)).isTrue();
      assertThat(types(run)).doesNotContain(EventType.TRIGGER_EXPIRED, EventType.PROC_ABORTED);
      assertThat(queries().run(RunIds.of(run.getId())).orElseThrow().run().status())
          .isEqualTo(RunStatus.ACTIVE);
      assertThat(lifecycle("sop_expiry_seen").state()).isEqualTo(ProcedureLifecycle.State.ACTIVE);
    }

    @Test
    void aRunStartedByHandDuringTheWindowIsNotExpired() throws Exception {
      deploy(morning("sop_expiry_by_hand"));
      ProcessInstance triggered = openTheWindow("sop_expiry_by_hand");
      as("bob");
      ProcessInstance byHand = start("sop_expiry_by_hand", null);

      fire(windowEnd(openWindow("sop_expiry_by_hand")));

      assertThat(running(triggered)).isFalse();
      assertThat(running(byHand)).isTrue();
      assertThat(types(byHand)).doesNotContain(EventType.TRIGGER_EXPIRED);
      assertThat(lifecycle("sop_expiry_by_hand"))
          .isEqualTo(new ProcedureLifecycle("sop_expiry_by_hand", 1, 0));
    }

    @Test
    void aWindowOverMidnightExpiresItsRunOnTheNextDay() throws Exception {
      deploy(procedure("sop_expiry_night", "time_of_day = [\"22:00\", \"02:00\"]"));
      ProcessInstance run = openTheWindow("sop_expiry_night");
      Job end = windowEnd(openWindow("sop_expiry_night"));
      LocalDateTime opened = LocalDateTime.ofInstant(
          historic(run).getStartTime().toInstant(), ZoneId.systemDefault());
      assertThat(LocalDateTime.ofInstant(end.getDuedate().toInstant(), ZoneId.systemDefault()))
          .isEqualTo(opened.toLocalDate().plusDays(1).atTime(2, 0));

      fire(end);

      assertThat(types(run)).endsWith(EventType.TRIGGER_EXPIRED);
      assertLeftNoRun(run, "sop_expiry_night");
    }

    @Test
    void aWindowWithoutAnEndNeverExpiresItsRun() throws Exception {
      deploy(procedure("sop_expiry_no_end", "time_of_day = [\"08:00\"]"));

      ProcessInstance run = openTheWindow("sop_expiry_no_end");

      assertThat(engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey("sop_expiry_no_end-window").count()).isZero();
      assertThat(running(run)).isTrue();
      assertThat(lifecycle("sop_expiry_no_end").state())
          .isEqualTo(ProcedureLifecycle.State.TRIGGERED);
    }

    @Test
    void theRunsAnExpiringRunCalledExpireWithIt() throws Exception {
      deployCalling("sop_expiry_caller", "sop_expiry_called");
      ProcessInstance caller = openTheWindow("sop_expiry_caller");
      ProcessInstance called = calledBy(caller);

      fire(windowEnd(openWindow("sop_expiry_caller")));

      assertThat(running(called)).isFalse();
      assertThat(trail(called)).containsExactly(
          "proc_triggered engine",
          "step_started engine zero",
          "trigger_expired scheduler");
      assertThat(payload(called, EventType.TRIGGER_EXPIRED, null)).contains(
          entry("parent_run_id", RunIds.of(caller.getId())),
          entry("window_of", "sop_expiry_caller"),
          entry("open_steps", List.of("zero")));
      assertThat(types(caller)).containsExactly(
          EventType.PROC_TRIGGERED,
          EventType.STEP_STARTED,
          EventType.SUBRUN_STARTED,
          EventType.TRIGGER_EXPIRED);
      assertThat(payload(caller, EventType.TRIGGER_EXPIRED, null))
          .containsEntry("open_steps", List.of("power_on"));
      assertLeftNoRun(caller, "sop_expiry_caller");
      assertThat(queries().run(RunIds.of(called.getId()))).isEmpty();
    }

    @Test
    void aRunWhoseCalledRunSawItsFirstStepIsNotExpired() throws Exception {
      deployCalling("sop_expiry_busy_caller", "sop_expiry_busy_called");
      ProcessInstance caller = openTheWindow("sop_expiry_busy_caller");
      ProcessInstance called = calledBy(caller);
      as("carol");
      done(called, "zero");

      fire(windowEnd(openWindow("sop_expiry_busy_caller")));

      assertThat(running(caller)).isTrue();
      assertThat(running(called)).isTrue();
      assertThat(types(caller)).doesNotContain(EventType.TRIGGER_EXPIRED);
      assertThat(types(called)).doesNotContain(EventType.TRIGGER_EXPIRED);
    }

    @Test
    void closingTheWindowByHandExpiresItsRunsAlsoWhenCustomListenersAreSkipped() throws Exception {
      deploy(morning("sop_expiry_closed_by_hand"));
      ProcessInstance run = openTheWindow("sop_expiry_closed_by_hand");
      ProcessInstance window = openWindow("sop_expiry_closed_by_hand");
      as("operator");

      engine.getRuntimeService().createProcessInstanceModification(window.getId())
          .startBeforeActivity("asrun-window-closed")
          .cancelAllForActivity("asrun-window-wait")
          .execute(true, false);

      assertThat(running(run)).isFalse();
      assertThat(trail(run)).containsExactly(
          "proc_triggered scheduler",
          "step_started engine power_on",
          "trigger_expired scheduler");
      assertLeftNoRun(run, "sop_expiry_closed_by_hand");
    }

    // --- helpers

    /** Deploys a windowed procedure whose first step calls {@code calledId}, and the called one. */
    private void deployCalling(String callerId, String calledId) {
      deploy(procedure(callerId, "time_of_day = [\"08:00\", \"09:00\"]",
          "reference = \"" + calledId + "\""), """
          [procedure]
          id = "%s"
          name = "Calibration"

          [[procedure.steps]]
          id = "zero"
          name = "Zero the probe"

          [[procedure.steps]]
          id = "span"
          name = "Set the span"
          """.formatted(calledId));
    }

    /** Fires the window's opening timer; returns the run it triggered. */
    private ProcessInstance openTheWindow(String procedureId) {
      fire(windowStart(procedureId));
      ProcessInstance run = engine.getRuntimeService().createProcessInstanceQuery()
          .processDefinitionKey(procedureId).singleResult();
      assertThat(run).as("the run the window of %s triggered", procedureId).isNotNull();
      return run;
    }

    private Job windowEnd(ProcessInstance window) {
      return timer(window, "asrun-window-wait");
    }

    private ProcessInstance calledBy(ProcessInstance caller) {
      ProcessInstance called = engine.getRuntimeService().createProcessInstanceQuery()
          .superProcessInstanceId(caller.getId()).singleResult();
      assertThat(called).as("the run %s called", caller.getId()).isNotNull();
      return called;
    }

    private boolean running(ProcessInstance run) {
      return engine.getRuntimeService().createProcessInstanceQuery()
          .processInstanceId(run.getId()).count() == 1;
    }

    private HistoricProcessInstance historic(ProcessInstance instance) {
      return engine.getHistoryService().createHistoricProcessInstanceQuery()
          .processInstanceId(instance.getId()).singleResult();
    }

    private List<EventType> types(ProcessInstance run) throws SQLException {
      return events(run).stream().map(LoggedEvent::type).toList();
    }

    /** The run is in no list or count of the index, and its procedure is inactive again. */
    private void assertLeftNoRun(ProcessInstance run, String procedureId) throws SQLException {
      AsRunQueries queries = queries();
      assertThat(events(run)).last().satisfies(expired -> {
        assertThat(expired.type()).isEqualTo(EventType.TRIGGER_EXPIRED);
        assertThat(expired.source()).isEqualTo(EventSource.SCHEDULER);
      });
      assertThat(queries.run(RunIds.of(run.getId()))).isEmpty();
      assertThat(queries.runIdOfProcessInstance(run.getId())).isEmpty();
      assertThat(queries.runs(RunQuery.all().withProcedureId(procedureId))).isEmpty();
      assertThat(queries.analytics(RunQuery.all().withProcedureId(procedureId)).runCount())
          .isZero();
      assertThat(lifecycle(procedureId).state()).isEqualTo(ProcedureLifecycle.State.INACTIVE);
      assertThat(queries.lifecycles()).extracting(ProcedureLifecycle::procedureId)
          .doesNotContain(procedureId);
    }

    private ProcedureLifecycle lifecycle(String procedureId) throws SQLException {
      return queries().lifecycle(procedureId);
    }

    private AsRunQueries queries() {
      return AsRunQueries.of(configuration().getDataSource());
    }
  }
}
