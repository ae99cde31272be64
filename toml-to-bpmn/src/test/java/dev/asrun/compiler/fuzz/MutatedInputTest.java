package dev.asrun.compiler.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.compiler.golden.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds seeded random mutations of every golden and valid fixture file to the compiler and
 * accepts only two outcomes: diagnostics, or procedures whose BPMN parses back and validates
 * against the BPMN schema (each distinct output once). Any exception is a failure, reported once
 * per kind with the edits that caused it.
 *
 * <p>The seed is fixed, so a failure reproduces on every run; about 2,000 mutants in all keep the
 * test well under half a minute.
 */
class MutatedInputTest {
  private static final long SEED = 20250601L;
  private static final int MUTANTS_PER_FILE = 80;

  /**
   * One file of a fixture, to be mutated: alone, or inside its catalog when the catalog has
   * references (so that they still resolve, and mutants can break them).
   */
  record Target(List<Source> catalog, int index) {
    List<Source> with(String mutant) {
      Source original = catalog.get(index);
      Source mutated = new Source(original.name(), mutant);
      if (catalog.stream().noneMatch(s -> s.text().contains("reference"))) {
        return List.of(mutated);
      }
      List<Source> sources = new ArrayList<>(catalog);
      sources.set(index, mutated);
      return sources;
    }
  }

  static Stream<Named<Target>> files() {
    List<Named<Target>> targets = new ArrayList<>();
    for (Path fixture : Fixtures.compilingFixtures()) {
      List<Source> catalog = Fixtures.sources(fixture);
      for (int i = 0; i < catalog.size(); i++) {
        String name = Fixtures.name(fixture);
        if (catalog.size() > 1 || !name.endsWith(".toml")) {
          name += "/" + catalog.get(i).name();
        }
        targets.add(Named.of(name, new Target(catalog, i)));
      }
    }
    return targets.stream();
  }

  @ParameterizedTest
  @MethodSource("files")
  void compilingAMutantGivesDiagnosticsOrValidBpmnNeverAnException(Target target) {
    Source original = target.catalog().get(target.index());
    Random random = new Random(SEED ^ original.name().hashCode() ^ original.text().hashCode());
    Mutator mutator = new Mutator(random);
    Map<String, String> failures = new LinkedHashMap<>();
    Set<String> parsedBack = new HashSet<>();
    int compiled = 0;
    for (int n = 0; n < MUTANTS_PER_FILE; n++) {
      String mutant = mutator.mutate(original.text());
      try {
        CompilationResult result = ProcedureCompiler.compile(target.with(mutant));
        assertThat(result).isNotNull();
        assertThat(result.ok()).isEqualTo(result.diagnostics().isEmpty());
        for (CompiledProcedure procedure : result.procedures()) {
          if (parsedBack.add(procedure.bpmnXml())) {
            parseBack(procedure);
          }
          compiled++;
        }
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        failures.putIfAbsent(signature(e), "mutant #" + n + " " + mutator.applied() + ": "
            + describe(e));
      }
    }
    assertThat(failures).as("exceptions (first mutant of each kind; %d procedures compiled and"
        + " parsed back)", compiled).isEmpty();
  }

  private static void parseBack(CompiledProcedure procedure) {
    BpmnModelInstance model = Bpmn.readModelFromStream(
        new ByteArrayInputStream(procedure.bpmnXml().getBytes(StandardCharsets.UTF_8)));
    Bpmn.validateModel(model);
    Process process = model.getModelElementById(procedure.id());
    assertThat(process).as("process %s", procedure.id()).isNotNull();
  }

  private static String describe(Throwable e) {
    StringBuilder out = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      out.append(" / caused by ").append(cause);
    }
    return out.toString();
  }

  /** The exception's type and the first frame of the project's code, to count each bug once. */
  private static String signature(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.asrun.compiler")
          && !frame.getClassName().startsWith("dev.asrun.compiler.fuzz")) {
        return e.getClass().getName() + " at " + frame;
      }
    }
    return e.getClass().getName() + " at " + (e.getStackTrace().length > 0
        ? e.getStackTrace()[0] : "?");
  }
}
