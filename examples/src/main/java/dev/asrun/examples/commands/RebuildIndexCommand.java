package dev.asrun.examples.commands;

import dev.asrun.index.RunProjector;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * {@code rebuild-index}: empties the run index and replays the whole as-run log into it ({@link
 * RunProjector#rebuild}) in one transaction, so readers see the old index until it commits and a
 * failure leaves the old index in place.
 */
@Command(
    name = "rebuild-index",
    header = "Rebuild the run index from the as-run log.",
    description = {
      "Empties the run index (the tables behind /asrun/api/v1 and the queries) and replays every"
          + " event of the as-run log into it, in one transaction: a failure changes nothing.",
      "On PostgreSQL the app may keep running: engine commands that record and reads of the index"
          + " wait until the rebuild commits. On H2 the app cannot be running (it holds the"
          + " database file)."
    })
final class RebuildIndexCommand extends DatabaseCommand {

  private static final double NANOS_PER_SECOND = 1e9;

  @Override
  int run(Connection connection, String url, PrintWriter out) throws SQLException {
    connection.setAutoCommit(false);
    long started = System.nanoTime();
    long replayed;
    try {
      replayed = new RunProjector().rebuild(connection);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
    double seconds = (System.nanoTime() - started) / NANOS_PER_SECOND;
    out.println(
        String.format(
            Locale.ROOT,
            "Rebuilt the run index in %s from %s in %.2f s (%.0f events/s).",
            oneLine(url),
            count(replayed, "event"),
            seconds,
            seconds > 0 ? replayed / seconds : 0));
    return RecordCommands.OK;
  }
}
