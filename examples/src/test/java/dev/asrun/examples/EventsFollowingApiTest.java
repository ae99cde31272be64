package dev.asrun.examples;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.log.EventLog;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.NewEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code GET /asrun/api/v1/events?after=} followed page by page over HTTP while the record is
 * written at once by daily start-ups started and worked through the engine REST API (the capture's
 * appends, in the engine's commands) and, beside them, by transactions on the app's data source
 * that append to runs of their own and wait a moment before they commit or roll back, so later
 * {@code seq}s often commit first. Every follower ends having seen every event of the log exactly
 * once, in {@code seq} order: none skipped, none twice, none rolled back. (Without the log gate
 * followers skip events here.) A follower that a writer keeps waiting is answered 503 busy.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-events-following;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class EventsFollowingApiTest {

  private static final String API = "/asrun/api/v1";
  private static final int CLIENTS = 2;
  private static final int RUNS_PER_CLIENT = 3;
  private static final int SLOW_WRITERS = 3;
  private static final int SLOW_TRANSACTIONS = 20;
  private static final int FOLLOWERS = 2;
  private static final int PAGE = 4;
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;
  @Autowired private DataSource dataSource;
  @Autowired private JdbcTemplate jdbc;

  /** The log's last {@code seq} once the writers are done; followers follow up to it. */
  private volatile long target = -1;

  /** An event a follower was given. */
  private record Seen(long seq, String eventId) {}

  @Test
  void followersOverHttpSeeEveryEventOnceInSeqOrderWhileRunsAndSlowWritersCommitOutOfOrder()
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + SLOW_WRITERS + FOLLOWERS);
    try {
      List<Future<List<Seen>>> followers = new ArrayList<>();
      for (int f = 0; f < FOLLOWERS; f++) {
        followers.add(threads.submit(this::follow));
      }
      List<Future<?>> writers = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        String equipment = "reactor_following_" + c + "_";
        writers.add(
            threads.submit(
                () -> {
                  for (int r = 0; r < RUNS_PER_CLIENT; r++) {
                    String instance =
                        TestRuns.startDailyStartup(asDemo(), "line_following", equipment + r);
                    TestRuns.complete(asDemo(), instance, "power_on");
                  }
                  return null;
                }));
      }
      for (int w = 0; w < SLOW_WRITERS; w++) {
        String writer = "slow-" + w;
        writers.add(
            threads.submit(
                () -> {
                  for (int t = 0; t < SLOW_TRANSACTIONS; t++) {
                    appendSlowly(writer + "-" + t);
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
      target = jdbc.queryForObject("SELECT MAX(seq) FROM asrun_event", Long.class);
      List<List<Seen>> followed = new ArrayList<>();
      for (Future<List<Seen>> follower : followers) {
        followed.add(follower.get());
      }

      List<String> log =
          jdbc.queryForList(
              "SELECT event_id FROM asrun_event WHERE seq <= ? ORDER BY seq", String.class, target);
      assertThat(log).hasSizeGreaterThan(SLOW_WRITERS * SLOW_TRANSACTIONS / 2);
      for (List<Seen> seen : followed) {
        assertThat(seen.stream().filter(event -> event.seq() <= target).map(Seen::eventId))
            .containsExactlyElementsOf(log);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void answersBusyWithRetryAfterWhileAWriterStaysInFlightThenGivesItsEventOnceCommitted()
      throws Exception {
    long head = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM asrun_event", Long.class);
    try (Connection writer = dataSource.getConnection()) {
      writer.setAutoCommit(false);
      String pending = new EventLog().append(writer, event("held-open")).eventId().toString();

      ResponseEntity<Map<String, Object>> busy = events(head, 1000);
      assertProblem(busy, HttpStatus.SERVICE_UNAVAILABLE, "committed head");
      assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
      writer.commit();

      assertThat((List<Map<String, Object>>) events(head, 1000).getBody().get("events"))
          .extracting(event -> event.get("event_id"))
          .contains(pending);
    }
  }

  /** One event of the run {@code runId}, committed after a pause, or rolled back (one in four). */
  private void appendSlowly(String runId) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      new EventLog().append(connection, event(runId));
      Thread.sleep(random.nextInt(0, 12));
      if (random.nextInt(4) == 0) {
        connection.rollback();
      } else {
        connection.commit();
      }
    }
  }

  /**
   * The events {@code GET /events} gives, page by page, from the start until the writers are done
   * and the follower is past the log's last {@code seq} then (events of the app's jobs may follow);
   * a {@code 503} is asked again.
   */
  private List<Seen> follow() {
    List<Seen> seen = new ArrayList<>();
    long after = 0;
    while (target < 0 || after < target) {
      ResponseEntity<Map<String, Object>> page = events(after, PAGE);
      if (page.getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE) {
        continue;
      }
      assertThat(page.getStatusCode()).as("%s", page).isEqualTo(HttpStatus.OK);
      List<Map<String, Object>> events = (List<Map<String, Object>>) page.getBody().get("events");
      events.forEach(
          event ->
              seen.add(
                  new Seen(
                      ((Number) event.get("seq")).longValue(), (String) event.get("event_id"))));
      after = ((Number) page.getBody().get("next_after")).longValue();
    }
    return seen;
  }

  /** A step of the run {@code runId} (of no run the engine knows) done. */
  private static NewEvent event(String runId) {
    return new NewEvent(
        EventSource.EXECUTOR,
        EventType.STEP_MATCHED,
        Optional.of("sop_daily_startup"),
        Optional.of("1"),
        Optional.of(runId),
        Optional.empty(),
        Map.of("step", "power_on", "outcome", "done"));
  }

  private ResponseEntity<Map<String, Object>> events(long after, int limit) {
    return asDemo()
        .exchange(API + "/events?limit=" + limit + "&after=" + after, HttpMethod.GET, null, OBJECT);
  }

  private TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }
}
