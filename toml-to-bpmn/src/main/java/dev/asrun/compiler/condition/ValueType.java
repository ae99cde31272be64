package dev.asrun.compiler.condition;

/** The type of a variable or literal in a condition. */
public enum ValueType {
  BOOLEAN,
  NUMBER,
  STRING,
  DATE;

  String display() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
