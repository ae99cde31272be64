package dev.asrun.compiler.condition;

/** A condition that does not parse or does not type-check; {@code offset} is 0-based in its text. */
public final class ConditionException extends Exception {
  private final int offset;

  public ConditionException(int offset, String message) {
    super(message);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
