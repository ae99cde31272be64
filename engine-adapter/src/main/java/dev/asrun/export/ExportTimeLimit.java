package dev.asrun.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How long one export may take, counted from when it starts: an export to a slow reader (or of a
 * slow query) would otherwise hold its database connection, and its read-only transaction, for as
 * long as the reader likes. {@link RunExport} checks the limit before each run it hands over and
 * before each write to the reader, and gives the database query no longer than what is left.
 */
public final class ExportTimeLimit {

  private final Duration limit;
  private final LongSupplier nanoTime;
  private final long deadline;

  private ExportTimeLimit(Duration limit, LongSupplier nanoTime) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("an export's time limit must be positive, not " + limit);
    }
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.deadline = nanoTime.getAsLong() + limit.toNanos();
  }

  /** A limit of {@code limit} from now. */
  public static ExportTimeLimit startingNow(Duration limit) {
    return startingNow(limit, System::nanoTime);
  }

  /** A limit of {@code limit} from now on the monotonic clock {@code nanoTime} (tests). */
  static ExportTimeLimit startingNow(Duration limit, LongSupplier nanoTime) {
    return new ExportTimeLimit(
        Objects.requireNonNull(limit, "limit"), Objects.requireNonNull(nanoTime, "nanoTime"));
  }

  /** The limit, as configured. */
  public Duration limit() {
    return limit;
  }

  /** What is left of the limit; zero or negative once it has passed. */
  Duration remaining() {
    return Duration.ofNanos(deadline - nanoTime.getAsLong());
  }

  boolean passed() {
    return deadline - nanoTime.getAsLong() <= 0;
  }

  /**
   * @throws ExportTimeLimitException if the limit has passed
   */
  void check() throws ExportTimeLimitException {
    if (passed()) {
      throw new ExportTimeLimitException(limit, null);
    }
  }

  /** {@code out}, checking the limit before each write and flush. */
  OutputStream guard(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        check();
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        check();
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        check();
        out.flush();
      }
    };
  }
}
