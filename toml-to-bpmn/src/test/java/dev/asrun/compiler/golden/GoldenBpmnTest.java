package dev.asrun.compiler.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every folder under {@code src/test/resources/golden/} is a catalog: its {@code .toml} files are
 * the input, and a {@code <procedure id>.bpmn} per procedure is the expected output, compared
 * byte for byte.
 *
 * <p>After an intended change of the output, regenerate the expected files and review the diff:
 * {@code mvn -pl toml-to-bpmn test -Dtest=GoldenBpmnTest -Dgolden.update=true}. With that
 * system property set, the test writes the compiler's output over the {@code .bpmn} files
 * (removing ones no procedure produces) instead of comparing.
 */
class GoldenBpmnTest {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static Stream<Named<Path>> catalogs() {
    return Fixtures.goldenCatalogs().stream().map(p -> Named.of(Fixtures.name(p), p));
  }

  @Test
  void everyFeatureHasAGoldenCatalog() {
    assertThat(Fixtures.goldenCatalogs()).map(Fixtures::name).contains("minimal",
        "every-step-type", "any-order-group", "nested-groups", "conditions", "reference-pair",
        "timers", "triggers", "hostile-text");
  }

  @ParameterizedTest
  @MethodSource("catalogs")
  void compilesToTheExpectedBpmn(Path catalog) throws IOException {
    List<CompiledProcedure> procedures = compileClean(Fixtures.sources(catalog));
    Map<String, String> actual = new TreeMap<>();
    for (CompiledProcedure procedure : procedures) {
      actual.put(procedure.resourceName(), procedure.bpmnXml());
    }
    if (UPDATE) {
      rewrite(catalog, actual);
    }
    Map<String, String> expected = expectedBpmn(catalog);
    assertThat(actual.keySet())
        .as("procedures compiled from %s vs. its .bpmn files", Fixtures.name(catalog))
        .containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, String> entry : actual.entrySet()) {
      assertThat(entry.getValue())
          .as("%s/%s (regenerate with -Dgolden.update=true if the change is intended)",
              Fixtures.name(catalog), entry.getKey())
          .isEqualTo(expected.get(entry.getKey()));
    }
  }

  @ParameterizedTest
  @MethodSource("catalogs")
  void compilingTheSameInputTwiceGivesIdenticalBytes(Path catalog) {
    List<Source> sources = Fixtures.sources(catalog);
    assertThat(xmlById(compileClean(sources)))
        .isEqualTo(xmlById(compileClean(sources)));
  }

  @ParameterizedTest
  @MethodSource("catalogs")
  void theOrderOfTheFilesDoesNotChangeTheOutput(Path catalog) {
    List<Source> sources = Fixtures.sources(catalog);
    List<Source> reversed = new ArrayList<>(sources);
    Collections.reverse(reversed);
    assertThat(xmlById(compileClean(reversed))).isEqualTo(xmlById(compileClean(sources)));
  }

  private static List<CompiledProcedure> compileClean(List<Source> sources) {
    CompilationResult result = ProcedureCompiler.compile(sources);
    assertThat(result.diagnostics()).map(Diagnostic::format).isEmpty();
    assertThat(result.procedures()).isNotEmpty();
    return result.procedures();
  }

  private static Map<String, String> xmlById(List<CompiledProcedure> procedures) {
    return procedures.stream().collect(Collectors.toMap(CompiledProcedure::id,
        CompiledProcedure::bpmnXml, (a, b) -> a, TreeMap::new));
  }

  private static Map<String, String> expectedBpmn(Path catalog) throws IOException {
    Map<String, String> expected = new TreeMap<>();
    for (Path file : bpmnFiles(catalog)) {
      expected.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
    return expected;
  }

  private static void rewrite(Path catalog, Map<String, String> actual) throws IOException {
    for (Path stale : bpmnFiles(catalog)) {
      if (!actual.containsKey(stale.getFileName().toString())) {
        Files.delete(stale);
      }
    }
    for (Map.Entry<String, String> entry : actual.entrySet()) {
      Files.writeString(catalog.resolve(entry.getKey()), entry.getValue(), StandardCharsets.UTF_8);
    }
  }

  private static List<Path> bpmnFiles(Path catalog) throws IOException {
    try (Stream<Path> files = Files.list(catalog)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".bpmn")).sorted().toList();
    }
  }
}
