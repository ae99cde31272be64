package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Runs the example app's tests start, over HTTP as Tasklist does. */
public final class TestRuns {

  private TestRuns() {}

  /**
   * Starts a daily start-up at {@code location} on {@code equipment} as demo, through the engine
   * REST API's start form; answers its process instance id.
   */
  public static String startDailyStartup(TestRestTemplate http, String location, String equipment) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("location", Map.of("value", location, "type", "String"));
    variables.put("equipment_id", Map.of("value", equipment, "type", "String"));
    ResponseEntity<Map<String, Object>> started =
        http.withBasicAuth("demo", "demo")
            .exchange(
                "/engine-rest/process-definition/key/sop_daily_startup/submit-form",
                HttpMethod.POST,
                new HttpEntity<>(Map.of("variables", variables)),
                new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(started.getStatusCode()).as("%s", started).isEqualTo(HttpStatus.OK);
    return (String) started.getBody().get("id");
  }
}
