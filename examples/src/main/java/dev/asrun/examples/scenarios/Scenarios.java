package dev.asrun.examples.scenarios;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The runs the driver works for each built-in procedure, in turn: run {@code i} of a procedure
 * goes as its variant {@code i mod n}. The first variants of the procedures together show every
 * kind of deviation; the later ones are mostly clean. Executors, equipment and locations vary.
 * Values come as Tasklist's generated forms send them: numbers as text, booleans, dates, enum
 * values by id.
 */
final class Scenarios {

  /** The users who work the runs (members of {@code operators}). */
  static final List<String> EXECUTORS = List.of("alice", "bob", "carol");

  static final String DAILY_STARTUP = "sop_daily_startup";
  static final String CALIBRATION = "sop_calibrate_sensor";
  static final String OVERHEAT = "emergency_reactor_overheat";
  static final String BUFFER = "lab_buffer_preparation";
  static final String SOURDOUGH = "recipe_sourdough_bread";
  static final String RELEASE = "runbook_service_release";

  /** Why the first start-up run's readings were skipped. */
  private static final String BASELINE_SKIPPED =
      "Flow meter FT-101 reads zero since the restart; readings left to the instrument technician.";

  /** The procedures the driver works, in the order it works them. */
  static final List<String> PROCEDURES =
      List.of(DAILY_STARTUP, CALIBRATION, OVERHEAT, BUFFER, SOURDOUGH, RELEASE);

  private static final Map<String, List<IntFunction<Scenario>>> VARIANTS =
      Map.of(
          DAILY_STARTUP,
          List.of(
              Scenarios::startupPumpRestarted,
              Scenarios::startupWithCalibration,
              Scenarios::startupClean,
              Scenarios::startupTimedOut),
          CALIBRATION,
          List.of(Scenarios::calibrationSkippedAndRepeated, Scenarios::calibrationClean),
          OVERHEAT,
          List.of(Scenarios::overheatWithExtraStep, Scenarios::overheatEvacuated),
          BUFFER,
          List.of(
              Scenarios::bufferOutOfLimits, Scenarios::bufferClean, Scenarios::bufferAutoclaved),
          SOURDOUGH,
          List.of(Scenarios::sourdoughFoldMissed, Scenarios::sourdoughInTheBakery),
          RELEASE,
          List.of(
              Scenarios::releaseTimedOut, Scenarios::releaseClean, Scenarios::releaseRolledBack));

  private Scenarios() {}

  /** Run {@code index} (0-based) of {@code procedureId}. */
  static Scenario run(String procedureId, int index) {
    List<IntFunction<Scenario>> variants = VARIANTS.get(procedureId);
    return variants.get(index % variants.size()).apply(index);
  }

  /** The values a clean run enters in {@code step}'s form; none for a step without fields. */
  static Map<String, Object> cleanValues(String procedureId, String step, int index) {
    Map<String, Object> values = new LinkedHashMap<>();
    switch (procedureId + "/" + step) {
      case DAILY_STARTUP + "/verify_temperature" -> values.put("temperature_ok", true);
      case DAILY_STARTUP + "/record_baseline" -> {
        values.put("temperature_f", String.valueOf(178 + index % 7));
        values.put("flow_l_min", String.valueOf(44 + index % 5));
      }
      case CALIBRATION + "/inspect_sensor" -> values.put("sensor_damaged", false);
      case CALIBRATION + "/reference_probe" -> values.put("reference_certificate_valid", true);
      case CALIBRATION + "/ice_point" -> values.put("ice_point_f", "32.1");
      case CALIBRATION + "/hot_point" -> values.put("hot_point_f", "180.2");
      case CALIBRATION + "/calibration_record" -> {
        values.put("calibration_result", "passed");
        values.put("offset_as_left_f", "0");
        values.put("next_calibration_due", daysAhead(180));
      }
      case OVERHEAT + "/temperature_falling" -> values.put("temperature_falling", true);
      case OVERHEAT + "/relief_valve" -> values.put("relief_valve_lifted", false);
      case OVERHEAT + "/incident_report" -> {
        values.put("peak_temperature_f", String.valueOf(241 + index * 3));
        values.put("probable_cause", "cooling_failure");
        values.put("alarm_cleared_at", daysAhead(0));
        values.put("ehs_informed", true);
        values.put(
            "incident_summary",
            "Cooling water pump P-301 tripped; immediate actions done, temperature back below"
                + " 200 °F within 6 minutes.");
      }
      case BUFFER + "/ph_meter_calibrated" -> values.put("ph_meter_calibrated", true);
      case BUFFER + "/weigh_tris" -> {
        values.put("tris_mass_g", "121.1" + index % 10);
        values.put("tris_reagent_lot", "T-2291");
      }
      case BUFFER + "/adjust_ph" -> {
        values.put("ph_final", "8.0" + index % 4);
        values.put("ph_temperature_c", "22.5");
        values.put("hcl_volume_ml", "42");
      }
      case BUFFER + "/make_up_volume" -> {
        values.put("final_volume_ml", "1000");
        values.put("sterilization_method", "filter_0_22_um");
      }
      case BUFFER + "/label_bottle" -> {
        values.put("buffer_lot", "TRIS-" + (2400 + index));
        values.put("expires_on", daysAhead(90));
        values.put("solution_clear", true);
      }
      case SOURDOUGH + "/starter_active", SOURDOUGH + "/bulk_done" -> values.put(step, true);
      case SOURDOUGH + "/dough_temperature" -> values.put("dough_temp_c", "25.5");
      case SOURDOUGH + "/bake_result" -> {
        values.put("internal_temp_c", "97.5");
        values.put("crust_color", "deep_brown");
        values.put("bake_notes", "Good oven spring; score a little deeper next time.");
      }
      case RELEASE + "/release_details" -> {
        values.put("release_version", "v7.4." + index);
        values.put("change_ticket", "CHG-" + (10230 + index));
        values.put("risk", "medium");
        values.put("has_migrations", true);
      }
      case RELEASE + "/ci_green",
          RELEASE + "/change_approved",
          RELEASE + "/snapshot_restorable",
          RELEASE + "/canary_healthy",
          RELEASE + "/smoke_tests" -> values.put(step, true);
      case RELEASE + "/canary_metrics" -> {
        values.put("canary_error_rate_pct", "0.2");
        values.put("canary_p95_latency_ms", "310");
      }
      default -> {
        // an action step: nothing to enter
      }
    }
    return values;
  }

  /** The executor of run {@code index}, starting at {@code first} and taking turns. */
  private static String executor(int first, int index) {
    return EXECUTORS.get((first + index) % EXECUTORS.size());
  }

  private static Date daysAhead(int days) {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(days);
    return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  // the daily start-up: the seed's example of a reordering (7.1), a nested calibration (6.2)

  /**
   * A completed run with every mark of the run page: done, a reorder, an extra action, an overdue
   * and repeated step, a skipped step and one never reached.
   */
  private static Scenario startupPumpRestarted(int index) {
    return Scenario.of(DAILY_STARTUP, "pump started before the temperature check, then restarted",
            executor(0, index), "plant_north", "reactor_01")
        .observe("power_on", "power_on_reactor")
        // the pump is seen running while the check is open: the run moves on to the readings,
        // the check is not seen and the calibration bypassed
        .observe("verify_temperature", "start_pump")
        // the pump cavitates: the casing is vented at the drain valve, then an administrator moves
        // the run back to the pump step in Cockpit
        .observe("record_baseline", "open_drain_valve")
        .moveTo("record_baseline", "start_pump")
        .overdue("start_pump")
        // the readings open again: the temperature check is seen now, late
        .observe("record_baseline", "verify_temperature")
        .skip("record_baseline", BASELINE_SKIPPED)
        .confirm("partially",
            "Started the pump before checking the temperature; it cavitated, so we vented it and"
                + " started it again.")
        .build();
  }

  private static Scenario startupWithCalibration(int index) {
    String executor = executor(1, index);
    return Scenario.of(DAILY_STARTUP, "temperature check failed, sensor calibrated",
            executor, "plant_north", "reactor_02")
        .submit("verify_temperature", Map.of("temperature_ok", false))
        .child(calibration(executor, "plant_north", "reactor_02", "calibrated during start-up"))
        .overdue("start_pump")
        .build();
  }

  private static Scenario startupClean(int index) {
    return Scenario.of(DAILY_STARTUP, "clean", executor(2, index), "plant_north", "reactor_01")
        .observe("power_on", "power_on_reactor")
        .build();
  }

  private static Scenario startupTimedOut(int index) {
    return Scenario.of(DAILY_STARTUP, "pump would not start, timeout exceeded",
            executor(0, index), "plant_south", "reactor_03")
        .timeout("start_pump")
        .confirm("no", "P-101 tripped on start; we stopped and called maintenance.")
        .build();
  }

  // the calibration: a skipped inspection (omission) and the first step seen twice (repeat)

  private static Scenario calibrationSkippedAndRepeated(int index) {
    return Scenario.of(CALIBRATION, "inspection skipped, sensor isolated twice",
            executor(1, index), "plant_north", "reactor_02")
        .startedBy("isolate_sensor")
        .skip("inspect_sensor", "Sensor was replaced last week; no inspection needed.")
        .observe("reference_probe", "isolate_sensor")
        .submit("ice_point", Map.of("ice_point_f", "32.4"))
        .submit("calibration_record",
            Map.of("calibration_result", "adjusted", "offset_as_left_f", "-0.4"))
        .confirm("partially", "The second isolation was the controller dropping back to AUTO.")
        .build();
  }

  private static Scenario calibrationClean(int index) {
    return calibration(executor(0, index), "lab_3", "rtd_sensor_17", "clean");
  }

  private static Scenario calibration(
      String executor, String location, String equipment, String label) {
    return Scenario.of(CALIBRATION, label, executor, location, equipment).build();
  }

  // the overheat response: started by its alarm, steps seen by sensors, one extra step

  private static Scenario overheatWithExtraStep(int index) {
    return Scenario.of(OVERHEAT, "control room called during the immediate actions",
            executor(2, index), "plant_north", "reactor_02")
        .startedBy("reactor_high_temperature_alarm")
        .observe("acknowledge_alarm", "acknowledge_temperature_alarm")
        .observe("full_cooling", "full_cooling", "call_control_room")
        .observe("stop_feed", "stop_feed")
        .observe("heating_off", "heating_off")
        .overdue("temperature_falling")
        .confirm("partially", "Calling the control room is part of every alarm for us.")
        .correct("not_a_deviation", "call_control_room",
            "Standing order: the control room is called at every high-temperature alarm.")
        .build();
  }

  private static Scenario overheatEvacuated(int index) {
    return Scenario.of(OVERHEAT, "temperature kept rising, hall evacuated",
            executor(1, index), "plant_north", "reactor_01")
        .startedBy("reactor_high_temperature_alarm")
        .submit("temperature_falling", Map.of("temperature_falling", false))
        .submit("relief_valve", Map.of("relief_valve_lifted", true))
        .submit("incident_report", Map.of("peak_temperature_f", "312",
            "probable_cause", "controller_fault"))
        .build();
  }

  // the buffer: a failed check, values out of limits, an overdue step, an optional step skipped

  private static Scenario bufferOutOfLimits(int index) {
    return Scenario.of(BUFFER, "pH meter not calibrated, Tris overweighed",
            executor(0, index), "lab_3", "balance_01")
        .submit("ph_meter_calibrated", Map.of("ph_meter_calibrated", false))
        .submit("weigh_tris", Map.of("tris_mass_g", "121.45"))
        .overdue("dissolve")
        .submit("make_up_volume", Map.of("sterilization_method", "autoclave"))
        .skip("aliquot", "No aliquots requested this time.")
        .confirm("partially", "The balance was drifting; the pH meter was calibrated yesterday.")
        .build();
  }

  private static Scenario bufferClean(int index) {
    return Scenario.of(BUFFER, "clean, filtered", executor(1, index), "lab_3", "ph_meter_02")
        .unconfirmed()
        .build();
  }

  private static Scenario bufferAutoclaved(int index) {
    return Scenario.of(BUFFER, "clean, autoclaved", executor(2, index), "lab_3", "balance_01")
        .submit("make_up_volume", Map.of("sterilization_method", "autoclave"))
        .build();
  }

  // the sourdough: seen by a kitchen camera, a fold missed (omission) and corrected

  private static Scenario sourdoughFoldMissed(int index) {
    return Scenario.of(SOURDOUGH, "second fold not seen", executor(1, index),
            "home_kitchen", "dutch_oven_01")
        .startedBy("starter_active")
        .observe("mix_flour_water", "mix_flour_water")
        .observe("add_starter_and_salt", "add_starter_and_salt")
        .observe("fold_1", "fold_1")
        .observe("fold_2", "fold_3")
        .observe("preshape", "preshape")
        .observe("shape", "shape")
        .observe("preheat", "preheat")
        .skip("score", "Forgot; the loaf opened on its own.")
        .observe("bake_covered", "bake_covered")
        .observe("bake_uncovered", "bake_uncovered")
        .confirm("no", "I did all three folds; the camera missed the second one.")
        .correct("step_done_not_detected", "fold_2",
            "Did the second fold at the counter, out of the camera's view.")
        .build();
  }

  private static Scenario sourdoughInTheBakery(int index) {
    return Scenario.of(SOURDOUGH, "deck oven in the bakery", executor(2, index),
            "bakery", "deck_oven_2")
        .build();
  }

  // the release: triggered by its tag, a canary that times out, a rollback

  private static Scenario releaseTimedOut(int index) {
    return Scenario.of(RELEASE, "canary deployment hung, timeout exceeded",
            executor(2, index), "prod_eu", "orders_service")
        .startedBy("release_tagged")
        .timeout("deploy_canary")
        .confirm("yes", null)
        .build();
  }

  private static Scenario releaseClean(int index) {
    return Scenario.of(RELEASE, "clean", executor(0, index), "prod_eu", "orders_service")
        .report("announce", "announce")
        .observe("deploy_canary", "canary_deployed")
        .build();
  }

  private static Scenario releaseRolledBack(int index) {
    return Scenario.of(RELEASE, "canary unhealthy, rolled back", executor(1, index),
            "prod_us", "orders_service")
        .submit("release_details", Map.of("risk", "low", "has_migrations", false))
        .observe("deploy_canary", "canary_deployed")
        .submit("canary_metrics", Map.of("canary_error_rate_pct", "1.4"))
        .submit("canary_healthy", Map.of("canary_healthy", false))
        .confirm("yes", "Rolled back at the first sign of trouble, as the runbook says.")
        .build();
  }
}
