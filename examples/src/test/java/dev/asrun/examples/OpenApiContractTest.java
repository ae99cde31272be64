package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asrun.examples.security.SecuritySuite;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The API's contract: the OpenAPI document the app serves is the one committed as {@code
 * docs/openapi.json}, from which integrators generate their clients (so a change of the API shows
 * in review as a change of that file). It runs on the security suite's app (one start for both).
 */
@SecuritySuite
class OpenApiContractTest {

  /** The committed document, from the examples module's folder (where Maven runs the tests). */
  static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

  /** Where a served document that differs is written, to be reviewed and committed. */
  static final Path SERVED = Path.of("target", "openapi.json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
}
