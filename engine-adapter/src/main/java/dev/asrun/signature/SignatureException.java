package dev.asrun.signature;

import java.util.Optional;

/** A signature that was not given; nothing but a {@code signature_refused} event was appended. */
public final class SignatureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why it was not given. */
  public enum Kind {
    /** A field of the request is missing or not valid; {@link #field()} names it. */
    BAD_FIELD(null),
    /** No such run, or one the user may not read: the two look the same. */
    RUN_NOT_FOUND(null),
    /** No authenticated user: a signature is a person's. */
    UNAUTHENTICATED(null),
    /**
     * The password is wrong, or the account is locked after too many wrong ones (Camunda does not
     * say which); {@code signature_refused} was appended to the run's stream.
     */
    WRONG_PASSWORD("password"),
    /** The run has not ended: only a completed or aborted run is signed. */
    RUN_NOT_ENDED("run_ended"),
    /** The meaning is not the next one: the policy's meanings are given in order, each once. */
    OUT_OF_ORDER("order"),
    /** The user signed this run already: no person signs one run twice. */
    ALREADY_SIGNED("one_signature_per_person"),
    /** The user performed the run (its executor, or did a step) and may not review it. */
    EXECUTOR_REVIEWING("executor_cannot_review"),
    /** Only someone who performed the run signs it as {@code performed}. */
    NOT_PERFORMER("performer_signs_performed"),
    /** The policy lets only members of some groups sign with this meaning. */
    NOT_IN_GROUP("group");

    private final String rule;

    Kind(String rule) {
      this.rule = rule;
    }

    /** The rule that refused it, if it was a rule of signing. */
    public Optional<String> rule() {
      return Optional.ofNullable(rule);
    }
  }

  private final Kind kind;
  private final String field;

  private SignatureException(Kind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  static SignatureException badField(String field, String message) {
    return new SignatureException(Kind.BAD_FIELD, field, "'" + field + "' " + message);
  }

  static SignatureException refused(Kind kind, String message) {
    return new SignatureException(kind, null, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The request field that was refused, for {@link Kind#BAD_FIELD}. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
