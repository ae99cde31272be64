package dev.asrun.capture;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * The capture side of an observation (see {@code dev.asrun.monitor}): while the monitor works an
 * observation inside an engine command, the engine activity it causes is attributed to the
 * observation rather than to the authenticated user. The listeners read the cause from the
 * command's {@code CaptureSession}:
 *
 * <ul>
 *   <li>a step task completed: {@code step_matched} with the observation's source, executor and
 *       claimed time ({@code occurred_at}) and its {@code observation_id};
 *   <li>a run started: {@code proc_triggered} with the observation's executor in its context and
 *       its {@code observation_id}; a run started at the manual start event has trigger {@code
 *       observation};
 *   <li>while the run moves on to a later observed step ({@link #movingOn}): the open steps it
 *       cancels are {@code step_skipped} with outcome {@code not_seen}, and the cancellation is not
 *       an operator's modification.
 * </ul>
 *
 * Only for use inside an engine command.
 */
public final class Observing {

  private Observing() {}

  /**
   * An observation in progress.
   *
   * @param observationId the observation's id
   * @param source who reported it ({@code inference}, {@code executor}, {@code scheduler})
   * @param executorId the executor it names
   * @param claimedAt the time it claims the action happened
   */
  public record Cause(
      String observationId, EventSource source, String executorId, Instant claimedAt) {
    public Cause {
      Objects.requireNonNull(observationId, "observationId");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(claimedAt, "claimedAt");
    }
  }

  /** An event the monitor recorded, whose payload it may complete until the command ends. */
  public static final class Recorded {
    private final PendingEvent event;

    private Recorded(PendingEvent event) {
      this.event = event;
    }

    public Recorded put(String key, Object value) {
      event.put(key, value);
      return this;
    }
  }

  /** Runs {@code work} with {@code cause} as the cause of what the engine does. */
  public static <T> T as(Cause cause, Supplier<T> work) {
    CaptureSession session = CaptureSession.current();
    Optional<Cause> before = session.observation();
    session.observation(Optional.of(cause), Optional.empty());
    try {
      return work.get();
    } finally {
      session.observation(before, Optional.empty());
    }
  }

  /**
   * Runs {@code work}, which moves a run on to the observed step {@code stepId}, inside {@link
   * #as}.
   */
  public static void movingOn(String stepId, Runnable work) {
    CaptureSession session = CaptureSession.current();
    Cause cause =
        session.observation().orElseThrow(() -> new IllegalStateException("no observation"));
    session.observation(Optional.of(cause), Optional.of(stepId));
    try {
      work.run();
    } finally {
      session.observation(Optional.of(cause), Optional.empty());
    }
  }

  /**
   * Records an event of the run of {@code processInstance} (a run of a compiled procedure),
   * appended with the command's other events, in order.
   */
  public static Recorded record(
      ExecutionEntity processInstance,
      EventType type,
      EventSource source,
      Optional<Instant> occurredAt,
      Map<String, Object> payload) {
    Run run =
        Run.of(processInstance)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        processInstance.getId() + " is not a run of a compiled procedure"));
    PendingEvent event = PendingEvent.of(run, PendingEvent.Kind.PLAIN, type, source);
    return add(event, occurredAt, payload);
  }

  /**
   * Records an event of no run and no procedure, reported by the command's authenticated user: the
   * reporter's stream ({@code reporter:<user id>}), else {@code engine}.
   */
  public static Recorded recordUnattached(
      EventType type,
      EventSource source,
      Optional<Instant> occurredAt,
      Map<String, Object> payload) {
    Optional<String> reporter = CaptureSession.current().user();
    return add(
        reporter.isPresent()
            ? PendingEvent.reported(type, source, reporter.get())
            : PendingEvent.unattached(type, source),
        occurredAt,
        payload);
  }

  private static Recorded add(
      PendingEvent event, Optional<Instant> occurredAt, Map<String, Object> payload) {
    payload.forEach(event::put);
    event.occurredAt(occurredAt);
    CaptureSession.current().add(event);
    return new Recorded(event);
  }

  /** The run id of a process instance, as the record names it. */
  public static String runIdOf(String processInstanceId) {
    return RunIds.of(processInstanceId);
  }

  /** The step an observation moves the run on to, while it does. */
  static Optional<String> movingOnTo() {
    return Context.getCommandContext() == null
        ? Optional.empty()
        : CaptureSession.current().movingOnTo();
  }

  /** The passed-over step's skip: outcome {@code not_seen}, as the contract of the log words it. */
  static PendingEvent notSeen(PendingEvent event, String movedOnTo) {
    return event
        .put("outcome", "not_seen")
        .put("reason", "not seen: the run moved on to " + movedOnTo);
  }

  /** A step completed for an observation: who, when and which observation. */
  static PendingEvent attribute(PendingEvent event, Cause cause) {
    event.source(cause.source());
    return event
        .put("executor_id", cause.executorId())
        .put("observation_id", cause.observationId())
        .occurredAt(Optional.of(cause.claimedAt()));
  }
}
