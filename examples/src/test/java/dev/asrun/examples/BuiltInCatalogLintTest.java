package dev.asrun.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.ProcedureCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lints the BPMN compiled from the built-in catalog with bpmnlint's recommended rules (the npm
 * package pinned in {@code tools/bpmnlint}, installed by {@code bin/test}). Warnings count as
 * failures: overlapping shapes and fake joins are only warnings in that rule set.
 */
class BuiltInCatalogLintTest {

  private static final String BPMNLINT_DIR = "tools/bpmnlint";
  private static final long LINT_GUARD_SECONDS = 120;

  @Test
  void builtInCatalogCompilesToBpmnThatBpmnlintRecommendedAccepts()
      throws IOException, InterruptedException {
    Path root = repositoryRoot();
    CompilationResult result =
        ProcedureCompiler.compilePaths(
            List.of(root.resolve("examples/src/main/resources/procedures")));
    assertThat(result.diagnostics()).as("diagnostics of the built-in catalog").isEmpty();
    assertThat(result.procedures()).as("procedures of the built-in catalog").isNotEmpty();

    Path bpmnlint = root.resolve(BPMNLINT_DIR).resolve("node_modules/.bin/bpmnlint");
    if (!Files.isExecutable(bpmnlint)) {
      fail(
          "bpmnlint is not installed (no %s); run bin/test, which installs it with npm ci in %s",
          bpmnlint, BPMNLINT_DIR);
    }

    Path outputDir = recreate(root.resolve("examples/target/bpmnlint"));
    List<String> command = new ArrayList<>();
    command.add(bpmnlint.toString());
    command.add("--config=" + root.resolve(BPMNLINT_DIR).resolve(".bpmnlintrc"));
    command.add("--max-warnings=0");
    for (CompiledProcedure procedure : result.procedures()) {
      Files.writeString(outputDir.resolve(procedure.resourceName()), procedure.bpmnXml(), UTF_8);
      command.add(procedure.resourceName());
    }

    Path report = outputDir.resolve("bpmnlint-report.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(outputDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(report.toFile())
            .start();
    if (!process.waitFor(LINT_GUARD_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      fail(
          "bpmnlint did not finish within %d s; its output so far:%n%s",
          LINT_GUARD_SECONDS, Files.readString(report, UTF_8));
    }
    assertThat(process.exitValue())
        .as(
            "exit code of %s on %s; its output:%n%s",
            String.join(" ", command), outputDir, Files.readString(report, UTF_8))
        .isZero();
  }

  /** The folder, from the working directory upwards, that holds the pinned bpmnlint package. */
  private static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(BPMNLINT_DIR).resolve("package.json"))) {
        return dir;
      }
    }
    return fail(
        "no folder from %s upwards holds %s/package.json; run the tests inside the repository",
        start, BPMNLINT_DIR);
  }

  private static Path recreate(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
