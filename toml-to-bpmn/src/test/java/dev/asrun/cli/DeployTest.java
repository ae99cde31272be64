package dev.asrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asrun.cli.plainengine.PlainCamundaEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy} against a plain Camunda 7 engine that has none of this project's code. */
class DeployTest {

  private static PlainCamundaEngine.Running engine;

  @TempDir Path temp;

  @BeforeAll
  static void startEngine() {
    engine = PlainCamundaEngine.start("plain", Optional.empty());
  }

  @AfterAll
  static void stopEngine() throws Exception {
    engine.close();
  }

  @Test
  void deploysEveryProcedureOfTheCatalog() throws Exception {
    Path catalog = Catalogs.copy("valid", temp);

    CliRun run = deploy(catalog, "deploy-every-procedure");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode deployment = deploymentNamed("deploy-every-procedure");
    assertThat(deployment.path("source").asText()).isEqualTo("toml-to-bpmn");
    assertThat(run.out())
        .startsWith(
            "deployed to "
                + engine.restUrl()
                + " as \"deploy-every-procedure\" (deployment "
                + deployment.path("id").asText()
                + "):");
    for (String key : new String[] {"sop_calibrate_probe", "sop_measure_sample"}) {
      JsonNode latest = latestDefinition(key);
      assertThat(latest.path("deploymentId").asText()).isEqualTo(deployment.path("id").asText());
      assertThat(run.out()).contains("  " + key + " version " + latest.path("version").asInt());
    }
  }

  @Test
  void deployingAnUnchangedCatalogAgainCreatesNoNewVersion() throws Exception {
    Path catalog = Catalogs.copy("valid", temp);
    assertThat(deploy(catalog, "deploy-unchanged").exitCode()).isZero();
    int measureVersions = definitionCount("sop_measure_sample");
    int calibrateVersions = definitionCount("sop_calibrate_probe");

    CliRun again = deploy(catalog, "deploy-unchanged");

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.out())
        .isEqualTo(
            "nothing changed: 2 procedures are already deployed at "
                + engine.restUrl()
                + " as \"deploy-unchanged\""
                + System.lineSeparator());
    assertThat(definitionCount("sop_measure_sample")).isEqualTo(measureVersions);
    assertThat(definitionCount("sop_calibrate_probe")).isEqualTo(calibrateVersions);
  }

  @Test
  void deploysOnlyTheProceduresThatChanged() throws Exception {
    Path catalog = Catalogs.copy("valid", temp);
    assertThat(deploy(catalog, "deploy-changed-only").exitCode()).isZero();
    int calibrateVersion = latestDefinition("sop_calibrate_probe").path("version").asInt();
    int measureVersions = definitionCount("sop_measure_sample");
    Catalogs.edit(
        catalog,
        "sop_calibrate_probe.toml",
        "name = \"Calibrate pH probe\"",
        "name = \"Calibrate the pH probe\"");

    CliRun run = deploy(catalog, "deploy-changed-only");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out())
        .contains("  sop_calibrate_probe version " + (calibrateVersion + 1))
        .doesNotContain("sop_measure_sample")
        .contains("1 procedure unchanged, not deployed again");
    JsonNode latest = latestDefinition("sop_calibrate_probe");
    assertThat(latest.path("version").asInt()).isEqualTo(calibrateVersion + 1);
    assertThat(latest.path("name").asText()).isEqualTo("Calibrate the pH probe");
    assertThat(definitionCount("sop_measure_sample")).isEqualTo(measureVersions);
  }

  @Test
  void deploymentNameMayBeAnyText() throws Exception {
    Path catalog = Catalogs.copy("valid", temp);

    CliRun run = deploy(catalog, "Laborverfahren – pH-Messung");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).contains("as \"Laborverfahren – pH-Messung\"");
    assertThat(deploymentNamed("Laborverfahren – pH-Messung").path("source").asText())
        .isEqualTo("toml-to-bpmn");
  }

  @Test
  void invalidCatalogIsNotDeployed() throws Exception {
    int before = engine.get("deployment/count").path("count").asInt();

    CliRun run =
        CliRun.run(
            "deploy",
            CliRun.fixture("valid").toString(),
            CliRun.fixture("invalid").toString(),
            "--url",
            engine.restUrl());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.err()).contains("sop_broken.toml:");
    assertThat(run.out()).isEmpty();
    assertThat(engine.get("deployment/count").path("count").asInt()).isEqualTo(before);
  }

  @Test
  void addressWithoutRestApiIsReportedWithItsStatus() {
    String wrongPath = engine.restUrl().replace("/engine-rest/engine/plain", "/camunda-rest");

    CliRun run =
        CliRun.run("deploy", CliRun.fixture("valid").toString(), "--url", wrongPath);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("the engine at " + wrongPath + " refused the deployment: HTTP 404: ");
    assertThat(run.output()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void unknownEngineNameIsReportedWithTheEnginesMessage() {
    String unknownEngine = engine.restUrl().replace("/engine/plain", "/engine/no_such_engine");

    CliRun run =
        CliRun.run("deploy", CliRun.fixture("valid").toString(), "--url", unknownEngine);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("the engine at " + unknownEngine + " refused the deployment: HTTP ")
        .contains("no_such_engine");
    assertThat(run.output()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void closedPortIsReportedAsUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/engine-rest";

    CliRun run = CliRun.run("deploy", CliRun.fixture("valid").toString(), "--url", url);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "cannot reach the engine at "
                + url
                + ": could not connect (is the engine running there?)"
                + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  private static CliRun deploy(Path catalog, String name) {
    return CliRun.run("deploy", catalog.toString(), "--url", engine.restUrl(), "--name", name);
  }

  private static JsonNode deploymentNamed(String name) throws Exception {
    JsonNode deployments =
        engine.get("deployment?sortBy=deploymentTime&sortOrder=desc&name=" + urlEncode(name));
    assertThat(deployments).isNotEmpty();
    return deployments.get(0);
  }

  private static JsonNode latestDefinition(String key) throws Exception {
    JsonNode definitions = engine.get("process-definition?latestVersion=true&key=" + key);
    assertThat(definitions).hasSize(1);
    return definitions.get(0);
  }

  private static int definitionCount(String key) throws Exception {
    return engine.get("process-definition/count?key=" + key).path("count").asInt();
  }

  private static String urlEncode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
