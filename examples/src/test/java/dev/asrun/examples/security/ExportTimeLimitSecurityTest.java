package dev.asrun.examples.security;

import static dev.asrun.examples.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.examples.TestRuns;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An export that runs past {@code asrun.limits.export-time} is ended and returns its database
 * connection: with a limit of one nanosecond (passed before the first run is written), every
 * export of a procedure with a run is answered 503 problem+json naming the setting, more times in
 * a row than the connection pool has connections, and the app still reads its record afterwards.
 * A leaked connection would leave the pool empty and later exports failing another way.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-export-time;DB_CLOSE_DELAY=-1",
      "spring.datasource.hikari.maximum-pool-size=4",
      "spring.datasource.hikari.connection-timeout=2000",
      "asrun.examples.scenarios.runs=0",
      "asrun.limits.export-time=1ns"
    })
class ExportTimeLimitSecurityTest {

  private static final String API = "/asrun/api/v1";
  private static final int POOL = 4;
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};

  @Autowired private TestRestTemplate http;

  @Test
  void endsEveryExportPastItsTimeLimitAndReturnsItsConnection() {
    TestRuns.startDailyStartup(
        http.withBasicAuth("demo", "demo"),
        "line_export_time",
        "reactor_" + UUID.randomUUID().toString().substring(0, 8));

    for (int i = 0; i < 3 * POOL; i++) {
      String format = List.of("csv", "jsonl", "xes").get(i % 3);
      ResponseEntity<Map<String, Object>> export =
          asDemo()
              .exchange(
                  API + "/procedures/sop_daily_startup/runs." + format,
                  HttpMethod.GET,
                  null,
                  OBJECT);

      assertProblem(export, HttpStatus.SERVICE_UNAVAILABLE, "asrun.limits.export-time");
      assertThat(export.getHeaders().getOrEmpty(HttpHeaders.CONTENT_DISPOSITION))
          .as("no file is offered")
          .noneMatch(value -> value.contains("attachment"));
    }
    ResponseEntity<Map<String, Object>> runs =
        asDemo()
            .exchange(API + "/runs?procedure_id=sop_daily_startup", HttpMethod.GET, null, OBJECT);
    assertThat(runs.getStatusCode()).as("%s", runs).isEqualTo(HttpStatus.OK);
  }

  private TestRestTemplate asDemo() {
    return http.withBasicAuth("demo", "demo");
  }
}
