package dev.asrun.contract;

/**
 * How the steps of a group may happen ({@link Property#ORDER}): in written order, or in any
 * order (split and joined in parallel). Written as the lower-case constant name, the word the
 * TOML uses.
 */
public enum GroupOrder {
  SEQUENCE,
  ANY;

  /** The value as written in BPMN. */
  public String value() {
    return Values.of(this);
  }

  /**
   * The constant written as {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is none of them
   */
  public static GroupOrder of(String value) {
    return Values.of(GroupOrder.class, value);
  }
}
