package dev.asrun.signature;

import java.util.Locale;

/** How far a run is signed; in JSON the lower-case name. */
public enum SignatureStatus {
  /** Its procedure has no signature policy: no signature is required (some may be given). */
  NOT_REQUIRED,
  /** The policy requires signatures and none of its meanings is given. */
  UNSIGNED,
  /** Some of the required meanings are given, not all. */
  PARTIALLY_SIGNED,
  /** Every required meaning is given. */
  SIGNED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
