package dev.asrun.spring;

import dev.asrun.log.SignedCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes a signed checkpoint ({@link SignedCheckpoints}) when it starts and then every {@code
 * asrun.checkpoints.interval}, on a thread of its own, until closed. A checkpoint that fails
 * (database unreachable, folder full or gone) is logged and the next one is tried on time: one bad
 * moment must not end the schedule.
 */
public final class CheckpointSchedule implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(CheckpointSchedule.class.getName());

  private final SignedCheckpoints checkpoints;
  private final ScheduledExecutorService executor;

  CheckpointSchedule(SignedCheckpoints checkpoints, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "asrun.checkpoints.interval is " + interval + "; it must be positive, e.g. 1h");
    }
    this.checkpoints = checkpoints;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "asrun-checkpoints");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleAtFixedRate(this::takeLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Takes one checkpoint now, in the caller's thread, besides the schedule.
   *
   * @return the checkpoint file written
   */
  public Path takeNow() throws IOException, SQLException {
    return checkpoints.take();
  }

  private void takeLogged() {
    try {
      Path file = checkpoints.take();
      LOG.log(System.Logger.Level.DEBUG, "signed checkpoint written to {0}", file);
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "no checkpoint written to " + checkpoints.directory() + " this time: " + e.getMessage(),
          e);
    }
  }

  /** Stops the schedule; a checkpoint being written is finished first. */
  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(1, TimeUnit.MINUTES);
  }
}
