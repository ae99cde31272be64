package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Runs the example app's tests start and work over HTTP, as Tasklist does. */
public final class TestRuns {

  private TestRuns() {}

  /**
   * Starts a daily start-up as {@code starter} (a template with its login) at {@code location} on
   * {@code equipment} (either left out where null), through the engine REST API's start form;
   * answers its process instance id.
   */
  public static String startDailyStartup(
      TestRestTemplate starter, String location, String equipment) {
    Map<String, String> form = new LinkedHashMap<>();
    if (location != null) {
      form.put("location", location);
    }
    if (equipment != null) {
      form.put("equipment_id", equipment);
    }
    return startDailyStartup(starter, form);
  }

  /**
   * Starts a daily start-up as {@code starter} with the start form's text fields {@code form}
   * (e.g. {@code location}, {@code equipment_id}, {@code notes}); answers its process instance id.
   */
  public static String startDailyStartup(TestRestTemplate starter, Map<String, String> form) {
    Map<String, Object> variables = new LinkedHashMap<>();
    form.forEach((name, value) -> variables.put(name, Map.of("value", value, "type", "String")));
    ResponseEntity<Map<String, Object>> started =
        starter.exchange(
            "/engine-rest/process-definition/key/sop_daily_startup/submit-form",
            HttpMethod.POST,
            new HttpEntity<>(Map.of("variables", variables)),
            new ParameterizedTypeReference<Map<String, Object>>() {});
    assertThat(started.getStatusCode()).as("%s", started).isEqualTo(HttpStatus.OK);
    return (String) started.getBody().get("id");
  }

  /** Completes the open task of {@code step} in {@code instance} as {@code worker}. */
  public static void complete(TestRestTemplate worker, String instance, String step) {
    ResponseEntity<List<Map<String, Object>>> tasks =
        worker.exchange(
            "/engine-rest/task?processInstanceId=" + instance + "&taskDefinitionKey=" + step,
            HttpMethod.GET,
            null,
            new ParameterizedTypeReference<List<Map<String, Object>>>() {});
    assertThat(tasks.getBody()).as("%s", tasks).hasSize(1);
    ResponseEntity<String> completed =
        worker.exchange(
            "/engine-rest/task/" + tasks.getBody().get(0).get("id") + "/complete",
            HttpMethod.POST,
            new HttpEntity<>(Map.of()),
            String.class);
    assertThat(completed.getStatusCode()).as("%s", completed).isEqualTo(HttpStatus.NO_CONTENT);
  }
}
