package dev.asrun.query;

import static dev.asrun.index.Recorder.minute;
import static dev.asrun.index.SampleHistory.PURGE;
import static dev.asrun.index.SampleHistory.SHUTDOWN;
import static dev.asrun.index.SampleHistory.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Recorder;
import dev.asrun.index.SampleHistory;
import dev.asrun.index.Vendor;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every query over the {@link SampleHistory}, recorded once per database and only read here. */
class AsRunQueriesTest {

  private static final Map<Vendor, AsRunQueries> HISTORIES = new EnumMap<>(Vendor.class);

  private static AsRunQueries history(Vendor vendor) throws Exception {
    AsRunQueries queries = HISTORIES.get(vendor);
    if (queries == null) {
      IndexDatabase db = IndexDatabase.create(vendor);
      SampleHistory.record(new Recorder(db));
      queries = AsRunQueries.of(db.dataSource());
      HISTORIES.put(vendor, queries);
    }
    return queries;
  }

  private static List<String> ids(List<RunSummary> runs) {
    return runs.stream().map(RunSummary::runId).toList();
  }

  @OnBothDatabases
  void getRunsListsEveryRunOfTheProcedureNewestFirst(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(ids(queries.getRuns(STARTUP))).containsExactly("r7", "r5", "r4", "r3", "r2", "r1");
    assertThat(ids(queries.getRuns(SHUTDOWN))).containsExactly("s2", "s1");
    assertThat(queries.getRuns("never_run")).isEmpty();
  }

  @OnBothDatabases
  void getRunsInRangeSelectsByStartTimeFromInclusiveToExclusive(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(ids(queries.getRunsInRange(STARTUP, minute(60), minute(180))))
        .containsExactly("r3", "r2");
    assertThat(ids(queries.getRunsInRange(STARTUP, minute(60), minute(180.0 + 1.0 / 60))))
        .containsExactly("r4", "r3", "r2");
    assertThat(ids(queries.getRunsInRange(STARTUP, minute(0), minute(10_000))))
        .containsExactly("r7", "r5", "r4", "r3", "r2", "r1");
    assertThat(queries.getRunsInRange(STARTUP, minute(61), minute(61))).isEmpty();
  }

  @OnBothDatabases
  void getFailedRunsListsAbortedRuns(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(queries.getFailedRuns(STARTUP))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.runId()).isEqualTo("r2");
              assertThat(run.abortReason()).contains("cancelled");
            });
    assertThat(queries.getFailedRuns(SHUTDOWN))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.runId()).isEqualTo("s2");
              assertThat(run.abortReason()).contains("timeout");
              assertThat(run.duration()).contains(Duration.ofMinutes(30));
            });
    assertThat(queries.getFailedRuns(PURGE)).isEmpty();
  }

  @OnBothDatabases
  void averageDurationIsTheMeanOfCompletedRuns(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(queries.averageDuration(STARTUP)).contains(Duration.ofMinutes(20));
    assertThat(queries.averageDuration(SHUTDOWN)).contains(Duration.ofMinutes(15));
    assertThat(queries.averageDuration(PURGE)).contains(Duration.ofMinutes(8));
    assertThat(queries.averageDuration("never_run")).isEmpty();
  }

  @OnBothDatabases
  void skippedStepsFrequencyCountsRunsMostSkippedFirst(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(queries.skippedStepsFrequency(STARTUP))
        .as("r4's check_temp counts as skipped: bob corrected it as not done")
        .containsExactly(entry("check_temp", 2L), entry("vent", 2L));
    assertThat(queries.skippedStepsFrequency(SHUTDOWN)).isEmpty();
  }

  @OnBothDatabases
  void executorSuccessRateCountsAbortedRunsAsFailuresAndLeavesOpenRunsOut(Vendor vendor)
      throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(queries.executorSuccessRate(STARTUP))
        .containsExactly(entry("alice", 1.0), entry("bob", 0.5));
    assertThat(queries.executorSuccessRate(SHUTDOWN)).containsExactly(entry("alice", 0.5));
    assertThat(queries.executorSuccessRate(PURGE)).containsExactly(entry("erin", 1.0));
    assertThat(queries.executorSuccessRate("never_run")).isEmpty();
  }

  @OnBothDatabases
  void proceduresByExecutorListsTheExecutorsRunsOfEveryProcedure(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(ids(queries.proceduresByExecutor("alice"))).containsExactly("s2", "s1", "r3", "r1");
    assertThat(ids(queries.proceduresByExecutor("carol")))
        .as("a run triggered by its window belongs to the executor of its first step")
        .containsExactly("r5");
    assertThat(ids(queries.proceduresByExecutor("erin"))).containsExactly("c1");
    assertThat(queries.proceduresByExecutor("nobody")).isEmpty();
  }

  @OnBothDatabases
  void proceduresOnEquipmentListsEveryRunOnIt(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(ids(queries.proceduresOnEquipment("reactor_02")))
        .containsExactly("s2", "s1", "r7", "r3", "r1");
    assertThat(ids(queries.proceduresOnEquipment("reactor_01"))).containsExactly("r4", "r2");
    assertThat(queries.proceduresOnEquipment("reactor_99")).isEmpty();
  }

  @OnBothDatabases
  void fullEventLogIsTheRunsTrailFromTheLog(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    List<LoggedEvent> trail = queries.fullEventLog("r1");
    assertThat(trail)
        .extracting(LoggedEvent::type)
        .containsExactly(
            EventType.PROC_TRIGGERED,
            EventType.STEP_STARTED,
            EventType.RUN_STARTED,
            EventType.STEP_MATCHED,
            EventType.STEP_STARTED,
            EventType.STEP_MATCHED,
            EventType.STEP_STARTED,
            EventType.STEP_SKIPPED,
            EventType.PROC_COMPLETED);
    assertThat(trail)
        .extracting(LoggedEvent::streamSeq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(trail.stream().map(LoggedEvent::eventId).toList())
        .isEqualTo(queries.run("r1").orElseThrow().eventIds());
    assertThat(queries.fullEventLog("r6"))
        .extracting(LoggedEvent::type)
        .containsExactly(EventType.PROC_TRIGGERED, EventType.TRIGGER_EXPIRED);
    assertThat(queries.fullEventLog("unknown")).isEmpty();
  }

  @OnBothDatabases
  void runRecordCarriesTheSeedsRunSchemaWithContextStepsAndParent(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    RunRecord r3 = queries.run("r3").orElseThrow();
    assertThat(r3.runId()).isEqualTo("r3");
    assertThat(r3.run().context())
        .isEqualTo(
            new RunContext(
                Optional.of("alice"),
                Optional.of("lab_5"),
                Optional.of("reactor_02"),
                Optional.empty()));
    assertThat(r3.steps())
        .extracting(RunStep::stepId, RunStep::status, RunStep::overdue)
        .containsExactly(
            tuple("power_on", StepStatus.DONE, false),
            tuple("check_temp", StepStatus.DONE, true),
            tuple("vent", StepStatus.SKIPPED, false));
    assertThat(r3.steps().get(1).occurredAt()).contains(minute(138));
    assertThat(r3.steps().get(1).endedAt()).contains(minute(140));

    RunRecord c1 = queries.run("c1").orElseThrow();
    assertThat(c1.run().parentRunId()).contains("s1");
    assertThat(ids(queries.runs(RunQuery.all().withParentRunId("s1")))).containsExactly("c1");

    RunRecord r2 = queries.run("r2").orElseThrow();
    assertThat(r2.steps())
        .last()
        .satisfies(
            vent -> {
              assertThat(vent.stepId()).isEqualTo("vent");
              assertThat(vent.status()).isEqualTo(StepStatus.CANCELLED);
              assertThat(vent.reason()).contains("run cancelled");
            });
    RunRecord r5 = queries.run("r5").orElseThrow();
    assertThat(r5.run().startTime()).isEqualTo(minute(240));
    assertThat(r5.run().activatedAt()).contains(minute(246));
    assertThat(r5.run().endTime()).isEmpty();
    assertThat(r5.run().duration()).isEmpty();
    assertThat(queries.run("r6")).as("an expired trigger leaves only events").isEmpty();
    assertThat(queries.run("unknown")).isEmpty();
    assertThat(queries.runIdOfProcessInstance("pi-r3")).contains("r3");
  }

  @OnBothDatabases
  void runQueryCombinesFilters(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(ids(queries.runs(RunQuery.all().withLocation("lab_5")))).containsExactly("r4", "r3");
    assertThat(ids(queries.runs(RunQuery.all().withStatus(RunStatus.TRIGGERED))))
        .containsExactly("r7");
    assertThat(ids(queries.runs(RunQuery.all().withStatus(RunStatus.ACTIVE))))
        .containsExactly("r5");
    assertThat(
            ids(
                queries.runs(
                    RunQuery.all()
                        .withProcedureId(STARTUP)
                        .withLocation("lab_3")
                        .withStatus(RunStatus.COMPLETED))))
        .containsExactly("r1");
    assertThat(
            ids(
                queries.runs(
                    RunQuery.all()
                        .withExecutorId("alice")
                        .withEquipmentId("reactor_02")
                        .withStartedFrom(minute(100))
                        .withStartedBefore(minute(450)))))
        .containsExactly("s1", "r3");
  }

  @OnBothDatabases
  void allowedProcedureIdsLimitWhatTheCallerSees(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    RunQuery shutdownOnly = RunQuery.all().withAllowedProcedureIds(Set.of(SHUTDOWN, "elsewhere"));
    assertThat(ids(queries.runs(shutdownOnly))).containsExactly("s2", "s1");
    assertThat(queries.count(shutdownOnly)).isEqualTo(2);
    assertThat(ids(queries.runs(shutdownOnly.withProcedureId(STARTUP)))).isEmpty();
    RunQuery nothingAllowed = RunQuery.all().withAllowedProcedureIds(Set.of());
    assertThat(queries.runs(nothingAllowed)).isEmpty();
    assertThat(queries.count(nothingAllowed)).isZero();
  }

  @OnBothDatabases
  void pagesSplitTheListWithoutGapsOrRepeats(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(queries.count(RunQuery.all())).isEqualTo(9);
    assertThat(ids(queries.runs(RunQuery.all().withPage(0, 4))))
        .containsExactly("s2", "c1", "s1", "r7");
    assertThat(ids(queries.runs(RunQuery.all().withPage(4, 4))))
        .containsExactly("r5", "r4", "r3", "r2");
    assertThat(ids(queries.runs(RunQuery.all().withPage(8, 4)))).containsExactly("r1");
    assertThat(queries.runs(RunQuery.all().withPage(9, 4))).isEmpty();
    assertThat(queries.count(RunQuery.all().withProcedureId(STARTUP).withPage(2, 1))).isEqualTo(6);
  }

  @OnBothDatabases
  void lifecycleCountsTriggeredAndActiveRuns(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    ProcedureLifecycle startup = queries.lifecycle(STARTUP);
    assertThat(startup).isEqualTo(new ProcedureLifecycle(STARTUP, 1, 1));
    assertThat(startup.state()).isEqualTo(ProcedureLifecycle.State.ACTIVE);
    assertThat(queries.lifecycle(SHUTDOWN).state()).isEqualTo(ProcedureLifecycle.State.INACTIVE);
    assertThat(new ProcedureLifecycle("p", 2, 0).state())
        .isEqualTo(ProcedureLifecycle.State.TRIGGERED);
    assertThat(queries.lifecycles()).containsExactly(startup);
  }

  @OnBothDatabases
  void worksOnTheCallersConnectionInsideItsTransaction(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder.run("r1", STARTUP, "1").triggered(0, "alice", "lab_3", "reactor_02", null);

    List<String> seen =
        db.inTransaction(connection -> ids(AsRunQueries.of(connection).getRuns(STARTUP)));

    assertThat(seen).containsExactly("r1");
  }

  @Test
  void refusesAPageOrRangeThatCannotBe() {
    assertThatThrownBy(() -> RunQuery.all().withPage(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("firstResult must be 0 or more (how many runs to pass over), got -1");
    assertThatThrownBy(() -> RunQuery.all().withPage(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResults must be at least 1 (the page size), got 0");
    assertThatThrownBy(() -> RunQuery.all().withStartedBetween(minute(10), minute(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the time range ends (to = 2025-06-01T08:05:00Z) before it starts (from ="
                + " 2025-06-01T08:10:00Z)");
    assertThatThrownBy(() -> RunStatus.fromWireName("done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown run status 'done'; valid: triggered, active, completed, aborted");
  }
}
