package dev.asrun.examples.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The scenario driver works one run of each built-in procedure (and the calibration one of them
 * calls), and what the as-run API then shows has every kind of deviation, confirmations and
 * corrections, and a log that verifies; the daily start-up's run has every deviation the run page
 * marks.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-scenarios;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class ScenarioDriverTest {

  private static final String API = "/asrun/api/v1";
  private static final ParameterizedTypeReference<Map<String, Object>> OBJECT =
      new ParameterizedTypeReference<>() {};

  @Autowired private ProcessEngine engine;
  @Autowired private DataSource dataSource;
  @Autowired private TestRestTemplate http;

  @Test
  @SuppressWarnings("unchecked")
  void oneRunOfEachProcedureShowsEveryDeviationType() {
    ScenarioSummary summary = new ScenarioDriver(engine, dataSource).run(1);

    Map<String, Object> page = get(API + "/runs?max=100");
    List<Map<String, Object>> runs = (List<Map<String, Object>>) page.get("runs");
    assertThat(runs).hasSize(summary.runs());
    assertThat(runs)
        .extracting(run -> run.get("procedure_id"))
        .containsAll(Scenarios.PROCEDURES);
    List<String> types = new ArrayList<>();
    int corrections = 0;
    for (Map<String, Object> run : runs) {
      Map<String, Object> record = get(API + "/runs/" + run.get("run_id"));
      List<Map<String, Object>> deviations = (List<Map<String, Object>>) record.get("deviations");
      for (Map<String, Object> deviation : deviations) {
        types.add((String) deviation.get("type"));
      }
      corrections += ((List<?>) record.get("corrections")).size();
      if (run.get("procedure_id").equals(Scenarios.DAILY_STARTUP)) {
        assertThat(record).containsEntry("status", "completed");
        assertThat(deviations)
            .as("the start-up run with every mark of the run page")
            .extracting(
                d -> d.get("type"), d -> d.get("step_id"), d -> d.get("previous_step_id"))
            .containsExactly(
                tuple("overdue", "start_pump", null),
                tuple("addition", "open_drain_valve", "start_pump"),
                tuple("repeat", "start_pump", "open_drain_valve"),
                tuple("reorder", "verify_temperature", "start_pump"),
                tuple("omission", "record_baseline", null));
      }
    }
    assertThat(types)
        .as("summary %s", summary)
        .contains(
            "omission",
            "addition",
            "reorder",
            "repeat",
            "timeout",
            "overdue",
            "check_failed",
            "out_of_limits");
    assertThat(runs)
        .extracting(run -> run.get("status"))
        .contains("completed", "aborted")
        .doesNotContain("active", "triggered");
    assertThat(runs)
        .extracting(run -> run.get("executor_confirmation"))
        .contains("yes", "no", "partially");
    assertThat(corrections).isEqualTo(summary.corrections()).isGreaterThanOrEqualTo(2);
    assertThat(get(API + "/verify")).containsEntry("ok", true);
  }

  private Map<String, Object> get(String path) {
    ResponseEntity<Map<String, Object>> response =
        http.withBasicAuth("demo", "demo").exchange(path, HttpMethod.GET, null, OBJECT);
    assertThat(response.getStatusCode())
        .as("%s: %s", path, response.getBody())
        .isEqualTo(HttpStatus.OK);
    return response.getBody();
  }
}
