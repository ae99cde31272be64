package dev.asrun.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Operators working runs of the daily start-up over the engine REST API as Tasklist does, each on
 * a thread of its own, until the app goes away: start a run with its start form, then submit the
 * form of its oldest open step until none is left, and start the next. Every step submitted is
 * recorded before it is sent, and marked acknowledged once the engine answered 204.
 */
final class Workload {

  private static final String PROCEDURE = "sop_daily_startup";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /** One step submitted: the run's process instance, the task and whether the engine said 204. */
  static final class Completion {
    final String processInstanceId;
    final String taskId;
    final String stepId;
    volatile boolean acknowledged;

    Completion(String processInstanceId, String taskId, String stepId) {
      this.processInstanceId = processInstanceId;
      this.taskId = taskId;
      this.stepId = stepId;
    }

    @Override
    public String toString() {
      return stepId + " (task " + taskId + ", process instance " + processInstanceId + ")";
    }
  }

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final List<String> startedRuns = Collections.synchronizedList(new ArrayList<>());
  private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
  private final Semaphore acknowledgements = new Semaphore(0);
  private final List<Thread> operators = new ArrayList<>();

  Workload(URI base) {
    this.base = base;
  }

  /** Starts {@code count} operators. */
  void start(int count) {
    for (int i = 0; i < count; i++) {
      Thread operator = new Thread(this::work, "operator-" + i);
      operators.add(operator);
      operator.start();
    }
  }

  /**
   * Returns once {@code count} steps have been acknowledged in all.
   *
   * @throws AssertionError if every operator stopped before
   */
  void awaitAcknowledged(int count) throws InterruptedException {
    while (!acknowledgements.tryAcquire(count, 1, TimeUnit.SECONDS)) {
      if (operators.stream().noneMatch(Thread::isAlive)) {
        throw new AssertionError(
            "every operator stopped after "
                + acknowledgements.availablePermits()
                + " steps acknowledged; unexpected answers: "
                + unexpected);
      }
    }
  }

  /** Waits until every operator gave up (the app is gone). */
  void join() throws InterruptedException {
    for (Thread operator : operators) {
      operator.join();
    }
  }

  /** Every step submitted, acknowledged or not. */
  List<Completion> completions() {
    return List.copyOf(completions);
  }

  /** The process instances whose start the engine acknowledged. */
  List<String> startedRuns() {
    return List.copyOf(startedRuns);
  }

  /** Answers other than success while the app was up: none expected. */
  List<String> unexpectedAnswers() {
    return List.copyOf(unexpected);
  }

  private void work() {
    try {
      while (true) {
        String run = startRun();
        for (Map<String, Object> task = oldestOpenStep(run); task != null; task = oldestOpenStep(run)) {
          submit(run, task);
        }
      }
    } catch (IOException appGone) {
      // the app was killed: this operator stops, as a browser would
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String startRun() throws IOException, InterruptedException {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("location", typed("String", "line_2"));
    variables.put("equipment_id", typed("String", "reactor_02"));
    variables.put("notes", typed("String", "worked while the app is killed"));
    HttpResponse<String> response =
        send(
            "POST",
            "/process-definition/key/" + PROCEDURE + "/submit-form",
            Map.of("businessKey", "kill-" + UUID.randomUUID(), "variables", variables));
    expect(response, 200);
    String run = (String) JSON.readValue(response.body(), OBJECT).get("id");
    startedRuns.add(run);
    return run;
  }

  private Map<String, Object> oldestOpenStep(String run) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send("GET", "/task?processInstanceId=" + run + "&sortBy=created&sortOrder=asc", null);
    expect(response, 200);
    List<Map<String, Object>> tasks = JSON.readValue(response.body(), LIST);
    return tasks.isEmpty() ? null : tasks.get(0);
  }

  private void submit(String run, Map<String, Object> task)
      throws IOException, InterruptedException {
    Completion completion =
        new Completion(run, (String) task.get("id"), (String) task.get("taskDefinitionKey"));
    completions.add(completion);
    HttpResponse<String> response =
        send(
            "POST",
            "/task/" + completion.taskId + "/submit-form",
            Map.of("variables", answers(completion.stepId)));
    expect(response, 204);
    completion.acknowledged = true;
    acknowledgements.release();
  }

  /** The operator's answers: the temperature is fine, every step done, readings within limits. */
  private static Map<String, Object> answers(String step) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("asrun_outcome", typed("String", "done"));
    if (step.equals("verify_temperature")) {
      variables.put("temperature_ok", typed("Boolean", true));
    } else if (step.equals("record_baseline")) {
      variables.put("temperature_f", typed("Long", 181));
      variables.put("flow_l_min", typed("Long", 44));
    }
    return variables;
  }

  private static Map<String, Object> typed(String type, Object value) {
    return Map.of("type", type, "value", value);
  }

  private void expect(HttpResponse<String> response, int status) throws IOException {
    if (response.statusCode() != status) {
      unexpected.add(response.request().method() + " " + response.uri() + " -> "
          + response.statusCode() + ": " + response.body());
      throw new IOException("unexpected answer " + response.statusCode());
    }
  }

  private HttpResponse<String> send(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/engine-rest" + path))
            .header("Authorization", PackagedApp.DEMO_AUTHORIZATION)
            .timeout(Duration.ofMinutes(2));
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
