package dev.asrun.log;

import static dev.asrun.log.Events.step;
import static dev.asrun.log.Events.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class EventLogTest {

  private static TestDatabases databases;

  private final EventLog log = new EventLog();

  @BeforeAll
  static void startDatabases() throws Exception {
    databases = TestDatabases.start();
  }

  @AfterAll
  static void stopDatabases() throws Exception {
    databases.close();
  }

  @OnBothDatabases
  void readsAppendedEventsBackByStreamRunAndSeq(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    List<LoggedEvent> appended =
        db.inTransaction(
            c ->
                List.of(
                    log.append(c, step("run-1", "open_valve")),
                    log.append(c, trigger("reactor_startup")),
                    log.append(c, step("run-1", "power_on"))));
    LoggedEvent first = appended.get(0);
    LoggedEvent trigger = appended.get(1);
    LoggedEvent second = appended.get(2);

    db.inTransaction(
        c -> {
          assertThat(log.stream(c, "run:run-1")).containsExactly(first, second);
          assertThat(log.run(c, "run-1")).containsExactly(first, second);
          assertThat(log.stream(c, "procedure:reactor_startup")).containsExactly(trigger);
          assertThat(log.after(c, 0, 10)).containsExactly(first, trigger, second);
          assertThat(log.after(c, first.seq(), 1)).containsExactly(trigger);
          assertThat(log.run(c, "run-2")).isEmpty();
          return null;
        });
    assertThat(first.stream()).isEqualTo("run:run-1");
    assertThat(first.runId()).contains("run-1");
    assertThat(first.procedureId()).contains("reactor_startup");
    assertThat(first.procedureVersion()).contains("3");
    assertThat(first.source()).isEqualTo(EventSource.EXECUTOR);
    assertThat(first.type()).isEqualTo(EventType.STEP_MATCHED);
    assertThat(first.payloadMap())
        .containsExactly(Map.entry("outcome", "done"), Map.entry("step", "open_valve"));
    assertThat(trigger.stream()).isEqualTo("procedure:reactor_startup");
    assertThat(trigger.runId()).isEmpty();
  }

  @OnBothDatabases
  void chainsEachStreamFromTheZeroHashThroughEveryEvent(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    db.inTransaction(
        c -> {
          for (int i = 0; i < 5; i++) {
            log.append(c, step("run-a", "a" + i));
            log.append(c, step("run-b", "b" + i));
          }
          return null;
        });

    for (String stream : List.of("run:run-a", "run:run-b")) {
      List<LoggedEvent> events = db.inTransaction(c -> log.stream(c, stream));
      assertThat(events).extracting(LoggedEvent::streamSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(events.get(0).prevHash()).isEqualTo("0".repeat(64));
      for (int i = 1; i < events.size(); i++) {
        assertThat(events.get(i).prevHash()).isEqualTo(events.get(i - 1).hash());
      }
      assertThat(events).extracting(LoggedEvent::hash).allMatch(h -> h.matches("[0-9a-f]{64}"));
    }
    assertThat(db.verify().ok()).isTrue();
    assertThat(db.verify().events()).isEqualTo(10);
    assertThat(db.verify().streams()).isEqualTo(2);
  }

  @OnBothDatabases
  void storesTimesAtTheMicrosecondsItHashed(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    Instant now = Instant.parse("2025-06-01T08:05:00.123456789Z");
    EventLog clockedLog = new EventLog(Clock.fixed(now, ZoneOffset.UTC));
    NewEvent claimed =
        new NewEvent(
            EventSource.EXECUTOR,
            EventType.STEP_MATCHED,
            Optional.of("reactor_startup"),
            Optional.of("3"),
            Optional.of("run-1"),
            Optional.of(Instant.parse("2025-06-01T07:59:59.999999999Z")),
            Map.of());

    LoggedEvent appended = db.inTransaction(c -> clockedLog.append(c, claimed));

    assertThat(appended.recordedAt()).isEqualTo(Instant.parse("2025-06-01T08:05:00.123456Z"));
    assertThat(appended.occurredAt()).contains(Instant.parse("2025-06-01T07:59:59.999999Z"));
    assertThat(read(db, c -> log.run(c, "run-1"))).containsExactly(appended);
    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void storesThePayloadAsCanonicalJson(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("temperature", 21.5);
    values.put("unit", "\u00b5m \ud83d\ude00");
    values.put("count", 3);
    values.put("note", null);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("values", values);
    payload.put("checks", List.of(true, false));
    payload.put("big", new java.math.BigDecimal("1E+3"));

    LoggedEvent appended =
        db.inTransaction(
            c ->
                log.append(
                    c,
                    new NewEvent(
                        EventSource.EXECUTOR,
                        EventType.VARIABLE_RECORDED,
                        Optional.of("reactor_startup"),
                        Optional.of("3"),
                        Optional.of("run-1"),
                        Optional.empty(),
                        payload)));

    String canonical =
        "{\"big\":1E+3,\"checks\":[true,false],\"values\":{\"count\":3,\"note\":null,"
            + "\"temperature\":21.5,\"unit\":\"\\u00B5m \\uD83D\\uDE00\"}}";
    assertThat(appended.payload()).isEqualTo(canonical);
    assertThat(db.inTransaction(c -> log.run(c, "run-1")).get(0).payload()).isEqualTo(canonical);
    assertThat(appended.payloadMap())
        .containsEntry("values", values)
        .containsEntry("checks", List.of(true, false))
        .containsEntry("big", 1000.0);
  }

  @OnBothDatabases
  void leavesNoEventAndNoHeadChangeWhenTheCallerRollsBack(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    LoggedEvent kept = db.inTransaction(c -> log.append(c, step("run-1", "kept")));

    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      log.append(c, step("run-1", "rolled back"));
      log.append(c, step("run-2", "rolled back"));
      c.rollback();
    }

    assertThat(read(db, c -> log.after(c, 0, 100))).containsExactly(kept);
    assertThat(db.number("SELECT last_seq FROM asrun_stream_head WHERE stream = 'run:run-1'"))
        .isEqualTo(1);
    assertThat(db.number("SELECT COUNT(*) FROM asrun_stream_head WHERE stream = 'run:run-2'"))
        .isZero();
    LoggedEvent next = db.inTransaction(c -> log.append(c, step("run-1", "next")));
    assertThat(next.streamSeq()).isEqualTo(2);
    assertThat(next.prevHash()).isEqualTo(kept.hash());
    assertThat(db.verify().ok()).isTrue();
  }

  @OnBothDatabases
  void leavesCommittingToTheCaller(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      LoggedEvent pending = log.append(c, step("run-1", "pending"));

      assertThat(db.number("SELECT COUNT(*) FROM asrun_event")).isZero();
      c.commit();
      assertThat(read(db, other -> log.run(other, "run-1"))).containsExactly(pending);
    }
  }

  @OnBothDatabases
  void refusesAConnectionOutsideATransaction(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> log.append(c, step("run-1", "a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("autocommit is on");
    }
    assertThat(db.number("SELECT COUNT(*) FROM asrun_event")).isZero();
  }

  @OnBothDatabases
  void serializesConcurrentAppendsToOneStreamWithoutForkingIt(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    int threads = 8;
    int transactionsPerThread = 15;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < transactionsPerThread; i++) {
                    int transaction = i;
                    db.inTransaction(
                        c -> {
                          log.append(c, step("shared", thread + "-" + transaction + "-a"));
                          log.append(c, step("shared", thread + "-" + transaction + "-b"));
                          return null;
                        });
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdown();
    }

    int total = threads * transactionsPerThread * 2;
    List<LoggedEvent> events = db.inTransaction(c -> log.run(c, "shared"));
    assertThat(events)
        .extracting(LoggedEvent::streamSeq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).prevHash()).isEqualTo(events.get(i - 1).hash());
      assertThat(events.get(i).seq()).isGreaterThan(events.get(i - 1).seq());
    }
    assertThat(db.number("SELECT last_seq FROM asrun_stream_head WHERE stream = 'run:shared'"))
        .isEqualTo(total);
    VerifyReport report = db.verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.events()).isEqualTo(total);
  }

  @OnBothDatabases
  void appendsAnEventOnceWhenConcurrentTransactionsCheckForItUnderTheStreamLock(Vendor vendor)
      throws Exception {
    TestDatabase db = databases.create(vendor);
    db.inTransaction(c -> log.append(c, step("shared", "a")));
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  return db.inTransaction(
                      c -> {
                        log.lock(c, NewEvent.runStream("shared"));
                        boolean absent =
                            log.run(c, "shared").stream()
                                .noneMatch(e -> "once".equals(e.payloadMap().get("step")));
                        if (absent) {
                          log.append(c, step("shared", "once"));
                        }
                        return null;
                      });
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdown();
    }

    List<LoggedEvent> events = db.inTransaction(c -> log.run(c, "shared"));
    assertThat(events)
        .extracting(e -> e.payloadMap().get("step"))
        .containsExactly("a", "once");
    assertThat(db.verify().problems()).isEmpty();
  }

  @OnBothDatabases
  void refusesToLockAStreamOutsideATransaction(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> log.lock(c, NewEvent.runStream("run-1")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("autocommit is on");
    }
  }

  @OnBothDatabases
  void rejectsAPayloadValueThatIsNotJsonNamingWhereItIs(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    NewEvent withDate =
        new NewEvent(
            EventSource.EXECUTOR,
            EventType.VARIABLE_RECORDED,
            Optional.empty(),
            Optional.empty(),
            Optional.of("run-1"),
            Optional.empty(),
            Map.of("values", Map.of("due date", new Date())));

    assertThatThrownBy(() -> db.inTransaction(c -> log.append(c, withDate)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "payload.values[\"due date\"]: a java.util.Date is not a JSON value");
    assertThat(db.number("SELECT COUNT(*) FROM asrun_stream_head")).isZero();
  }

  @OnBothDatabases
  void rejectsIdsAndTimesTheColumnsCannotHold(Vendor vendor) throws Exception {
    TestDatabase db = databases.create(vendor);
    NewEvent longRun = step("r".repeat(256), "a");
    NewEvent ancient =
        new NewEvent(
            EventSource.EXECUTOR,
            EventType.STEP_MATCHED,
            Optional.empty(),
            Optional.empty(),
            Optional.of("run-1"),
            Optional.of(Instant.parse("-0001-12-31T00:00:00Z")),
            Map.of());

    assertThatThrownBy(() -> db.inTransaction(c -> log.append(c, longRun)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runId is 256 characters long; at most 255 are stored");
    assertThatThrownBy(() -> db.inTransaction(c -> log.append(c, ancient)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the years 1 to 9999");
    assertThatThrownBy(() -> db.inTransaction(c -> log.after(c, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1, got 0");
  }

  @OnBothDatabases
  void writesSnakeCaseJsonWithThePayloadAsAnObjectWhateverTheMapper(Vendor vendor)
      throws Exception {
    TestDatabase db = databases.create(vendor);
    LoggedEvent event = db.inTransaction(c -> log.append(c, step("run-1", "open_valve")));

    for (ObjectMapper mapper :
        List.of(
            new ObjectMapper(),
            new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE))) {
      JsonNode json = mapper.readTree(mapper.writeValueAsString(event));
      assertThat(json.properties())
          .extracting(Map.Entry::getKey)
          .containsExactly(
              "event_id",
              "seq",
              "stream",
              "stream_seq",
              "timestamp",
              "occurred_at",
              "source",
              "event_type",
              "procedure_id",
              "procedure_version",
              "run_id",
              "payload",
              "prev_hash",
              "hash");
      assertThat(json.get("event_id").asText()).isEqualTo(event.eventId().toString());
      assertThat(json.get("seq").asLong()).isEqualTo(event.seq());
      assertThat(json.get("timestamp").asText())
          .isEqualTo(Envelope.formatTime(event.recordedAt()))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
      assertThat(json.get("occurred_at").isNull()).isTrue();
      assertThat(json.get("source").asText()).isEqualTo("executor");
      assertThat(json.get("event_type").asText()).isEqualTo("step_matched");
      assertThat(json.get("run_id").asText()).isEqualTo("run-1");
      assertThat(json.get("payload").isObject()).isTrue();
      assertThat(json.get("payload").get("step").asText()).isEqualTo("open_valve");
      assertThat(json.get("prev_hash").asText()).isEqualTo("0".repeat(64));
      assertThat(json.get("hash").asText()).isEqualTo(event.hash());
    }
  }

  private static List<LoggedEvent> read(TestDatabase db, TestDatabase.Work<List<LoggedEvent>> query)
      throws Exception {
    return db.inTransaction(query);
  }
}
