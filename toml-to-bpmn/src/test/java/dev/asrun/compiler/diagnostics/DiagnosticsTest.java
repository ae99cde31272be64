package dev.asrun.compiler.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.compiler.golden.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code invalid/invalid-<kind>.toml} file (or {@code invalid-<kind>/} catalog folder) has a
 * sibling {@code invalid-<kind>.expected} holding the exact diagnostics, one {@link
 * Diagnostic#format()} line each, in the order the compiler reports them (file, line, column);
 * file names are relative to the fixture's folder. Every {@code valid/valid-*} fixture compiles
 * without any.
 */
class DiagnosticsTest {

  static Stream<Named<Path>> invalidFixtures() {
    return Fixtures.invalidFixtures().stream().map(p -> Named.of(Fixtures.name(p), p));
  }

  static Stream<Named<Path>> validFixtures() {
    return Fixtures.validFixtures().stream().map(p -> Named.of(Fixtures.name(p), p));
  }

  @ParameterizedTest
  @MethodSource("invalidFixtures")
  void reportsExactlyTheExpectedDiagnostics(Path fixture) throws IOException {
    CompilationResult result = ProcedureCompiler.compile(Fixtures.sources(fixture));

    assertThat(result.diagnostics()).map(Diagnostic::format)
        .as("diagnostics of %s", Fixtures.name(fixture))
        .containsExactlyElementsOf(expected(fixture));
    assertThat(result.procedures()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("validFixtures")
  void compilesWithoutDiagnostics(Path fixture) {
    CompilationResult result = ProcedureCompiler.compile(Fixtures.sources(fixture));

    assertThat(result.diagnostics()).map(Diagnostic::format).isEmpty();
    assertThat(result.procedures()).isNotEmpty();
  }

  @Test
  void everyInvalidFixtureHasItsExpectedDiagnosticsAndViceVersa() throws IOException {
    Path folder = Fixtures.resources().resolve("invalid");
    List<String> fixtures = Fixtures.invalidFixtures().stream().map(DiagnosticsTest::kind).toList();
    List<String> expectations;
    try (Stream<Path> files = Files.list(folder)) {
      expectations = files.map(Fixtures::name).filter(n -> n.endsWith(".expected"))
          .map(n -> n.substring(0, n.length() - ".expected".length())).sorted().toList();
    }
    assertThat(fixtures).isNotEmpty().containsExactlyElementsOf(expectations);
  }

  @Test
  void rejectsDurationWithoutUnit() {
    assertThat(diagnostics("invalid-duration-without-unit.toml")).singleElement()
        .satisfies(d -> {
          assertThat(d.path()).isEqualTo("procedure.timeout");
          assertThat(d.line()).isEqualTo(4);
          assertThat(d.column()).isEqualTo(11);
          assertThat(d.message()).contains("30").contains("\"30m\"").contains("\"PT30M\"");
        });
  }

  @Test
  void rejectsDurationWrittenInWordsSuggestingTheShortForm() {
    assertThat(diagnostics("invalid-duration-words.toml")).map(Diagnostic::format).containsExactly(
        "invalid-duration-words.toml:12:11: procedure.steps[1].timeout: \"30 minutes\" is not a"
            + " duration (try \"30m\" or \"PT30M\")");
  }

  @Test
  void rejectsZeroAndNegativeDurations() {
    assertThat(diagnostics("invalid-duration-zero.toml")).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("\"0m\"").contains("longer than zero"));
    assertThat(diagnostics("invalid-duration-negative.toml")).hasSize(2)
        .allSatisfy(d -> assertThat(d.message()).contains("longer than zero"));
  }

  @Test
  void rejectsAnUnknownKeySuggestingTheNearestKnownOne() {
    assertThat(diagnostics("invalid-unknown-key-step.toml")).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("procedure.steps[0].instruction");
      assertThat(d.line()).isEqualTo(8);
      assertThat(d.column()).isEqualTo(1);
      assertThat(d.message()).contains("did you mean 'instructions'?");
    });
  }

  @Test
  void rejectsExpressionLanguageInAConditionAtTheDollarSign() {
    assertThat(diagnostics("invalid-when-expression-language.toml")).hasSize(2)
        .allSatisfy(d -> {
          assertThat(d.path()).endsWith(".when");
          assertThat(d.column()).isEqualTo(9);
          assertThat(d.message()).contains("not allowed");
        });
  }

  @Test
  void rejectsAConditionOnAVariableRecordedByALaterStep() {
    assertThat(diagnostics("invalid-when-forward-variable.toml")).singleElement()
        .satisfies(d -> {
          assertThat(d.path()).isEqualTo("procedure.steps[0].when");
          assertThat(d.message()).contains("'temperature_ok'").contains("earlier steps");
        });
  }

  @Test
  void rejectsAConditionOnASiblingOfAnAnyOrderGroup() {
    assertThat(diagnostics("invalid-when-any-group-sibling.toml")).singleElement()
        .satisfies(d -> {
          assertThat(d.path()).isEqualTo("procedure.steps[0].steps[1].when");
          assertThat(d.message()).contains("'door_closed'").contains("any-order group");
        });
  }

  @Test
  void namesAReferenceCycle() {
    assertThat(diagnostics("invalid-reference-cycle")).singleElement()
        .satisfies(d -> assertThat(d.message()).contains("proc_a -> proc_b -> proc_a"));
    assertThat(diagnostics("invalid-reference-cycle-long")).map(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains("proc_first -> proc_second -> proc_third"
            + " -> proc_first"))
        .anySatisfy(m -> assertThat(m).contains("proc_third -> proc_third"));
  }

  @Test
  void reportsEveryErrorOfAFileAtOnce() {
    List<Diagnostic> diagnostics = diagnostics("invalid-several-errors.toml");

    assertThat(diagnostics).map(Diagnostic::path).containsExactly(
        "schema",
        "procedure.id",
        "procedure.timeout",
        "procedure.owner",
        "procedure.context.day_of_week[0]",
        "procedure.context.timezone",
        "procedure.steps[0].timeout",
        "procedure.steps[1].id",
        "procedure.steps[2].fields[0].max",
        "procedure.steps[3].duration",
        "procedure.steps[4].when");
  }

  @Test
  void reportsEveryErrorOfEveryFileOfACatalogAtOnce() throws IOException {
    List<Source> catalog = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (String name : List.of("invalid-unknown-key-top.toml", "invalid-bad-id.toml",
        "invalid-when-types.toml", "invalid-min-above-max.toml")) {
      Path fixture = Fixtures.resources().resolve("invalid").resolve(name);
      catalog.addAll(Fixtures.sources(fixture));
      expected.addAll(expected(fixture));
    }

    CompilationResult result = ProcedureCompiler.compile(catalog);

    assertThat(result.diagnostics()).map(Diagnostic::format)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(result.procedures()).isEmpty();
  }

  @Test
  void aCatalogWithOneBrokenFileCompilesNothing() {
    List<Source> catalog = new ArrayList<>(Fixtures.sources(
        Fixtures.resources().resolve("golden").resolve("reference-pair")));
    catalog.addAll(Fixtures.sources(
        Fixtures.resources().resolve("invalid").resolve("invalid-duration-words.toml")));

    CompilationResult result = ProcedureCompiler.compile(catalog);

    assertThat(result.diagnostics()).hasSize(1);
    assertThat(result.procedures()).isEmpty();
  }

  private static List<Diagnostic> diagnostics(String fixtureName) {
    Path fixture = Fixtures.resources().resolve("invalid").resolve(fixtureName);
    return ProcedureCompiler.compile(Fixtures.sources(fixture)).diagnostics();
  }

  private static List<String> expected(Path fixture) throws IOException {
    Path file = fixture.resolveSibling(kind(fixture) + ".expected");
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isEmpty())
        .toList();
  }

  private static String kind(Path fixture) {
    String name = Fixtures.name(fixture);
    return name.endsWith(".toml") ? name.substring(0, name.length() - ".toml".length()) : name;
  }
}
