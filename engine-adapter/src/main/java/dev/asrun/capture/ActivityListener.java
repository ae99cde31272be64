package dev.asrun.capture;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * The start and end of an activity of a procedure's process (a built-in listener on every
 * activity: steps, events, gateways, subprocesses).
 *
 * <p>Every activity: while an operator's modification runs, its start or cancellation is noted for
 * the run's {@code operator_modification} event, with whether custom listeners were skipped.
 *
 * <p>By role:
 *
 * <ul>
 *   <li>a wait step (timer catch event): {@code step_started} when the run reaches it, {@code
 *       step_matched} (source scheduler) when its timer fires;
 *   <li>a step calling a procedure (call activity): {@code step_started} when it starts; when it
 *       ends, {@code step_matched} if the called run completed, {@code step_skipped} with outcome
 *       {@code aborted} if the called run was aborted (its procedure timeout);
 *   <li>either, cancelled (by an operator, a deletion, an interrupting timer): {@code
 *       step_skipped} with outcome {@code cancelled}, its reason settled by {@link
 *       CaptureSession}; user task steps get theirs from {@link StepTaskListener}. Cancelled
 *       because the run's trigger expired: no event, the step is named in {@code trigger_expired};
 *   <li>a step's {@code <step>-overdue} boundary timer firing: {@code step_overdue} (source
 *       scheduler) with the step's timeout;
 *   <li>the procedure's {@code asrun-timeout} boundary timer firing and its {@code asrun-aborted}
 *       end event: noted, so the steps it cancels and the run's end say {@code timeout}.
 * </ul>
 *
 * Group steps (subprocesses) have no events of their own: their steps have, and their timeout is
 * a {@code step_overdue} of the group.
 */
final class ActivityListener implements ExecutionListener {

  /** What an activity is to the record. */
  enum Role {
    /** Only an operator's modification of it is noted (user task steps: their task listener). */
    OTHER,
    WAIT_STEP,
    CALL_STEP,
    OVERDUE_TIMER,
    PROCEDURE_TIMEOUT,
    PROCEDURE_TIMEOUT_END
  }

  private final String activityId;
  private final Role role;
  private final Optional<Step> step;
  private final Optional<String> overdueStepId;
  private final Optional<String> overdueAfter;

  private ActivityListener(
      String activityId,
      Role role,
      Optional<Step> step,
      Optional<String> overdueStepId,
      Optional<String> overdueAfter) {
    this.activityId = activityId;
    this.role = role;
    this.step = step;
    this.overdueStepId = overdueStepId;
    this.overdueAfter = overdueAfter;
  }

  static ActivityListener of(String activityId, Role role) {
    return new ActivityListener(
        activityId, role, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static ActivityListener step(Step step, Role role) {
    return new ActivityListener(
        step.id(), role, Optional.of(step), Optional.empty(), Optional.empty());
  }

  /** The non-interrupting timer {@code activityId} marking {@code stepId} overdue after a while. */
  static ActivityListener overdue(String activityId, String stepId, Optional<String> after) {
    return new ActivityListener(
        activityId, Role.OVERDUE_TIMER, Optional.empty(), Optional.of(stepId), after);
  }

  @Override
  public void notify(DelegateExecution delegate) {
    if (role == Role.OTHER && !Modifications.running()) {
      return;
    }
    ExecutionEntity execution = (ExecutionEntity) delegate;
    Optional<Run> found = Run.of(execution);
    if (found.isEmpty()) {
      return;
    }
    Run run = found.get();
    CaptureSession session = CaptureSession.current();
    boolean start = EVENTNAME_START.equals(execution.getEventName());
    if (start) {
      started(session, execution, run);
    } else if (execution.isCanceled()) {
      cancelled(session, execution, run);
    } else {
      ended(session, execution, run);
    }
  }

  private void started(CaptureSession session, ExecutionEntity execution, Run run) {
    if (Modifications.running()) {
      session.modified(run, activityId, true, execution.isSkipCustomListeners());
    }
    if (role == Role.WAIT_STEP || role == Role.CALL_STEP) {
      Step started = step.orElseThrow();
      boolean waits = role == Role.WAIT_STEP;
      session.add(
          PendingEvent.of(run, PendingEvent.Kind.PLAIN, EventType.STEP_STARTED, EventSource.ENGINE)
              .put("step_id", started.id())
              .put("step_type", started.type())
              .put("activity_instance_id", execution.getActivityInstanceId())
              .put(
                  waits ? "duration" : "reference",
                  waits ? started.duration() : started.reference()));
    } else if (role == Role.OVERDUE_TIMER) {
      session.add(
          PendingEvent.of(
                  run, PendingEvent.Kind.PLAIN, EventType.STEP_OVERDUE, EventSource.SCHEDULER)
              .put("step_id", overdueStepId.orElseThrow())
              .put("timeout", overdueAfter.orElse(null)));
    } else if (role == Role.PROCEDURE_TIMEOUT) {
      session.run(run).timeoutFired = true;
    } else if (role == Role.PROCEDURE_TIMEOUT_END) {
      session.run(run).reachedTimeoutEnd = true;
    }
  }

  private void cancelled(CaptureSession session, ExecutionEntity execution, Run run) {
    if (Modifications.running()) {
      session.modified(run, activityId, false, execution.isSkipCustomListeners());
    }
    if (role == Role.WAIT_STEP || role == Role.CALL_STEP) {
      Step cancelled = step.orElseThrow();
      if (session.expiry(execution).isPresent()) {
        session.withdrawn(run, cancelled.id());
        return;
      }
      Optional<String> movedOnTo = session.movingOnTo();
      if (movedOnTo.isPresent()) {
        session.add(
            Observing.notSeen(
                PendingEvent.of(
                        run, PendingEvent.Kind.PLAIN, EventType.STEP_SKIPPED, EventSource.ENGINE)
                    .put("step_id", cancelled.id())
                    .put("step_type", cancelled.type())
                    .put("activity_instance_id", execution.getActivityInstanceId()),
                movedOnTo.get()));
        return;
      }
      PendingEvent event =
          PendingEvent.of(
                  run, PendingEvent.Kind.STEP_CANCELLED, EventType.STEP_SKIPPED, EventSource.ENGINE)
              .put("step_id", cancelled.id())
              .put("step_type", cancelled.type())
              .put("activity_instance_id", execution.getActivityInstanceId())
              .put("outcome", "cancelled")
              .put("delete_reason", execution.getDeleteReason());
      if (role == Role.CALL_STEP) {
        Optional<CaptureSession.SubRunEnd> end = session.subRunEnd(execution.getId());
        event.put("child_run_id", end.map(CaptureSession.SubRunEnd::childRunId).orElse(null));
      }
      session.add(event);
    }
  }

  private void ended(CaptureSession session, ExecutionEntity execution, Run run) {
    if (role == Role.WAIT_STEP) {
      Step waited = step.orElseThrow();
      session.add(
          PendingEvent.of(
                  run, PendingEvent.Kind.STEP_ENDED, EventType.STEP_MATCHED, EventSource.SCHEDULER)
              .put("step_id", waited.id())
              .put("step_type", waited.type())
              .put("activity_instance_id", execution.getActivityInstanceId())
              .put("outcome", "done")
              .put("duration", waited.duration()));
    } else if (role == Role.CALL_STEP) {
      Step called = step.orElseThrow();
      Optional<CaptureSession.SubRunEnd> end = session.subRunEnd(execution.getId());
      boolean aborted = end.map(e -> e.status().equals("aborted")).orElse(false);
      PendingEvent event =
          PendingEvent.of(
                  run,
                  PendingEvent.Kind.STEP_ENDED,
                  aborted ? EventType.STEP_SKIPPED : EventType.STEP_MATCHED,
                  EventSource.ENGINE)
              .put("step_id", called.id())
              .put("step_type", called.type())
              .put("activity_instance_id", execution.getActivityInstanceId())
              .put("outcome", aborted ? "aborted" : "done")
              .put("child_run_id", end.map(CaptureSession.SubRunEnd::childRunId).orElse(null));
      if (aborted) {
        String why = end.flatMap(CaptureSession.SubRunEnd::reason).orElse("unknown");
        event.put("reason", "called run aborted: " + why);
      }
      session.add(event);
    }
  }
}
