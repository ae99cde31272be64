package dev.asrun.export;

import java.io.IOException;
import java.time.Duration;

/**
 * An export ran past its {@link ExportTimeLimit} and was ended: what was written so far is all of
 * it (the caller decides how to tell the reader), and the database connection has been returned.
 */
public final class ExportTimeLimitException extends IOException {

  private final Duration limit;

  ExportTimeLimitException(Duration limit, Throwable cause) {
    super("the export took longer than its time limit of " + limit, cause);
    this.limit = limit;
  }

  /** The limit the export ran past. */
  public Duration limit() {
    return limit;
  }
}
