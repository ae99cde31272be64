package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schema's example, {@code sop_daily_startup}, with the sub-procedure it calls: together
 * every construct of schema 0.1 (sequence, any-order and sequence groups nested, checks, records
 * of every field type, a wait, step, group and procedure timeouts, conditions, references two
 * levels deep, optional steps, time and action triggers, context prefill), deployed and worked
 * to the end.
 */
class EveryConstructExecutionTest extends EngineTest {

  /** A Monday morning, inside the example's trigger window. */
  private static final Instant MONDAY_08_05 =
      LocalDateTime.parse("2025-06-02T08:05").atZone(ZoneId.systemDefault()).toInstant();

  @BeforeEach
  void deployTheCatalog() {
    clockAt(MONDAY_08_05);
    deploy(resource("sop_daily_startup.toml"), resource("sop_calibrate_sensor.toml"),
        resource("sop_replace_sensor.toml"));
  }

  @Test
  void aStartupNeedingCalibrationRunsThroughTheSubProcedureToTheEnd() {
    engine.getIdentityService().setAuthenticatedUserId("alice");
    ProcessInstance startup = startByHand("sop_daily_startup", "startup-2025-06-02",
        Map.of("location", "plant_1", "equipment_id", "reactor_02"));

    assertThat(task(startup, "power_on")).hasCandidateGroup("operators");
    done(startup, "power_on");
    done(startup, "verify_temperature", "temperature_ok", false);

    ProcessInstance calibration = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(startup.getId()).singleResult();
    assertThat(calibration).hasProcessDefinitionKey("sop_calibrate_sensor")
        .hasBusinessKey("startup-2025-06-02");
    assertThat(variables(calibration)).containsEntry("executor_id", "alice")
        .containsEntry("location", "plant_1").containsEntry("equipment_id", "reactor_02");
    assertThat(openSteps(calibration)).containsExactly("fetch_reference", "ice_bath");
    assertThat(task(calibration, "ice_bath")).hasCandidateGroup("technicians");
    assertThat(task(calibration, "fetch_reference").getDescription())
        .isEqualTo("From cabinet B, shelf 2.");

    done(calibration, "ice_bath");
    assertThat(openSteps(calibration)).containsExactly("fetch_reference", "hot_bath");
    fire(timer(calibration, "hot_bath-overdue"));
    assertThat(openSteps(calibration)).containsExactly("fetch_reference", "hot_bath");
    done(calibration, "hot_bath");
    done(calibration, "fetch_reference");

    assertThat(calibration).isWaitingAt("settle");
    fire(timer(calibration, "settle"));

    Date calibratedOn = Date.from(MONDAY_08_05);
    done(calibration, "readings", "ice_reading_c", "0.8", "verdict", "adjust",
        "calibrated_on", calibratedOn, "sticker_applied", true, "remarks", "offset drifted");
    assertThat(openSteps(calibration)).containsExactly("adjust_offset");
    done(calibration, "adjust_offset");
    done(calibration, "confirm", "calibration_ok", true);
    assertThat(task(calibration, "log_book")).hasCandidateGroup("leads");
    skip(calibration, "log_book", "logbook is being digitised");

    assertThat(calibration).isEnded().hasPassed("asrun-end")
        .hasNotPassed("replace_sensor", "asrun-aborted");
    assertThat(variables(calibration)).containsEntry("ice_reading_c", "0.8")
        .containsEntry("verdict", "adjust").containsEntry("calibrated_on", calibratedOn)
        .containsEntry("sticker_applied", true).containsEntry("calibration_ok", true);

    assertThat(openSteps(startup)).containsExactly("start_pump");
    fire(timer(startup, "start_pump-overdue"));
    done(startup, "start_pump");
    done(startup, "record_baseline", "temperature_f", "212");

    assertThat(startup).isEnded()
        .hasPassedInOrder("power_on", "verify_temperature", "calibrate", "start_pump",
            "record_baseline", "asrun-end")
        .hasPassed("start_pump-overdue-end")
        .hasNotPassed("asrun-aborted");
    assertThat(variables(startup)).containsEntry("temperature_f", "212")
        .containsEntry("temperature_ok", false);
  }

  @Test
  void aStartupWithTheTemperatureInRangeBypassesTheCalibration() {
    ProcessInstance startup = startByHand("sop_daily_startup");

    done(startup, "power_on");
    done(startup, "verify_temperature", "temperature_ok", true);
    done(startup, "start_pump");
    done(startup, "record_baseline", "temperature_f", "150");

    assertThat(startup).isEnded().hasNotPassed("calibrate").hasPassed("asrun-end");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .superProcessInstanceId(startup.getId()).count()).isZero();
  }

  @Test
  void aCalibrationVerdictOfReplaceCallsTheReplacementTwoLevelsDown() {
    ProcessInstance startup = startByHand("sop_daily_startup");
    done(startup, "power_on");
    done(startup, "verify_temperature", "temperature_ok", false);
    ProcessInstance calibration = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(startup.getId()).singleResult();
    done(calibration, "fetch_reference");
    done(calibration, "ice_bath");
    done(calibration, "hot_bath");
    fire(timer(calibration, "settle"));

    done(calibration, "readings", "ice_reading_c", "0.1", "verdict", "replace");

    ProcessInstance replacement = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(calibration.getId()).singleResult();
    assertThat(replacement).hasProcessDefinitionKey("sop_replace_sensor");
    done(replacement, "swap");
    assertThat(openSteps(calibration)).containsExactly("confirm");
  }

  @Test
  void theStartupsProcedureTimeoutAbortsItWithItsCalibration() {
    ProcessInstance startup = startByHand("sop_daily_startup");
    done(startup, "power_on");
    done(startup, "verify_temperature", "temperature_ok", false);
    ProcessInstance calibration = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(startup.getId()).singleResult();

    fire(timer(startup, "asrun-timeout"));

    assertThat(startup).isEnded().hasPassed("asrun-aborted").hasNotPassed("asrun-end");
    assertThat(calibration).isEnded();
  }

  @Test
  void theStartupsTriggerWindowStartsItOnTheNextWorkdayMorning() {
    var window = engine.getManagementService().createJobQuery().timers()
        .processDefinitionKey("sop_daily_startup-window").singleResult();
    assertThat(window.getDuedate()).isEqualTo(Date.from(
        LocalDateTime.parse("2025-06-03T08:00").atZone(ZoneId.systemDefault()).toInstant()));

    fire(window);

    assertThat(engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("sop_daily_startup").count()).isEqualTo(1);
  }

  @Test
  void theCalibrationStartsOnItsOwnWhenItsActionIsObserved() {
    engine.getRuntimeService().signalEventReceived("sensor_drift_detected");

    ProcessInstance calibration = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("sop_calibrate_sensor").singleResult();
    assertThat(openSteps(calibration)).containsExactly("fetch_reference", "ice_bath");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("sop_daily_startup").count()).isZero();
  }

  private static String resource(String name) {
    String path = "/execution/" + name;
    try (InputStream in = EveryConstructExecutionTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
