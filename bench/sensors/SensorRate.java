import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Observations per second through the REST API of the running example app ({@code
 * bench/sensor-rate.sh} starts it): sensor noise, observations of actions no procedure has, sent by
 * {@code demo} as batches of {@code BATCH} to {@code POST /asrun/api/v1/observations}, so each is
 * recorded as one {@code observation_unmatched} in the reporter's stream. In the same process, alternating in rounds: the same batches sent again (every
 * observation carries an idempotency key, so the second time each is answered from the record and
 * nothing is written: the baseline, what HTTP, JSON, authentication and the engine command cost
 * without recording), and, for the per-observation cost of batching, single reports.
 *
 * <p>Usage: {@code SensorRate BASE_URL BATCHES BATCH SINGLES}
 */
public final class SensorRate {

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int batches = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int singles = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String auth =
        "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    URI uri = URI.create(base + "/asrun/api/v1/observations");

    post(http, uri, auth, body(0, batch, "warmup"));
    post(http, uri, auth, body(0, batch, "warmup"));
    List<Double> recorded = new ArrayList<>();
    List<Double> replayed = new ArrayList<>();
    List<Double> single = new ArrayList<>();
    for (int round = 0; round < batches; round++) {
      String bodyOfRound = body(round, batch, "round");
      recorded.add(time(http, uri, auth, bodyOfRound) / batch);
      replayed.add(time(http, uri, auth, bodyOfRound) / batch);
      int from = round * singles;
      for (int i = 0; i < singles; i++) {
        String one = observation(from + i, "single", "one");
        single.add(time(http, uri, auth, one));
      }
    }
    double perRecorded = median(recorded);
    double perReplayed = median(replayed);
    double perSingle = single.isEmpty() ? Double.NaN : median(single);
    System.out.printf(
        "%d batches of %d unmatched observations, %d single reports per round%n",
        batches, batch, singles);
    System.out.printf(
        "  recorded (new observations):   %.1f µs per observation, %,.0f observations/s%n",
        perRecorded * 1000, 1000 / perRecorded);
    System.out.printf(
        "  baseline (same batch answered from its idempotency keys, nothing written): %.1f µs,"
            + " %,.0f observations/s%n",
        perReplayed * 1000, 1000 / perReplayed);
    System.out.printf("  ratio recorded / baseline, time per observation: %.2f%n",
        perRecorded / perReplayed);
    System.out.printf(
        "  single reports (one observation a request): %.2f ms each, %,.0f observations/s;"
            + " a batched observation costs %.3f of a single one%n",
        perSingle, 1000 / perSingle, perRecorded / perSingle);
  }

  /** Milliseconds of one request, which must succeed. */
  private static double time(HttpClient http, URI uri, String auth, String body) throws Exception {
    long start = System.nanoTime();
    post(http, uri, auth, body);
    return (System.nanoTime() - start) / 1e6;
  }

  private static void post(HttpClient http, URI uri, String auth, String body) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200 || !answer.body().contains("\"unmatched\":true")) {
      throw new IllegalStateException(
          "POST /observations answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private static String body(int round, int batch, String kind) {
    List<String> observations = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      observations.add(observation(i, kind, String.valueOf(round)));
    }
    return "[" + String.join(",", observations) + "]";
  }

  /** An action of no procedure, on one of 50 pieces of equipment at one of 5 sites. */
  private static String observation(int i, String kind, String round) {
    return "{\"action\":\"noise_" + (i % 20) + "\",\"timestamp\":\"" + Instant.now()
        + "\",\"source\":\"inference\",\"context\":{\"location\":\"site_" + (i % 5)
        + "\",\"equipment_id\":\"probe_" + (i % 50) + "\"},\"idempotency_key\":\"" + kind + "-"
        + round + "-" + i + "\"}";
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
