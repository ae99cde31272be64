package dev.asrun.index;

import static dev.asrun.index.Recorder.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.ProcedureLifecycle;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunStep;
import dev.asrun.query.StepStatus;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class RunProjectorTest {

  @OnBothDatabases
  void recordsARunFromTriggerToCompletion(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());

    RunScript run =
        recorder
            .run("run-1", "daily_startup", "2025.06")
            .triggered(0, "alice", "lab_3", "reactor_02", "first run after maintenance");
    RunRecord triggered = queries.run("run-1").orElseThrow();
    assertThat(triggered.run().status()).isEqualTo(RunStatus.TRIGGERED);
    assertThat(triggered.run().startTime()).isEqualTo(minute(0));
    assertThat(triggered.run().activatedAt()).isEmpty();

    run.stepStarted(1, "power_on");
    assertThat(queries.run("run-1").orElseThrow().run().status())
        .as("a step waiting to be done is not yet a detected step")
        .isEqualTo(RunStatus.TRIGGERED);

    run.stepDone(3, "power_on", "alice", Optional.of(minute(2)))
        .skip(4, "vent", "alice", "vent already open")
        .completed(11, 600_000);

    RunRecord record = queries.run("run-1").orElseThrow();
    assertThat(record.run().runId()).isEqualTo("run-1");
    assertThat(record.run().processInstanceId()).contains("pi-run-1");
    assertThat(record.run().procedureId()).isEqualTo("daily_startup");
    assertThat(record.run().procedureVersion()).contains("2025.06");
    assertThat(record.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(record.run().abortReason()).isEmpty();
    assertThat(record.run().startTime()).isEqualTo(minute(0));
    assertThat(record.run().activatedAt()).contains(minute(3));
    assertThat(record.run().endTime()).contains(minute(11));
    assertThat(record.run().duration()).contains(Duration.ofMinutes(11));
    assertThat(record.run().context().executorId()).contains("alice");
    assertThat(record.run().context().location()).contains("lab_3");
    assertThat(record.run().context().equipmentId()).contains("reactor_02");
    assertThat(record.run().context().notes()).contains("first run after maintenance");
    assertThat(record.run().executorConfirmation()).isEmpty();
    assertThat(record.run().parentRunId()).isEmpty();
    assertThat(record.run().deviationCount()).isZero();
    assertThat(record.deviations()).isEmpty();
    assertThat(record.eventIds())
        .containsExactlyElementsOf(recorder.recorded().stream().map(LoggedEvent::eventId).toList());
    assertThat(record.steps())
        .containsExactly(
            new RunStep(
                "power_on",
                1,
                Optional.of("task-power_on:ai-1"),
                Optional.of("action"),
                StepStatus.DONE,
                false,
                Optional.of(minute(1)),
                Optional.of(minute(3)),
                Optional.of(minute(2)),
                Optional.of("alice"),
                Optional.empty()),
            new RunStep(
                "vent",
                1,
                Optional.of("task-vent:ai-2"),
                Optional.of("action"),
                StepStatus.SKIPPED,
                false,
                Optional.of(minute(4)),
                Optional.of(minute(5)),
                Optional.empty(),
                Optional.of("alice"),
                Optional.of("vent already open")));
    assertThat(queries.runIdOfProcessInstance("pi-run-1")).contains("run-1");
    assertThat(queries.runIdOfProcessInstance("pi-other")).isEmpty();
  }

  @OnBothDatabases
  void abortedRunCancelsItsOpenSteps(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "reactor_shutdown", "1")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .stepStarted(0, "stop_feed")
        .aborted(30, "timeout");

    RunRecord record = AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow();
    assertThat(record.run().status()).isEqualTo(RunStatus.ABORTED);
    assertThat(record.run().abortReason()).contains("timeout");
    assertThat(record.run().endTime()).contains(minute(30));
    assertThat(record.run().duration()).contains(Duration.ofMinutes(30));
    assertThat(record.steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.status()).isEqualTo(StepStatus.CANCELLED);
              assertThat(step.endedAt()).contains(minute(30));
              assertThat(step.executorId()).isEmpty();
            });
  }

  @OnBothDatabases
  void overdueStepStaysMarkedOverdueWhenDone(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    RunScript run =
        recorder
            .run("run-1", "daily_startup", "1")
            .triggered(0, "alice", "lab_3", "reactor_02", null)
            .stepStarted(0, "check_temp")
            .overdue(10, "check_temp");
    assertThat(queries.run("run-1").orElseThrow().steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.status()).isEqualTo(StepStatus.OVERDUE);
              assertThat(step.overdue()).isTrue();
            });

    run.stepDone(12, "check_temp", "alice");

    assertThat(queries.run("run-1").orElseThrow().steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.status()).isEqualTo(StepStatus.DONE);
              assertThat(step.overdue()).isTrue();
              assertThat(step.endedAt()).contains(minute(12));
            });
  }

  @OnBothDatabases
  void firstStepDoneActivatesARunEvenWithoutRunStarted(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    RunScript run =
        recorder
            .run("run-1", "daily_startup", "1")
            .triggered(0, "alice", "lab_3", "reactor_02", null)
            .stepStarted(1, "power_on");
    run.record(
        5,
        EventSource.EXECUTOR,
        EventType.STEP_MATCHED,
        Optional.empty(),
        Map.of("step_id", "power_on", "outcome", "done", "executor_id", "alice"));

    RunRecord record = AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow();
    assertThat(record.run().status()).isEqualTo(RunStatus.ACTIVE);
    assertThat(record.run().activatedAt()).contains(minute(5));
    assertThat(record.steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.status()).isEqualTo(StepStatus.DONE);
              assertThat(step.startedAt()).contains(minute(1));
            });
  }

  @OnBothDatabases
  void stepsCancelledByTheEngineAreNotSkipsAndLeaveTheRunTriggered(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    recorder
        .run("run-1", "daily_startup", "1")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .stepStarted(0, "power_on")
        .stepCancelled(4, "power_on", "run cancelled")
        .aborted(4, "cancelled");

    RunRecord record = queries.run("run-1").orElseThrow();
    assertThat(record.run().status()).isEqualTo(RunStatus.ABORTED);
    assertThat(record.run().activatedAt()).isEmpty();
    assertThat(record.steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.status()).isEqualTo(StepStatus.CANCELLED);
              assertThat(step.reason()).contains("run cancelled");
              assertThat(step.endedAt()).contains(minute(4));
            });
    assertThat(queries.skippedStepsFrequency("daily_startup")).isEmpty();
  }

  @OnBothDatabases
  void stepWhoseCalledRunAbortedIsAborted(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("parent", "reactor_shutdown", "1")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .stepStarted(0, "purge")
        .subrun(0, "purge", "child")
        .callAborted(30, "purge", "child");

    RunRecord record = AsRunQueries.of(db.dataSource()).run("parent").orElseThrow();
    assertThat(record.run().status()).isEqualTo(RunStatus.ACTIVE);
    assertThat(record.steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.status()).isEqualTo(StepStatus.ABORTED);
              assertThat(step.reason()).contains("called run aborted: timeout");
            });
  }

  @OnBothDatabases
  void eventsOfAStepFindTheirAttemptByActivityInstance(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .stepStarted(0, "power_on")
        .stepStarted(1, "power_on")
        .stepDone(2, "power_on", "alice");

    assertThat(AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow().steps())
        .extracting(RunStep::attempt, RunStep::status, RunStep::taskId)
        .containsExactly(
            tuple(1, StepStatus.DONE, Optional.of("task-power_on:ai-1")),
            tuple(2, StepStatus.STARTED, Optional.of("task-power_on:ai-2")));
  }

  @OnBothDatabases
  void overdueOfAGroupWithoutAttemptsOnlyListsTheEvent(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .stepStarted(0, "power_on")
        .overdue(10, "checks_group");

    RunRecord record = AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow();
    assertThat(record.steps()).extracting(RunStep::stepId).containsExactly("power_on");
    assertThat(record.steps().get(0).overdue()).isFalse();
    assertThat(record.eventIds()).hasSize(3);
  }

  @OnBothDatabases
  void repeatedStepIsASecondAttempt(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .step(0, "power_on", "alice")
        .step(2, "check_temp", "alice")
        .step(4, "power_on", "bob");

    List<RunStep> steps = AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow().steps();
    assertThat(steps)
        .extracting(RunStep::stepId, RunStep::attempt, RunStep::status, RunStep::executorId)
        .containsExactly(
            tuple("power_on", 1, StepStatus.DONE, Optional.of("alice")),
            tuple("check_temp", 1, StepStatus.DONE, Optional.of("alice")),
            tuple("power_on", 2, StepStatus.DONE, Optional.of("bob")));
  }

  @OnBothDatabases
  void stepDoneWithoutAStartIsAnAttemptWithoutStartTime(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggered(0, "alice", "lab_3", "reactor_02", null)
        .stepDone(3, "power_on", "alice");

    assertThat(AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow().steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.status()).isEqualTo(StepStatus.DONE);
              assertThat(step.startedAt()).isEmpty();
              assertThat(step.endedAt()).contains(minute(3));
            });
  }

  @OnBothDatabases
  void runTriggeredByItsWindowTakesTheFirstStepsExecutor(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggeredByWindow(0)
        .step(5, "power_on", "carol")
        .step(7, "check_temp", "dave");

    RunRecord record = AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow();
    assertThat(record.run().context().executorId()).contains("carol");
    assertThat(record.run().context().location()).isEmpty();
  }

  @OnBothDatabases
  void expiredTriggerLeavesOnlyEvents(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    RunScript run = recorder.run("run-1", "daily_startup", "1").triggeredByWindow(0);
    assertThat(queries.lifecycle("daily_startup"))
        .isEqualTo(new ProcedureLifecycle("daily_startup", 1, 0));

    run.expired(60);

    assertThat(queries.run("run-1")).isEmpty();
    assertThat(queries.runIdOfProcessInstance(run.processInstanceId())).isEmpty();
    assertThat(queries.lifecycle("daily_startup").state())
        .isEqualTo(ProcedureLifecycle.State.INACTIVE);
    assertThat(queries.fullEventLog("run-1"))
        .extracting(LoggedEvent::type)
        .containsExactly(EventType.PROC_TRIGGERED, EventType.TRIGGER_EXPIRED);
    assertThat(db.number("SELECT COUNT(*) FROM asrun_run")).isZero();
  }

  @OnBothDatabases
  void expiryOfAStartedRunIsOnlyListed(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder
        .run("run-1", "daily_startup", "1")
        .triggeredByWindow(0)
        .step(5, "power_on", "carol")
        .expired(60);

    RunRecord record = AsRunQueries.of(db.dataSource()).run("run-1").orElseThrow();
    assertThat(record.run().status()).isEqualTo(RunStatus.ACTIVE);
    assertThat(record.eventIds()).hasSize(5);
  }

  @OnBothDatabases
  void nestedRunKnowsItsParentWhicheverStreamIsRecordedFirst(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    RunScript parent =
        recorder
            .run("parent", "reactor_shutdown", "1")
            .triggered(0, "alice", "lab_3", "reactor_02", null)
            .stepStarted(1, "purge");

    parent.subrun(1, "purge", "child-a");
    recorder.run("child-a", "purge_line", "2").triggeredByWindow(1);
    recorder.run("child-b", "purge_line", "2").triggeredBy(2, "parent", "purge");
    parent.subrun(2, "purge", "child-b");
    recorder.run("child-c", "purge_line", "2").triggeredByWindow(3);
    parent.subrun(3, "purge", "child-c");

    assertThat(queries.run("child-a").orElseThrow().run().parentRunId()).contains("parent");
    assertThat(queries.run("child-b").orElseThrow().run().parentRunId()).contains("parent");
    assertThat(queries.run("child-c").orElseThrow().run().parentRunId()).contains("parent");
    assertThat(queries.run("parent").orElseThrow().run().parentRunId()).isEmpty();
  }

  @OnBothDatabases
  void applyingAnEventAgainChangesNothing(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    SampleHistory.record(recorder);
    List<List<List<String>>> before = IndexTables.dump(db);

    RunProjector projector = new RunProjector();
    db.inTransaction(
        connection -> {
          for (LoggedEvent event : recorder.recorded()) {
            projector.apply(connection, event);
          }
          return null;
        });

    assertThat(IndexTables.dump(db)).isEqualTo(before);
  }

  @OnBothDatabases
  void eventsOutsideRunsLeaveTheIndexAlone(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder.record(
        0,
        new NewEvent(
            EventSource.INFERENCE,
            EventType.OBSERVATION_UNMATCHED,
            Optional.of("daily_startup"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of("action", "power_on_reactor")));

    assertThat(db.number("SELECT COUNT(*) FROM asrun_event")).isEqualTo(1);
    assertThat(IndexTables.dump(db)).allSatisfy(rows -> assertThat(rows).isEmpty());
  }

  @OnBothDatabases
  void refusesAnOverlongContextValueAndTheCommandRollsBack(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    String location = "l".repeat(RunProjector.MAX_TEXT_LENGTH + 1);

    assertThatThrownBy(
            () ->
                recorder
                    .run("run-1", "daily_startup", "1")
                    .triggered(0, "alice", location, "r", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "(proc_triggered of run run-1): payload.context.location is 256"
                + " characters long; the run index holds at most 255");
    assertThat(db.number("SELECT COUNT(*) FROM asrun_event")).isZero();
    assertThat(db.number("SELECT COUNT(*) FROM asrun_run")).isZero();
  }

  @OnBothDatabases
  void refusesAStepEventWithoutStepId(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    RunScript run = recorder.run("run-1", "daily_startup", "1").triggeredByWindow(0);

    assertThatThrownBy(
            () ->
                run.record(
                    1,
                    EventSource.ENGINE,
                    EventType.STEP_STARTED,
                    Optional.empty(),
                    Map.of("step_id", List.of("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload.step_id is a JSON array; the run index expects text");
    assertThatThrownBy(
            () ->
                run.record(
                    1, EventSource.ENGINE, EventType.STEP_STARTED, Optional.empty(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload.step_id is missing");
  }

  @OnBothDatabases
  void refusesAConnectionInAutocommitMode(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    recorder.run("run-1", "daily_startup", "1").triggeredByWindow(0);
    LoggedEvent event = recorder.recorded().get(0);
    RunProjector projector = new RunProjector();

    try (Connection connection = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> projector.apply(connection, event))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("autocommit is on");
      assertThatThrownBy(() -> projector.rebuild(connection))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("autocommit is on");
    }
  }

  @OnBothDatabases
  void appliedEventsAreTheRunsTrail(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    SampleHistory.record(recorder);
    EventLog log = new EventLog();

    for (String runId : List.of("r1", "r3", "s1", "c1")) {
      List<LoggedEvent> trail = db.inTransaction(connection -> log.run(connection, runId));
      assertThat(AsRunQueries.of(db.dataSource()).run(runId).orElseThrow().eventIds())
          .containsExactlyElementsOf(trail.stream().map(LoggedEvent::eventId).toList());
    }
  }
}
