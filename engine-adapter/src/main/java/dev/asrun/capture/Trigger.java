package dev.asrun.capture;

import dev.asrun.contract.Ids;
import dev.asrun.log.EventSource;
import java.util.Optional;
import org.camunda.bpm.engine.impl.core.model.PropertyKey;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * How a run was triggered, known from the start event it began at; kept on the start event's
 * activity by the parse listener. The compiled start events are {@code asrun-start} (started by
 * hand, from Tasklist or the API), {@code asrun-start-window} (the trigger window opened) and
 * {@code asrun-on-<action>} (the signal of an observed action).
 *
 * @param kind {@code manual}, {@code window}, {@code action}, or {@code observation} (a run an
 *     observation of its first step started)
 * @param action the action, for an action trigger
 * @param source who caused it: the executor starting by hand, the scheduler opening a window, the
 *     engine delivering a signal
 */
record Trigger(String kind, Optional<String> action, EventSource source) {

  /** A run started by a called procedure's parent (call activity). */
  static final Trigger REFERENCE = new Trigger("reference", Optional.empty(), EventSource.ENGINE);

  /**
   * A run started at an activity rather than a start event: instantiated by an operator (start
   * before an activity, restart).
   */
  static final Trigger OPERATOR = new Trigger("operator", Optional.empty(), EventSource.ENGINE);

  /** A run started because an observation saw the first step of its procedure. */
  static Trigger observation(EventSource source) {
    return new Trigger("observation", Optional.empty(), source);
  }

  private static final PropertyKey<Trigger> KEY = new PropertyKey<>("asrun.trigger");

  /** The trigger of the compiled start event {@code id}, if it is one. */
  static Optional<Trigger> ofStartEvent(String id) {
    if (Ids.MANUAL_START.equals(id)) {
      return Optional.of(new Trigger("manual", Optional.empty(), EventSource.EXECUTOR));
    }
    if (Ids.WINDOW_START.equals(id)) {
      return Optional.of(new Trigger("window", Optional.empty(), EventSource.SCHEDULER));
    }
    if (id.startsWith(Ids.ACTION_START_PREFIX) && id.length() > Ids.ACTION_START_PREFIX.length()) {
      return Optional.of(
          new Trigger(
              "action",
              Optional.of(id.substring(Ids.ACTION_START_PREFIX.length())),
              EventSource.ENGINE));
    }
    return Optional.empty();
  }

  /** The trigger of the activity a run began at; empty when it is not a compiled start event. */
  static Optional<Trigger> of(ActivityImpl activity) {
    return activity == null
        ? Optional.empty()
        : Optional.ofNullable(activity.getProperties().get(KEY));
  }

  void keepOn(ActivityImpl startEvent) {
    startEvent.getProperties().set(KEY, this);
  }
}
