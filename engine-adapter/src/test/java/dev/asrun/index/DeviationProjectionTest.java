package dev.asrun.index;

import static dev.asrun.index.RunScript.deviation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStep;
import dev.asrun.query.StepStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deviations, the executor's corrections over them and the confirmation answer, as the index holds
 * them and the run record shows them.
 */
class DeviationProjectionTest {

  @OnBothDatabases
  void theRunsDeviationsAreTheLatestDetectedList(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    RunScript run =
        recorder
            .run("run-1", "daily_startup", "1")
            .triggered(0, "alice", "lab_3", "reactor_02", null)
            .step(1, "power_on", "alice")
            .deviations(2, false, List.of(deviation("omission", "check_temp", 2, null, null)));
    assertThat(queries.run("run-1").orElseThrow().run().deviationCount()).isEqualTo(1);
    assertThat(queries.run("run-1").orElseThrow().summary()).isEqualTo("active with deviations");

    run.step(3, "check_temp", "alice")
        .completed(5, 300_000)
        .deviations(
            5,
            true,
            List.of(
                deviation("reorder", "check_temp", 2, 3, "vent"),
                deviation("addition", "flush_line", null, 2, "power_on")));

    RunRecord record = queries.run("run-1").orElseThrow();
    assertThat(record.deviations())
        .containsExactly(
            new Deviation(
                "reorder",
                Optional.of("check_temp"),
                Optional.of(2),
                Optional.of(3),
                Optional.of("vent"),
                Optional.of("reorder of check_temp"),
                false),
            new Deviation(
                "addition",
                Optional.of("flush_line"),
                Optional.empty(),
                Optional.of(2),
                Optional.of("power_on"),
                Optional.of("addition of flush_line"),
                false));
    assertThat(record.run().deviationCount()).isEqualTo(2);
    assertThat(record.summary()).isEqualTo("completed with deviations");
  }

  @OnBothDatabases
  void summariesUseTheSeedsWords(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    recorder.run("clean", "p", "1").triggered(0, "a", null, null, null).step(0, "s1", "a")
        .completed(2, 1);
    recorder.run("skipped", "p", "1").triggered(0, "a", null, null, null).step(0, "s1", "a")
        .completed(2, 1)
        .deviations(2, true, List.of(
            deviation("omission", "s2", 2, null, null),
            deviation("omission", "s3", 3, null, null),
            deviation("omission", "s4", 4, null, null)));
    recorder.run("extra", "p", "1").triggered(0, "a", null, null, null).step(0, "s1", "a")
        .completed(2, 1)
        .deviations(2, true, List.of(deviation("addition", "x", null, 2, "s1")));
    recorder.run("timeout", "p", "1").triggered(0, "a", null, null, null).step(0, "s1", "a")
        .aborted(30, "timeout");
    recorder.run("waiting", "p", "1").triggered(0, "a", null, null, null);

    assertThat(queries.run("clean").orElseThrow().summary()).isEqualTo("completed");
    assertThat(queries.run("skipped").orElseThrow().summary())
        .isEqualTo("completed, s2, s3 and s4 skipped");
    assertThat(queries.run("extra").orElseThrow().summary())
        .isEqualTo("completed with extra steps");
    assertThat(queries.run("timeout").orElseThrow().summary())
        .isEqualTo("aborted, timeout exceeded");
    assertThat(queries.run("waiting").orElseThrow().summary()).isEqualTo("triggered");
  }

  @OnBothDatabases
  void correctionsApplyOverTheEnginesInterpretationAndKeepApplyingToLaterLists(Vendor vendor)
      throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    List<Map<String, Object>> detected =
        List.of(
            deviation("omission", "check_temp", 2, null, null),
            deviation("addition", "flush_line", null, 2, "power_on"));
    RunScript run =
        recorder
            .run("run-1", "daily_startup", "1")
            .triggered(0, "alice", null, null, null)
            .step(0, "power_on", "alice")
            .skip(2, "check_temp", "alice", "no sensor")
            .step(4, "vent", "alice")
            .completed(6, 360_000)
            .deviations(6, true, detected)
            .corrected(7, "step_done_not_detected", "check_temp", null, "bob")
            .corrected(8, "not_a_deviation", "flush_line", null, "bob")
            .corrected(9, "step_not_done", "vent", null, "bob");

    RunRecord record = queries.run("run-1").orElseThrow();
    assertThat(record.deviations())
        .extracting(Deviation::type, Deviation::stepId, Deviation::corrected)
        .containsExactly(
            tuple("omission", Optional.of("check_temp"), true),
            tuple("addition", Optional.of("flush_line"), true),
            tuple("omission", Optional.of("vent"), false));
    assertThat(record.steps())
        .extracting(RunStep::stepId, RunStep::status)
        .containsExactly(
            tuple("power_on", StepStatus.DONE),
            tuple("check_temp", StepStatus.DONE),
            tuple("vent", StepStatus.SKIPPED));
    assertThat(record.run().deviationCount()).isEqualTo(1);
    assertThat(record.summary()).isEqualTo("completed, vent skipped");
    assertThat(record.corrections()).extracting(c -> c.type()).containsExactly(
        "step_done_not_detected", "not_a_deviation", "step_not_done");

    run.deviations(10, true, detected);

    assertThat(queries.run("run-1").orElseThrow().deviations())
        .extracting(Deviation::corrected)
        .containsExactly(true, true, false);
    assertThat(queries.run("run-1").orElseThrow().run().deviationCount()).isEqualTo(1);
  }

  @OnBothDatabases
  void stepDoneNotDetectedAddsADoneAttemptToAStepWithoutAny(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggered(0, "alice", null, null, null)
        .step(0, "power_on", "alice")
        .completed(2, 120_000)
        .corrected(3, "step_done_not_detected", "vent", null, "alice");

    assertThat(AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow().steps())
        .extracting(RunStep::stepId, RunStep::status, RunStep::executorId)
        .containsExactly(
            tuple("power_on", StepStatus.DONE, Optional.of("alice")),
            tuple("vent", StepStatus.DONE, Optional.of("alice")));
  }

  @OnBothDatabases
  void theConfirmationAnswerIsTheRunsExecutorConfirmation(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggered(0, "alice", null, null, null)
        .step(0, "power_on", "alice")
        .completed(2, 120_000)
        .confirmed(3, "no", "I skipped the vent", "alice");

    RunRecord record = AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow();
    assertThat(record.run().executorConfirmation()).contains("no");
    assertThat(record.confirmationNote()).contains("I skipped the vent");
  }

  @OnBothDatabases
  void aStepPassedOverIsNotSeen(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    RunScript run =
        recorder.run("run-1", "daily_startup", "1").triggered(0, "alice", null, null, null)
            .stepStarted(0, "power_on");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("step_id", "power_on");
    payload.put("outcome", "not_seen");
    payload.put("reason", "not seen: the run moved on to vent");
    run.record(1, EventSource.INFERENCE, EventType.STEP_SKIPPED, Optional.empty(), payload);

    assertThat(AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow().steps())
        .extracting(RunStep::status, RunStep::reason)
        .containsExactly(
            tuple(StepStatus.NOT_SEEN, Optional.of("not seen: the run moved on to vent")));
  }
}
