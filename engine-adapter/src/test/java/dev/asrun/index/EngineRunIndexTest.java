package dev.asrun.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import dev.asrun.capture.RunIds;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.log.EventLog;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.ProcedureLifecycle;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunStep;
import dev.asrun.query.RunSummary;
import dev.asrun.query.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs worked on a real Camunda engine with the as-run plugin, in Tasklist's way (start form, task
 * forms, an authenticated user), on H2 and on PostgreSQL: the run index built from what the capture
 * layer logged holds the runs as they happened.
 */
class EngineRunIndexTest {

  private static final String STARTUP =
      """
      [procedure]
      id = "sop_index_startup"
      name = "Daily startup"
      version = "2025.06"

      [[procedure.steps]]
      id = "power_on"
      name = "Power on"

      [[procedure.steps]]
      id = "verify_temperature"
      type = "check"
      name = "Temperature below 200°F?"
      variable = "temperature_ok"

      [[procedure.steps]]
      id = "calibrate"
      name = "Calibrate the sensor"
      reference = "sop_index_calibration"

      [[procedure.steps]]
      id = "record_baseline"
      type = "record"
      name = "Record the baseline"
        [[procedure.steps.fields]]
        variable = "temperature_f"
        label = "Temperature"
        type = "number"
      """;

  private static final String CALIBRATION =
      """
      [procedure]
      id = "sop_index_calibration"
      name = "Sensor calibration"

      [[procedure.steps]]
      id = "zero"
      name = "Zero the probe"
      """;

  private ProcessEngine engine;

  @AfterEach
  void closeTheEngine() {
    ClockUtil.reset();
    if (engine != null) {
      engine.close();
    }
  }

  @OnBothDatabases
  void runsWorkedOnTheEngineAreInTheIndexAsTheyHappened(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    engine = db.engine("asrun-index");
    deploy(STARTUP, CALIBRATION);

    ClockUtil.setCurrentTime(Date.from(Instant.parse("2025-06-01T06:00:00Z")));
    as("alice");
    ProcessInstance first =
        start(
            "sop_index_startup",
            "location", "lab_3", "equipment_id", "reactor_02", "notes", "after maintenance");
    complete(first, "power_on", "done", null, "asrun_performed_at", "2025-06-01 08:05");
    complete(first, "verify_temperature", "skipped", "sensor broken", "temperature_ok", false);
    ProcessInstance calibration =
        engine
            .getRuntimeService()
            .createProcessInstanceQuery()
            .superProcessInstanceId(first.getId())
            .singleResult();
    as("erin");
    complete(calibration, "zero", "done", null);
    as("alice");
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2025-06-01T06:20:00Z")));
    complete(first, "record_baseline", "done", null, "temperature_f", 180L);

    as("bob");
    ProcessInstance second =
        start("sop_index_startup", "location", "lab_5", "equipment_id", "reactor_01");
    complete(second, "power_on", "done", null);
    engine.getRuntimeService().deleteProcessInstance(second.getId(), "wrong reactor");

    List<List<List<String>>> live = IndexTables.dump(db);
    long replayed = db.inTransaction(new RunProjector()::rebuild);
    assertThat(IndexTables.dump(db))
        .as("the index kept live by the capture equals its rebuild from the log alone")
        .isEqualTo(live);
    List<LoggedEvent> firstTrail =
        db.inTransaction(c -> new EventLog().run(c, RunIds.of(first.getId())));

    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    assertThat(replayed).isGreaterThan(firstTrail.size());
    String firstRun = queries.runIdOfProcessInstance(first.getId()).orElseThrow();
    assertThat(firstRun).isEqualTo(RunIds.of(first.getId()));
    RunRecord record = queries.run(firstRun).orElseThrow();
    assertThat(record.run().procedureId()).isEqualTo("sop_index_startup");
    assertThat(record.run().procedureVersion()).contains("2025.06");
    assertThat(record.run().processInstanceId()).contains(first.getId());
    assertThat(record.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(record.run().startTime()).isEqualTo(Instant.parse("2025-06-01T06:00:00Z"));
    assertThat(record.run().endTime()).contains(Instant.parse("2025-06-01T06:20:00Z"));
    assertThat(record.run().duration()).contains(Duration.ofMinutes(20));
    assertThat(record.run().context().executorId()).contains("alice");
    assertThat(record.run().context().location()).contains("lab_3");
    assertThat(record.run().context().equipmentId()).contains("reactor_02");
    assertThat(record.run().context().notes()).contains("after maintenance");
    assertThat(record.eventIds())
        .containsExactlyElementsOf(firstTrail.stream().map(LoggedEvent::eventId).toList());
    assertThat(record.steps())
        .extracting(RunStep::stepId, RunStep::status, RunStep::executorId)
        .containsExactly(
            tuple("power_on", StepStatus.DONE, Optional.of("alice")),
            tuple("verify_temperature", StepStatus.SKIPPED, Optional.of("alice")),
            tuple("calibrate", StepStatus.DONE, Optional.empty()),
            tuple("record_baseline", StepStatus.DONE, Optional.of("alice")));
    assertThat(record.steps().get(0).occurredAt())
        .contains(
            LocalDateTime.parse("2025-06-01T08:05").atZone(ZoneId.systemDefault()).toInstant());
    assertThat(record.steps().get(1).reason()).contains("sensor broken");
    assertThat(record.steps())
        .allSatisfy(
            step ->
                assertThat(step.taskId().isPresent())
                    .isEqualTo(!step.stepId().equals("calibrate")));

    RunRecord child = queries.run(RunIds.of(calibration.getId())).orElseThrow();
    assertThat(child.run().parentRunId()).contains(firstRun);
    assertThat(child.run().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(child.steps())
        .singleElement()
        .satisfies(zero -> assertThat(zero.executorId()).contains("erin"));

    RunRecord deleted = queries.run(RunIds.of(second.getId())).orElseThrow();
    assertThat(deleted.run().status()).isEqualTo(RunStatus.ABORTED);
    assertThat(deleted.run().abortReason()).contains("cancelled");
    assertThat(deleted.steps())
        .extracting(RunStep::stepId, RunStep::status)
        .containsExactly(
            tuple("power_on", StepStatus.DONE), tuple("verify_temperature", StepStatus.CANCELLED));

    assertThat(queries.skippedStepsFrequency("sop_index_startup"))
        .containsExactly(entry("verify_temperature", 1L));
    assertThat(queries.executorSuccessRate("sop_index_startup"))
        .containsExactly(entry("alice", 1.0), entry("bob", 0.0));
    assertThat(queries.getFailedRuns("sop_index_startup")).hasSize(1);
    assertThat(queries.fullEventLog(firstRun)).isEqualTo(firstTrail);
  }

  @OnBothDatabases
  void anExpiredTriggerLeavesNoRunAndTheRebuiltIndexAgrees(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    engine = db.engine("asrun-index");
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2025-06-02T02:00:00Z")));
    deploy(windowed("sop_index_unseen", "reference = \"sop_index_calibration\""),
        windowed("sop_index_seen", ""), CALIBRATION);
    fireWindowTimer("sop_index_unseen", "asrun-window-timer");
    fireWindowTimer("sop_index_seen", "asrun-window-timer");
    ProcessInstance unseen = onlyRunOf("sop_index_unseen");
    ProcessInstance calledByUnseen = onlyRunOf("sop_index_calibration");
    ProcessInstance seen = onlyRunOf("sop_index_seen");
    as("alice");
    complete(seen, "inspect", "done", null);
    ProcessInstance byHand = start("sop_index_unseen");
    engine.getIdentityService().clearAuthentication();

    fireWindowTimer("sop_index_unseen", "asrun-window-wait");
    fireWindowTimer("sop_index_seen", "asrun-window-wait");

    AsRunQueries queries = AsRunQueries.of(db.dataSource());
    assertThat(queries.runs(RunQuery.all()))
        .extracting(run -> run.processInstanceId().orElseThrow(), RunSummary::status)
        .containsExactlyInAnyOrder(
            tuple(seen.getId(), RunStatus.ACTIVE),
            tuple(byHand.getId(), RunStatus.TRIGGERED),
            tuple(calledBy(byHand).getId(), RunStatus.TRIGGERED));
    assertThat(queries.run(RunIds.of(unseen.getId()))).isEmpty();
    assertThat(queries.run(RunIds.of(calledByUnseen.getId()))).isEmpty();
    assertThat(db.number("SELECT COUNT(*) FROM asrun_run_link WHERE child_run_id = ?",
        RunIds.of(calledByUnseen.getId()))).isZero();
    assertThat(queries.lifecycle("sop_index_unseen"))
        .isEqualTo(new ProcedureLifecycle("sop_index_unseen", 1, 0));
    assertThat(queries.lifecycle("sop_index_seen"))
        .isEqualTo(new ProcedureLifecycle("sop_index_seen", 0, 1));

    List<List<List<String>>> live = IndexTables.dump(db);
    db.inTransaction(new RunProjector()::rebuild);
    assertThat(IndexTables.dump(db))
        .as("the index kept live by the capture equals its rebuild from the log alone")
        .isEqualTo(live);
  }

  /** A procedure with the trigger window 08:00 to 09:00; {@code firstStepKeys} join step one. */
  private static String windowed(String id, String firstStepKeys) {
    return """
        [procedure]
        id = "%s"
        name = "Windowed"

        [procedure.context]
        time_of_day = ["08:00", "09:00"]

        [[procedure.steps]]
        id = "inspect"
        name = "Inspect the line"
        %s

        [[procedure.steps]]
        id = "release"
        name = "Release the line"
        """.formatted(id, firstStepKeys);
  }

  /** Moves the engine clock to the due date of a timer of the procedure's window and fires it. */
  private void fireWindowTimer(String procedureId, String activityId) {
    Job job = engine.getManagementService().createJobQuery().timers()
        .processDefinitionKey(procedureId + "-window").activityId(activityId).singleResult();
    assertThat(job).as("timer %s of the window of %s", activityId, procedureId).isNotNull();
    ClockUtil.setCurrentTime(job.getDuedate());
    engine.getManagementService().executeJob(job.getId());
  }

  private ProcessInstance onlyRunOf(String procedureId) {
    ProcessInstance run = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(procedureId).singleResult();
    assertThat(run).as("the run of %s", procedureId).isNotNull();
    return run;
  }

  private ProcessInstance calledBy(ProcessInstance caller) {
    return engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(caller.getId()).singleResult();
  }

  private void deploy(String... tomls) {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < tomls.length; i++) {
      sources.add(new Source("inline-" + i + ".toml", tomls[i]));
    }
    CompilationResult result = ProcedureCompiler.compile(sources);
    assertThat(result.diagnostics()).isEmpty();
    DeploymentBuilder deployment = engine.getRepositoryService().createDeployment();
    for (CompiledProcedure procedure : result.procedures()) {
      deployment.addString(procedure.resourceName(), procedure.bpmnXml());
    }
    deployment.deploy();
  }

  private void as(String userId) {
    engine.getIdentityService().setAuthenticatedUserId(userId);
  }

  private ProcessInstance start(String procedureId, Object... namesAndValues) {
    String definition =
        engine
            .getRepositoryService()
            .createProcessDefinitionQuery()
            .processDefinitionKey(procedureId)
            .latestVersion()
            .singleResult()
            .getId();
    return engine.getFormService().submitStartForm(definition, fields(namesAndValues));
  }

  private void complete(
      ProcessInstance run, String stepId, String outcome, String reason, Object... namesAndValues) {
    Task task =
        engine
            .getTaskService()
            .createTaskQuery()
            .processInstanceId(run.getId())
            .taskDefinitionKey(stepId)
            .singleResult();
    assertThat(task).as("open task of step '%s'", stepId).isNotNull();
    Map<String, Object> form = fields(namesAndValues);
    form.put("asrun_outcome", outcome);
    if (reason != null) {
      form.put("asrun_skip_reason", reason);
    }
    engine.getFormService().submitTaskForm(task.getId(), form);
  }

  private static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> fields = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }
}
