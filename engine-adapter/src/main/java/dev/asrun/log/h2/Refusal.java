package dev.asrun.log.h2;

import java.sql.SQLException;

/** The error a trigger raises: SQLSTATE 23001 (restrict violation), as on PostgreSQL. */
final class Refusal {

  private static final String RESTRICT_VIOLATION = "23001";

  private Refusal() {}

  static SQLException of(String message) {
    return new SQLException(message, RESTRICT_VIOLATION);
  }
}
