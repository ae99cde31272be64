package dev.asrun.examples.scenarios;

import dev.asrun.contract.FormVariables;
import dev.asrun.contract.Ids;
import dev.asrun.feedback.CorrectionRequest;
import dev.asrun.feedback.RunFeedback;
import dev.asrun.log.EventSource;
import dev.asrun.monitor.Observation;
import dev.asrun.monitor.ObservationResult;
import dev.asrun.monitor.ObservationService;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunRecord;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * Works runs of the built-in procedures as people, sensors and the clock would: steps submitted in
 * Tasklist (the engine's {@link TaskService} and {@link FormService} under the executor's login,
 * with the variables Tasklist's generated forms send), actions reported as observations (the
 * monitor's {@link ObservationService}), an administrator moving a run to another step as Cockpit
 * does (a process instance modification), confirmation prompts answered and corrections made
 * ({@link RunFeedback}). Time is fast-forwarded: a wait's timer, and a step's or the procedure's
 * timeout where a scenario wants it passed, is fired at once, so a run that would take hours takes
 * a moment. Each run is worked to its end before the next starts.
 */
public final class ScenarioDriver {

  /** The confirmation prompts' process and the variables of its form (docs/as-run-record.md). */
  private static final String PROMPT_PROCESS = "asrun-confirmation";

  private static final String PROMPT_RUN = "asrun_run_id";
  private static final String PROMPT_RESPONSE = "asrun_response";
  private static final String PROMPT_NOTE = "asrun_note";

  private static final DateTimeFormatter PERFORMED_AT_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** More open steps handled in one run than this means the run does not move: a bug. */
  private static final int MAX_MOVES = 500;

  private final ProcessEngine engine;
  private final AsRunQueries queries;
  private final ObservationService observations;
  private final RunFeedback feedback;
  private final IdentityService identity;
  private final TaskService tasks;
  private final FormService forms;
  private final RuntimeService runtime;
  private final ManagementService management;

  public ScenarioDriver(ProcessEngine engine, DataSource dataSource) {
    this.engine = engine;
    this.queries = AsRunQueries.of(dataSource);
    this.observations = new ObservationService(engine);
    this.feedback = new RunFeedback(engine);
    this.identity = engine.getIdentityService();
    this.tasks = engine.getTaskService();
    this.forms = engine.getFormService();
    this.runtime = engine.getRuntimeService();
    this.management = engine.getManagementService();
  }

  /**
   * Works {@code runsPerProcedure} runs of each built-in procedure, creating the executors'
   * users first if they are missing.
   *
   * @return what came of it, read back from the run index
   */
  public ScenarioSummary run(int runsPerProcedure) {
    if (runsPerProcedure < 0) {
      throw new IllegalArgumentException("runs must be 0 or more, not " + runsPerProcedure);
    }
    ScenarioUsers.ensure(engine, Scenarios.EXECUTORS);
    ScenarioSummary.Builder summary = new ScenarioSummary.Builder();
    for (int index = 0; index < runsPerProcedure; index++) {
      for (String procedureId : Scenarios.PROCEDURES) {
        work(Scenarios.run(procedureId, index), index, summary);
      }
    }
    return summary.build();
  }

  private void work(Scenario scenario, int index, ScenarioSummary.Builder summary) {
    String processInstanceId = start(scenario);
    List<String> runIds = new ArrayList<>();
    follow(scenario, index, processInstanceId, runIds);
    for (String runId : runIds) {
      summary.add(record(runId));
    }
  }

  /** Starts the run as the scenario says; returns its process instance. */
  private String start(Scenario scenario) {
    if (scenario.start == Scenario.Start.OBSERVATION) {
      ObservationResult result =
          observe(scenario, scenario.startAction, EventSource.INFERENCE);
      for (String runId : result.startedRuns()) {
        RunRecord record = record(runId);
        if (record.run().procedureId().equals(scenario.procedureId)) {
          return record.run().processInstanceId().orElseThrow();
        }
      }
      throw new IllegalStateException(
          "observing " + scenario.startAction + " started no run of " + scenario);
    }
    String definitionId =
        engine
            .getRepositoryService()
            .createProcessDefinitionQuery()
            .processDefinitionKey(scenario.procedureId)
            .latestVersion()
            .singleResult()
            .getId();
    Map<String, Object> variables = new LinkedHashMap<>(scenario.context());
    variables.put(FormVariables.NOTES, "scenario: " + scenario.label);
    return as(
        scenario.executor,
        () ->
            forms
                .submitStartForm(definitionId, "scenario-" + UUID.randomUUID(), variables)
                .getId());
  }

  /**
   * Works the run's open steps until it ends, then answers its confirmation prompt and makes its
   * corrections. A called procedure's run is worked the same way, as {@code scenario.child} says.
   */
  private void follow(
      Scenario scenario, int index, String processInstanceId, List<String> runIds) {
    String runId = runIdOf(processInstanceId);
    Map<String, Deque<List<Move>>> plans = new HashMap<>();
    scenario.steps.forEach((step, openings) -> plans.put(step, new ArrayDeque<>(openings)));
    for (int moves = 0; isRunning(processInstanceId); moves++) {
      if (moves > MAX_MOVES) {
        throw new IllegalStateException(
            "run " + runId + " of " + scenario + " does not end after " + MAX_MOVES + " moves");
      }
      List<ActivityInstance> open = openSteps(processInstanceId, scenario);
      if (open.isEmpty()) {
        throw new IllegalStateException(
            "run " + runId + " of " + scenario + " has no open step it could go on with");
      }
      ActivityInstance step = open.get(0);
      List<Move> planned =
          Optional.ofNullable(plans.get(step.getActivityId()))
              .map(Deque::poll)
              .orElse(List.of());
      switch (step.getActivityType()) {
        case "callActivity" -> {
          List<ProcessInstance> children =
              runtime.createProcessInstanceQuery().superProcessInstanceId(processInstanceId).list();
          for (ProcessInstance child : children) {
            Scenario childScenario =
                scenario.child.orElseGet(
                    () ->
                        Scenario.of(
                                Scenarios.CALIBRATION,
                                "called",
                                scenario.executor,
                                scenario.location,
                                scenario.equipment)
                            .build());
            follow(childScenario, index, child.getId(), runIds);
          }
        }
        case "intermediateTimer" -> {
          perform(scenario, index, processInstanceId, step.getActivityId(), planned);
          fire(processInstanceId, step.getActivityId());
        }
        default -> {
          perform(scenario, index, processInstanceId, step.getActivityId(), planned);
          openTask(processInstanceId, step.getActivityId())
              .ifPresent(task -> submit(scenario, index, task, Map.of()));
        }
      }
    }
    runIds.add(runId);
    scenario.confirmation.ifPresent(
        response -> confirm(scenario, runId, response, scenario.confirmationNote));
    for (CorrectionRequest correction : scenario.corrections) {
      as(scenario.executor, () -> feedback.correct(runId, correction));
    }
  }

  private void perform(
      Scenario scenario, int index, String processInstanceId, String stepId, List<Move> moves) {
    for (Move move : moves) {
      if (move instanceof Move.Submit submit) {
        openTask(processInstanceId, stepId)
            .ifPresent(task -> submit(scenario, index, task, submit.values()));
      } else if (move instanceof Move.Skip skip) {
        openTask(processInstanceId, stepId)
            .ifPresent(task -> skip(scenario, task, skip.reason()));
      } else if (move instanceof Move.Observe observe) {
        observe(scenario, observe.action(), observe.source());
      } else if (move instanceof Move.Overdue) {
        fire(processInstanceId, Ids.overdue(stepId));
      } else if (move instanceof Move.MoveTo moveTo) {
        moveTo(processInstanceId, stepId, moveTo.step());
      } else {
        fire(processInstanceId, Ids.PROCEDURE_TIMEOUT);
      }
    }
  }

  /** The run's open steps (tasks, waits, calls), those the scenario has a plan for first. */
  private List<ActivityInstance> openSteps(String processInstanceId, Scenario scenario) {
    List<ActivityInstance> open = new ArrayList<>();
    collectLeaves(runtime.getActivityInstance(processInstanceId), open);
    List<String> preferred = new ArrayList<>(scenario.steps.keySet());
    open.sort(
        Comparator.comparingInt(
            (ActivityInstance step) -> {
              int position = preferred.indexOf(step.getActivityId());
              return position < 0 ? Integer.MAX_VALUE : position;
            }));
    return open;
  }

  private static void collectLeaves(ActivityInstance instance, List<ActivityInstance> leaves) {
    if (instance == null) {
      return;
    }
    if (instance.getChildActivityInstances().length == 0) {
      switch (instance.getActivityType()) {
        case "userTask", "intermediateTimer", "callActivity" -> leaves.add(instance);
        default -> {
          // a scope without open steps (e.g. a gateway waiting for a parallel branch)
        }
      }
    }
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      collectLeaves(child, leaves);
    }
  }

  private Optional<Task> openTask(String processInstanceId, String stepId) {
    return tasks.createTaskQuery()
        .processInstanceId(processInstanceId)
        .taskDefinitionKey(stepId)
        .list()
        .stream()
        .findFirst();
  }

  /** Submits the step's form in Tasklist: claimed, then the clean values with {@code values}. */
  private void submit(Scenario scenario, int index, Task task, Map<String, Object> values) {
    Map<String, Object> variables =
        new LinkedHashMap<>(
            Scenarios.cleanValues(scenario.procedureId, task.getTaskDefinitionKey(), index));
    variables.putAll(values);
    variables.put(FormVariables.OUTCOME, FormVariables.DONE);
    if (index % 2 == 1) {
      // every other run, the executor says when it was really done: a few minutes ago
      variables.put(
          FormVariables.PERFORMED_AT,
          LocalDateTime.now(ZoneId.systemDefault()).minusMinutes(3).format(PERFORMED_AT_FORMAT));
    }
    complete(scenario.executor, task, variables);
  }

  private void skip(Scenario scenario, Task task, String reason) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(FormVariables.OUTCOME, FormVariables.SKIPPED);
    variables.put(FormVariables.SKIP_REASON, reason);
    complete(scenario.executor, task, variables);
  }

  private void complete(String user, Task task, Map<String, Object> variables) {
    as(
        user,
        () -> {
          if (task.getAssignee() == null) {
            tasks.claim(task.getId(), user);
          }
          forms.submitTaskForm(task.getId(), variables);
          return null;
        });
  }

  private ObservationResult observe(
      Scenario scenario, String action, EventSource source) {
    Observation observation =
        new Observation(
            action,
            Instant.now(),
            source,
            Optional.of(scenario.executor),
            scenario.context(),
            Optional.of("scenarios:" + UUID.randomUUID()));
    return as(scenario.executor, () -> observations.report(observation));
  }

  /**
   * Moves the run from {@code stepId} to {@code target} as an administrator does in Cockpit (or
   * with the REST API's {@code POST /process-instance/{id}/modification}): a process instance
   * modification that starts before {@code target} and cancels {@code stepId}. Operators may not
   * modify runs, so the first member of {@code camunda-admin} does it.
   */
  private void moveTo(String processInstanceId, String stepId, String target) {
    String administrator =
        identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).orderByUserId().asc()
            .listPage(0, 1)
            .stream()
            .findFirst()
            .map(User::getId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no member of the group '" + Groups.CAMUNDA_ADMIN + "' to move process"
                            + " instance " + processInstanceId + " to " + target));
    identity.setAuthentication(administrator, List.of(Groups.CAMUNDA_ADMIN));
    try {
      runtime
          .createProcessInstanceModification(processInstanceId)
          .startBeforeActivity(target)
          .cancelAllForActivity(stepId)
          .execute();
    } finally {
      identity.clearAuthentication();
    }
  }

  /**
   * Fires the run's timer on {@code activityId} now, as Cockpit's "execute job" does. Its due date
   * is left alone: made due now, the job executor could take it at the same moment.
   */
  private void fire(String processInstanceId, String activityId) {
    Job job =
        management
            .createJobQuery()
            .processInstanceId(processInstanceId)
            .activityId(activityId)
            .timers()
            .singleResult();
    if (job == null) {
      throw new IllegalStateException(
          "process instance " + processInstanceId + " has no timer on " + activityId);
    }
    management.executeJob(job.getId());
  }

  /** Answers the run's confirmation prompt in Tasklist, or through the API if it has none. */
  private void confirm(
      Scenario scenario, String runId, String response, Optional<String> note) {
    Optional<Task> prompt =
        tasks.createTaskQuery()
            .processDefinitionKey(PROMPT_PROCESS)
            .processVariableValueEquals(PROMPT_RUN, runId)
            .list()
            .stream()
            .findFirst();
    if (prompt.isPresent()) {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put(PROMPT_RESPONSE, response);
      variables.put(PROMPT_NOTE, note.orElse(null));
      complete(scenario.executor, prompt.get(), variables);
    } else {
      as(scenario.executor, () -> feedback.confirm(runId, response, note));
    }
  }

  private boolean isRunning(String processInstanceId) {
    return runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
  }

  private String runIdOf(String processInstanceId) {
    try {
      return queries
          .runIdOfProcessInstance(processInstanceId)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "process instance " + processInstanceId + " has no run in the index"));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the run index: " + e.getMessage(), e);
    }
  }

  private RunRecord record(String runId) {
    try {
      return queries
          .run(runId)
          .orElseThrow(() -> new IllegalStateException("run " + runId + " is not in the index"));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the run index: " + e.getMessage(), e);
    }
  }

  /** Does {@code work} logged in as {@code user} (a member of the operators group). */
  private <T> T as(String user, Supplier<T> work) {
    identity.setAuthentication(user, List.of(ScenarioUsers.GROUP));
    try {
      return work.get();
    } finally {
      identity.clearAuthentication();
    }
  }
}
