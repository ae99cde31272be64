package dev.asrun.contract;

/**
 * The type of a value a record step asks for ({@link Property#FIELD_TYPE}). Written as the
 * lower-case constant name, the word the TOML uses.
 */
public enum FieldType {
  STRING,
  NUMBER,
  BOOLEAN,
  DATE,
  ENUM;

  /** The value as written in BPMN. */
  public String value() {
    return Values.of(this);
  }

  /**
   * The constant written as {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is none of them
   */
  public static FieldType of(String value) {
    return Values.of(FieldType.class, value);
  }
}
