package dev.asrun.examples.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The seed's concurrent (6.1) and nested (6.2) procedures, through REST against the app: one
 * observation of {@code power_on_reactor} makes both procedures that begin with it active; the
 * calibration the daily start-up calls is a run of its own, linked to its parent, that takes the
 * calibration's observed steps, and the parent goes on when it completes.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-seed;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0",
      SeedApi.PROCEDURES_DIR
    })
class SeedConcurrencyAndNestingTest {

  private static final String STARTUP = "sop_daily_startup";
  private static final String COMMISSIONING = "equipment_commissioning";
  private static final String CALIBRATION = "sop_calibrate_sensor";

  @Autowired private TestRestTemplate http;

  private SeedApi api;
  private String equipment;

  @BeforeEach
  void connect() {
    api = new SeedApi(http);
    equipment = SeedApi.freshEquipment();
  }

  @Test
  @SuppressWarnings("unchecked")
  void powerOnReactorObservedMakesBothProceduresThatBeginWithItActive() {
    // the start-up's time window opens (its 08:00 timer, fired now): a run waits for power-on
    api.fireTimerStart(STARTUP + "-window");
    Map<String, Object> before = api.procedures().get(STARTUP);
    assertThat(count(before, "triggered")).isPositive();

    Map<String, Object> observed = api.observe("power_on_reactor", "inference", equipment);

    List<Map<String, Object>> matched = (List<Map<String, Object>>) observed.get("matched");
    assertThat(matched)
        .extracting(match -> match.get("procedure_id") + "/" + match.get("step_id"))
        .containsExactlyInAnyOrder(STARTUP + "/power_on", COMMISSIONING + "/power_on");
    List<String> started = (List<String>) observed.get("started_runs");
    assertThat(started).hasSize(1);
    Map<String, Object> commissioning = api.run(started.get(0));
    assertThat(commissioning)
        .containsEntry("procedure_id", COMMISSIONING)
        .containsEntry("status", "active");
    String startupRun =
        (String)
            matched.stream()
                .filter(match -> STARTUP.equals(match.get("procedure_id")))
                .findFirst()
                .orElseThrow()
                .get("run_id");
    assertThat(startupRun).isNotEqualTo(started.get(0));
    assertThat(api.run(startupRun)).containsEntry("status", "active");
    Map<String, Map<String, Object>> procedures = api.procedures();
    assertThat(procedures.get(STARTUP)).containsEntry("state", "active");
    assertThat(count(procedures.get(STARTUP), "triggered"))
        .isEqualTo(count(before, "triggered") - 1);
    assertThat(count(procedures.get(STARTUP), "active")).isEqualTo(count(before, "active") + 1);
    assertThat(procedures.get(COMMISSIONING)).containsEntry("state", "active");
  }

  private static int count(Map<String, Object> procedure, String state) {
    return ((Number) procedure.get(state)).intValue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCalibrationTheStartupCallsIsARunOfItsOwnLinkedToItsParent() {
    String startup = api.startForm(STARTUP, equipment);
    api.done(startup, "power_on");
    api.done(
        startup, "verify_temperature", Map.of("temperature_ok", SeedApi.typed("Boolean", false)));

    List<Map<String, Object>> children = api.children(startup);
    assertThat(children).hasSize(1);
    String calibration = (String) children.get(0).get("id");
    String parentRun = api.runIdOf(STARTUP, startup);
    String childRun = api.runIdOf(CALIBRATION, calibration);
    assertThat(childRun).isNotEqualTo(parentRun);
    assertThat(api.run(childRun))
        .containsEntry("procedure_id", CALIBRATION)
        .containsEntry("parent_run_id", parentRun)
        .as("triggered by its parent, until its first step is done")
        .containsEntry("status", "triggered");

    // the calibration's first step, seen by a sensor, goes to the child run: no new run
    Map<String, Object> isolated = api.observe("isolate_sensor", "inference", equipment);
    assertThat((List<Map<String, Object>>) isolated.get("matched"))
        .extracting(match -> match.get("run_id") + "/" + match.get("step_id"))
        .containsExactly(childRun + "/isolate_sensor");
    assertThat(isolated).containsEntry("started_runs", List.of());
    assertThat(api.run(childRun)).containsEntry("status", "active");
    assertThat(api.isOpen(startup, "start_pump")).as("the parent waits").isFalse();

    api.done(
        calibration, "inspect_sensor", Map.of("sensor_damaged", SeedApi.typed("Boolean", false)));
    api.done(
        calibration,
        "reference_probe",
        Map.of("reference_certificate_valid", SeedApi.typed("Boolean", true)));
    api.done(calibration, "ice_point", Map.of("ice_point_f", SeedApi.typed("String", "32.0")));
    api.done(calibration, "hot_point", Map.of("hot_point_f", SeedApi.typed("String", "180.1")));
    api.done(
        calibration,
        "calibration_record",
        Map.of(
            "calibration_result", SeedApi.typed("String", "passed"),
            "next_calibration_due", SeedApi.typed("Date", "2027-05-01T00:00:00.000+0000")));
    api.done(calibration, "return_to_service");

    assertThat(api.run(childRun))
        .containsEntry("status", "completed")
        .containsEntry("parent_run_id", parentRun);
    assertThat(api.isOpen(startup, "start_pump")).as("the parent goes on").isTrue();
    Map<String, Object> parent = api.run(parentRun);
    assertThat(parent).containsEntry("status", "active").containsEntry("parent_run_id", null);
    assertThat((List<Map<String, Object>>) parent.get("steps"))
        .filteredOn(step -> "calibrate".equals(step.get("step_id")))
        .singleElement()
        .satisfies(step -> assertThat(step).containsEntry("status", "done"));
  }
}
