package dev.asrun.index;

import static dev.asrun.index.Recorder.minute;
import static dev.asrun.index.RunScript.deviation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A realistic history, recorded through the log and the projector: three procedures, runs that
 * completed, aborted (cancelled, timed out), are active, are still triggered, expired, and a nested
 * run; skipped, overdue and repeated steps; several executors, locations and equipment.
 *
 * <pre>
 * daily_startup 2025.06
 *   r1  alice lab_3 reactor_02  0..10    completed, vent skipped
 *   r2  bob   lab_3 reactor_01  60..70   aborted (cancelled), check_temp skipped,
 *                                        vent cancelled
 *   r3  alice lab_5 reactor_02  120..150 completed, check_temp overdue then done
 *                                        (claimed 138), vent skipped
 *   r4  bob   lab_5 reactor_01  180..200 completed, power_on done twice (an operator's
 *                                        modification); deviations: that repeat, vent
 *                                        omitted, flush_line extra; bob corrects: the repeat
 *                                        is none, vent was done, check_temp was not, it was
 *                                        purge_line; confirmed partially; detected again
 *   r5  (window) 240, carol does power_on 245..246, active
 *   r6  (window) 300, expired 330        not in the index
 *   r7  dave  lab_3 reactor_02  360      triggered
 * reactor_shutdown 1
 *   s1  alice lab_3 reactor_02  400..415 completed, runs c1 in step purge
 *   s2  alice lab_3 reactor_02  500..530 aborted (timeout), stop_feed cancelled, a timeout
 * purge_line 2
 *   c1  nested in s1, erin does flush  402..410 completed
 * </pre>
 */
public final class SampleHistory {

  public static final String STARTUP = "daily_startup";
  public static final String SHUTDOWN = "reactor_shutdown";
  public static final String PURGE = "purge_line";

  private SampleHistory() {}

  /** Records the history above. */
  public static void record(Recorder recorder) throws Exception {
    recorder
        .run("r1", STARTUP, "2025.06")
        .triggered(0, "alice", "lab_3", "reactor_02", "first run after maintenance")
        .step(0, "power_on", "alice")
        .step(2, "check_temp", "alice")
        .skip(4, "vent", "alice", "vent already open")
        .completed(10, 600_000);
    recorder
        .run("r2", STARTUP, "2025.06")
        .triggered(60, "bob", "lab_3", "reactor_01", null)
        .step(60, "power_on", "bob")
        .skip(62, "check_temp", "bob", "sensor broken")
        .stepStarted(64, "vent")
        .stepCancelled(70, "vent", "run cancelled")
        .aborted(70, "cancelled");
    recorder
        .run("r3", STARTUP, "2025.06")
        .triggered(120, "alice", "lab_5", "reactor_02", null)
        .step(120, "power_on", "alice")
        .stepStarted(122, "check_temp")
        .overdue(135, "check_temp")
        .stepDone(140, "check_temp", "alice", Optional.of(minute(138)))
        .skip(142, "vent", "alice", "not needed in lab 5")
        .completed(150, 1_800_000);
    recorder
        .run("r4", STARTUP, "2025.06")
        .triggered(180, "bob", "lab_5", "reactor_01", null)
        .step(180, "power_on", "bob")
        .modified(182, "olga")
        .step(182, "power_on", "bob")
        .step(190, "check_temp", "bob")
        .completed(200, 1_200_000)
        .deviations(200, true, r4Deviations())
        .corrected(201, "not_a_deviation", "power_on", null, "bob")
        .corrected(202, "step_done_not_detected", "vent", null, "bob")
        .corrected(203, "step_not_done", "check_temp", null, "bob")
        .confirmed(204, "partially", "the vent was opened by hand", "bob")
        .deviations(205, true, r4Deviations())
        .corrected(206, "wrong_procedure", null, PURGE, "bob");
    recorder.run("r5", STARTUP, "2025.06").triggeredByWindow(240).step(245, "power_on", "carol");
    recorder.run("r6", STARTUP, "2025.06").triggeredByWindow(300).expired(330);
    recorder.run("r7", STARTUP, "2025.06").triggered(360, "dave", "lab_3", "reactor_02", null);

    RunScript s1 =
        recorder
            .run("s1", SHUTDOWN, "1")
            .triggered(400, "alice", "lab_3", "reactor_02", null)
            .step(400, "stop_feed", "alice")
            .stepStarted(402, "purge")
            .subrun(402, "purge", "c1");
    recorder
        .run("c1", PURGE, "2")
        .triggeredBy(402, s1.runId(), "purge")
        .step(403, "flush", "erin")
        .completed(410, 480_000);
    s1.stepDone(411, "purge", "alice").completed(415, 900_000);
    recorder
        .run("s2", SHUTDOWN, "1")
        .triggered(500, "alice", "lab_3", "reactor_02", null)
        .stepStarted(500, "stop_feed")
        .stepCancelled(530, "stop_feed", "procedure timeout")
        .aborted(530, "timeout")
        .deviations(530, true, List.of(deviation("timeout", null, null, null, null)));
  }

  /** r4's deviations as the detector lists them, before and after the corrections. */
  private static List<Map<String, Object>> r4Deviations() {
    return List.of(
        deviation("repeat", "power_on", null, 2, "power_on"),
        deviation("omission", "vent", 3, null, null),
        deviation("addition", "flush_line", null, 4, "check_temp"));
  }

  /** Every run id in the history, including the expired r6. */
  public static List<String> runIds() {
    return List.of("r1", "r2", "r3", "r4", "r5", "r6", "r7", "s1", "s2", "c1", "unknown");
  }

  public static List<String> procedures() {
    return List.of(STARTUP, SHUTDOWN, PURGE, "never_run");
  }

  public static List<String> executors() {
    return List.of("alice", "bob", "carol", "dave", "erin", "nobody");
  }

  public static List<String> equipment() {
    return List.of("reactor_01", "reactor_02", "reactor_99");
  }

  public static List<String> locations() {
    return List.of("lab_3", "lab_5", "lab_9");
  }
}
