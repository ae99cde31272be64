package dev.asrun.log;

import java.sql.SQLTransientException;

/**
 * A reader of the log could not find the committed head (see {@link EventLog#after(
 * java.sql.Connection, long, int)}) because writers kept it waiting: nothing was read, and asking
 * again soon is safe.
 */
public final class LogBusyException extends SQLTransientException {

  private static final long serialVersionUID = 1L;

  LogBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
