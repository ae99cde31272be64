package dev.asrun.index;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run's events, with the payloads the capture layer ({@code dev.asrun.capture}) writes, each
 * recorded by a {@link Recorder} at the server time given in minutes after {@link Recorder#T0}.
 * Like the capture layer, the run's first step done or skipped is preceded by {@code run_started}.
 */
public final class RunScript {

  private final Recorder recorder;
  private final String runId;
  private final String procedureId;
  private final String version;
  private final Map<String, Deque<String>> openActivityInstances = new HashMap<>();
  private int activityInstances;
  private boolean active;

  RunScript(Recorder recorder, String runId, String procedureId, String version) {
    this.recorder = recorder;
    this.runId = runId;
    this.procedureId = procedureId;
    this.version = version;
  }

  public String runId() {
    return runId;
  }

  /** The process instance that carries this run in the scripts. */
  public String processInstanceId() {
    return "pi-" + runId;
  }

  /**
   * Started by hand (Tasklist) by {@code executorId}, at {@code location} on {@code equipmentId}.
   */
  public RunScript triggered(
      double minute, String executorId, String location, String equipmentId, String notes)
      throws Exception {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("location", location);
    context.put("equipment_id", equipmentId);
    context.put("executor_id", executorId);
    context.put("notes", notes);
    Map<String, Object> payload = triggerPayload("manual", "asrun-start", context);
    record(minute, EventSource.EXECUTOR, EventType.PROC_TRIGGERED, Optional.empty(), payload);
    return this;
  }

  /** Started by a call activity (step {@code stepId}) of {@code parentRunId}. */
  public RunScript triggeredBy(double minute, String parentRunId, String stepId) throws Exception {
    Map<String, Object> payload = triggerPayload("reference", "start", emptyContext());
    payload.put("parent_run_id", parentRunId);
    payload.put("parent_process_instance_id", "pi-" + parentRunId);
    payload.put("parent_step_id", stepId);
    record(minute, EventSource.ENGINE, EventType.PROC_TRIGGERED, Optional.empty(), payload);
    return this;
  }

  /** Started by its time window opening: no one started it. */
  public RunScript triggeredByWindow(double minute) throws Exception {
    Map<String, Object> payload = triggerPayload("window", "asrun-start-window", emptyContext());
    payload.put("window_start", "07:00");
    payload.put("window_end", "09:00");
    payload.put("timezone", "UTC");
    record(minute, EventSource.SCHEDULER, EventType.PROC_TRIGGERED, Optional.empty(), payload);
    return this;
  }

  public RunScript stepStarted(double minute, String stepId) throws Exception {
    String activityInstance = stepId + ":ai-" + (++activityInstances);
    openActivityInstances
        .computeIfAbsent(stepId, id -> new ArrayDeque<>())
        .addLast(activityInstance);
    record(
        minute,
        EventSource.ENGINE,
        EventType.STEP_STARTED,
        Optional.empty(),
        stepPayload(stepId, activityInstance));
    return this;
  }

  /** The step's task completed as done by {@code executorId}, with no claimed time. */
  public RunScript stepDone(double minute, String stepId, String executorId) throws Exception {
    return stepDone(minute, stepId, executorId, Optional.empty());
  }

  /**
   * The step's earliest open task completed as done by {@code executorId}, who claims it was done
   * at {@code performedAt}.
   */
  public RunScript stepDone(
      double minute, String stepId, String executorId, Optional<Instant> performedAt)
      throws Exception {
    Map<String, Object> payload = stepEnd(minute, stepId, "done", executorId);
    payload.put("values", Map.of("temperature", 21.5));
    record(minute, EventSource.EXECUTOR, EventType.STEP_MATCHED, performedAt, payload);
    return this;
  }

  public RunScript stepSkipped(double minute, String stepId, String executorId, String reason)
      throws Exception {
    Map<String, Object> payload = stepEnd(minute, stepId, "skipped", executorId);
    payload.put("reason", reason);
    payload.put("values", Map.of());
    record(minute, EventSource.EXECUTOR, EventType.STEP_SKIPPED, Optional.empty(), payload);
    return this;
  }

  /** The engine cancelled the step's open task (an operator, the run's cancellation, a timeout). */
  public RunScript stepCancelled(double minute, String stepId, String reason) throws Exception {
    Map<String, Object> payload =
        stepPayload(stepId, openActivityInstances.get(stepId).removeFirst());
    payload.put("outcome", "cancelled");
    payload.put("delete_reason", "deleted");
    payload.put("reason", reason);
    record(minute, EventSource.ENGINE, EventType.STEP_SKIPPED, Optional.empty(), payload);
    return this;
  }

  /**
   * The monitor passed over the step's open task: the run moved on to {@code movedOnTo}, observed
   * before this step was.
   */
  public RunScript notSeen(double minute, String stepId, String movedOnTo) throws Exception {
    Map<String, Object> payload =
        stepPayload(stepId, openActivityInstances.get(stepId).removeFirst());
    payload.put("outcome", "not_seen");
    payload.put("reason", "not seen: the run moved on to " + movedOnTo);
    record(minute, EventSource.INFERENCE, EventType.STEP_SKIPPED, Optional.empty(), payload);
    return this;
  }

  /** The step calling another procedure ended because the called run {@code childRunId} aborted. */
  public RunScript callAborted(double minute, String stepId, String childRunId) throws Exception {
    Map<String, Object> payload = stepEnd(minute, stepId, "aborted", null);
    payload.remove("executor_id");
    payload.remove("assignee");
    payload.put("child_run_id", childRunId);
    payload.put("reason", "called run aborted: timeout");
    record(minute, EventSource.ENGINE, EventType.STEP_SKIPPED, Optional.empty(), payload);
    return this;
  }

  /** Started and done by {@code executorId} one minute later. */
  public RunScript step(double minute, String stepId, String executorId) throws Exception {
    return stepStarted(minute, stepId).stepDone(minute + 1, stepId, executorId);
  }

  /** Started and skipped by {@code executorId} one minute later. */
  public RunScript skip(double minute, String stepId, String executorId, String reason)
      throws Exception {
    return stepStarted(minute, stepId).stepSkipped(minute + 1, stepId, executorId, reason);
  }

  public RunScript overdue(double minute, String stepId) throws Exception {
    record(
        minute,
        EventSource.SCHEDULER,
        EventType.STEP_OVERDUE,
        Optional.empty(),
        Map.of("step_id", stepId, "timeout", "PT10M"));
    return this;
  }

  public RunScript subrun(double minute, String stepId, String childRunId) throws Exception {
    record(
        minute,
        EventSource.ENGINE,
        EventType.SUBRUN_STARTED,
        Optional.empty(),
        Map.of(
            "step_id",
            stepId,
            "child_run_id",
            childRunId,
            "child_procedure_id",
            "purge_line",
            "child_procedure_version",
            "2",
            "child_process_instance_id",
            "pi-" + childRunId));
    return this;
  }

  /** An operator's process instance modification that skipped custom listeners. */
  public RunScript modified(double minute, String user) throws Exception {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("operation", "ModifyProcessInstance");
    payload.put("user_id", user);
    payload.put("started_activities", List.of("power_on"));
    payload.put("cancelled_activities", List.of());
    payload.put("skip_custom_listeners", true);
    payload.put("annotation", "repeat the power-on");
    record(minute, EventSource.ENGINE, EventType.OPERATOR_MODIFICATION, Optional.empty(), payload);
    return this;
  }

  public RunScript completed(double minute, long durationMs) throws Exception {
    record(
        minute,
        EventSource.ENGINE,
        EventType.PROC_COMPLETED,
        Optional.empty(),
        Map.of("end_event", "end", "duration_ms", durationMs));
    return this;
  }

  public RunScript aborted(double minute, String reason) throws Exception {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("reason", reason);
    if (reason.equals("cancelled")) {
      payload.put("user_id", "olga");
      payload.put("delete_reason", "wrong reactor");
      payload.put("skip_custom_listeners", false);
      payload.put("during_modification", false);
    } else {
      payload.put("timeout", "PT30M");
    }
    record(
        minute,
        reason.equals("timeout") ? EventSource.SCHEDULER : EventSource.ENGINE,
        EventType.PROC_ABORTED,
        Optional.empty(),
        payload);
    return this;
  }

  public RunScript expired(double minute) throws Exception {
    record(minute, EventSource.SCHEDULER, EventType.TRIGGER_EXPIRED, Optional.empty(), Map.of());
    return this;
  }

  /**
   * The detector's {@code deviation_detected}: the run's complete list, each deviation as {@link
   * #deviation} makes it.
   */
  public RunScript deviations(double minute, boolean last, List<Map<String, Object>> deviations)
      throws Exception {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("final", last);
    payload.put("deviations", deviations);
    payload.put("new", deviations);
    record(minute, EventSource.ENGINE, EventType.DEVIATION_DETECTED, Optional.empty(), payload);
    return this;
  }

  /** One deviation of a {@code deviation_detected} event. */
  public static Map<String, Object> deviation(
      String type, String stepId, Integer expected, Integer actual, String previous) {
    Map<String, Object> deviation = new LinkedHashMap<>();
    deviation.put("deviation_type", type);
    deviation.put("step_id", stepId);
    deviation.put("expected_position", expected);
    deviation.put("actual_position", actual);
    deviation.put("previous_step_id", previous);
    deviation.put("detail", type + " of " + stepId);
    return deviation;
  }

  /** The executor's {@code procedure_correction}. */
  public RunScript corrected(
      double minute, String type, String stepId, String actualProcedureId, String executorId)
      throws Exception {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("correction_type", type);
    payload.put("step_id", stepId);
    payload.put("actual_procedure_id", actualProcedureId);
    payload.put("reason", "because " + executorId + " says so");
    payload.put("executor_id", executorId);
    record(minute, EventSource.EXECUTOR, EventType.PROCEDURE_CORRECTION, Optional.empty(), payload);
    return this;
  }

  /** The executor's answer to the confirmation prompt. */
  public RunScript confirmed(double minute, String response, String note, String executorId)
      throws Exception {
    Map<String, Object> issued = new LinkedHashMap<>();
    issued.put("task_id", "prompt-" + runId);
    issued.put("steps", List.of(Map.of("step_id", "power_on", "mark", "done")));
    record(minute, EventSource.ENGINE, EventType.PROMPT_ISSUED, Optional.empty(), issued);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("response", response);
    payload.put("note", note);
    payload.put("executor_id", executorId);
    payload.put("task_id", "prompt-" + runId);
    record(minute, EventSource.EXECUTOR, EventType.PROMPT_RESPONSE, Optional.empty(), payload);
    return this;
  }

  /** Any event of this run. */
  public LoggedEvent record(
      double minute,
      EventSource source,
      EventType type,
      Optional<Instant> occurredAt,
      Map<String, Object> payload)
      throws Exception {
    return recorder.record(
        minute, Recorder.event(source, type, procedureId, version, runId, occurredAt, payload));
  }

  private Map<String, Object> triggerPayload(
      String trigger, String startEvent, Map<String, Object> context) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("trigger", trigger);
    payload.put("action", null);
    payload.put("start_event", startEvent);
    payload.put("process_instance_id", processInstanceId());
    payload.put("process_definition_id", procedureId + ":1:def");
    payload.put("business_key", null);
    payload.put("context", context);
    return payload;
  }

  private static Map<String, Object> emptyContext() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("location", null);
    context.put("equipment_id", null);
    context.put("executor_id", null);
    context.put("notes", null);
    return context;
  }

  private Map<String, Object> stepPayload(String stepId, String activityInstance) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("step_id", stepId);
    payload.put("step_type", "action");
    payload.put("task_id", "task-" + activityInstance);
    payload.put("activity_instance_id", activityInstance);
    return payload;
  }

  /** A step's end; the run's first is preceded by run_started, as the capture layer does. */
  private Map<String, Object> stepEnd(
      double minute, String stepId, String outcome, String executorId) throws Exception {
    Deque<String> open = openActivityInstances.getOrDefault(stepId, new ArrayDeque<>());
    String activityInstance = open.isEmpty() ? stepId + ":unstarted" : open.removeFirst();
    if (!active) {
      active = true;
      Map<String, Object> started = new LinkedHashMap<>();
      started.put("step_id", stepId);
      if (executorId != null) {
        started.put("executor_id", executorId);
      }
      record(minute, EventSource.EXECUTOR, EventType.RUN_STARTED, Optional.empty(), started);
    }
    Map<String, Object> payload = stepPayload(stepId, activityInstance);
    payload.put("outcome", outcome);
    payload.put("executor_id", executorId);
    payload.put("assignee", executorId);
    return payload;
  }
}
