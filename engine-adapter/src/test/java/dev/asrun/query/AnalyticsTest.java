package dev.asrun.query;

import static dev.asrun.index.Recorder.minute;
import static dev.asrun.index.RunScript.deviation;
import static dev.asrun.index.SampleHistory.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Recorder;
import dev.asrun.index.RunScript;
import dev.asrun.index.SampleHistory;
import dev.asrun.index.Vendor;
import dev.asrun.query.ProcedureAnalytics.Addition;
import dev.asrun.query.ProcedureAnalytics.Durations;
import dev.asrun.query.ProcedureAnalytics.ExecutorSuccess;
import dev.asrun.query.ProcedureAnalytics.StepFrequency;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analytics of the daily start-up in the {@link SampleHistory} (r1 to r7), with deviations
 * recorded as {@code deviation_detected} events and projected into the index: r1 an omission of
 * vent that alice's correction sets aside; r3 a repeat of power_on, an extra wipe after power_on
 * and a reordering of check_temp; r4 detected again with an extra note before anything else, two
 * extra wipes, each after a power_on, besides the sample's repeat of power_on and omission of vent
 * (both set aside by bob's corrections) and extra flush_line after check_temp; bob's correction
 * that check_temp was not done adds an omission of it.
 */
class AnalyticsTest {

  private static final Map<Vendor, AsRunQueries> HISTORIES = new EnumMap<>(Vendor.class);

  private static AsRunQueries history(Vendor vendor) throws Exception {
    AsRunQueries queries = HISTORIES.get(vendor);
    if (queries == null) {
      IndexDatabase db = IndexDatabase.create(vendor);
      Recorder recorder = new Recorder(db);
      SampleHistory.record(recorder);
      recorder
          .run("r1", STARTUP, "2025.06")
          .deviations(600, true, List.of(deviation("omission", "vent", 3, null, null)))
          .corrected(601, "not_a_deviation", "vent", null, "alice");
      recorder
          .run("r3", STARTUP, "2025.06")
          .deviations(
              602,
              true,
              List.of(
                  deviation("repeat", "power_on", null, 2, "power_on"),
                  deviation("addition", "wipe", null, 3, "power_on"),
                  deviation("reorder", "check_temp", 2, 4, null)));
      recorder
          .run("r4", STARTUP, "2025.06")
          .deviations(
              603,
              true,
              List.of(
                  deviation("addition", "note", null, 1, null),
                  deviation("addition", "wipe", null, 3, "power_on"),
                  deviation("repeat", "power_on", null, 4, "wipe"),
                  deviation("addition", "wipe", null, 5, "power_on"),
                  deviation("omission", "vent", 3, null, null),
                  deviation("addition", "flush_line", null, 7, "check_temp")));
      queries = AsRunQueries.of(db.dataSource());
      HISTORIES.put(vendor, queries);
    }
    return queries;
  }

  private static RunQuery startup() {
    return RunQuery.all().withProcedureId(STARTUP);
  }

  @OnBothDatabases
  void countsTheRunsByStatus(Vendor vendor) throws Exception {
    ProcedureAnalytics analytics = history(vendor).analytics(startup());

    assertThat(analytics.procedureId()).isEqualTo(STARTUP);
    assertThat(analytics.runCount()).isEqualTo(6);
    assertThat(analytics.runsByStatus())
        .containsOnly(
            Map.entry(RunStatus.COMPLETED, 3L),
            Map.entry(RunStatus.ABORTED, 1L),
            Map.entry(RunStatus.ACTIVE, 1L),
            Map.entry(RunStatus.TRIGGERED, 1L));
  }

  @OnBothDatabases
  void givesMeanAndNearestRankPercentilesOfTheCompletedRunsDurations(Vendor vendor)
      throws Exception {
    ProcedureAnalytics analytics = history(vendor).analytics(startup());

    assertThat(analytics.duration())
        .contains(
            new Durations(
                3, Duration.ofMinutes(20), Duration.ofMinutes(20), Duration.ofMinutes(30)));
  }

  @OnBothDatabases
  void countsPerStepTheRunsThatSkippedReorderedRepeatedOverranOrAddedAfterIt(Vendor vendor)
      throws Exception {
    ProcedureAnalytics analytics = history(vendor).analytics(startup());

    assertThat(analytics.steps())
        .extracting(
            StepFrequency::stepId,
            StepFrequency::runs,
            StepFrequency::skipped,
            StepFrequency::omitted,
            StepFrequency::reordered,
            StepFrequency::repeated,
            StepFrequency::overdue,
            StepFrequency::extraAfter,
            StepFrequency::meanDuration)
        .containsExactly(
            tuple("check_temp", 4L, 2L, 1L, 1L, 0L, 1L, 1L, Optional.of(Duration.ofSeconds(570))),
            tuple("power_on", 5L, 0L, 0L, 0L, 1L, 0L, 2L, Optional.of(Duration.ofMinutes(1))),
            tuple("vent", 4L, 2L, 0L, 0L, 0L, 0L, 0L, Optional.empty()));
  }

  @OnBothDatabases
  void countsAStepPassedOverAsSkippedOnlyWhenItWasNotSeenLater(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    // m1: check_temp seen late; m2: never seen
    checkTempPassedOver(recorder, "m1", "alice", 0)
        .stepDone(4, "check_temp", "alice")
        .completed(5, 300_000);
    checkTempPassedOver(recorder, "m2", "bob", 10).completed(15, 300_000);

    ProcedureAnalytics analytics = AsRunQueries.of(db.dataSource()).analytics(startup());

    assertThat(analytics.steps())
        .extracting(StepFrequency::stepId, StepFrequency::runs, StepFrequency::skipped)
        .containsExactly(
            tuple("check_temp", 2L, 1L), tuple("power_on", 2L, 0L), tuple("vent", 2L, 0L));
  }

  /** A run in which vent was seen while check_temp was open: check_temp was passed over. */
  private static RunScript checkTempPassedOver(
      Recorder recorder, String runId, String executorId, double minute) throws Exception {
    return recorder
        .run(runId, STARTUP, "2025.06")
        .triggered(minute, executorId, "lab_3", "reactor_02", null)
        .step(minute, "power_on", executorId)
        .stepStarted(minute + 2, "check_temp")
        .notSeen(minute + 3, "check_temp", "vent")
        .stepDone(minute + 3, "vent", executorId);
  }

  @OnBothDatabases
  void listsTheExtraActionsByTheStepTheyFollowed(Vendor vendor) throws Exception {
    ProcedureAnalytics analytics = history(vendor).analytics(startup());

    assertThat(analytics.additions())
        .containsExactly(
            new Addition("flush_line", Optional.of("check_temp"), 1, 1),
            new Addition("note", Optional.empty(), 1, 1),
            new Addition("wipe", Optional.of("power_on"), 2, 3));
  }

  @OnBothDatabases
  void ratesEachExecutorByEndedRunsCompletedWithoutOpenDeviations(Vendor vendor)
      throws Exception {
    ProcedureAnalytics analytics = history(vendor).analytics(startup());

    assertThat(analytics.executors())
        .containsExactly(
            new ExecutorSuccess("alice", 2, 1, 0.5), new ExecutorSuccess("bob", 2, 0, 0.0));
  }

  @OnBothDatabases
  void narrowsToTheRunsOfATimeRangeAnExecutorEquipmentOrLocation(Vendor vendor)
      throws Exception {
    AsRunQueries queries = history(vendor);

    ProcedureAnalytics range =
        queries.analytics(startup().withStartedFrom(minute(60)).withStartedBefore(minute(180)));
    ProcedureAnalytics alice = queries.analytics(startup().withExecutorId("alice"));
    ProcedureAnalytics reactor01 = queries.analytics(startup().withEquipmentId("reactor_01"));
    ProcedureAnalytics lab5 = queries.analytics(startup().withLocation("lab_5"));

    assertThat(range.runCount()).isEqualTo(2);
    assertThat(range.duration()).map(Durations::runs).contains(1L);
    assertThat(alice.runCount()).isEqualTo(2);
    assertThat(alice.executors()).extracting(ExecutorSuccess::executorId).containsExactly("alice");
    assertThat(reactor01.runCount()).isEqualTo(2);
    assertThat(reactor01.additions())
        .extracting(Addition::action)
        .containsExactly("flush_line", "note", "wipe");
    assertThat(lab5.duration())
        .contains(
            new Durations(
                2, Duration.ofMinutes(25), Duration.ofMinutes(20), Duration.ofMinutes(30)));
  }

  @OnBothDatabases
  void answersZerosForAProcedureWithoutRuns(Vendor vendor) throws Exception {
    ProcedureAnalytics analytics =
        history(vendor).analytics(RunQuery.all().withProcedureId("never_run"));

    assertThat(analytics.runCount()).isZero();
    assertThat(analytics.runsByStatus()).containsOnlyKeys(RunStatus.values()).doesNotContainValue(1L);
    assertThat(analytics.duration()).isEmpty();
    assertThat(analytics.steps()).isEmpty();
    assertThat(analytics.additions()).isEmpty();
    assertThat(analytics.executors()).isEmpty();
  }

  @OnBothDatabases
  void refusesAQueryWithoutProcedure(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThatThrownBy(() -> queries.analytics(RunQuery.all()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("procedure");
  }

  @OnBothDatabases
  void findsTheRunsThatMissedAStep(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);
    RunQuery completed = startup().withStatus(RunStatus.COMPLETED);
    // bob corrected r4: vent was done, check_temp was not

    assertThat(queries.runsMissingStep(completed, "vent"))
        .extracting(RunSummary::runId)
        .containsExactly("r3", "r1");
    assertThat(queries.countMissingStep(completed, "vent")).isEqualTo(2);
    assertThat(queries.runsMissingStep(startup(), "check_temp"))
        .extracting(RunSummary::runId)
        .containsExactly("r7", "r5", "r4", "r2");
    assertThat(queries.runsMissingStep(completed.withAllowedProcedureIds(java.util.Set.of()), "vent"))
        .isEmpty();
  }
}
