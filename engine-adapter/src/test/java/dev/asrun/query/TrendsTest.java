package dev.asrun.query;

import static dev.asrun.index.RunScript.deviation;
import static dev.asrun.index.SampleHistory.STARTUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Recorder;
import dev.asrun.index.Vendor;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Trends and step durations over a history of five daily start-ups ({@code Recorder.T0} is Sunday
 * 2025-06-01 08:00Z): t1 (alice, 08:00, 10 min) and t2 (bob, 23:30, 30 min) completed on June 1; on
 * Monday June 2 t3 (bob) aborted and t4 (alice) completed in 20 min with an omission of vent that
 * alice set aside and an extra wipe that stands; t5 (carol) active since Tuesday July 1. t2 started
 * on June 2 in a zone east of UTC+0:30, so it tells a UTC day from the session's.
 */
class TrendsTest {

  private static final int DAY = 24 * 60;
  private static final Map<Vendor, AsRunQueries> HISTORIES = new EnumMap<>(Vendor.class);
  private static final Map<Vendor, IndexDatabase> DATABASES = new EnumMap<>(Vendor.class);

  private static AsRunQueries history(Vendor vendor) throws Exception {
    if (!HISTORIES.containsKey(vendor)) {
      IndexDatabase db = IndexDatabase.create(vendor);
      record(new Recorder(db));
      DATABASES.put(vendor, db);
      HISTORIES.put(vendor, AsRunQueries.of(db.dataSource()));
    }
    return HISTORIES.get(vendor);
  }

  private static void record(Recorder recorder) throws Exception {
    recorder
        .run("t1", STARTUP, "2025.06")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .step(0, "power_on", "alice")
        .completed(10, 600_000);
    recorder
        .run("t2", STARTUP, "2025.06")
        .triggered(930, "bob", "lab_3", "reactor_01", null)
        .stepStarted(930, "power_on")
        .stepDone(932, "power_on", "bob")
        .completed(960, 1_800_000);
    recorder
        .run("t3", STARTUP, "2025.06")
        .triggered(DAY, "bob", "lab_3", "reactor_01", null)
        .aborted(DAY + 10, "cancelled");
    recorder
        .run("t4", STARTUP, "2025.06")
        .triggered(DAY + 60, "alice", "lab_5", "reactor_02", null)
        .step(DAY + 60, "power_on", "alice")
        .stepStarted(DAY + 62, "check_temp")
        .stepDone(DAY + 70, "check_temp", "alice")
        .completed(DAY + 80, 1_200_000)
        .deviations(
            DAY + 80,
            true,
            List.of(
                deviation("omission", "vent", 3, null, null),
                deviation("addition", "wipe", null, 2, "power_on")))
        .corrected(DAY + 81, "not_a_deviation", "vent", null, "alice");
    recorder
        .run("t5", STARTUP, "2025.06")
        .triggered(30 * DAY, "carol", "lab_3", "reactor_02", null);
  }

  private static RunQuery startup() {
    return RunQuery.all().withProcedureId(STARTUP);
  }

  private static TrendPoint point(
      String start, long runs, long completed, long aborted, Long p50, Long p90, long deviations) {
    return new TrendPoint(
        Instant.parse(start),
        runs,
        completed,
        aborted,
        Optional.ofNullable(p50).map(Duration::ofMillis),
        Optional.ofNullable(p90).map(Duration::ofMillis),
        deviations);
  }

  @OnBothDatabases
  void countsTheRunsOfEachUtcDayWithPercentilesAndStandingDeviations(Vendor vendor)
      throws Exception {
    assertThat(history(vendor).trend(startup(), TrendBucket.DAY))
        .containsExactly(
            point("2025-06-01T00:00:00Z", 2, 2, 0, 600_000L, 1_800_000L, 0),
            point("2025-06-02T00:00:00Z", 2, 1, 1, 1_200_000L, 1_200_000L, 1),
            point("2025-07-01T00:00:00Z", 1, 0, 0, null, null, 0));
  }

  @OnBothDatabases
  void bucketsByUtcWhateverTheSessionsTimeZone(Vendor vendor) throws Exception {
    history(vendor);
    DataSource utc = DATABASES.get(vendor).dataSource();
    DataSource kiritimati =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                  Object answer = method.invoke(utc, arguments);
                  if (answer instanceof Connection connection) {
                    try (Statement statement = connection.createStatement()) {
                      statement.execute("SET TIME ZONE 'Pacific/Kiritimati'");
                    }
                  }
                  return answer;
                });

    assertThat(AsRunQueries.of(kiritimati).trend(startup(), TrendBucket.DAY))
        .extracting(TrendPoint::start, TrendPoint::runs)
        .containsExactly(
            tuple(Instant.parse("2025-06-01T00:00:00Z"), 2L),
            tuple(Instant.parse("2025-06-02T00:00:00Z"), 2L),
            tuple(Instant.parse("2025-07-01T00:00:00Z"), 1L));
  }

  @OnBothDatabases
  void startsAWeekOnMondayAndAMonthOnItsFirstDay(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(queries.trend(startup(), TrendBucket.WEEK))
        .containsExactly(
            point("2025-05-26T00:00:00Z", 2, 2, 0, 600_000L, 1_800_000L, 0),
            point("2025-06-02T00:00:00Z", 2, 1, 1, 1_200_000L, 1_200_000L, 1),
            point("2025-06-30T00:00:00Z", 1, 0, 0, null, null, 0));
    assertThat(queries.trend(startup(), TrendBucket.MONTH))
        .containsExactly(
            point("2025-06-01T00:00:00Z", 4, 3, 1, 1_200_000L, 1_800_000L, 1),
            point("2025-07-01T00:00:00Z", 1, 0, 0, null, null, 0));
  }

  @OnBothDatabases
  void narrowsTheTrendLikeTheAnalytics(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThat(queries.trend(startup().withExecutorId("alice"), TrendBucket.MONTH))
        .containsExactly(point("2025-06-01T00:00:00Z", 2, 2, 0, 600_000L, 1_200_000L, 1));
    assertThat(
            queries.trend(
                startup().withStartedFrom(Instant.parse("2025-06-02T00:00:00Z")), TrendBucket.DAY))
        .extracting(TrendPoint::start)
        .containsExactly(
            Instant.parse("2025-06-02T00:00:00Z"), Instant.parse("2025-07-01T00:00:00Z"));
    assertThat(queries.trend(RunQuery.all().withProcedureId("never_run"), TrendBucket.DAY))
        .isEmpty();
  }

  @OnBothDatabases
  void givesEachStepsDurationPercentiles(Vendor vendor) throws Exception {
    assertThat(history(vendor).stepDurations(startup()))
        .containsExactly(
            new StepDurations(
                "check_temp",
                1,
                Duration.ofMinutes(8),
                Duration.ofMinutes(8),
                Duration.ofMinutes(8),
                Duration.ofMinutes(8),
                Duration.ofMinutes(8),
                Duration.ofMinutes(8)),
            new StepDurations(
                "power_on",
                3,
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2)));
    assertThat(history(vendor).stepDurations(startup().withExecutorId("bob")))
        .extracting(StepDurations::stepId, StepDurations::p50)
        .containsExactly(tuple("power_on", Duration.ofMinutes(2)));
  }

  @OnBothDatabases
  void refusesATrendWithoutProcedure(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);

    assertThatThrownBy(() -> queries.trend(RunQuery.all(), TrendBucket.DAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("procedure");
    assertThatThrownBy(() -> TrendBucket.fromWireName("year"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown bucket 'year'; valid: day, week, month");
  }
}
