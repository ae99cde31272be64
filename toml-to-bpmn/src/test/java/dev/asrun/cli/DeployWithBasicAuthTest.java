package dev.asrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.cli.plainengine.PlainCamundaEngine;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code deploy} to a plain Camunda 7 engine whose REST API demands HTTP Basic authentication. */
class DeployWithBasicAuthTest {

  private static final PlainCamundaEngine.User OPERATOR =
      new PlainCamundaEngine.User("operator", "s3cret:with colon");

  private static PlainCamundaEngine.Running engine;

  @BeforeAll
  static void startEngine() {
    engine = PlainCamundaEngine.start("plain_basic_auth", Optional.of(OPERATOR));
  }

  @AfterAll
  static void stopEngine() throws Exception {
    engine.close();
  }

  @Test
  void rightPasswordDeploys() throws Exception {
    CliRun run = deployAs("--user", OPERATOR.id(), "--password", OPERATOR.password());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(engine.get("process-definition/count?key=sop_measure_sample").path("count").asInt())
        .isPositive();
  }

  @Test
  void wrongPasswordIsRefusedWith401() {
    CliRun run = deployAs("--user", OPERATOR.id(), "--password", "wrong");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "the engine at "
                + engine.restUrl()
                + " refused the deployment: HTTP 401: authentication failed: wrong or missing"
                + " --user and --password"
                + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void missingCredentialsAreRefusedWith401() {
    CliRun run = deployAs();

    assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
    assertThat(run.err()).contains("HTTP 401");
  }

  private static CliRun deployAs(String... credentials) {
    String[] args = {
      "deploy", CliRun.fixture("valid").toString(), "--url", engine.restUrl(), "--name", "secured"
    };
    String[] all = new String[args.length + credentials.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(credentials, 0, all, args.length, credentials.length);
    return CliRun.run(all);
  }
}
