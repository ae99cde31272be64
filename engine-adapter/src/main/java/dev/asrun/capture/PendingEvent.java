package dev.asrun.capture;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.NewEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An event recorded during a command, appended when the command's sessions flush. Some of it is
 * settled only then, when the whole command has been seen (see {@link Kind}).
 */
final class PendingEvent {

  /** What the flush still has to settle. */
  enum Kind {
    /** Nothing: append as recorded. */
    PLAIN,
    /** A step ended by the run's own progress: the run's first one is preceded by run_started. */
    STEP_ENDED,
    /** A step cancelled by the engine: why (operator, cancellation, timeout) is settled last. */
    STEP_CANCELLED,
    /** The run completed: its duration comes from its proc_triggered event. */
    RUN_COMPLETED,
    /** An operator's modification: its summary is complete only at the end of the command. */
    MODIFICATION
  }

  private final Kind kind;
  private final EventType type;
  private EventSource source;
  private final Optional<Run> run;
  private final Optional<String> procedureId;
  private final Optional<String> procedureVersion;
  private Optional<Instant> occurredAt = Optional.empty();
  private Optional<String> reporterId = Optional.empty();
  private final Map<String, Object> payload = new LinkedHashMap<>();
  private boolean duringModification;

  private PendingEvent(
      Kind kind,
      EventType type,
      EventSource source,
      Optional<Run> run,
      Optional<String> procedureId,
      Optional<String> procedureVersion) {
    this.kind = kind;
    this.type = type;
    this.source = source;
    this.run = run;
    this.procedureId = procedureId;
    this.procedureVersion = procedureVersion;
  }

  /** An event of {@code run}'s stream. */
  static PendingEvent of(Run run, Kind kind, EventType type, EventSource source) {
    return new PendingEvent(
        kind,
        type,
        source,
        Optional.of(run),
        Optional.of(run.procedureId()),
        Optional.of(run.procedureVersion()));
  }

  /** An event of a procedure's stream, belonging to no run (a trigger window opening). */
  static PendingEvent ofProcedure(
      String procedureId, Optional<String> procedureVersion, EventType type, EventSource source) {
    return new PendingEvent(
        Kind.PLAIN, type, source, Optional.empty(), Optional.of(procedureId), procedureVersion);
  }

  /** An event of no run and no procedure: the {@code engine} stream (an incident). */
  static PendingEvent unattached(EventType type, EventSource source) {
    return new PendingEvent(
        Kind.PLAIN, type, source, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * An event of no run and no procedure that {@code reporterId} reported: the reporter's stream (an
   * observation no run took).
   */
  static PendingEvent reported(EventType type, EventSource source, String reporterId) {
    PendingEvent event = unattached(type, source);
    event.reporterId = Optional.of(reporterId);
    return event;
  }

  PendingEvent put(String key, Object value) {
    payload.put(key, value);
    return this;
  }

  PendingEvent occurredAt(Optional<Instant> claimed) {
    occurredAt = claimed;
    return this;
  }

  void source(EventSource source) {
    this.source = source;
  }

  void markDuringModification() {
    duringModification = true;
  }

  boolean duringModification() {
    return duringModification;
  }

  Kind kind() {
    return kind;
  }

  EventType type() {
    return type;
  }

  EventSource source() {
    return source;
  }

  Optional<Run> run() {
    return run;
  }

  Object get(String key) {
    return payload.get(key);
  }

  NewEvent toNewEvent() {
    return new NewEvent(
        source,
        type,
        procedureId,
        procedureVersion,
        run.map(Run::runId),
        occurredAt,
        payload,
        reporterId);
  }
}
