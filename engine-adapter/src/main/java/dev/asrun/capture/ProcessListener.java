package dev.asrun.capture;

import dev.asrun.contract.FormVariables;
import dev.asrun.contract.ProcedureDefinition.Window;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;

/**
 * The start and end of a run (a built-in listener on the procedure's process), and the opening of
 * a trigger window (on the window process).
 *
 * <p>Start: {@code proc_triggered} in the run's stream: the trigger (see {@link Trigger}; a called
 * procedure's run is triggered by {@code reference}), the start event, the process instance and
 * business key, the executor context from the start variables ({@code location}, {@code
 * equipment_id}, {@code notes}) with {@code executor_id} the authenticated user of the starting
 * command, never a variable a client may set (the start form's initiator variable included); for a
 * called run also {@code subrun_started} in the parent run's stream.
 *
 * <p>End: {@code proc_completed} with {@code duration_ms}; {@code proc_aborted} reason {@code
 * timeout} when the run ended at the procedure timeout's end event; {@code proc_aborted} reason
 * {@code cancelled} when the instance was deleted or cancelled (a deletion, also with
 * skipCustomListeners, or a modification cancelling all of it), with the user, the delete reason
 * and whether custom listeners were skipped. A called run's end is also {@code subrun_ended} in
 * the parent's stream. A run deleted because its trigger expired ({@link WindowClosedListener}),
 * and the runs it called, get {@code trigger_expired} instead, and no {@code subrun_ended}.
 *
 * <p>A window process starting is the window of its procedure opening: {@code proc_triggered} with
 * trigger {@code window} in the procedure's stream, not a run. The run the window's signal starts
 * (in the same command) has its own {@code proc_triggered}, naming the window's process instance
 * ({@code window_process_instance_id}); so does a run an action triggers inside the window of a
 * procedure with both triggers, whose window opening records nothing, since it triggers nothing by
 * itself.
 */
final class ProcessListener implements ExecutionListener {

  private final Procedure procedure;

  ProcessListener(Procedure procedure) {
    this.procedure = procedure;
  }

  @Override
  public void notify(DelegateExecution delegate) {
    ExecutionEntity execution = (ExecutionEntity) delegate;
    CaptureSession session = CaptureSession.current();
    boolean start = EVENTNAME_START.equals(execution.getEventName());
    if (procedure.window()) {
      if (start && !procedure.gatesActions()) {
        windowOpened(session, execution);
      }
      return;
    }
    Run run = Run.of(execution).orElseThrow();
    if (start) {
      started(session, execution, run);
    } else {
      ended(session, execution, run);
    }
  }

  private void windowOpened(CaptureSession session, ExecutionEntity execution) {
    String procedureId = procedure.id();
    session.windowOpened(procedureId, execution.getProcessInstanceId());
    ProcessDefinitionEntity window = execution.getProcessDefinition();
    Optional<String> version =
        Optional.ofNullable(
                Context.getProcessEngineConfiguration()
                    .getDeploymentCache()
                    .findDeployedProcessDefinitionByDeploymentAndKey(
                        window.getDeploymentId(), procedureId))
            .map(Run::versionOf);
    PendingEvent event =
        PendingEvent.ofProcedure(
                procedureId, version, EventType.PROC_TRIGGERED, EventSource.SCHEDULER)
            .put("trigger", "window")
            .put("window_process_instance_id", execution.getProcessInstanceId());
    procedure.putWindow(event)
        .put("cron", procedure.trigger().window().map(Window::cron).orElse(null));
    session.add(event);
  }

  private void started(CaptureSession session, ExecutionEntity execution, Run run) {
    ExecutionEntity superExecution = execution.getSuperExecution();
    Optional<Run> parent = Optional.ofNullable(superExecution).flatMap(Run::of);
    Optional<Observing.Cause> observation = session.observation();
    Trigger trigger =
        superExecution != null
            ? Trigger.REFERENCE
            : Trigger.of(execution.getActivity()).orElse(Trigger.OPERATOR);
    if (observation.isPresent() && trigger.kind().equals("manual")) {
      trigger = Trigger.observation(observation.get().source());
    }

    Map<String, Object> context = new LinkedHashMap<>();
    context.put("location", Values.of(execution.getVariableTyped(FormVariables.LOCATION, false)));
    context.put(
        "equipment_id", Values.of(execution.getVariableTyped(FormVariables.EQUIPMENT_ID, false)));
    context.put(
        "executor_id",
        observation.map(Observing.Cause::executorId).orElseGet(() -> session.user().orElse(null)));
    context.put("notes", Values.of(execution.getVariableTyped(FormVariables.NOTES, false)));

    PendingEvent triggered =
        PendingEvent.of(run, PendingEvent.Kind.PLAIN, EventType.PROC_TRIGGERED, trigger.source())
            .put("trigger", trigger.kind())
            .put("action", trigger.action().orElse(null))
            .put("start_event", execution.getActivity() == null ? null : execution.getActivityId())
            .put("process_instance_id", run.processInstanceId())
            .put("process_definition_id", run.processDefinitionId())
            .put("business_key", execution.getProcessBusinessKey())
            .put("context", context);
    observation.ifPresent(cause -> triggered.put("observation_id", cause.observationId()));
    if (superExecution == null) {
      // A run an observation started began when the observation claims: its start (ClaimedTime).
      observation.ifPresent(cause -> triggered.occurredAt(Optional.of(cause.claimedAt())));
    }
    boolean byWindow = trigger.kind().equals("window");
    boolean inWindow =
        trigger.kind().equals("action") && procedure.trigger().window().isPresent();
    if (byWindow || inWindow) {
      Optional<String> window =
          byWindow ? session.openedWindow(procedure.id()) : TriggerWindow.open(procedure.id());
      procedure.putWindow(triggered)
          .put(WindowClosedListener.WINDOW_INSTANCE, window.orElse(null));
    }
    if (superExecution != null) {
      triggered
          .put("parent_run_id", parent.map(Run::runId).orElse(null))
          .put("parent_process_instance_id", superExecution.getProcessInstanceId())
          .put("parent_step_id", superExecution.getActivityId());
    }
    session.add(triggered);

    parent.ifPresent(
        parentRun ->
            session.add(
                PendingEvent.of(
                        parentRun,
                        PendingEvent.Kind.PLAIN,
                        EventType.SUBRUN_STARTED,
                        EventSource.ENGINE)
                    .put("step_id", superExecution.getActivityId())
                    .put("child_run_id", run.runId())
                    .put("child_procedure_id", run.procedureId())
                    .put("child_procedure_version", run.procedureVersion())
                    .put("child_process_instance_id", run.processInstanceId())));
  }

  private void ended(CaptureSession session, ExecutionEntity execution, Run run) {
    Optional<CaptureSession.Expiry> expiry =
        execution.isCanceled() ? session.expiry(execution) : Optional.empty();
    if (expiry.isPresent()) {
      expired(session, execution, run, expiry.get());
      return;
    }
    CaptureSession.RunInCommand state = session.run(run);
    String status;
    Optional<String> reason;
    if (execution.isCanceled()) {
      state.runCancelled = true;
      status = "aborted";
      reason = Optional.of("cancelled");
      session.add(
          PendingEvent.of(run, PendingEvent.Kind.PLAIN, EventType.PROC_ABORTED, EventSource.ENGINE)
              .put("reason", "cancelled")
              .put("user_id", session.user().orElse(null))
              .put("delete_reason", execution.getDeleteReason())
              .put("skip_custom_listeners", execution.isSkipCustomListeners())
              .put("during_modification", Modifications.running()));
    } else if (state.reachedTimeoutEnd) {
      status = "aborted";
      reason = Optional.of("timeout");
      session.add(
          PendingEvent.of(
                  run, PendingEvent.Kind.PLAIN, EventType.PROC_ABORTED, EventSource.SCHEDULER)
              .put("reason", "timeout")
              .put("timeout", procedure.timeout().map(Duration::toString).orElse(null)));
    } else {
      status = "completed";
      reason = Optional.empty();
      session.add(
          PendingEvent.of(
                  run,
                  PendingEvent.Kind.RUN_COMPLETED,
                  EventType.PROC_COMPLETED,
                  EventSource.ENGINE)
              .put("end_event", execution.getActivityId()));
    }

    ExecutionEntity superExecution = execution.getSuperExecution();
    if (superExecution == null) {
      return;
    }
    session.subRunEnded(
        superExecution.getId(), new CaptureSession.SubRunEnd(run.runId(), status, reason));
    Run.of(superExecution)
        .ifPresent(
            parent ->
                session.add(
                    PendingEvent.of(
                            parent,
                            PendingEvent.Kind.PLAIN,
                            EventType.SUBRUN_ENDED,
                            EventSource.ENGINE)
                        .put("step_id", superExecution.getActivityId())
                        .put("child_run_id", run.runId())
                        .put("status", status)
                        .put("reason", reason.orElse(null))));
  }

  /**
   * The run's trigger expired ({@link WindowClosedListener}): {@code trigger_expired} instead of
   * {@code proc_aborted}, naming the window and the steps that were open; a called run says which
   * run called it. Neither gets {@code subrun_ended}: both leave only their events.
   */
  private static void expired(
      CaptureSession session, ExecutionEntity execution, Run run, CaptureSession.Expiry expiry) {
    Procedure window = expiry.window();
    PendingEvent event =
        PendingEvent.of(
                run, PendingEvent.Kind.PLAIN, EventType.TRIGGER_EXPIRED, EventSource.SCHEDULER)
            .put("window_of", window.id());
    window.putWindow(event)
        .put(WindowClosedListener.WINDOW_INSTANCE, expiry.windowProcessInstanceId())
        .put("process_instance_id", run.processInstanceId())
        .put("open_steps", session.withdrawnSteps(run))
        .put("delete_reason", execution.getDeleteReason());
    ExecutionEntity caller = execution.getSuperExecution();
    if (caller != null) {
      event.put("parent_run_id", Run.of(caller).map(Run::runId).orElse(null));
    }
    session.add(event);
  }
}
