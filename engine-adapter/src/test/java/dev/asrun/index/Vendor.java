package dev.asrun.index;

/** The databases every index and query test runs on. */
public enum Vendor {
  H2,
  POSTGRESQL
}
