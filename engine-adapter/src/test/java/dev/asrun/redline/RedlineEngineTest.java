package dev.asrun.redline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.capture.RunIds;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.feedback.CorrectionRequest;
import dev.asrun.feedback.RunFeedback;
import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Vendor;
import dev.asrun.log.EventSource;
import dev.asrun.monitor.Observation;
import dev.asrun.monitor.ObservationService;
import dev.asrun.query.RunQuery;
import dev.asrun.redline.Proposal.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;

/**
 * Redlines from runs worked on a real engine with the as-run plugin, on H2 and on PostgreSQL: the
 * steps completed and skipped through Tasklist's forms (with "actually performed at" claims), an
 * extra action reported as an observation, the executor's corrections through {@link RunFeedback};
 * the procedure's TOML deployed beside its BPMN.
 */
class RedlineEngineTest {

  private static final String PROCEDURE =
      """
      # The changeover as the vendor wrote it.
      [procedure]
      id = "sop_redline_engine"
      name = "Changeover"
      version = "1"
      timeout = "4h"

      [[procedure.steps]]
      id = "prepare"
      name = "Prepare"

      [[procedure.steps]]
      id = "inspect"
      name = "Inspect the seals"

      [[procedure.steps]]
      id = "flush"
      name = "Flush the lines"

      [[procedure.steps]]
      id = "drain"
      name = "Drain the tank"
      timeout = "10m"   # the vendor's figure

      [[procedure.steps]]
      id = "vacuum"
      name = "Vacuum the belt"

      [[procedure.steps]]
      id = "measure"
      type = "record"
      name = "Measure the residue"
        [[procedure.steps.fields]]
        variable = "residue_g"
        label = "Residue"
        type = "number"
        max = 5
      """;

  private static final Settings SETTINGS = new Settings(5, 0.4);
  private static final DateTimeFormatter PERFORMED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private ProcessEngine engine;

  @AfterEach
  void closeTheEngine() {
    ClockUtil.reset();
    if (engine != null) {
      engine.close();
    }
  }

  @OnBothDatabases
  void proposesEachKindFromRunsWorkedInTasklistAndObservedAndCorrectionsChangeTheEvidence(
      Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    engine = db.engine("asrun-redline");
    CompiledProcedure compiled = compile(PROCEDURE);
    engine
        .getRepositoryService()
        .createDeployment()
        .name("asrun-procedures")
        .addString(compiled.resourceName(), compiled.bpmnXml())
        .addString(compiled.tomlResourceName(), compiled.toml())
        .deploy();

    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      runs.add(run(Instant.parse("2026-11-02T08:00:00Z").plus(Duration.ofDays(i)), i < 4));
    }
    RunQuery query = RunQuery.all().withProcedureId("sop_redline_engine");
    DeployedProcedure deployed =
        DeployedProcedure.of(engine, "sop_redline_engine", Optional.empty()).orElseThrow();
    assertThat(deployed.toml()).contains(compiled.toml());

    RedlineAnswer answer = RedlineAnswer.of(db.dataSource(), query, deployed, false, SETTINGS);
    assertThat(answer.runs()).isEqualTo(6);
    assertThat(answer.version()).isEqualTo("1");
    assertThat(answer.proposals())
        .extracting(
            p -> RedlinesTest.brief(p) + " " + p.evidence().runs() + "/" + p.evidence().ofRuns())
        .containsExactly(
            "reorder flush inspect - 6/6",
            "add_step - prepare check_pressure 6/6",
            "change_timeout - - - 6/6",
            "change_timeout drain - - 6/6",
            "check_limits measure - - 6/6");
    assertThat(answer.proposals().get(2).proposedTimeout()).contains(Duration.ofMinutes(33));
    assertThat(answer.proposals().get(2).summary()).startsWith("Far too generous: the procedure");
    assertThat(answer.proposals().get(3).proposedTimeout()).contains(Duration.ofMinutes(25));
    assertThat(answer.proposals().get(0).runIds())
        .containsExactly(runs.get(5), runs.get(4), runs.get(3), runs.get(2), runs.get(1));
    assertThat(answer.tomlPatch().orElseThrow())
        .contains("+timeout = \"25m\"   # the vendor's figure")
        .contains("+timeout = \"33m\"")
        .contains("+id = \"check_pressure\"");

    as("alice");
    RunFeedback feedback = new RunFeedback(engine);
    feedback.correct(
        runs.get(4),
        new CorrectionRequest(
            "step_not_done", Optional.of("vacuum"), Optional.empty(), "the hose was missing"));
    RedlineAnswer notDone = RedlineAnswer.of(db.dataSource(), query, deployed, false, SETTINGS);
    assertThat(notDone.proposals())
        .filteredOn(p -> p.kind() == Kind.MAKE_OPTIONAL)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.stepId()).contains("vacuum");
              assertThat(p.evidence().runs()).isEqualTo(5);
              assertThat(p.runIds()).contains(runs.get(4));
            });
    assertThat(notDone.tomlPatch().orElseThrow()).contains("+optional = true");

    feedback.correct(
        runs.get(0),
        new CorrectionRequest(
            "not_a_deviation", Optional.of("vacuum"), Optional.empty(), "belt was new"));
    assertThat(RedlineAnswer.of(db.dataSource(), query, deployed, false, SETTINGS).proposals())
        .extracting(Proposal::kind)
        .doesNotContain(Kind.MAKE_OPTIONAL);

    CompiledProcedure second = compile(PROCEDURE.replace("version = \"1\"", "version = \"2\""));
    engine
        .getRepositoryService()
        .createDeployment()
        .addString(second.resourceName(), second.bpmnXml())
        .deploy();
    DeployedProcedure withoutSource =
        DeployedProcedure.of(engine, "sop_redline_engine", Optional.empty()).orElseThrow();
    assertThat(withoutSource.version()).isEqualTo("2");
    assertThat(withoutSource.toml()).isEmpty();
    RedlineAnswer latest = RedlineAnswer.of(db.dataSource(), query, withoutSource, false, SETTINGS);
    assertThat(latest.proposals()).hasSize(5);
    assertThat(latest.tomlPatch()).isEmpty();
    assertThat(RedlineAnswer.of(db.dataSource(), query, withoutSource, true, SETTINGS).runs())
        .isZero();
    assertThat(
            DeployedProcedure.of(engine, "sop_redline_engine", Optional.of("1"))
                .orElseThrow()
                .toml())
        .contains(compiled.toml());
  }

  /**
   * One run: prepare, check_pressure observed, flush performed before inspect (claimed times),
   * drain taking 25 minutes, vacuum skipped or done, 7 g of residue (the maximum is 5).
   */
  private String run(Instant start, boolean skipVacuum) {
    ClockUtil.setCurrentTime(Date.from(start));
    as("alice");
    ProcessInstance run =
        engine
            .getFormService()
            .submitStartForm(
                engine
                    .getRepositoryService()
                    .createProcessDefinitionQuery()
                    .processDefinitionKey("sop_redline_engine")
                    .latestVersion()
                    .singleResult()
                    .getId(),
                Map.of("location", "line_1"));
    String runId = RunIds.of(run.getId());
    at(start, 1);
    complete(run, "prepare", "done");
    at(start, 2);
    new ObservationService(engine)
        .report(
            new Observation(
                "check_pressure",
                start.plus(Duration.ofMinutes(2)),
                EventSource.EXECUTOR,
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                Optional.of(runId)));
    at(start, 5);
    complete(run, "inspect", "done", "asrun_performed_at", performed(start, 4));
    at(start, 6);
    complete(run, "flush", "done", "asrun_performed_at", performed(start, 3));
    at(start, 31);
    complete(run, "drain", "done");
    at(start, 32);
    if (skipVacuum) {
      complete(run, "vacuum", "skipped", "asrun_skip_reason", "no vacuum cleaner");
    } else {
      complete(run, "vacuum", "done");
    }
    at(start, 33);
    complete(run, "measure", "done", "residue_g", 7L);
    return runId;
  }

  private static String performed(Instant start, int minutes) {
    return LocalDateTime.ofInstant(start.plus(Duration.ofMinutes(minutes)), ZoneId.systemDefault())
        .format(PERFORMED);
  }

  private static void at(Instant start, int minutes) {
    ClockUtil.setCurrentTime(Date.from(start.plus(Duration.ofMinutes(minutes))));
  }

  private void complete(ProcessInstance run, String stepId, String outcome, Object... more) {
    Task task =
        engine
            .getTaskService()
            .createTaskQuery()
            .processInstanceId(run.getId())
            .taskDefinitionKey(stepId)
            .singleResult();
    assertThat(task).as("open task of step '%s'", stepId).isNotNull();
    Map<String, Object> form = new HashMap<>();
    form.put("asrun_outcome", outcome);
    for (int i = 0; i < more.length; i += 2) {
      form.put((String) more[i], more[i + 1]);
    }
    engine.getFormService().submitTaskForm(task.getId(), form);
  }

  private void as(String userId) {
    engine.getIdentityService().setAuthenticatedUserId(userId);
  }

  private static CompiledProcedure compile(String toml) {
    CompilationResult result =
        ProcedureCompiler.compile(List.of(new Source("sop_redline_engine.toml", toml)));
    assertThat(result.diagnostics()).isEmpty();
    return result.procedures().get(0);
  }
}
