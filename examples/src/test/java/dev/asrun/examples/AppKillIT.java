package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.capture.RunIds;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app killed with SIGKILL while operators are working runs, then started again on the
 * same database, on H2 and on PostgreSQL: every step whose completion the engine acknowledged is in
 * the as-run log exactly once, every step it did not acknowledge is either recorded once and gone
 * from the engine or not recorded and still open, {@code verify} finds every chain intact, and
 * {@code rebuild-index} gives back the index the app had kept.
 */
class AppKillIT {

  private static final int OPERATORS = 4;

  /** Steps acknowledged before the kill, so runs are at every stage when it comes. */
  private static final int ACKNOWLEDGED_BEFORE_KILL = 30;

  /** Plain tables, as PostgreSQL and H2 2 name them in their metadata. */
  private static final String[] TABLE_TYPES = {"TABLE", "BASE TABLE"};

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> EVENTS = new TypeReference<>() {};

  @TempDir Path scratch;

  @Test
  void keepsEveryAcknowledgedStepThroughASigkillOnH2() throws Exception {
    survivesSigkill(AppDatabase.h2(scratch));
  }

  @Test
  void keepsEveryAcknowledgedStepThroughASigkillOnPostgres() throws Exception {
    try (EmbeddedPostgres server = EmbeddedPostgres.start()) {
      try (Connection admin = server.getPostgresDatabase().getConnection();
          Statement create = admin.createStatement()) {
        create.execute("CREATE DATABASE asrun");
      }
      survivesSigkill(AppDatabase.postgres(server, "asrun", scratch));
    }
  }

  private void survivesSigkill(AppDatabase database) throws Exception {
    PackagedApp app = PackagedApp.start(database, scratch.resolve("app-killed.log"));
    Workload workload = new Workload(app.base());
    workload.start(OPERATORS);
    workload.awaitAcknowledged(ACKNOWLEDGED_BEFORE_KILL);
    app.kill();
    workload.join();
    assertThat(workload.unexpectedAnswers()).isEmpty();

    PackagedApp restarted = PackagedApp.start(database, scratch.resolve("app-restarted.log"));
    try {
      assertEveryAcknowledgedStepRecordedOnce(restarted.base(), workload);
    } finally {
      restarted.stop();
    }

    PackagedApp.CommandResult verify = PackagedApp.command(database, "verify");
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("OK: every chain is intact.");

    Map<String, List<String>> kept = indexRows(database);
    PackagedApp.CommandResult rebuild = PackagedApp.command(database, "rebuild-index");
    assertThat(rebuild.exitCode()).as(rebuild.output()).isZero();
    assertThat(indexRows(database)).isEqualTo(kept);
  }

  private static void assertEveryAcknowledgedStepRecordedOnce(URI base, Workload workload)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, List<Map<String, Object>>> events = new TreeMap<>();
    for (String run : workload.startedRuns()) {
      List<Map<String, Object>> trail = events(http, base, run);
      events.put(run, trail);
      assertThat(trail)
          .as("run %s, started before the kill", run)
          .filteredOn(event -> "proc_triggered".equals(event.get("event_type")))
          .hasSize(1);
    }
    List<Workload.Completion> completions = workload.completions();
    long acknowledged = completions.stream().filter(c -> c.acknowledged).count();
    assertThat(acknowledged).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
    System.out.printf(
        "killed with %d step completions acknowledged and %d in flight, %d runs started%n",
        acknowledged, completions.size() - acknowledged, workload.startedRuns().size());
    for (Workload.Completion completion : completions) {
      List<Map<String, Object>> trail =
          events.computeIfAbsent(
              completion.processInstanceId, run -> events(http, base, run));
      long recorded =
          trail.stream()
              .filter(
                  event ->
                      ("step_matched".equals(event.get("event_type"))
                              || "step_skipped".equals(event.get("event_type")))
                          && completion.taskId.equals(
                              ((Map<?, ?>) event.get("payload")).get("task_id")))
              .count();
      if (completion.acknowledged) {
        assertThat(recorded).as("acknowledged completion of %s", completion).isEqualTo(1);
      } else {
        boolean stillOpen = status(http, base, "/engine-rest/task/" + completion.taskId) == 200;
        assertThat(recorded)
            .as("completion of %s in flight at the kill, its task still open: %s", completion, stillOpen)
            .isEqualTo(stillOpen ? 0 : 1);
      }
    }
  }

  /** The run's audit trail, from the as-run API of the app. */
  private static List<Map<String, Object>> events(HttpClient http, URI base, String processInstanceId) {
    URI uri = base.resolve("/asrun/api/v1/runs/" + RunIds.of(processInstanceId) + "/events");
    try {
      HttpResponse<String> response =
          http.send(authorized(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
      return JSON.readValue(response.body(), EVENTS);
    } catch (IOException e) {
      throw new AssertionError("GET " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: GET " + uri, e);
    }
  }

  private static int status(HttpClient http, URI base, String path)
      throws IOException, InterruptedException {
    return http.send(authorized(base.resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", PackagedApp.DEMO_AUTHORIZATION);
  }

  /** Every row of every table of the run index ({@code asrun_run*}), as text, sorted, by table. */
  private static Map<String, List<String>> indexRows(AppDatabase database) throws SQLException {
    Map<String, List<String>> tables = new TreeMap<>();
    try (Connection connection = database.connect()) {
      DatabaseMetaData metadata = connection.getMetaData();
      List<String> names = new ArrayList<>();
      try (ResultSet found = metadata.getTables(null, null, "%", TABLE_TYPES)) {
        while (found.next()) {
          String name = found.getString("TABLE_NAME");
          if (name.toLowerCase(Locale.ROOT).startsWith("asrun_run")) {
            names.add(name);
          }
        }
      }
      try (Statement select = connection.createStatement()) {
        for (String name : names) {
          List<String> rows = new ArrayList<>();
          try (ResultSet row = select.executeQuery("SELECT * FROM " + name)) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
              StringBuilder text = new StringBuilder();
              for (int column = 1; column <= columns; column++) {
                text.append(column == 1 ? "" : "|").append(row.getString(column));
              }
              rows.add(text.toString());
            }
          }
          rows.sort(null);
          tables.put(name.toLowerCase(Locale.ROOT), rows);
        }
      }
    }
    assertThat(tables).as("the run index's tables").containsKey("asrun_run");
    assertThat(tables.get("asrun_run")).as("runs in the index").isNotEmpty();
    return tables;
  }
}
