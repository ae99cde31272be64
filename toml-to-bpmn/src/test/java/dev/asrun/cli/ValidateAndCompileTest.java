package dev.asrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateAndCompileTest {

  private static final String VALID = CliRun.fixture("valid").toString();
  private static final String INVALID = CliRun.fixture("invalid").toString();

  @Test
  void validateCountsTheValidProcedures() {
    CliRun run = CliRun.run("validate", VALID);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).isEqualTo("2 procedures valid" + System.lineSeparator());
    assertThat(run.err()).isEmpty();
  }

  @Test
  void validateAcceptsSingleFiles() {
    CliRun run =
        CliRun.run("validate", CliRun.fixture("valid/sop_calibrate_probe.toml").toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.out()).isEqualTo("1 procedure valid" + System.lineSeparator());
  }

  @Test
  void referenceOutsideTheGivenFilesIsInvalid() {
    CliRun run =
        CliRun.run("validate", CliRun.fixture("valid/sop_measure_sample.toml").toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.err()).contains("sop_measure_sample.toml:", "sop_calibrate_probe");
  }

  @Test
  void compileWritesOneBpmnFilePerProcedure(@TempDir Path temp) throws IOException {
    Path output = temp.resolve("out/bpmn");

    CliRun run = CliRun.run("compile", VALID, "-o", output.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(fileNames(output))
        .containsExactly("sop_calibrate_probe.bpmn", "sop_measure_sample.bpmn");
    assertThat(processId(readModel(output.resolve("sop_calibrate_probe.bpmn"))))
        .isEqualTo("sop_calibrate_probe");
    BpmnModelInstance measure = readModel(output.resolve("sop_measure_sample.bpmn"));
    assertThat(processId(measure)).isEqualTo("sop_measure_sample");
    assertThat(measure.getModelElementsByType(CallActivity.class))
        .extracting(CallActivity::getCalledElement)
        .containsExactly("sop_calibrate_probe");
    assertThat(run.out())
        .contains(output.resolve("sop_calibrate_probe.bpmn").toString())
        .contains(output.resolve("sop_measure_sample.bpmn").toString())
        .contains("2 procedures compiled into " + output);
  }

  @Test
  void compileReplacesFilesOfAnEarlierRun(@TempDir Path temp) throws IOException {
    Path stale = temp.resolve("sop_calibrate_probe.bpmn");
    Files.writeString(stale, "stale");

    CliRun run = CliRun.run("compile", VALID, "--output", temp.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(processId(readModel(stale))).isEqualTo("sop_calibrate_probe");
  }

  @Test
  void invalidCatalogPrintsEveryDiagnosticAsFileLineColumn() throws IOException {
    CliRun run = CliRun.run("validate", INVALID);

    CompilationResult expected = ProcedureCompiler.compilePaths(List.of(Path.of(INVALID)));
    assertThat(expected.diagnostics()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .containsExactlyElementsOf(expected.diagnostics().stream().map(Diagnostic::format).toList())
        .allSatisfy(line -> assertThat(line).matches("^.+sop_(broken|orphan)\\.toml:\\d+:\\d+: .+"))
        .anySatisfy(line -> assertThat(line).contains("sop_orphan.toml:"));
    assertThat(run.output()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void compileOfInvalidCatalogWritesNothing(@TempDir Path temp) {
    Path output = temp.resolve("out");

    CliRun run = CliRun.run("compile", VALID, INVALID, "-o", output.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.err()).contains("sop_broken.toml:");
    assertThat(output).doesNotExist();
    assertThat(run.output()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void fileThatIsNotUtf8IsInvalidInput(@TempDir Path temp) throws IOException {
    Path file = temp.resolve("latin1.toml");
    Files.write(file, new byte[] {'#', ' ', (byte) 0xE9, '\n'});

    CliRun run = CliRun.run("validate", file.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.err()).contains(file.toString(), "not UTF-8");
    assertThat(run.output()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void outputThatIsAFileIsAUsageError(@TempDir Path temp) throws IOException {
    Path file = Files.writeString(temp.resolve("out.bpmn"), "");

    CliRun run = CliRun.run("compile", VALID, "-o", file.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.err()).contains("--output is a file, not a folder: " + file);
  }

  @Test
  void outputFolderThatCannotBeCreatedIsAnIoError(@TempDir Path temp) throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "");
    Path output = file.resolve("out");

    CliRun run = CliRun.run("compile", VALID, "-o", output.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
    assertThat(run.err()).startsWith("cannot create folder " + output + ": ");
    assertThat(run.output()).doesNotContain("Exception", "\tat ");
  }

  private static List<String> fileNames(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static BpmnModelInstance readModel(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Bpmn.readModelFromStream(in);
    }
  }

  private static String processId(BpmnModelInstance model) {
    return model.getModelElementsByType(Process.class).iterator().next().getId();
  }
}
