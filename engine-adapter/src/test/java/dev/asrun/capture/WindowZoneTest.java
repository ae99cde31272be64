package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.contract.Ids;
import java.time.Instant;
import java.util.TimeZone;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trigger window opens and closes at its times of day in the procedure's own zone, not the
 * server's: with the JVM on UTC, a window of 06:30 Europe/Berlin has its timer job due at 05:30
 * UTC in winter and 04:30 UTC in summer, across both daylight-saving changes (2026: the last
 * Sunday of March is the 29th, of October the 25th). The engine clock moves; nothing waits.
 */
class WindowZoneTest extends CaptureTest {

  @RegisterExtension final ProcessEngineExtension extension = TestEngines.h2();

  private TimeZone serverZone;

  @BeforeEach
  void serverOnUtc() {
    serverZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
  }

  @AfterEach
  void serverZoneBack() {
    TimeZone.setDefault(serverZone);
  }

  private static String procedure(String id, String context) {
    return """
        [procedure]
        id = "%s"
        name = "Morning checks"

        [procedure.context]
        %s
        timezone = "Europe/Berlin"

        [[procedure.steps]]
        id = "power_on"
        name = "Power on"
        """.formatted(id, context);
  }

  private static String opensAt(String id, String time) {
    return procedure(id, "time_of_day = [\"%s\"]".formatted(time));
  }

  @Test
  void aWinterWindowIsDueAtItsTimeInItsZone() {
    clockAt(Instant.parse("2026-01-12T00:00:00Z"));
    deploy(opensAt("sop_zone_winter", "06:30"));

    assertThat(due(windowStart("sop_zone_winter"))).isEqualTo("2026-01-12T05:30:00Z");
  }

  @Test
  void aSummerWindowIsDueAtItsTimeInItsZone() {
    clockAt(Instant.parse("2026-07-01T00:00:00Z"));
    deploy(opensAt("sop_zone_summer", "06:30"));

    assertThat(due(windowStart("sop_zone_summer"))).isEqualTo("2026-07-01T04:30:00Z");
  }

  @Test
  void opensAtItsLocalTimeAcrossTheSpringChange() {
    clockAt(Instant.parse("2026-03-28T00:00:00Z"));
    deploy(opensAt("sop_zone_spring", "06:30"));
    assertThat(due(windowStart("sop_zone_spring"))).isEqualTo("2026-03-28T05:30:00Z");

    fire(windowStart("sop_zone_spring"));
    assertThat(due(windowStart("sop_zone_spring"))).isEqualTo("2026-03-29T04:30:00Z");

    fire(windowStart("sop_zone_spring"));
    assertThat(due(windowStart("sop_zone_spring"))).isEqualTo("2026-03-30T04:30:00Z");
  }

  @Test
  void opensAtItsLocalTimeAcrossTheAutumnChange() {
    clockAt(Instant.parse("2026-10-24T00:00:00Z"));
    deploy(opensAt("sop_zone_autumn", "06:30"));
    assertThat(due(windowStart("sop_zone_autumn"))).isEqualTo("2026-10-24T04:30:00Z");

    fire(windowStart("sop_zone_autumn"));
    assertThat(due(windowStart("sop_zone_autumn"))).isEqualTo("2026-10-25T05:30:00Z");

    fire(windowStart("sop_zone_autumn"));
    assertThat(due(windowStart("sop_zone_autumn"))).isEqualTo("2026-10-26T05:30:00Z");
  }

  @Test
  void aTimeTheSpringChangeSkipsOpensAtTheEndOfTheGap() {
    clockAt(Instant.parse("2026-03-28T12:00:00Z"));
    deploy(opensAt("sop_zone_gap", "02:30"));
    assertThat(due(windowStart("sop_zone_gap"))).isEqualTo("2026-03-29T01:00:00Z");

    fire(windowStart("sop_zone_gap"));
    assertThat(due(windowStart("sop_zone_gap"))).isEqualTo("2026-03-30T00:30:00Z");
  }

  @Test
  void aTimeTheAutumnChangeRepeatsOpensAtItsFirstOccurrence() {
    clockAt(Instant.parse("2026-10-24T12:00:00Z"));
    deploy(opensAt("sop_zone_twice", "02:30"));
    assertThat(due(windowStart("sop_zone_twice"))).isEqualTo("2026-10-25T00:30:00Z");

    fire(windowStart("sop_zone_twice"));
    assertThat(due(windowStart("sop_zone_twice"))).isEqualTo("2026-10-26T01:30:00Z");
  }

  @Test
  void aWindowOverTheSpringChangeClosesAtItsEndInItsZone() {
    clockAt(Instant.parse("2026-03-28T12:00:00Z"));
    deploy(procedure("sop_zone_short", "time_of_day = [\"01:00\", \"04:00\"]"));
    assertThat(due(windowStart("sop_zone_short"))).isEqualTo("2026-03-29T00:00:00Z");

    fire(windowStart("sop_zone_short"));

    assertThat(due(timer(openWindow("sop_zone_short"), Ids.WINDOW_WAIT)))
        .isEqualTo("2026-03-29T02:00:00Z");
  }

  @Test
  void aWindowOverTheAutumnChangeClosesAtItsEndInItsZone() {
    clockAt(Instant.parse("2026-10-24T12:00:00Z"));
    deploy(procedure("sop_zone_long", "time_of_day = [\"01:00\", \"04:00\"]"));
    assertThat(due(windowStart("sop_zone_long"))).isEqualTo("2026-10-24T23:00:00Z");

    fire(windowStart("sop_zone_long"));

    assertThat(due(timer(openWindow("sop_zone_long"), Ids.WINDOW_WAIT)))
        .isEqualTo("2026-10-25T03:00:00Z");
  }

  @Test
  void aWindowOverMidnightClosesOnTheNextDayInItsZone() {
    clockAt(Instant.parse("2026-03-28T12:00:00Z"));
    deploy(procedure("sop_zone_night", "time_of_day = [\"22:00\", \"06:30\"]"));
    assertThat(due(windowStart("sop_zone_night"))).isEqualTo("2026-03-28T21:00:00Z");

    fire(windowStart("sop_zone_night"));

    assertThat(due(timer(openWindow("sop_zone_night"), Ids.WINDOW_WAIT)))
        .isEqualTo("2026-03-29T04:30:00Z");
  }

  @Test
  void aWindowOnGivenDaysOpensOnTheNextOfThemInItsZone() {
    clockAt(Instant.parse("2026-03-28T12:00:00Z"));
    deploy(
        procedure(
            "sop_zone_monday", "time_of_day = [\"06:30\"]\nday_of_week = [\"monday\"]"));

    assertThat(due(windowStart("sop_zone_monday"))).isEqualTo("2026-03-30T04:30:00Z");
  }

  @Test
  void aWindowOpenedLateButBeforeItsEndClosesAtItsEnd() {
    clockAt(Instant.parse("2026-03-28T12:00:00Z"));
    deploy(procedure("sop_zone_late", "time_of_day = [\"01:00\", \"04:00\"]"));
    Job start = windowStart("sop_zone_late");
    clockAt(Instant.parse("2026-03-29T01:30:00Z"));

    engine.getManagementService().executeJob(start.getId());

    assertThat(due(timer(openWindow("sop_zone_late"), Ids.WINDOW_WAIT)))
        .isEqualTo("2026-03-29T02:00:00Z");
  }

  @Test
  void aWindowOpenedByHandOutsideItsHoursStaysOpenItsLength() {
    clockAt(Instant.parse("2026-03-28T12:00:00Z"));
    deploy(procedure("sop_zone_by_hand", "time_of_day = [\"01:00\", \"04:00\"]"));

    engine.getManagementService().executeJob(windowStart("sop_zone_by_hand").getId());

    assertThat(due(timer(openWindow("sop_zone_by_hand"), Ids.WINDOW_WAIT)))
        .isEqualTo("2026-03-28T15:00:00Z");
    assertThat(due(windowStart("sop_zone_by_hand"))).isEqualTo("2026-03-29T00:00:00Z");
  }

  private static String due(Job job) {
    return job.getDuedate().toInstant().toString();
  }
}
