package dev.asrun.signature;

import dev.asrun.contract.SignatureMeaning;
import dev.asrun.contract.SignaturePolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run's signatures beside its procedure's policy.
 *
 * @param policy the policy of the procedure the run ran on ({@link SignaturePolicy#NONE} if none,
 *     or if the definition is gone)
 * @param signatures the signatures in the order they were given
 */
public record RunSignatures(SignaturePolicy policy, List<Signature> signatures) {

  public RunSignatures {
    Objects.requireNonNull(policy, "policy");
    signatures = List.copyOf(signatures);
  }

  /** The meanings given so far, in order. */
  public List<SignatureMeaning> given() {
    return signatures.stream().map(Signature::meaning).toList();
  }

  /** The next required meaning not yet given; empty when none is left (or none required). */
  public Optional<SignatureMeaning> next() {
    return policy.next(given());
  }

  /** How far the run is signed. */
  public SignatureStatus status() {
    if (policy.none()) {
      return SignatureStatus.NOT_REQUIRED;
    }
    long given = policy.required().stream().filter(given()::contains).count();
    return given == 0
        ? SignatureStatus.UNSIGNED
        : given == policy.required().size()
            ? SignatureStatus.SIGNED
            : SignatureStatus.PARTIALLY_SIGNED;
  }
}
