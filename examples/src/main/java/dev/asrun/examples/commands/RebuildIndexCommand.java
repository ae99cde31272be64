package dev.asrun.examples.commands;

import dev.asrun.index.RunProjector;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * {@code rebuild-index}: makes the run index again from the whole as-run log ({@link
 * RunProjector#rebuild}); readers see the old index until the rebuilt one replaces it, and a
 * failure leaves the old index in place.
 */
@Command(
    name = "rebuild-index",
    header = "Rebuild the run index from the as-run log.",
    description = {
      "Replays every event of the as-run log into a new run index (the tables behind"
          + " /asrun/api/v1 and the queries) that replaces the old one at the end: a failure"
          + " leaves the old index as it was.",
      "On PostgreSQL it is one transaction and the app may keep running: engine commands that"
          + " record and reads of the index wait until the rebuild commits. On H2 the new index is"
          + " built in tables beside the old one and swapped in; the app cannot be running (it"
          + " holds the database file).",
      "It is a batch job: run it with the throughput collector (java -XX:+UseParallelGC -jar ...),"
          + " on H2 about a third faster than the JVM's default collector."
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
