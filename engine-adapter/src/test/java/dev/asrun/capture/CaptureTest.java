package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventType;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.VerifyReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs procedures compiled from TOML on a real engine with the as-run plugin and reads what the log
 * recorded. The engine comes from the test class ({@link TestEngines}: H2 or PostgreSQL; or a
 * configuration of its own). Runs are worked as Tasklist works them: started through the start
 * form, steps completed through their forms, by an authenticated user; timers fire when a test
 * moves the engine clock and executes the job, as the job executor would. After each test the
 * deployments are removed (which cancels what still runs) and every hash chain of the log must
 * verify.
 *
 * <p>The log is append-only and shared by all tests on the same database, so tests read only their
 * own runs and give their procedures ids of their own.
 */
abstract class CaptureTest {

  static final String OUTCOME = "asrun_outcome";
  static final String SKIP_REASON = "asrun_skip_reason";
  static final String PERFORMED_AT = "asrun_performed_at";

  ProcessEngine engine;

  private final EventLog log = new EventLog();
  private final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void bindTheEngine(ProcessEngine processEngine) {
    engine = processEngine;
  }

  @AfterEach
  void removeTheDeploymentsAndVerifyTheLog() throws SQLException {
    engine.getIdentityService().clearAuthentication();
    for (String deployment : deployments) {
      engine.getRepositoryService().deleteDeployment(deployment, true, true);
    }
    ClockUtil.reset();
    try (Connection connection = connection()) {
      VerifyReport report = new LogVerifier().verify(connection);
      assertThat(report.problems()).as("problems the log verifier found").isEmpty();
    }
  }

  /** Compiles the procedures, failing on any diagnostic, and deploys them together. */
  void deploy(String... tomls) {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < tomls.length; i++) {
      sources.add(new Source("inline-" + (i + 1) + ".toml", tomls[i]));
    }
    CompilationResult result = ProcedureCompiler.compile(sources);
    assertThat(result.diagnostics()).extracting(Diagnostic::format).isEmpty();
    DeploymentBuilder builder =
        engine.getRepositoryService().createDeployment().name("capture-test");
    for (CompiledProcedure procedure : result.procedures()) {
      builder.addString(procedure.resourceName(), procedure.bpmnXml());
    }
    deployments.add(builder.deploy().getId());
  }

  /** Deploys a BPMN model that this project did not compile. */
  void deployForeign(String resourceName, String bpmnXml) {
    deployments.add(
        engine.getRepositoryService().createDeployment().addString(resourceName, bpmnXml).deploy()
            .getId());
  }

  ProcessDefinition definition(String procedureId) {
    return engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(procedureId).latestVersion().singleResult();
  }

  /** From now on, commands run as {@code userId}, as Tasklist and Cockpit authenticate. */
  /** Creates a user with password {@code pw-<userId>} in the groups, creating the missing ones. */
  void createUser(String userId, String firstName, String lastName, String... groups) {
    IdentityService identity = engine.getIdentityService();
    User user = identity.newUser(userId);
    user.setFirstName(firstName);
    user.setLastName(lastName);
    user.setPassword("pw-" + userId);
    identity.saveUser(user);
    for (String group : groups) {
      if (identity.createGroupQuery().groupId(group).count() == 0) {
        identity.saveGroup(identity.newGroup(group));
      }
      identity.createMembership(userId, group);
    }
  }

  void as(String userId) {
    engine.getIdentityService().setAuthenticatedUserId(userId);
  }

  /** Starts a run through the start form with the given fields. */
  ProcessInstance start(String procedureId, String businessKey, Object... formFields) {
    return engine.getFormService().submitStartForm(
        definition(procedureId).getId(), businessKey, new HashMap<>(fields(formFields)));
  }

  Task task(ProcessInstance run, String stepId) {
    Task task = engine.getTaskService().createTaskQuery().processInstanceId(run.getId())
        .taskDefinitionKey(stepId).singleResult();
    assertThat(task).as("open task of step '%s'", stepId).isNotNull();
    return task;
  }

  /** Completes the step through its form with outcome done and the given fields. */
  void done(ProcessInstance run, String stepId, Object... formFields) {
    Map<String, Object> form = fields(formFields);
    form.put(OUTCOME, "done");
    engine.getFormService().submitTaskForm(task(run, stepId).getId(), form);
  }

  /** Completes the step through its form with outcome skipped, a reason and the given fields. */
  void skip(ProcessInstance run, String stepId, String reason, Object... formFields) {
    Map<String, Object> form = fields(formFields);
    form.put(OUTCOME, "skipped");
    form.put(SKIP_REASON, reason);
    engine.getFormService().submitTaskForm(task(run, stepId).getId(), form);
  }

  static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }

  /** The run's events, in order. */
  List<LoggedEvent> events(ProcessInstance run) throws SQLException {
    return events(run.getId());
  }

  List<LoggedEvent> events(String processInstanceId) throws SQLException {
    try (Connection connection = connection()) {
      return log.run(connection, RunIds.of(processInstanceId));
    }
  }

  /** The events of the procedure's own stream (trigger windows opening). */
  List<LoggedEvent> procedureEvents(String procedureId) throws SQLException {
    try (Connection connection = connection()) {
      return log.stream(connection, "procedure:" + procedureId);
    }
  }

  /** The run's events as {@code type source [step]}: the shape of its audit trail. */
  List<String> trail(ProcessInstance run) throws SQLException {
    return trail(run.getId());
  }

  List<String> trail(String processInstanceId) throws SQLException {
    return events(processInstanceId).stream().map(CaptureTest::shape).toList();
  }

  private static String shape(LoggedEvent event) {
    Object step = event.payloadMap().get("step_id");
    return event.type().wireName() + " " + event.source().wireName()
        + (step == null ? "" : " " + step);
  }

  /** The payload of the run's only event of {@code type} for {@code stepId} (null: no step). */
  Map<String, Object> payload(ProcessInstance run, EventType type, String stepId)
      throws SQLException {
    return only(run.getId(), type, stepId).payloadMap();
  }

  LoggedEvent only(String processInstanceId, EventType type, String stepId) throws SQLException {
    List<LoggedEvent> matching = events(processInstanceId).stream()
        .filter(event -> event.type() == type)
        .filter(event -> stepId == null || stepId.equals(event.payloadMap().get("step_id")))
        .toList();
    assertThat(matching).as("%s events of step %s", type.wireName(), stepId).hasSize(1);
    return matching.get(0);
  }

  /** A JSON object of a payload (such as {@code context}) as a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object jsonObject) {
    assertThat(jsonObject).isInstanceOf(Map.class);
    return (Map<String, Object>) jsonObject;
  }

  /** The timer job of {@code activityId} in {@code run}. */
  /** The timer job that opens {@code procedureId}'s trigger window next. */
  Job windowStart(String procedureId) {
    Job job = engine.getManagementService().createJobQuery().timers()
        .processDefinitionKey(procedureId + "-window").activityId("asrun-window-timer")
        .singleResult();
    assertThat(job).as("the opening timer of the window of %s", procedureId).isNotNull();
    return job;
  }

  /** The process instance of {@code procedureId}'s trigger window that is open. */
  ProcessInstance openWindow(String procedureId) {
    ProcessInstance window = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(procedureId + "-window").singleResult();
    assertThat(window).as("the open window of %s", procedureId).isNotNull();
    return window;
  }

  Job timer(ProcessInstance run, String activityId) {
    Job job = engine.getManagementService().createJobQuery().processInstanceId(run.getId())
        .timers().activityId(activityId).singleResult();
    assertThat(job).as("timer job of '%s'", activityId).isNotNull();
    return job;
  }

  /**
   * Moves the engine clock to the job's due date and executes it as the job executor would: with
   * no authenticated user (an operator executing a job by hand is an operator's action, and
   * recorded as one).
   */
  void fire(Job job) {
    Authentication user = engine.getIdentityService().getCurrentAuthentication();
    engine.getIdentityService().clearAuthentication();
    try {
      ClockUtil.setCurrentTime(job.getDuedate());
      engine.getManagementService().executeJob(job.getId());
    } finally {
      engine.getIdentityService().setAuthentication(user);
    }
  }

  static void clockAt(Instant instant) {
    ClockUtil.setCurrentTime(Date.from(instant));
  }

  ProcessEngineConfigurationImpl configuration() {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  private Connection connection() throws SQLException {
    return configuration().getDataSource().getConnection();
  }
}
