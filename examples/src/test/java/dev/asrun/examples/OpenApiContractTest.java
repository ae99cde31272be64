package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asrun.capture.Observing;
import dev.asrun.examples.client.ApiClient;
import dev.asrun.examples.client.api.AsRunRestControllerApi;
import dev.asrun.examples.client.api.ObservationControllerApi;
import dev.asrun.examples.client.model.Observation;
import dev.asrun.examples.client.model.ObservationAnswer;
import dev.asrun.examples.client.model.ObservationBatch;
import dev.asrun.examples.client.model.ObservationContext;
import dev.asrun.examples.client.model.ObservationMatch;
import dev.asrun.examples.client.model.ObservationReport;
import dev.asrun.examples.client.model.ObservationReportAnswer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The API's contract: the OpenAPI document the app serves is the one committed as {@code
 * docs/openapi.json}, from which integrators generate their clients (so a change of the API shows
 * in review as a change of that file).
 *
 * <p>Its app is its own, not the security suite's: Camunda's REST API and webapps find the engine
 * named {@code default} in a JVM-wide registry, which the latest app started takes over, so a
 * cached app must not be reused after another one started.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:asrun-openapi-contract;DB_CLOSE_DELAY=-1",
      "asrun.examples.scenarios.runs=0"
    })
class OpenApiContractTest {

  /** The committed document, from the examples module's folder (where Maven runs the tests). */
  static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

  /** Where a served document that differs is written, to be reviewed and committed. */
  static final Path SERVED = Path.of("target", "openapi.json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final String LOCATION = "line_contract";

  @LocalServerPort private int port;
  @Autowired private TestRestTemplate http;

  @Test
  void servesTheCommittedDocument() throws Exception {
    ResponseEntity<String> served = http.getForEntity("/v3/api-docs", String.class);
    assertThat(served.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode document = JSON.readTree(served.getBody());
    // the server's address is the test's random port, not part of the contract
    ((ObjectNode) document).remove("servers");

    if (!Files.exists(COMMITTED) || !JSON.readTree(COMMITTED.toFile()).equals(document)) {
      Files.createDirectories(SERVED.getParent());
      Files.writeString(SERVED, JSON.writeValueAsString(document) + "\n");
    }
    assertThat(Files.exists(COMMITTED))
        .as("docs/openapi.json is missing; review and commit examples/%s", SERVED)
        .isTrue();
    assertThat(JSON.readTree(COMMITTED.toFile()))
        .as("the served OpenAPI document differs from docs/openapi.json; review and commit"
            + " examples/%s", SERVED)
        .isEqualTo(document);
  }

  /**
   * The generated client, typed from the document alone: an observation of the run's first step,
   * then a batch (an action the procedure does not have), then the run read back.
   */
  @Test
  void aClientGeneratedFromTheDocumentReportsObservationsAndReadsTheRunBack() throws Exception {
    String equipment = "reactor_" + UUID.randomUUID().toString().substring(0, 8);
    String runId =
        Observing.runIdOf(
            TestRuns.startDailyStartup(http.withBasicAuth("demo", "demo"), LOCATION, equipment));
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://localhost:" + port);
    String demo = Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + demo));
    ObservationControllerApi observations = new ObservationControllerApi(client);

    ObservationReportAnswer single =
        observations.observe(new ObservationReport(observation("power_on_reactor", equipment)));
    ObservationBatch batch = new ObservationBatch();
    batch.add(observation("wipe_reactor", equipment));
    ObservationReportAnswer batched = observations.observe(new ObservationReport(batch));
    var run = new AsRunRestControllerApi(client).run(runId);

    assertThat(single.getObservationAnswer().getMatched())
        .extracting(ObservationMatch::getRunId, ObservationMatch::getStepId)
        .contains(Tuple.tuple(runId, "power_on"));
    assertThat(batched.getObservationAnswers())
        .singleElement()
        .extracting(ObservationAnswer::getObservationId)
        .isNotNull();
    assertThat(run.getSteps())
        .filteredOn(step -> "power_on".equals(step.getStepId()))
        .singleElement()
        .satisfies(step -> assertThat(step.getStatus()).isEqualTo("done"));
  }

  private static Observation observation(String action, String equipment) {
    return new Observation()
        .action(action)
        .timestamp(OffsetDateTime.now(ZoneOffset.UTC))
        .source(Observation.SourceEnum.INFERENCE)
        .context(new ObservationContext().location(LOCATION).equipmentId(equipment));
  }
}
