package dev.asrun.contract;

/**
 * What a signature means (21 CFR 11.50): written as the lower-case constant name, the word the TOML
 * uses. The constants' order is the order a run's signatures are given in.
 */
public enum SignatureMeaning {
  PERFORMED,
  REVIEWED,
  APPROVED,
  VERIFIED;

  /** The value as written in TOML, BPMN and the as-run record. */
  public String value() {
    return Values.of(this);
  }

  /**
   * The constant written as {@code value}.
   *
   * @throws IllegalArgumentException if {@code value} is none of them
   */
  public static SignatureMeaning of(String value) {
    return Values.of(SignatureMeaning.class, value);
  }
}
