package dev.asrun.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Recorder;
import dev.asrun.index.Vendor;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * An export past its time limit ends, with what the reader got a prefix of the whole export, and
 * returns its database connection: over {@value #RUNS} runs of {@value #SOP} (large enough that
 * the export reaches the reader in several writes), on a clock the test moves (no timing).
 */
class ExportTimeLimitTest {

  static final String SOP = "sop_export_time";
  static final int RUNS = 120;
  static final Duration LIMIT = Duration.ofMinutes(5);

  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger openConnections = new AtomicInteger();

  @OnBothDatabases
  void anExportWithinItsLimitIsTheWholeExport(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long runs =
        RunExport.write(
            queries,
            all(),
            SOP,
            ExportFormat.CSV,
            false,
            out,
            ExportTimeLimit.startingNow(LIMIT, clock::get));

    assertThat(runs).isEqualTo(RUNS);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(whole(queries));
    assertThat(openConnections).hasValue(0);
  }

  /** The reader takes the first part, then longer than the limit allows before the next. */
  @OnBothDatabases
  void aSlowReaderGetsAPrefixAndTheConnectionIsReturned(Vendor vendor) throws Exception {
    AsRunQueries queries = history(vendor);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStream slowReader =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            clock.addAndGet(LIMIT.toNanos());
          }
        };

    assertThatThrownBy(
            () ->
                RunExport.write(
                    queries,
                    all(),
                    SOP,
                    ExportFormat.CSV,
                    false,
                    slowReader,
                    ExportTimeLimit.startingNow(LIMIT, clock::get)))
        .isInstanceOf(ExportTimeLimitException.class)
        .hasMessageContaining(LIMIT.toString());

    String whole = whole(queries);
    String got = out.toString(StandardCharsets.UTF_8);
    assertThat(got).isNotEmpty();
    assertThat(whole).startsWith(got).isNotEqualTo(got);
    assertThat(openConnections).hasValue(0);
  }

  /** The limit passes while the runs are read (a slow query): nothing more is written. */
  @OnBothDatabases
  void anExportWhoseLimitPassesWhileReadingEndsAndReturnsTheConnection(Vendor vendor)
      throws Exception {
    AsRunQueries queries = history(vendor);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportTimeLimit limit = ExportTimeLimit.startingNow(LIMIT, clock::get);
    clock.addAndGet(LIMIT.toNanos());

    assertThatThrownBy(
            () -> RunExport.write(queries, all(), SOP, ExportFormat.JSONL, false, out, limit))
        .isInstanceOf(ExportTimeLimitException.class);

    assertThat(out.size()).isZero();
    assertThat(openConnections).hasValue(0);
  }

  private static RunQuery all() {
    return RunQuery.all().withProcedureId(SOP);
  }

  private static String whole(AsRunQueries queries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunExport.write(queries, all(), SOP, ExportFormat.CSV, false, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@value #RUNS} runs of two steps each, read through a data source that counts connections. */
  private AsRunQueries history(Vendor vendor) throws Exception {
    IndexDatabase db = IndexDatabase.create(vendor);
    Recorder recorder = new Recorder(db);
    for (int i = 0; i < RUNS; i++) {
      recorder
          .run("t" + i, SOP, "1")
          .triggered(i, "executor_" + i, "lab_" + i, "press_" + i, null)
          .step(i + 0.1, "prepare", "executor_" + i)
          .skip(i + 0.2, "seal", "executor_" + i, "the seal was not needed on run " + i)
          .completed(i + 0.3, 18_000);
    }
    return AsRunQueries.of(counting(db.dataSource()));
  }

  /** {@code dataSource}, counting the connections it handed out and that are not closed yet. */
  private DataSource counting(DataSource dataSource) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(dataSource, method, args);
              if (result instanceof Connection connection) {
                openConnections.incrementAndGet();
                return counted(connection);
              }
              return result;
            });
  }

  private Connection counted(Connection connection) {
    AtomicInteger closes = new AtomicInteger();
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && closes.getAndIncrement() == 0) {
                openConnections.decrementAndGet();
              }
              return invoke(connection, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
