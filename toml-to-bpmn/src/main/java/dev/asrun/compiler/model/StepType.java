package dev.asrun.compiler.model;

/** What kind of step it is; the TOML names are the lower-case constant names. */
public enum StepType {
  ACTION,
  CHECK,
  RECORD,
  WAIT,
  GROUP;

  public String tomlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
