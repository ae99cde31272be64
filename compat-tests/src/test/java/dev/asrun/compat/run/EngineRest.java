package dev.asrun.compat.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.compat.AsRunChecks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Camunda's engine REST API ({@code /engine-rest}) as demo, as Tasklist's calls work a run. */
final class EngineRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  EngineRest(URI base) {
    this.base = base;
  }

  /** Starts the latest {@code key} with its start form; answers the process instance id. */
  String start(String key) throws IOException, InterruptedException {
    return (String)
        post("/engine-rest/process-definition/key/" + key + "/submit-form", Map.of(), 200)
            .get("id");
  }

  /** Submits the form of the open task of {@code step}: done. */
  void done(String processInstanceId, String step) throws IOException, InterruptedException {
    HttpResponse<String> tasks =
        send(
            HttpRequest.newBuilder(
                    base.resolve(
                        "/engine-rest/task?processInstanceId="
                            + processInstanceId
                            + "&taskDefinitionKey="
                            + step))
                .GET());
    assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
    List<Map<String, Object>> open = JSON.readValue(tasks.body(), new TypeReference<>() {});
    assertThat(open).as("the open task of %s", step).hasSize(1);
    post(
        "/engine-rest/task/" + open.get(0).get("id") + "/submit-form",
        Map.of("asrun_outcome", Map.of("value", "done", "type", "String")),
        204);
  }

  private Map<String, Object> post(String path, Map<String, Object> variables, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("variables", variables)))));
    assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(expected);
    return response.body().isEmpty()
        ? Map.of()
        : JSON.readValue(response.body(), new TypeReference<>() {});
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request
            .header("Authorization", AsRunChecks.basic("demo", "demo"))
            .header("Accept", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
