package dev.asrun.log;

import java.util.Locale;

/** Where an event's reality came from (seed 4.1). */
public enum EventSource {
  /** An inference service or sensor reported it. */
  INFERENCE,
  /** Time: a trigger window, a timer. */
  SCHEDULER,
  /** The process engine did it (a step started, a run ended, an operator's modification). */
  ENGINE,
  /** A person did it: completed or skipped a step, answered a prompt, corrected the record. */
  EXECUTOR;

  /** The name in the log and the API: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventSource fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
