package dev.asrun.contract;

/**
 * What kind of step an activity is ({@link Property#STEP_TYPE}). Written as the lower-case
 * constant name, the word the TOML uses.
 */
public enum StepType {
  ACTION,
  CHECK,
  RECORD,
  WAIT,
  GROUP;

  /** The value as written in BPMN. */
  public String value() {
    return Values.of(this);
  }

  /**
   * The constant written as {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is none of them
   */
  public static StepType of(String value) {
    return Values.of(StepType.class, value);
  }
}
