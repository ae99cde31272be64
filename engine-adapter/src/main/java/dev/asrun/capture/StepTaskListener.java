package dev.asrun.capture;

import dev.asrun.contract.FormVariables;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A user task step (action, check, record) being worked: a built-in task listener on its task.
 *
 * <ul>
 *   <li>create: {@code step_started} with the task id;
 *   <li>complete: {@code step_matched} (outcome {@code done}) or {@code step_skipped} (outcome
 *       {@code skipped}, with the reason), source executor, the first of the run preceded by {@code
 *       run_started}. The executor is the authenticated user who completed it; the task's assignee
 *       is recorded beside it, since anyone may set an assignee. The values are the step's own form
 *       fields written with this completion ({@link WrittenVariables}), skipped or not: a value
 *       entered is recorded even when the step is marked skipped. {@code occurred_at} is the
 *       claimed "actually performed at" ({@link PerformedAt}); a claim that is not a time is kept
 *       as {@code performed_at_text}. A completion that writes no outcome (the Java or REST API
 *       without the form) is {@code done}, the form's default; an outcome that is neither {@code
 *       done} nor {@code skipped} is recorded as {@code done} with the text as {@code
 *       outcome_text}, since the engine went on as if the step was done;
 *   <li>delete (the task cancelled by an operator's modification, the run's deletion or the
 *       procedure timeout, never by its completion): {@code step_skipped} with outcome {@code
 *       cancelled}, its reason settled by {@link CaptureSession}; when the run's trigger expires
 *       (the step never done, the run withdrawn), no event: the step is named in the run's {@code
 *       trigger_expired}.
 * </ul>
 *
 * Claims and reassignments have no event type of their own in the log; the assignee at completion
 * is part of the step's event.
 */
final class StepTaskListener implements TaskListener {

  private final Step step;

  StepTaskListener(Step step) {
    this.step = step;
  }

  @Override
  public void notify(DelegateTask delegate) {
    TaskEntity task = (TaskEntity) delegate;
    ExecutionEntity execution = task.getExecution();
    if (execution == null) {
      return;
    }
    Optional<Run> found = Run.of(execution);
    if (found.isEmpty()) {
      return;
    }
    Run run = found.get();
    CaptureSession session = CaptureSession.current();
    String event = task.getEventName();
    if (EVENTNAME_CREATE.equals(event)) {
      session.add(
          stepEvent(
              run, PendingEvent.Kind.PLAIN, EventType.STEP_STARTED, EventSource.ENGINE, task));
    } else if (EVENTNAME_COMPLETE.equals(event)) {
      completed(session, run, task);
    } else if (EVENTNAME_DELETE.equals(event)) {
      if (session.expiry(execution).isPresent()) {
        session.withdrawn(run, step.id());
        return;
      }
      Optional<String> movedOnTo = session.movingOnTo();
      if (movedOnTo.isPresent()) {
        session.add(
            Observing.notSeen(
                stepEvent(run, PendingEvent.Kind.PLAIN, EventType.STEP_SKIPPED,
                    EventSource.ENGINE, task),
                movedOnTo.get()));
        return;
      }
      session.add(
          stepEvent(
                  run,
                  PendingEvent.Kind.STEP_CANCELLED,
                  EventType.STEP_SKIPPED,
                  EventSource.ENGINE,
                  task)
              .put("outcome", "cancelled")
              .put("delete_reason", task.getDeleteReason()));
    }
  }

  private void completed(CaptureSession session, Run run, TaskEntity task) {
    WrittenVariables written = new WrittenVariables(Context.getCommandContext());
    Optional<String> outcome =
        written.value(task, FormVariables.OUTCOME)
            .map(TypedValue::getValue)
            .map(value -> value.toString().strip());
    boolean skipped = outcome.filter(FormVariables.SKIPPED::equals).isPresent();
    Optional<PerformedAt.Claim> performedAt =
        written.value(task, FormVariables.PERFORMED_AT)
            .map(TypedValue::getValue)
            .flatMap(value -> session.capture().performedAt().read(value));

    Map<String, Object> values = new LinkedHashMap<>();
    for (String field : step.fields()) {
      written.value(task, field).ifPresent(value -> values.put(field, Values.of(value)));
    }

    PendingEvent event =
        stepEvent(
                run,
                PendingEvent.Kind.STEP_ENDED,
                skipped ? EventType.STEP_SKIPPED : EventType.STEP_MATCHED,
                EventSource.EXECUTOR,
                task)
            .put("outcome", skipped ? FormVariables.SKIPPED : FormVariables.DONE)
            .put("executor_id", session.user().orElse(null))
            .put("assignee", task.getAssignee())
            .put("values", values)
            .occurredAt(performedAt.flatMap(PerformedAt.Claim::time));
    if (skipped) {
      event.put(
          "reason",
          written.value(task, FormVariables.SKIP_REASON).map(Values::of).orElse(null));
    }
    session.observation().ifPresent(cause -> Observing.attribute(event, cause));
    outcome
        .filter(text -> !text.equals(FormVariables.DONE) && !text.equals(FormVariables.SKIPPED))
        .ifPresent(text -> event.put("outcome_text", text));
    performedAt
        .flatMap(PerformedAt.Claim::unreadableText)
        .ifPresent(text -> event.put("performed_at_text", text));
    session.add(event);
  }

  private PendingEvent stepEvent(
      Run run, PendingEvent.Kind kind, EventType type, EventSource source, TaskEntity task) {
    return PendingEvent.of(run, kind, type, source)
        .put("step_id", step.id())
        .put("step_type", step.type())
        .put("task_id", task.getId())
        .put("activity_instance_id", task.getExecution().getActivityInstanceId());
  }
}
