package dev.asrun.log;

import java.util.Map;
import java.util.Optional;

/** New events for tests. */
final class Events {

  private Events() {}

  /** A step of a run of procedure {@code reactor_startup}, version 3. */
  static NewEvent step(String runId, String step) {
    return step(runId, Map.of("step", step, "outcome", "done"));
  }

  /** A step of a run of procedure {@code reactor_startup}, version 3, with {@code payload}. */
  static NewEvent step(String runId, Map<String, Object> payload) {
    return new NewEvent(
        EventSource.EXECUTOR,
        EventType.STEP_MATCHED,
        Optional.of("reactor_startup"),
        Optional.of("3"),
        Optional.of(runId),
        Optional.empty(),
        payload);
  }

  /** A trigger of {@code procedureId}, outside any run. */
  static NewEvent trigger(String procedureId) {
    return new NewEvent(
        EventSource.SCHEDULER,
        EventType.PROC_TRIGGERED,
        Optional.of(procedureId),
        Optional.of("1"),
        Optional.empty(),
        Optional.empty(),
        Map.of("trigger", "time"));
  }
}
