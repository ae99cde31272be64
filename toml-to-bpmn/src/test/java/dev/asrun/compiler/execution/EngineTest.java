package dev.asrun.compiler.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs compiled procedures in a real Camunda 7 engine (in-memory H2, full history, no job
 * executor: see {@code camunda.cfg.xml}) and works them the way Tasklist does: runs start through
 * the start form, steps are completed through their generated forms, timers fire when a test moves
 * the engine clock and executes the job. Each test's deployments are removed after it.
 */
@ExtendWith(ProcessEngineExtension.class)
abstract class EngineTest {

  static final String OUTCOME = "asrun_outcome";
  static final String SKIP_REASON = "asrun_skip_reason";
  static final String PERFORMED_AT = "asrun_performed_at";

  /** The engine of {@code camunda.cfg.xml}, one for all test classes. */
  ProcessEngine engine;

  private final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void bindTheEngine(ProcessEngine processEngine) {
    engine = processEngine;
    BpmnAwareTests.init(processEngine);
  }

  @AfterEach
  void removeTheDeploymentsAndForgetTheUser() {
    for (String deployment : deployments) {
      engine.getRepositoryService().deleteDeployment(deployment, true, true);
    }
    engine.getIdentityService().clearAuthentication();
    BpmnAwareTests.reset();
  }

  /** Compiles procedure files given as text, named {@code inline-1.toml}, {@code inline-2.toml}. */
  private static CompilationResult compileInline(String... tomls) {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < tomls.length; i++) {
      sources.add(new Source("inline-" + (i + 1) + ".toml", tomls[i]));
    }
    return ProcedureCompiler.compile(sources);
  }

  /** Compiles procedure files given as text; fails the test with the diagnostics if any. */
  private static List<CompiledProcedure> compile(String... tomls) {
    CompilationResult result = compileInline(tomls);
    assertThat(result.diagnostics())
        .as("diagnostics of the test's procedures")
        .extracting(Diagnostic::format)
        .isEmpty();
    return result.procedures();
  }

  /**
   * Compiles procedure files given as text that the compiler must refuse: fails the test if any
   * procedure compiles, and returns the diagnostics as {@code file:line:col: path: message}.
   */
  static List<String> refusal(String... tomls) {
    CompilationResult result = compileInline(tomls);
    assertThat(result.ok()).as("the procedures compiled").isFalse();
    assertThat(result.procedures()).as("procedures that would reach the engine").isEmpty();
    return result.diagnostics().stream().map(Diagnostic::format).toList();
  }

  /**
   * Compiles the procedures and deploys them together, as the CLI's deploy does; every procedure
   * becomes a process definition.
   */
  void deploy(String... tomls) {
    List<CompiledProcedure> procedures = compile(tomls);
    DeploymentBuilder builder = engine.getRepositoryService().createDeployment()
        .name("execution-test");
    for (CompiledProcedure procedure : procedures) {
      builder.addString(procedure.resourceName(), procedure.bpmnXml());
    }
    String deploymentId = builder.deploy().getId();
    deployments.add(deploymentId);
    List<String> keys = engine.getRepositoryService().createProcessDefinitionQuery()
        .deploymentId(deploymentId).list().stream().map(ProcessDefinition::getKey).toList();
    assertThat(keys).as("deployed process definitions")
        .containsAll(procedures.stream().map(CompiledProcedure::id).toList());
  }

  ProcessDefinition definition(String procedureId) {
    return engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(procedureId).latestVersion().singleResult();
  }

  /** Starts a run from Tasklist's start form with the given executor context, if any. */
  ProcessInstance startByHand(String procedureId, String businessKey,
      Map<String, Object> startForm) {
    return engine.getFormService().submitStartForm(definition(procedureId).getId(), businessKey,
        new HashMap<>(startForm));
  }

  ProcessInstance startByHand(String procedureId) {
    return startByHand(procedureId, null, Map.of());
  }

  /** The open task of {@code stepId} in {@code run}; fails when there is none. */
  Task task(ProcessInstance run, String stepId) {
    Task task = engine.getTaskService().createTaskQuery().processInstanceId(run.getId())
        .taskDefinitionKey(stepId).singleResult();
    assertThat(task).as("open task of step '%s'", stepId).isNotNull();
    return task;
  }

  /** The step ids of the run's open tasks, sorted. */
  List<String> openSteps(ProcessInstance run) {
    return engine.getTaskService().createTaskQuery().processInstanceId(run.getId()).list()
        .stream().map(Task::getTaskDefinitionKey).sorted().toList();
  }

  /** Completes a step's task through its form with outcome done and the given field values. */
  void done(ProcessInstance run, String stepId, Object... fieldValues) {
    Map<String, Object> form = fields(fieldValues);
    form.put(OUTCOME, "done");
    engine.getFormService().submitTaskForm(task(run, stepId).getId(), form);
  }

  /** Completes a step's task through its form with outcome skipped and a reason. */
  void skip(ProcessInstance run, String stepId, String reason) {
    engine.getFormService().submitTaskForm(task(run, stepId).getId(),
        fields(OUTCOME, "skipped", SKIP_REASON, reason));
  }

  static Map<String, Object> fields(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, Object> form = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      form.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return form;
  }

  /** Every variable of a run's own scope, ended or not, as history recorded it last. */
  Map<String, Object> variables(ProcessInstance run) {
    Map<String, Object> values = new HashMap<>();
    for (HistoricVariableInstance variable : engine.getHistoryService()
        .createHistoricVariableInstanceQuery().processInstanceId(run.getId()).list()) {
      if (run.getId().equals(variable.getActivityInstanceId())) {
        values.put(variable.getName(), variable.getValue());
      }
    }
    return values;
  }

  /**
   * The variables local to a step's (last) attempt, as history recorded them: its outcome, skip
   * reason and claimed time.
   */
  Map<String, Object> stepVariables(ProcessInstance run, String stepId) {
    List<HistoricActivityInstance> attempts = engine.getHistoryService()
        .createHistoricActivityInstanceQuery().processInstanceId(run.getId()).activityId(stepId)
        .orderPartiallyByOccurrence().asc().list();
    if (attempts.isEmpty()) {
      throw new AssertionError("the run never entered " + stepId);
    }
    Map<String, Object> values = new HashMap<>();
    for (HistoricVariableInstance variable : engine.getHistoryService()
        .createHistoricVariableInstanceQuery()
        .activityInstanceIdIn(attempts.get(attempts.size() - 1).getId()).list()) {
      values.put(variable.getName(), variable.getValue());
    }
    return values;
  }

  /** The steps (user tasks and call activities) the run entered, in the order it entered them. */
  List<String> stepsEntered(ProcessInstance run) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(run.getId()).orderPartiallyByOccurrence().asc().list().stream()
        .filter(a -> List.of("userTask", "callActivity").contains(a.getActivityType()))
        .map(HistoricActivityInstance::getActivityId).toList();
  }

  /** The timer job of {@code activityId} in {@code run}; fails when there is none. */
  Job timer(ProcessInstance run, String activityId) {
    Job job = engine.getManagementService().createJobQuery().processInstanceId(run.getId())
        .timers().activityId(activityId).singleResult();
    assertThat(job).as("timer job of '%s'", activityId).isNotNull();
    return job;
  }

  /** Moves the engine clock to the job's due date and executes it, as the job executor would. */
  void fire(Job job) {
    ClockUtil.setCurrentTime(job.getDuedate());
    engine.getManagementService().executeJob(job.getId());
  }

  static void clockAt(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
  }
}
