package dev.asrun.query;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a run's trace: a step started, done, skipped, passed over or cancelled, or an extra
 * action, read from the log in the run's order. Process-mining exports (XES, CSV) are made of these.
 *
 * @param seq the event's position in the log
 * @param eventType the event's type ({@code step_started}, {@code step_matched}, {@code
 *     step_skipped}, {@code extra_step}, {@code step_corroborated})
 * @param activity the step's id, or the extra action's name
 * @param transition what happened to the activity, in the XES lifecycle's words
 * @param time when it happened: the claimed time if the executor or sensor gave one, else the
 *     server's
 * @param recordedAt the server's time of recording
 * @param occurredAt the claimed time, if given
 * @param executorId who did, skipped or reported it, if the event names someone
 * @param reason why it was skipped or cancelled, if said
 */
public record TraceEntry(
    long seq,
    String eventType,
    String activity,
    Transition transition,
    Instant time,
    Instant recordedAt,
    Optional<Instant> occurredAt,
    Optional<String> executorId,
    Optional<String> reason) {

  public TraceEntry {
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(reason, "reason");
  }

  /** Transitions of the XES standard lifecycle model (IEEE 1849) that a trace entry can be. */
  public enum Transition {
    /** A step started (its task opened). */
    START,
    /** A step done, or an extra action done. */
    COMPLETE,
    /** A step the executor skipped. */
    MANUALSKIP,
    /** A step passed over as not seen, when the run moved on to a later observed step. */
    AUTOSKIP,
    /** A step cancelled by the engine, or a step whose called run aborted. */
    ATE_ABORT,
    /**
     * Not a transition of the XES lifecycle: a second witness of a step's completion ({@code
     * step_corroborated}); JSON Lines and CSV list it, XES leaves it out (no activity happened).
     */
    CORROBORATE;

    /** The name in XES ({@code lifecycle:transition}), CSV and JSON: lower case. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
