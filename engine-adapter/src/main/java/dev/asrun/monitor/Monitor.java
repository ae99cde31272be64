package dev.asrun.monitor;

import dev.asrun.capture.Observing;
import dev.asrun.capture.TriggerWindow;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.Statements;
import dev.asrun.monitor.DeployedProcedures.Definition;
import dev.asrun.record.CommandConnection;
import dev.asrun.record.RecordSession;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * Works observations inside one engine command (one transaction): finds the runs an observation
 * concerns and acts on them through the engine, with the observation as the cause of what the
 * engine does ({@link Observing}). One monitor serves one batch, so the observations of a batch
 * see what the earlier ones did: the engine's entities of the command are read from its cache,
 * and the runs the batch started or activated are remembered here (the run index shows them only
 * once the command's events are written).
 *
 * <p>An observation moves at most one run per procedure: the run it names ({@code run_id}),
 * else the run of the procedure whose context fits it best ({@link ObservationContext#fit}); where
 * two runs of a procedure fit equally, it is ambiguous there ({@code observation_ambiguous} with
 * the candidates) and moves none of them. For each observation, in this order:
 *
 * <ol>
 *   <li>procedures whose trigger action it is ({@code during_action}) and whose location and
 *       equipment admit its context are triggered (a run starts at {@code asrun-on-<action>}),
 *       unless a run of them waits for its first step in that context already, or they have a
 *       time window too and it is not open ({@link TriggerWindow}); not for an observation that
 *       names its run;
 *   <li>per procedure, the run that takes it, if it has a step of the action: an open step's task
 *       is completed; else a later step is started and completed, the open steps
 *       before it passed over as not seen; else, where the run's last step done is that step,
 *       reported through another source or by another executor within the corroboration
 *       tolerance of the observation's claimed time, the observation corroborates it ({@code
 *       step_corroborated}, no repeat); else the step (done or passed over) is recorded late;
 *   <li>procedures watched without a trigger whose first step it is start a run, which takes it
 *       as its first step, unless one of their runs took it, would have but its reporter may not
 *       move it, or it is ambiguous there; not for an observation that names its run;
 *   <li>per procedure, the active run that takes it, if it has no step of the action and no
 *       called run that took it, records it as an extra step;
 *   <li>nothing at all: {@code observation_unmatched} in the reporter's stream, which carries
 *       what {@code observation_received} would.
 * </ol>
 */
final class Monitor implements AutoCloseable {

  static final String OUTCOME = dev.asrun.contract.FormVariables.OUTCOME;

  private static final Comparator<IndexedRun> INDEX_ORDER =
      Comparator.comparing(IndexedRun::startTime).thenComparing(IndexedRun::runId);

  /** The rows of {@code asrun_start_lock} (V9). */
  private static final int START_STRIPES = 64;

  private static final String RUN_COLUMNS =
      "run_id, process_instance_id, procedure_id, status, start_time, location, equipment_id,"
          + " executor_id";

  private final ProcessEngine engine;
  private final CommandContext command;
  private final DeployedProcedures deployed;
  private final int runsPerObservation;
  private final Duration corroborationTolerance;
  private final Duration beforeStartTolerance;
  private DeployedProcedures.Snapshot procedures;
  private Statements statements;
  private final Set<String> startedInBatch = new LinkedHashSet<>();
  private final Set<String> activatedInBatch = new HashSet<>();
  private final Map<String, IndexedRun> indexedInBatch = new HashMap<>();

  Monitor(
      ProcessEngine engine,
      CommandContext command,
      DeployedProcedures deployed,
      int runsPerObservation,
      Duration corroborationTolerance,
      Duration beforeStartTolerance) {
    this.engine = engine;
    this.command = command;
    this.deployed = deployed;
    this.runsPerObservation = runsPerObservation;
    this.corroborationTolerance = corroborationTolerance;
    this.beforeStartTolerance = beforeStartTolerance;
  }

  /**
   * Works {@code observation}, reported for {@code executorId}.
   *
   * @throws ObservationException if it moves more than {@code runsPerObservation} runs, or
   *     claims more than the before-start tolerance before the start of a run it would be recorded
   *     in; the command then rolls back what it did
   */
  ObservationResult observe(Observation observation, String executorId) throws SQLException {
    String observationId = UUID.randomUUID().toString();
    Observing.Cause cause =
        new Observing.Cause(
            observationId, observation.source(), executorId, observation.timestamp());
    Map<String, Object> received = new LinkedHashMap<>();
    received.put("observation_id", observationId);
    received.put("action", observation.action());
    received.put("source", observation.source().wireName());
    received.put("executor_id", executorId);
    received.put("context", observation.context());
    received.put("idempotency_key", observation.idempotencyKey().orElse(null));
    observation.runId().ifPresent(runId -> received.put("run_id", runId));
    Work work = new Work(observation, executorId, received);
    return Observing.as(cause, () -> work.run(observationId));
  }

  /** One observation being worked. */
  private final class Work {
    private final Observation observation;
    private final String executorId;
    private final Map<String, Object> received;
    private final ObservationContext where;
    private final List<Observing.Recorded> receipts = new ArrayList<>();
    private final Set<String> receivedIn = new HashSet<>();
    private final List<ObservationResult.Match> matched = new ArrayList<>();
    /** The runs that call, at any depth, a run that took the observation. */
    private final Set<String> callersOfMatched = new HashSet<>();
    private final List<String> startedRuns = new ArrayList<>();
    private final List<String> extraStepRuns = new ArrayList<>();
    private final List<ObservationResult.NotAllowed> notAllowed = new ArrayList<>();
    /** The procedures with a run that would have taken it but its reporter may not move. */
    private final Set<String> refusedIn = new HashSet<>();
    /** The procedures whose runs it could not choose between. */
    private final Set<String> ambiguousIn = new HashSet<>();
    private final List<Map<String, Object>> ambiguousEvents = new ArrayList<>();
    private final List<ObservationResult.Ambiguous> ambiguous = new ArrayList<>();
    private final ObservationAuthorization authorization = new ObservationAuthorization(command);

    Work(Observation observation, String executorId, Map<String, Object> received) {
      this.observation = observation;
      this.executorId = executorId;
      this.received = received;
      this.where = observation.where(executorId);
    }

    ObservationResult run(String observationId) {
      try {
        List<Definition> definitions = procedures().latest();
        Optional<String> named = observation.runId();
        List<Candidate> candidates;
        if (named.isPresent()) {
          candidates = new ArrayList<>(List.of(named(named.get())));
        } else {
          lockStarts(definitions);
          candidates = candidates(where, observation.action());
          trigger(definitions, candidates);
        }
        List<Candidate> chosen = chosen(candidates, named.isPresent());
        for (Candidate candidate : chosen) {
          match(candidate);
        }
        if (named.isEmpty()) {
          startWatched(definitions, candidates);
        }
        for (Candidate candidate : chosen) {
          if (candidate.active()
              && candidate.template().steps(observation.action()).isEmpty()
              && !callersOfMatched.contains(candidate.instance().getId())) {
            extraStep(candidate);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("the run index could not be read: " + e.getMessage(), e);
      }
      RunLimit.check(matched, startedRuns, extraStepRuns, runsPerObservation);
      boolean moved = !matched.isEmpty() || !startedRuns.isEmpty() || !extraStepRuns.isEmpty();
      boolean unmatched = !moved && ambiguous.isEmpty();
      received.put("matched", matched.stream().map(Monitor::json).toList());
      received.put("started_runs", List.copyOf(startedRuns));
      if (!moved) {
        Observing.recordUnattached(
            unmatched ? EventType.OBSERVATION_UNMATCHED : EventType.OBSERVATION_RECEIVED,
            observation.source(),
            Optional.of(observation.timestamp()),
            received);
      }
      for (Map<String, Object> payload : ambiguousEvents) {
        Observing.recordUnattached(
            EventType.OBSERVATION_AMBIGUOUS, observation.source(),
            Optional.of(observation.timestamp()), payload);
      }
      for (Observing.Recorded receipt : receipts) {
        receipt.put("matched", received.get("matched")).put("started_runs", startedRuns);
      }
      return new ObservationResult(
          observationId, matched, startedRuns, extraStepRuns, unmatched, notAllowed, ambiguous);
    }

    /**
     * Per procedure, the run that takes the observation, in the candidates' order: of the runs
     * that could (they have a step of its action, or are active and so may take it as an extra
     * step), the one whose context fits it best; the named run whatever its context. Where two
     * fit equally well, the observation is ambiguous in that procedure and no run of it is
     * chosen.
     */
    private List<Candidate> chosen(List<Candidate> candidates, boolean named) {
      Map<String, List<Candidate>> best = new LinkedHashMap<>();
      Map<String, Integer> bestFit = new HashMap<>();
      for (Candidate candidate : candidates) {
        if (candidate.template().steps(observation.action()).isEmpty() && !candidate.active()) {
          continue;
        }
        OptionalInt fit = named ? OptionalInt.of(0) : candidate.fit(where);
        if (fit.isEmpty()) {
          continue;
        }
        String procedureId = candidate.template().procedureId();
        int known = bestFit.getOrDefault(procedureId, -1);
        if (fit.getAsInt() > known) {
          bestFit.put(procedureId, fit.getAsInt());
          best.put(procedureId, new ArrayList<>(List.of(candidate)));
        } else if (fit.getAsInt() == known) {
          best.get(procedureId).add(candidate);
        }
      }
      List<Candidate> chosen = new ArrayList<>();
      best.forEach(
          (procedureId, runs) -> {
            if (runs.size() == 1) {
              chosen.add(runs.get(0));
            } else {
              ambiguous(procedureId, runs);
            }
          });
      return chosen;
    }

    /**
     * Notes that the observation could not choose between {@code runs} of {@code procedureId}:
     * {@code observation_ambiguous} with the candidates, and in the answer the procedure and its
     * runs where the reporter may read them.
     */
    private void ambiguous(String procedureId, List<Candidate> runs) {
      ambiguousIn.add(procedureId);
      List<String> runIds =
          runs.stream().map(run -> Observing.runIdOf(run.instance().getId())).toList();
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("observation_id", received.get("observation_id"));
      payload.put("action", observation.action());
      payload.put("executor_id", executorId);
      payload.put("context", observation.context());
      payload.put("procedure_id", procedureId);
      payload.put("candidates", runIds);
      ambiguousEvents.add(payload);
      ambiguous.add(
          authorization.mayRead(runs.get(0).instance().getProcessDefinition())
              ? new ObservationResult.Ambiguous(procedureId, runIds)
              : new ObservationResult.Ambiguous(null, List.of()));
    }

    /**
     * The open run {@code runId} names, if the reporter may read it.
     *
     * @throws ObservationException (bad input, {@code run_id}) where it names no open run of a
     *     monitored procedure or one the reporter may not read; the same words for each, so the
     *     answer does not tell which runs exist
     */
    private Candidate named(String runId) throws SQLException {
      Optional<Candidate> run = openRun(runId);
      if (run.isEmpty()
          || !authorization.mayRead(run.get().instance().getProcessDefinition())) {
        throw ObservationException.badInput(
            "run_id",
            "\"" + runId + "\" names no open run you may read (a run that is triggered or active,"
                + " of a procedure whose history you may read); leave run_id out to let the"
                + " observation's context choose its run");
      }
      return run.get();
    }

    /**
     * Locks, for every procedure the observation could start a run of (it triggers the procedure,
     * or is a first step of one watched without a trigger), the procedure's row of {@code
     * asrun_start_lock} (V9: one of 64 stripes, by the hash of the procedure's id), in stripe
     * order, until the command ends, before the runs it could move are read: two reports racing
     * to start a run in one context end as if one came after the other, the second finding the
     * run the first started (committed by then) and being that run's step, not a second run.
     */
    private void lockStarts(List<Definition> definitions) throws SQLException {
      Set<Integer> stripes = new TreeSet<>();
      for (Definition definition : definitions) {
        Template template = definition.template();
        if (template.duringActions().contains(observation.action())
            || template.steps(observation.action()).stream()
                .anyMatch(definition.firstSteps()::contains)) {
          stripes.add(Math.floorMod(template.procedureId().hashCode(), START_STRIPES));
        }
      }
      if (stripes.isEmpty()) {
        return;
      }
      PreparedStatement lock =
          statements().prepare("SELECT stripe FROM asrun_start_lock WHERE stripe = ? FOR UPDATE");
      for (int stripe : stripes) {
        lock.setInt(1, stripe);
        lock.executeQuery().close();
      }
    }

    /** Procedures triggered by the action start a run each (Triggered). */
    private void trigger(List<Definition> definitions, List<Candidate> candidates) {
      for (Definition definition : definitions) {
        Template template = definition.template();
        if (!template.duringActions().contains(observation.action())
            || !template.admits(where)
            || template.windowed() && TriggerWindow.open(template.procedureId()).isEmpty()
            || waitingForFirstStep(template.procedureId(), candidates)
            || !mayStart(definition)) {
          continue;
        }
        Candidate started =
            start(definition, Template.ACTION_START_PREFIX + observation.action());
        candidates.add(started);
      }
    }

    /** Procedures watched without a trigger whose first step the action is start a run. */
    private void startWatched(List<Definition> definitions, List<Candidate> candidates)
        throws SQLException {
      Set<String> tookIt = new HashSet<>();
      for (ObservationResult.Match match : matched) {
        tookIt.add(match.procedureId());
      }
      tookIt.addAll(refusedIn);
      tookIt.addAll(ambiguousIn);
      for (Definition definition : definitions) {
        Template template = definition.template();
        if (!template.alwaysWatched() || !template.admits(where)
            || tookIt.contains(template.procedureId())) {
          continue;
        }
        if (template.steps(observation.action()).stream()
            .noneMatch(definition.firstSteps()::contains)
            || !mayStart(definition)) {
          continue;
        }
        Candidate started = start(definition, Template.MANUAL_START);
        candidates.add(started);
        match(started);
      }
    }

    /** Whether the reporter may start a run of {@code definition}; noted where not. */
    private boolean mayStart(Definition definition) {
      if (authorization.mayStart(definition.entity())) {
        return true;
      }
      notAllowed(definition.entity(), "start_run", null, definition.template().procedureId(), null);
      return false;
    }

    /**
     * Whether the reporter may add to {@code candidate}'s record what completes no task of it (a
     * step of an activity that is no task, a step already done or passed over, a corroboration,
     * an extra step): as for moving the run on, {@code UPDATE} on the run or {@code
     * UPDATE_INSTANCE} on its definition; noted where not.
     */
    private boolean mayRecord(Candidate candidate, String step) {
      if (authorization.mayMoveOn(candidate.instance())) {
        return true;
      }
      notAllowed(candidate, "record_step", step);
      return false;
    }

    private void notAllowed(
        ProcessDefinitionEntity definition,
        String cause,
        String runId,
        String procedureId,
        String step) {
      notAllowed.add(
          authorization.mayRead(definition)
              ? new ObservationResult.NotAllowed(cause, runId, procedureId, step)
              : new ObservationResult.NotAllowed(cause, null, null, null));
    }

    private void notAllowed(Candidate candidate, String cause, String step) {
      refusedIn.add(candidate.template().procedureId());
      notAllowed(
          candidate.instance().getProcessDefinition(),
          cause,
          Observing.runIdOf(candidate.instance().getId()),
          candidate.template().procedureId(),
          step);
    }

    private Candidate start(Definition definition, String startEventId) {
      ProcessDefinitionEntity entity = definition.entity();
      ExecutionEntity instance =
          entity.createProcessInstance(null, entity.findActivity(startEventId));
      Map<String, Object> variables = new LinkedHashMap<>();
      where.location().ifPresent(location -> variables.put("location", location));
      where.equipmentId().ifPresent(equipment -> variables.put("equipment_id", equipment));
      variables.put("executor_id", executorId);
      instance.start(variables);
      startedInBatch.add(instance.getId());
      startedRuns.add(Observing.runIdOf(instance.getId()));
      receipt(instance);
      return new Candidate(instance, definition.template(), false, contextOf(instance));
    }

    /** The observation in {@code candidate}: its current, a later or an earlier step. */
    private void match(Candidate candidate) throws SQLException {
      ExecutionEntity instance = candidate.instance();
      List<String> steps = candidate.template().steps(observation.action());
      if (steps.isEmpty()) {
        return;
      }
      for (ExecutionEntity caller = instance.getSuperExecution();
          caller != null;
          caller = caller.getProcessInstance().getSuperExecution()) {
        callersOfMatched.add(caller.getProcessInstanceId());
      }
      List<ExecutionEntity> executions = executions(instance);
      for (String step : steps) {
        Optional<TaskEntity> open = openTask(executions, step);
        if (open.isPresent()) {
          if (!authorization.mayWork(open.get())) {
            notAllowed(candidate, "complete_task", step);
            return;
          }
          receipt(instance);
          complete(open.get());
          matched(candidate, step);
          return;
        }
      }
      for (String step : steps) {
        if (isOpenActivity(executions, step)) {
          if (!mayRecord(candidate, step)) {
            return;
          }
          receipt(instance);
          recordStep(instance, step, false);
          matched(candidate, step);
          return;
        }
      }
      for (String step : steps) {
        List<String> passedOver = openBefore(executions, step);
        if (!passedOver.isEmpty()) {
          if (!authorization.mayMoveOn(instance)) {
            notAllowed(candidate, "move_run", step);
            return;
          }
          receipt(instance);
          moveOn(instance, step, passedOver);
          matched(candidate, step);
          return;
        }
      }
      if (!mayRecord(candidate, steps.get(0))) {
        return;
      }
      receipt(instance);
      for (String step : steps) {
        Optional<LoggedEvent> done = corroborated(instance, step);
        if (done.isPresent()) {
          corroborate(instance, step, done.get());
          matched(candidate, step);
          return;
        }
      }
      recordStep(instance, steps.get(0), true);
      matched(candidate, steps.get(0));
    }

    /**
     * The completion of {@code step} this observation corroborates, if any: the run's last step
     * done ({@code step_matched}) is that step, from another source or another executor, and its
     * time (claimed, else recorded) is within the tolerance of the observation's claimed time.
     * Then the observation is a second witness of that completion, not the step done again.
     */
    private Optional<LoggedEvent> corroborated(ExecutionEntity instance, String step)
        throws SQLException {
      List<LoggedEvent> events =
          RecordSession.of(command).run(Observing.runIdOf(instance.getId()));
      for (int i = events.size() - 1; i >= 0; i--) {
        LoggedEvent event = events.get(i);
        if (event.type() == EventType.EXTRA_STEP) {
          return Optional.empty();
        }
        if (event.type() != EventType.STEP_MATCHED) {
          continue;
        }
        Map<String, Object> payload = event.payloadMap();
        boolean sameWitness =
            event.source() == observation.source()
                && Objects.equals(payload.get("executor_id"), executorId);
        boolean close = gap(event).abs().compareTo(corroborationTolerance) <= 0;
        return step.equals(payload.get("step_id")) && !sameWitness && close
            ? Optional.of(event)
            : Optional.empty();
      }
      return Optional.empty();
    }

    /** From the completion {@code done} to the observation's claimed time. */
    private Duration gap(LoggedEvent done) {
      return Duration.between(
          done.occurredAt().orElse(done.recordedAt()), observation.timestamp());
    }

    /** {@code step_corroborated}: a second witness of {@code step}'s completion {@code done}. */
    private void corroborate(ExecutionEntity instance, String step, LoggedEvent done) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("step_id", step);
      payload.put("corroborated_event_id", done.eventId().toString());
      payload.put("corroborated_seq", done.seq());
      payload.put("observation_id", received.get("observation_id"));
      payload.put("executor_id", executorId);
      payload.put("source", observation.source().wireName());
      payload.put("gap", gap(done).toString());
      Observing.record(
          instance, EventType.STEP_CORROBORATED, observation.source(),
          Optional.of(observation.timestamp()), payload);
    }

    private void matched(Candidate candidate, String step) {
      String instanceId = candidate.instance().getId();
      matched.add(
          new ObservationResult.Match(
              Observing.runIdOf(instanceId), candidate.template().procedureId(), step));
      activatedInBatch.add(instanceId);
    }

    private void complete(TaskEntity task) {
      Map<String, Object> variables = Map.of(OUTCOME, "done");
      command.runWithoutAuthorization(
          () -> {
            engine.getTaskService().complete(task.getId(), variables);
            return null;
          });
    }

    /**
     * Records the observed step done, then moves the run on past it: the open steps before it are
     * cancelled (passed over, not seen) and the run continues after the step. The step's own task
     * is not created: the observation is its completion.
     */
    private void moveOn(ExecutionEntity instance, String step, List<String> passedOver) {
      recordStep(instance, step, false);
      Observing.movingOn(
          step,
          () ->
              command.runWithoutAuthorization(
                  () -> {
                    MoveOn.modification(
                            engine.getRuntimeService()
                                .createProcessInstanceModification(instance.getId()),
                            executions(instance), step, passedOver)
                        .execute(false, false);
                    // The modification marks the instance to outlive its cancellations and
                    // leaves the mark on the command's cached entity: a later report of the
                    // same batch that reaches the end would then end no process instance.
                    instance.setPreserveScope(false);
                    return null;
                  }));
    }

    /** A step done or passed over, seen now; or an open step that is not a task (wait, call). */
    private void recordStep(ExecutionEntity instance, String step, boolean late) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("step_id", step);
      payload.put("outcome", "done");
      payload.put("executor_id", executorId);
      payload.put("observation_id", received.get("observation_id"));
      if (late) {
        payload.put("late", true);
      }
      Observing.record(
          instance, EventType.STEP_MATCHED, observation.source(),
          Optional.of(observation.timestamp()), payload);
    }

    private void extraStep(Candidate candidate) {
      if (!mayRecord(candidate, null)) {
        return;
      }
      receipt(candidate.instance());
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("action", observation.action());
      payload.put("observation_id", received.get("observation_id"));
      payload.put("executor_id", executorId);
      Observing.record(
          candidate.instance(), EventType.EXTRA_STEP, observation.source(),
          Optional.of(observation.timestamp()), payload);
      extraStepRuns.add(Observing.runIdOf(candidate.instance().getId()));
    }

    /** {@code observation_received} in the run's stream, once, before what it causes there. */
    private void receipt(ExecutionEntity instance) {
      if (receivedIn.add(instance.getId())) {
        notLongBeforeStart(instance);
        receipts.add(
            Observing.record(
                instance, EventType.OBSERVATION_RECEIVED, observation.source(),
                Optional.of(observation.timestamp()), received));
      }
    }

    /**
     * Refuses the observation where it claims more than the before-start tolerance before the
     * start of a run that existed before this batch (its start in the run index): an action done
     * before the run began is no step of it, and placing it there would rewrite the run's order.
     * A claim within the tolerance (a lagging clock, a run started in Tasklist a moment after the
     * machine began) is recorded where it arrives; its views flag it ({@code
     * claimed_before_start}). Runs this batch started began with its own earlier claims.
     */
    private void notLongBeforeStart(ExecutionEntity instance) {
      IndexedRun indexed = indexedInBatch.get(instance.getId());
      if (indexed == null || startedInBatch.contains(instance.getId())) {
        return;
      }
      Instant earliest = indexed.startTime().toInstant().minus(beforeStartTolerance);
      if (observation.timestamp().isBefore(earliest)) {
        throw ObservationException.badInput(
            "timestamp",
            "claims " + observation.timestamp() + ", more than " + beforeStartTolerance
                + " (the before-start tolerance) before a run it would be recorded in started;"
                + " an action done before a run began is no step of it: give the time the action"
                + " happened, in UTC or with an offset");
      }
    }

    private boolean waitingForFirstStep(String procedureId, List<Candidate> candidates) {
      return candidates.stream()
          .anyMatch(
              candidate -> !candidate.active()
                  && candidate.template().procedureId().equals(procedureId)
                  && candidate.agreesWith(where));
    }
  }

  /** The open step activities from which {@code step} can be reached: passed over if it is. */
  private static List<String> openBefore(List<ExecutionEntity> executions, String step) {
    Set<String> open = new LinkedHashSet<>();
    for (ExecutionEntity execution : executions) {
      ActivityImpl activity = execution.getActivity();
      if (execution.isActive() && activity != null && !activity.getId().equals(step)
          && Graph.reachable(activity, step)) {
        open.add(activity.getId());
      }
    }
    return List.copyOf(open);
  }

  /**
   * The open task of {@code step}: among the tasks of the instance's executions, and the tasks this
   * command created or moved (a modification may move a task to another execution).
   */
  private Optional<TaskEntity> openTask(List<ExecutionEntity> executions, String step) {
    Set<TaskEntity> tasks = new LinkedHashSet<>();
    for (ExecutionEntity execution : executions) {
      tasks.addAll(execution.getTasks());
    }
    String instanceId = executions.isEmpty() ? null : executions.get(0).getProcessInstanceId();
    for (TaskEntity cached :
        command.getDbEntityManager().getCachedEntitiesByType(TaskEntity.class)) {
      if (cached.getProcessInstanceId() != null
          && cached.getProcessInstanceId().equals(instanceId)) {
        tasks.add(cached);
      }
    }
    return tasks.stream()
        .filter(task -> !task.isDeleted() && step.equals(task.getTaskDefinitionKey()))
        .findFirst();
  }

  private static boolean isOpenActivity(List<ExecutionEntity> executions, String step) {
    return executions.stream()
        .anyMatch(execution -> execution.isActive() && step.equals(execution.getActivityId()));
  }

  /** The executions of a process instance (not of the instances it calls), itself included. */
  private static List<ExecutionEntity> executions(ExecutionEntity instance) {
    List<ExecutionEntity> all = new ArrayList<>();
    List<ExecutionEntity> pending = new ArrayList<>(List.of(instance));
    while (!pending.isEmpty()) {
      ExecutionEntity execution = pending.remove(pending.size() - 1);
      if (execution.isEnded()) {
        continue;
      }
      all.add(execution);
      pending.addAll(execution.getExecutions());
    }
    return all;
  }

  private static Map<String, Object> json(ObservationResult.Match match) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run_id", match.runId());
    json.put("procedure_id", match.procedureId());
    json.put("step_id", match.stepId());
    return json;
  }

  /** The deployed procedures, read once per batch (a batch deploys nothing). */
  private DeployedProcedures.Snapshot procedures() throws SQLException {
    if (procedures == null) {
      procedures = deployed.in(command);
    }
    return procedures;
  }

  /**
   * The runs an observation of {@code action} in context {@code where} may concern, in the order
   * they started: from the run index, the runs triggered or active in a context that may agree,
   * that are active or of a procedure with a step of the action or triggered by it, and those of
   * the index this batch activated; then the runs this command started, which the index shows
   * only once the command's events are written: the batch's own and the runs called by any run
   * the command holds.
   */
  private List<Candidate> candidates(ObservationContext where, String action)
      throws SQLException {
    List<IndexedRun> rows = new ArrayList<>(indexed(where, procedures().procedureIdsOf(action)));
    Set<String> listed = new HashSet<>();
    rows.forEach(row -> listed.add(row.instanceId()));
    for (String id : activatedInBatch) {
      IndexedRun row = indexedInBatch.get(id);
      if (row != null && listed.add(id)) {
        rows.add(row);
      }
    }
    rows.sort(INDEX_ORDER);
    List<Candidate> candidates = new ArrayList<>();
    for (IndexedRun row : rows) {
      ExecutionEntity instance = command.getExecutionManager().findExecutionById(row.instanceId());
      if (instance != null && !instance.isEnded()) {
        Template.ofDefinition(instance.getProcessDefinitionId())
            .ifPresent(
                template ->
                    candidates.add(new Candidate(instance, template, row.active(), row.context())));
      }
    }
    Set<String> seen = new HashSet<>(listed);
    for (String id : startedInBatch) {
      ExecutionEntity instance = command.getExecutionManager().findExecutionById(id);
      if (instance != null && seen.add(id)) {
        newRun(instance).ifPresent(candidates::add);
      }
    }
    List<ExecutionEntity> pending = new ArrayList<>();
    candidates.forEach(candidate -> pending.add(candidate.instance()));
    command.getDbEntityManager().getCachedEntitiesByType(ExecutionEntity.class).stream()
        .filter(ExecutionEntity::isProcessInstanceExecution)
        .sorted(Comparator.comparing(ExecutionEntity::getId))
        .forEach(pending::add);
    Set<String> walked = new HashSet<>();
    for (int i = 0; i < pending.size(); i++) {
      ExecutionEntity instance = pending.get(i);
      if (instance.isEnded() || !walked.add(instance.getId())) {
        continue;
      }
      for (ExecutionEntity execution : executions(instance)) {
        ExecutionEntity called = execution.getSubProcessInstance();
        if (called != null
            && command.getDbEntityManager().getDbEntityCache().isTransient(called)
            && seen.add(called.getId())) {
          pending.add(called);
          newRun(called).ifPresent(candidates::add);
        }
      }
    }
    return candidates;
  }

  /** A run this command started, if it is one of a compiled procedure that has not ended. */
  private Optional<Candidate> newRun(ExecutionEntity instance) {
    if (instance.isEnded()) {
      return Optional.empty();
    }
    return Template.ofDefinition(instance.getProcessDefinitionId())
        .map(
            template ->
                new Candidate(
                    instance,
                    template,
                    activatedInBatch.contains(instance.getId()),
                    contextOf(instance)));
  }

  /**
   * The runs of the index triggered or active whose context does not contradict {@code where}
   * (with neither location nor equipment in {@code where}: the runs that name neither) and that
   * are active or of one of {@code procedureIds}; remembered for the rest of the batch. Whether
   * they agree ({@link ObservationContext#fit}) is the caller's to decide.
   */
  private List<IndexedRun> indexed(ObservationContext where, Set<String> procedureIds)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + RUN_COLUMNS + " FROM asrun_run WHERE ");
    List<String> parameters = new ArrayList<>();
    Optional<String> location = where.location();
    Optional<String> equipment = where.equipmentId();
    if (equipment.isPresent()) {
      sql.append(openRunsWith("equipment_key"));
      parameters.add(equipment.get());
      parameters.add(equipment.get());
      location.ifPresent(
          named -> {
            sql.append(" AND location_key IN ('', ?)");
            parameters.add(named);
          });
    } else if (location.isPresent()) {
      sql.append(openRunsWith("location_key"));
      parameters.add(location.get());
      parameters.add(location.get());
    } else {
      sql.append("status IN ('triggered', 'active') AND equipment_key = '' AND location_key = ''");
    }
    sql.append(" AND process_instance_id IS NOT NULL");
    sql.append(" AND (status = 'active'");
    if (!procedureIds.isEmpty()) {
      sql.append(" OR procedure_id IN (")
          .append(String.join(", ", Collections.nCopies(procedureIds.size(), "?")))
          .append(')');
      parameters.addAll(procedureIds);
    }
    sql.append(')');
    List<IndexedRun> rows = new ArrayList<>();
    PreparedStatement select = statements().prepare(sql.toString());
    for (int i = 0; i < parameters.size(); i++) {
      select.setString(i + 1, parameters.get(i));
    }
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        IndexedRun run = indexedRun(row);
        rows.add(run);
        indexedInBatch.put(run.instanceId(), run);
      }
    }
    return rows;
  }

  /**
   * The open run {@code runId}: a triggered or active run of the index, of a compiled procedure,
   * whose process instance has not ended. (A run this batch started is not in the index yet; its
   * id, derived from its process instance, cannot have been known to the reporter either.)
   */
  private Optional<Candidate> openRun(String runId) throws SQLException {
    PreparedStatement select =
        statements()
            .prepare(
                "SELECT "
                    + RUN_COLUMNS
                    + " FROM asrun_run WHERE run_id = ?"
                    + " AND status IN ('triggered', 'active') AND process_instance_id IS NOT NULL");
    select.setString(1, runId);
    try (ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        return Optional.empty();
      }
      IndexedRun run = indexedRun(row);
      indexedInBatch.put(run.instanceId(), run);
      ExecutionEntity instance = command.getExecutionManager().findExecutionById(run.instanceId());
      if (instance == null || instance.isEnded()) {
        return Optional.empty();
      }
      return Template.ofDefinition(instance.getProcessDefinitionId())
          .map(template -> new Candidate(instance, template, run.active(), run.context()));
    }
  }

  /** The statements of this batch's reads of the run index, each prepared once. */
  private Statements statements() {
    if (statements == null) {
      statements = new Statements(CommandConnection.of(command));
    }
    return statements;
  }

  /** Closes the statements this batch prepared; the command's connection stays open. */
  @Override
  public void close() throws SQLException {
    if (statements != null) {
      statements.close();
    }
  }

  private static IndexedRun indexedRun(ResultSet row) throws SQLException {
    return new IndexedRun(
        row.getString("run_id"),
        row.getString("process_instance_id"),
        row.getString("procedure_id"),
        "active".equals(row.getString("status")),
        row.getObject("start_time", OffsetDateTime.class),
        new ObservationContext(
            text(row.getString("location")),
            text(row.getString("equipment_id")),
            text(row.getString("executor_id"))));
  }

  /**
   * The open runs whose {@code key} (V5: '' where the run names none) is '' or the parameter given
   * twice: four entries of the index on {@code (status, key)} rather than a scan of the open runs.
   */
  private static String openRunsWith(String key) {
    return "(status, " + key + ") IN (('active', ''), ('active', ?), ('triggered', ''),"
        + " ('triggered', ?))";
  }

  /**
   * A run as the index shows it.
   *
   * @param context the context the run started in
   */
  private record IndexedRun(
      String runId,
      String instanceId,
      String procedureId,
      boolean active,
      OffsetDateTime startTime,
      ObservationContext context) {}

  /** A run the observation may concern. */
  private final class Candidate {
    private final ExecutionEntity instance;
    private final Template template;
    private final boolean indexedActive;
    private final ObservationContext context;

    Candidate(
        ExecutionEntity instance,
        Template template,
        boolean indexedActive,
        ObservationContext context) {
      this.instance = instance;
      this.template = template;
      this.indexedActive = indexedActive;
      this.context = context;
    }

    ExecutionEntity instance() {
      return instance;
    }

    Template template() {
      return template;
    }

    /** Whether the run has detected a step (Active), not only been triggered. */
    boolean active() {
      return indexedActive || activatedInBatch.contains(instance.getId());
    }

    /** Whether an observation in {@code where} may concern this run, by its own context. */
    boolean agreesWith(ObservationContext where) {
      return fit(where).isPresent();
    }

    /**
     * How well an observation in {@code where} fits this run ({@link ObservationContext#fit}); a
     * run that names nothing fits only an observation its procedure admits.
     */
    OptionalInt fit(ObservationContext where) {
      return context.namesNothing() && !template.admits(where)
          ? OptionalInt.empty()
          : where.fit(context);
    }
  }

  /** The context a run this command started has: its variables. */
  private static ObservationContext contextOf(ExecutionEntity instance) {
    return new ObservationContext(
        text(instance.getVariableLocal("location")),
        text(instance.getVariableLocal("equipment_id")),
        text(instance.getVariableLocal("executor_id")));
  }

  private static Optional<String> text(Object value) {
    return value == null || value.toString().isBlank()
        ? Optional.empty()
        : Optional.of(value.toString());
  }
}
