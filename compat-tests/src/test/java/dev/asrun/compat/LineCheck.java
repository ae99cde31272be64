package dev.asrun.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * The procedure the compatibility tests work: two steps, written as TOML and deployed with the
 * compiler's command line ({@code toml-to-bpmn deploy}) over the app's engine REST API, as a user
 * of a Camunda app of their own would.
 */
public final class LineCheck {

  public static final String ID = "compat_line_check";
  public static final List<String> STEPS = List.of("inspect_line", "sign_off");

  private static final String TOML =
      """
      schema = "procedure/0.1"

      [procedure]
      id = "compat_line_check"
      name = "Line check"
      executor_groups = ["operators"]

      [[procedure.steps]]
      id = "inspect_line"
      name = "Inspect the line"

      [[procedure.steps]]
      id = "sign_off"
      name = "Sign off"
      """;

  private LineCheck() {}

  /** {@code toml-to-bpmn deploy DIR --url <base>/engine-rest --user demo --password demo}. */
  public static void deploy(URI base) throws IOException {
    Path folder = Files.createTempDirectory("compat-procedures");
    Files.writeString(folder.resolve(ID + ".toml"), TOML);
    int exitCode =
        new CommandLine(new Main())
            .execute(
                "deploy",
                folder.toString(),
                "--url",
                base.resolve("/engine-rest").toString(),
                "--user",
                "demo",
                "--password",
                "demo");
    assertThat(exitCode).as("toml-to-bpmn deploy's exit code").isZero();
  }
}
