package dev.asrun.monitor;

/**
 * An observation the monitor refuses: bad input (a field missing, malformed or out of range), or
 * a caller reporting for an executor other than themselves. Nothing of the request is recorded.
 */
public final class ObservationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why it was refused. */
  public enum Kind {
    /** A field is missing, malformed or out of range: {@link #field()} names it. */
    BAD_INPUT,
    /** The caller may not report for the executor the observation names. */
    FORBIDDEN,
    /**
     * The observations lost a race with other writers of the same runs every time they were
     * worked; nothing of them is recorded, and sending them again is safe.
     */
    CONFLICT
  }

  private final Kind kind;
  private final String field;

  ObservationException(Kind kind, String field, String message) {
    super(field == null ? message : field + ": " + message);
    this.kind = kind;
    this.field = field;
  }

  static ObservationException conflict(String message) {
    return new ObservationException(Kind.CONFLICT, null, message);
  }

  static ObservationException badInput(String field, String message) {
    return new ObservationException(Kind.BAD_INPUT, field, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The field, e.g. {@code action}, or {@code [2].context.location} in a batch. */
  public String field() {
    return field;
  }

  /** The same problem, located in the observation at {@code index} of a batch. */
  ObservationException at(int index) {
    String located = "[" + index + "]." + field;
    String message = getMessage().substring(field.length() + 2);
    return new ObservationException(kind, located, message);
  }
}
