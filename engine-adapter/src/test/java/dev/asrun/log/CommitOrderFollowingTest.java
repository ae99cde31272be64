package dev.asrun.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Vendor;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * Following the log with {@link EventLog#after} while writers on two engine nodes (two connection
 * pools on one database) commit out of {@code seq} order: each writer's transaction appends, then
 * waits a random moment before it commits or rolls back, so later {@code seq}s often commit first.
 * Readers on both nodes (one of them asking for some procedures' events) follow the log in small
 * pages all the while, and each must end having seen every committed event exactly once, in {@code
 * seq} order, and no rolled-back one. Without the log gate readers skip events. A reader that a
 * writer keeps waiting gives way, says so, and leaves the other writers alone.
 */
class CommitOrderFollowingTest {

  private static final int WRITERS = 6;
  private static final int TRANSACTIONS = 30;
  private static final int READERS = 3;
  private static final int PAGE = 3;
  private static final int SHARED_STREAMS = 2;

  private final EventLog log = new EventLog();
  private final Set<UUID> committed = ConcurrentHashMap.newKeySet();
  private final Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
  private volatile boolean writersDone;

  @OnBothDatabases
  void readersFollowingWhileWritersCommitOutOfOrderSeeEveryCommittedEventOnceInOrder(Vendor vendor)
      throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    List<PooledDataSource> nodes = List.of(pool(db), pool(db));
    ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);
    try {
      List<Future<List<LoggedEvent>>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        DataSource node = nodes.get(r % nodes.size());
        Optional<Set<String>> procedures =
            r == 0 ? Optional.of(Set.of("reactor_startup")) : Optional.empty();
        readers.add(threads.submit(() -> follow(node, procedures)));
      }
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        DataSource node = nodes.get(w % nodes.size());
        String own = "writer-" + w;
        writers.add(
            threads.submit(
                () -> {
                  for (int t = 0; t < TRANSACTIONS; t++) {
                    write(node, own);
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
      writersDone = true;

      assertThat(committed).isNotEmpty();
      assertThat(rolledBack).isNotEmpty();
      for (Future<List<LoggedEvent>> reader : readers) {
        List<LoggedEvent> seen = reader.get();
        assertThat(seen).extracting(LoggedEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(seen)
            .extracting(LoggedEvent::eventId)
            .doesNotContainAnyElementsOf(rolledBack)
            .containsExactlyInAnyOrderElementsOf(committed);
      }
    } finally {
      threads.shutdownNow();
      nodes.forEach(PooledDataSource::forceCloseAll);
    }
  }

  @OnBothDatabases
  void readerGivesWayToAWriterStillInFlightAndSaysBusyThenSeesItsEventOnceCommitted(Vendor vendor)
      throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    LoggedEvent first = db.inTransaction(c -> log.append(c, Events.step("run-1", "open_valve")));
    try (Connection writer = db.dataSource().getConnection();
        Connection reader = db.dataSource().getConnection()) {
      writer.setAutoCommit(false);
      LoggedEvent pending = log.append(writer, Events.step("run-2", "open_valve"));

      assertThatThrownBy(() -> log.after(reader, 0, 10)).isInstanceOf(LogBusyException.class);
      assertThat(reader.getAutoCommit()).isTrue();
      LoggedEvent other = db.inTransaction(c -> log.append(c, Events.step("run-3", "open_valve")));
      writer.commit();

      assertThat(log.after(reader, 0, 10)).containsExactly(first, pending, other);
    }
  }

  /**
   * One transaction: one to three events of the writer's own run or of one all writers share
   * (sometimes after locking its stream first, as the monitor does), then a pause before it ends;
   * one in four rolls back.
   */
  private void write(DataSource node, String own) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<UUID> appended = new ArrayList<>();
    try (Connection connection = node.getConnection()) {
      connection.setAutoCommit(false);
      String run = random.nextInt(3) == 0 ? "shared-" + random.nextInt(SHARED_STREAMS) : own;
      NewEvent event = Events.step(run, "open_valve");
      if (random.nextBoolean()) {
        log.lock(connection, event.stream());
      }
      int events = random.nextInt(1, 4);
      for (int e = 0; e < events; e++) {
        appended.add(log.append(connection, event).eventId());
      }
      Thread.sleep(random.nextInt(0, 12));
      if (random.nextInt(4) == 0) {
        connection.rollback();
        rolledBack.addAll(appended);
      } else {
        connection.commit();
        committed.addAll(appended);
      }
    }
  }

  /**
   * Follows the log in pages of {@value #PAGE} from the start until the writers are done and a page
   * asked for after that comes back empty; only the events of {@code procedures} if given (every
   * event here is of the one procedure, so they are all).
   */
  private List<LoggedEvent> follow(DataSource node, Optional<Set<String>> procedures)
      throws Exception {
    List<LoggedEvent> seen = new ArrayList<>();
    long after = 0;
    try (Connection connection = node.getConnection()) {
      while (true) {
        boolean last = writersDone;
        List<LoggedEvent> page =
            procedures.isPresent()
                ? log.after(connection, after, PAGE, procedures.get())
                : log.after(connection, after, PAGE);
        if (page.isEmpty()) {
          if (last) {
            return seen;
          }
          Thread.onSpinWait();
          continue;
        }
        seen.addAll(page);
        after = page.get(page.size() - 1).seq();
      }
    }
  }

  /** A connection pool of its own on {@code db}, as an engine node has. */
  private static PooledDataSource pool(IndexDatabase db) {
    PooledDataSource pool =
        db.vendor() == Vendor.H2
            ? new PooledDataSource(
                "org.h2.Driver", ((JdbcDataSource) db.dataSource()).getURL(), "sa", "")
            : new PooledDataSource(
                "org.postgresql.Driver",
                ((BaseDataSource) db.dataSource()).getUrl(),
                "postgres",
                "");
    pool.setPoolMaximumActiveConnections(WRITERS + READERS);
    return pool;
  }
}
