package dev.asrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help",
        "-h",
        "validate --help",
        "compile --help",
        "deploy --help",
        "help --help",
        "help deploy"
      })
  void everyCommandExplainsItselfAndExitsZero(String args) {
    CliRun run = CliRun.run(args.split(" "));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).contains("Usage: toml-to-bpmn");
    assertThat(run.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "validate --help", "compile --help", "deploy --help"})
  void helpDocumentsEveryExitCode(String args) {
    CliRun run = CliRun.run(args.split(" "));

    assertThat(run.out())
        .contains("Exit codes:")
        .containsPattern("(?m)^\\s+0\\s+success")
        .containsPattern("(?m)^\\s+1\\s+invalid procedure files")
        .containsPattern("(?m)^\\s+2\\s+usage error")
        .containsPattern("(?m)^\\s+3\\s+engine unreachable or deployment refused")
        .containsPattern("(?m)^\\s+4\\s+a file or folder could not be read or written")
        .containsPattern("(?m)^\\s+5\\s+internal error");
  }

  @Test
  void topLevelHelpListsTheCommands() {
    CliRun run = CliRun.run("--help");

    assertThat(run.out()).contains("validate", "compile", "deploy", "--version");
  }

  @Test
  void versionNamesTheTool() {
    CliRun run = CliRun.run("--version");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).startsWith("toml-to-bpmn ");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.run();

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command: validate, compile or deploy", "Usage:");
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun run = CliRun.run("validate", "--frobnicate", CliRun.fixture("valid").toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'");
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun run = CliRun.run("publish", CliRun.fixture("valid").toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("publish");
  }

  @Test
  void missingPathArgumentIsAUsageError() {
    CliRun run = CliRun.run("validate");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'PATH'");
  }

  @Test
  void pathThatDoesNotExistIsAUsageError(@TempDir Path temp) {
    Path missing = temp.resolve("no-such-catalog");

    CliRun run = CliRun.run("validate", missing.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("no such file or folder: " + missing + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void folderWithoutProcedureFilesIsAUsageError(@TempDir Path temp) throws IOException {
    Files.writeString(temp.resolve("notes.txt"), "not a procedure");

    CliRun run = CliRun.run("validate", temp.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("no procedure files (*.toml) in: " + temp);
  }

  @Test
  void compileWithoutOutputFolderIsAUsageError() {
    CliRun run = CliRun.run("compile", CliRun.fixture("valid").toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--output=DIR'");
  }

  @Test
  void deployWithoutUrlIsAUsageError() {
    CliRun run = CliRun.run("deploy", CliRun.fixture("valid").toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--url=ENGINE_REST_URL'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:8080/engine-rest",
        "ftp://localhost/engine-rest",
        "http:///engine-rest",
        "http://demo:demo@localhost:8080/engine-rest",
        "http://localhost:8080/engine-rest?engine=default",
        "http://local host/engine-rest"
      })
  void deployToABadUrlIsAUsageError(String url) {
    CliRun run = CliRun.run("deploy", CliRun.fixture("valid").toString(), "--url", url);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid value for option '--url'");
  }

  @Test
  void deployWithUserButNoPasswordIsAUsageError() {
    CliRun run =
        CliRun.run(
            "deploy",
            CliRun.fixture("valid").toString(),
            "--url",
            "http://localhost:8080/engine-rest",
            "--user",
            "demo");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("--password");
  }

  @Test
  void deployWithColonInUserIsAUsageError() {
    CliRun run =
        CliRun.run(
            "deploy",
            CliRun.fixture("valid").toString(),
            "--url",
            "http://localhost:8080/engine-rest",
            "--user",
            "demo:admin",
            "--password",
            "demo");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("--user must not contain ':'");
  }

  @Test
  void deployWithBlankNameIsAUsageError() {
    CliRun run =
        CliRun.run(
            "deploy",
            CliRun.fixture("valid").toString(),
            "--url",
            "http://localhost:8080/engine-rest",
            "--name",
            " ");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("--name must not be blank");
  }

  @Test
  void unexpectedExceptionBecomesOneLineWithoutStackTrace() {
    String line =
        CatalogCommand.internalError(
            new IllegalStateException("layout failed\n\tat dev.asrun.Somewhere"));

    assertThat(line)
        .isEqualTo(
            "toml-to-bpmn: internal error: java.lang.IllegalStateException: layout failed at"
                + " dev.asrun.Somewhere")
        .doesNotContain("\n", "\t");
  }
}
