package dev.asrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code deploy} against servers that answer what a Camunda engine would not. */
class UnexpectedEngineAnswersTest {

  private HttpServer server;
  private String url;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/engine-rest";
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void sendsOneMultipartFormWithEveryProcedure() {
    answer(200, "application/json", "{\"id\":\"d1\",\"deployedProcessDefinitions\":null}");

    CliRun run = deploy();

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0))
        .startsWith("POST /engine-rest/deployment/create multipart/form-data; boundary=")
        .contains(
            "name=\"deployment-name\"",
            "name=\"enable-duplicate-filtering\"",
            "name=\"deploy-changed-only\"",
            "name=\"deployment-source\"",
            "name=\"sop_calibrate_probe.bpmn\"; filename=\"sop_calibrate_probe.bpmn\"",
            "name=\"sop_measure_sample.bpmn\"; filename=\"sop_measure_sample.bpmn\"",
            "id=\"sop_measure_sample\"");
    assertThat(run.out()).startsWith("nothing changed: 2 procedures are already deployed at ");
  }

  @Test
  void engineErrorMessageIsShownOnOneSafeLine() {
    answer(
        500,
        "application/json",
        "{\"type\":\"ProcessEngineException\",\"message\":\"ENGINE-1 it broke\\n\\u001b[31mred\"}");

    CliRun run = deploy();

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "the engine at "
                + url
                + " refused the deployment: HTTP 500: ENGINE-1 it broke \uFFFD[31mred"
                + System.lineSeparator());
  }

  @Test
  void redirectIsNotFollowedButNamed() {
    server.createContext(
        "/",
        exchange -> {
          record(exchange);
          exchange.getResponseHeaders().add("Location", "https://engine.example/engine-rest");
          exchange.sendResponseHeaders(301, -1);
          exchange.close();
        });

    CliRun run = deploy();

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .contains("HTTP 301: redirected to https://engine.example/engine-rest;");
  }

  @Test
  void answerThatIsNotCamundasLeavesTheOutcomeUnknown() {
    answer(200, "text/html", "<html><body>Welcome</body></html>");

    CliRun run = deploy();

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("the deployment's outcome is unknown: " + url + " answered, but its answer")
        .contains("is it the base URL of a Camunda 7 REST API?");
  }

  @Test
  void errorWithoutExplanationNamesTheStatus() {
    answer(502, "text/plain", "");

    CliRun run = deploy();

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("refused the deployment: HTTP 502: no explanation given");
  }

  private CliRun deploy() {
    return CliRun.run("deploy", CliRun.fixture("valid").toString(), "--url", url);
  }

  private void answer(int status, String contentType, String body) {
    server.createContext(
        "/",
        exchange -> {
          record(exchange);
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", contentType);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
  }

  private void record(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + " "
            + exchange.getRequestHeaders().getFirst("Content-Type")
            + "\n"
            + body);
  }
}
