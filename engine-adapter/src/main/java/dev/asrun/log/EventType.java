package dev.asrun.log;

import java.util.Locale;

/** Every kind of event the as-run log holds; the wire name is the lower-case constant name. */
public enum EventType {
  PROC_TRIGGERED,
  TRIGGER_EXPIRED,
  RUN_STARTED,
  STEP_STARTED,
  STEP_MATCHED,
  STEP_CORROBORATED,
  STEP_SKIPPED,
  STEP_OVERDUE,
  EXTRA_STEP,
  OBSERVATION_RECEIVED,
  OBSERVATION_UNMATCHED,
  OBSERVATION_AMBIGUOUS,
  VARIABLE_RECORDED,
  DEVIATION_DETECTED,
  PROMPT_ISSUED,
  PROMPT_RESPONSE,
  PROMPT_EXPIRED,
  PROCEDURE_CORRECTION,
  PROC_COMPLETED,
  PROC_ABORTED,
  SUBRUN_STARTED,
  SUBRUN_ENDED,
  OPERATOR_MODIFICATION,
  INCIDENT,
  SIGNATURE_APPLIED,
  SIGNATURE_REFUSED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventType fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
