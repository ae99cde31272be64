package dev.asrun.feedback;

import java.util.Optional;

/** A correction or confirmation that was refused; nothing was appended to the log. */
public final class FeedbackException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why it was refused. */
  public enum Kind {
    /** A field of the request is missing or not valid; {@link #field()} names it. */
    BAD_FIELD,
    /** No such run, or one the user may not read: the two look the same. */
    RUN_NOT_FOUND,
    /**
     * The user may read the run but not say this about it: neither its executor nor a holder of the
     * reviewers' grant (see {@link RunFeedback}).
     */
    FORBIDDEN,
    /** The run is confirmed already: it is confirmed once, a change of mind is a correction. */
    ALREADY_CONFIRMED
  }

  private final Kind kind;
  private final String field;

  FeedbackException(Kind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  static FeedbackException badField(String field, String message) {
    return new FeedbackException(Kind.BAD_FIELD, field, "'" + field + "' " + message);
  }

  static FeedbackException runNotFound(String runId) {
    return new FeedbackException(
        Kind.RUN_NOT_FOUND, null, "no run '" + runId + "' that you may read");
  }

  static FeedbackException forbidden(String message) {
    return new FeedbackException(Kind.FORBIDDEN, null, message);
  }

  static FeedbackException alreadyConfirmed(String runId) {
    return new FeedbackException(
        Kind.ALREADY_CONFIRMED,
        null,
        "run '"
            + runId
            + "' is confirmed already; a run is confirmed once: to change what it says, file a"
            + " correction");
  }

  public Kind kind() {
    return kind;
  }

  /** The request field that was refused, for {@link Kind#BAD_FIELD}. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
