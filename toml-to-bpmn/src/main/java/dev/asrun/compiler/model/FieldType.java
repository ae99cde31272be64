package dev.asrun.compiler.model;

/** The type of a value a {@code record} step asks for. */
public enum FieldType {
  STRING,
  NUMBER,
  BOOLEAN,
  DATE,
  ENUM;

  public String tomlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
