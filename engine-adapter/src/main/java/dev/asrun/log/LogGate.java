package dev.asrun.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The log gate: what lets a reader follow the log by {@code seq} without skipping an event that
 * commits after a higher {@code seq} became visible.
 *
 * <p>Every transaction that writes the log (or locks a stream to decide whether to write) enters
 * the gate <em>shared</em> before it takes any other as-run lock and before it draws a {@code seq},
 * and stays in it until it commits or rolls back. Writers never wait for each other at the gate. A
 * reader enters it <em>exclusive</em>, in a short transaction of its own: once in, no writer is in
 * flight, so every {@code seq} drawn so far belongs to an event that has committed or will never
 * exist. The largest committed {@code seq} read then is the reader's horizon: every event at or
 * below it is visible, and every later writer draws a larger {@code seq}. The reader leaves the
 * gate at once and reads its page up to the horizon; it holds the gate for one index lookup.
 *
 * <p>New writers wait behind a reader waiting for the writers in flight. If a lock it waits for is
 * not granted within {@value #READER_WAIT_MILLIS} ms, the reader gives up, lets the writers pass
 * and tries again, {@value #READER_ATTEMPTS} times in all, pausing twice as long each time (from
 * {@value #FIRST_PAUSE_MILLIS} ms to {@value #LONGEST_PAUSE_MILLIS} ms, about 4 s in all): so a
 * long writer transaction (a large batch) holds up a follower, not the other writers. And a writer
 * that holds other locks while entering the gate (rows of Camunda's that an earlier command of a
 * longer transaction changed) and a reader waiting for another writer who needs those locks cannot
 * deadlock: the reader gives way, well before PostgreSQL's deadlock detector (1 s by default) would
 * choose a victim, and a reader never makes a writer fail.
 *
 * <ul>
 *   <li>PostgreSQL: a transaction-scoped advisory lock, {@code pg_advisory_xact_lock_shared} for
 *       writers, {@code pg_advisory_xact_lock} with {@code lock_timeout} for readers. New shared
 *       requests queue behind a waiting exclusive one, so a reader waits only for the writers in
 *       flight when it asked. Advisory locks need no privilege on any table.
 *   <li>H2 has no shared lock a transaction can take: the gate is {@value #STRIPES} rows of {@code
 *       asrun_log_gate}, the writers' stripes, and one more, the readers' turn. A writer locks one
 *       stripe ({@code SELECT ... FOR UPDATE SKIP LOCKED}): the one of its thread, so a transaction
 *       that enters again holds the same row, else any free one, so writers do not wait for each
 *       other; only when a reader holds every free stripe does it wait. A reader takes the turn
 *       (readers queue there, holding nothing else, so two never deadlock), locks every free stripe
 *       at once ({@code SKIP LOCKED}), which makes new writers wait behind it as on PostgreSQL,
 *       then waits for the stripes of the writers in flight ({@code FOR UPDATE WAIT}).
 * </ul>
 *
 * Writers pay one statement per unit of work ({@link Statements}: an engine command), however many
 * appends and locks it makes.
 */
final class LogGate {

  /** How many writers' stripes {@code asrun_log_gate} has on H2 (migration V8): rows 0 to 63. */
  private static final int STRIPES = 64;

  /** The row of {@code asrun_log_gate} after the stripes: the readers' turn. */
  private static final int READERS_TURN = STRIPES;

  private static final long READER_WAIT_MILLIS = 50;
  private static final int READER_ATTEMPTS = 10;
  private static final long FIRST_PAUSE_MILLIS = 25;
  private static final long LONGEST_PAUSE_MILLIS = 800;

  /** The PostgreSQL advisory lock key of the gate: "asrungat" in ASCII. */
  private static final long GATE_LOCK = 0x617372756e676174L;

  private static final String PG_SHARED = "SELECT pg_advisory_xact_lock_shared(?)";
  private static final String PG_EXCLUSIVE = "SELECT pg_advisory_xact_lock(?)";
  private static final String PG_READER_TIMEOUT =
      "SET LOCAL lock_timeout = '" + READER_WAIT_MILLIS + "ms'";

  private static final String H2_OWN_STRIPE =
      "SELECT stripe FROM asrun_log_gate WHERE stripe = ? FOR UPDATE SKIP LOCKED";
  private static final String H2_FREE_STRIPE =
      "SELECT stripe FROM asrun_log_gate WHERE stripe < "
          + STRIPES
          + " FETCH FIRST ROW ONLY FOR UPDATE SKIP LOCKED";
  private static final String H2_WAIT_STRIPE =
      "SELECT stripe FROM asrun_log_gate WHERE stripe = ? FOR UPDATE";
  private static final String H2_READERS_TURN =
      "SELECT stripe FROM asrun_log_gate WHERE stripe = " + READERS_TURN + " FOR UPDATE";
  private static final String H2_FREE_STRIPES =
      "SELECT stripe FROM asrun_log_gate FOR UPDATE SKIP LOCKED";
  private static final String H2_ALL_STRIPES =
      "SELECT stripe FROM asrun_log_gate ORDER BY stripe FOR UPDATE WAIT "
          + READER_WAIT_MILLIS / 1000.0;

  private static final String HORIZON = "SELECT COALESCE(MAX(seq), 0) FROM asrun_event";

  /** A lock not granted in time: PostgreSQL's lock_not_available, H2's lock timeout. */
  private static final Set<String> GAVE_WAY = Set.of("55P03", "HYT00");

  /** Chosen as a deadlock's victim (PostgreSQL, H2): the reader gives way the same. */
  private static final Set<String> DEADLOCK_VICTIM = Set.of("40P01", "40001");

  private LogGate() {}

  /**
   * Enters the gate as a writer, in the caller's transaction, until it ends. Idempotent within a
   * transaction. Its statements are prepared once per unit of work.
   */
  static void enter(Statements statements) throws SQLException {
    if (!statements.enteringGate()) {
      return;
    }
    if (Dialect.of(statements.connection()) == Dialect.POSTGRESQL) {
      PreparedStatement shared = statements.prepare(PG_SHARED);
      shared.setLong(1, GATE_LOCK);
      shared.executeQuery().close();
      return;
    }
    int own = Math.floorMod(Thread.currentThread().getId(), STRIPES);
    if (locked(statements, H2_OWN_STRIPE, own) || locked(statements, H2_FREE_STRIPE, -1)) {
      return;
    }
    // a reader holds every free stripe: wait until it leaves (it gives way if a writer in flight
    // keeps it waiting READER_WAIT_MILLIS)
    if (!locked(statements, H2_WAIT_STRIPE, own)) {
      throw new IllegalStateException(
          "asrun_log_gate has no row "
              + own
              + "; it should have rows 0 to "
              + READERS_TURN
              + " (migration V8)");
    }
  }

  /**
   * The largest {@code seq} below which nothing is in flight: every event with a {@code seq} up to
   * it has committed (or never will exist), and every event appended later gets a larger one. Runs
   * short transactions of its own on {@code connection}, which must be in autocommit mode, and
   * leaves it so.
   *
   * @throws LogBusyException if writers kept the gate for all {@value #READER_ATTEMPTS} attempts
   */
  static long horizon(Connection connection) throws SQLException {
    Dialect dialect = Dialect.of(connection);
    connection.setAutoCommit(false);
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          long horizon = horizonOnce(connection, dialect);
          connection.commit();
          return horizon;
        } catch (SQLException e) {
          connection.rollback();
          if (!GAVE_WAY.contains(e.getSQLState()) && !DEADLOCK_VICTIM.contains(e.getSQLState())) {
            throw e;
          }
          if (attempt == READER_ATTEMPTS) {
            throw new LogBusyException(
                "writers kept the log busy through "
                    + READER_ATTEMPTS
                    + " attempts to find the committed head; ask again",
                e);
          }
          pauseForWriters(attempt);
        }
      }
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static long horizonOnce(Connection connection, Dialect dialect) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        statement.execute(PG_READER_TIMEOUT);
        try (PreparedStatement exclusive = connection.prepareStatement(PG_EXCLUSIVE)) {
          exclusive.setLong(1, GATE_LOCK);
          exclusive.executeQuery().close();
        }
      } else {
        statement.executeQuery(H2_READERS_TURN).close();
        statement.executeQuery(H2_FREE_STRIPES).close();
        statement.executeQuery(H2_ALL_STRIPES).close();
      }
      try (ResultSet row = statement.executeQuery(HORIZON)) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static boolean locked(Statements statements, String sql, int stripe) throws SQLException {
    PreparedStatement lock = statements.prepare(sql);
    if (stripe >= 0) {
      lock.setInt(1, stripe);
    }
    try (ResultSet row = lock.executeQuery()) {
      return row.next();
    }
  }

  /**
   * Lets the writers that were waiting behind the reader pass before it asks again: longer after
   * each failed attempt, with jitter so that readers who gave way together do not return together.
   */
  private static void pauseForWriters(int attempt) throws LogBusyException {
    long pause = Math.min(FIRST_PAUSE_MILLIS << (attempt - 1), LONGEST_PAUSE_MILLIS);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LogBusyException("interrupted while waiting for the log's writers", e);
    }
  }
}
