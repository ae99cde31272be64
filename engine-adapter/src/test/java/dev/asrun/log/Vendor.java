package dev.asrun.log;

/** The databases every test runs on. */
enum Vendor {
  H2,
  POSTGRESQL
}
