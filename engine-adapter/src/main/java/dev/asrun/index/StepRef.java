package dev.asrun.index;

import java.util.Optional;

/**
 * Which step, and which attempt at it, an event names: the step id, and where the capture layer
 * knows them the activity instance (one per attempt) and the user task of the attempt.
 */
record StepRef(
    String stepId,
    Optional<String> activityInstanceId,
    Optional<String> taskId,
    Optional<String> stepType) {

  static StepRef of(Payload payload) {
    int max = RunProjector.MAX_TEXT_LENGTH;
    return new StepRef(
        payload.requiredText("step_id", max),
        payload.text("activity_instance_id", max),
        payload.text("task_id", max),
        payload.text("step_type", max));
  }
}
