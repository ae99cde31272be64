package dev.asrun.compiler.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.Catalog;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.compiler.condition.Condition;
import dev.asrun.compiler.golden.Fixtures;
import dev.asrun.compiler.model.Context;
import dev.asrun.compiler.model.Procedure;
import dev.asrun.compiler.model.Step;
import dev.asrun.contract.GroupOrder;
import dev.asrun.contract.ProcedureDefinition.Check;
import dev.asrun.contract.ProcedureDefinition.Field;
import dev.asrun.contract.ProcedureDefinition.Trigger;
import dev.asrun.contract.ProcedureDefinition.Window;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.contract.Property;
import dev.asrun.contract.StepHeader;
import dev.asrun.contract.StepType;
import dev.asrun.contract.WindowProcess;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the procedure contract: every procedure the compiler's fixtures and the example
 * application hold is compiled, and the contract's reader gives back exactly what the TOML said
 * (steps and their shape, triggers, window, limits, fields). A name or a value format on which
 * the compiler and the reader disagree makes a procedure read back different, or not at all.
 */
class ContractRoundTripTest {

  /** The example application's procedures, beside this module in the source tree. */
  private static final Path EXAMPLES = Fixtures.resources()
      .resolve("../../../../examples/src/main/resources/procedures").normalize();

  static Stream<Named<Path>> catalogs() {
    List<Path> all = new ArrayList<>(Fixtures.compilingFixtures());
    all.add(EXAMPLES);
    return all.stream().map(p -> Named.of(Fixtures.name(p), p));
  }

  @ParameterizedTest
  @MethodSource("catalogs")
  void readsBackWhatTheTomlSaid(Path catalog) {
    for (Procedure procedure : check(catalog)) {
      BpmnModelInstance model = model(BpmnEmitter.emit(procedure));

      assertThat(ProcedureDefinition.read(model, procedure.id()))
          .as("%s read back", procedure.id())
          .contains(expected(procedure));
      assertThat(ProcedureDefinition.read(model)).isEqualTo(expected(procedure));
      assertThat(WindowProcess.read(model, procedure.id() + "-window"))
          .as("%s's trigger window process read back", procedure.id())
          .isEqualTo(procedure.context().filter(c -> c.window().isPresent())
              .map(c -> new WindowProcess(procedure.id(), new Trigger(
                  c.duringActions(), window(c), Optional.empty(), List.of()))));
    }
  }

  @Test
  void theFixturesWriteEveryPropertyOfTheContract() throws Exception {
    StringBuilder written = new StringBuilder();
    catalogs().map(Named::getPayload).flatMap(c -> check(c).stream())
        .forEach(p -> written.append(BpmnEmitter.emit(p)));
    List<String> names = new ArrayList<>();
    for (java.lang.reflect.Field constant : Property.class.getFields()) {
      if (Modifier.isStatic(constant.getModifiers())) {
        names.add((String) constant.get(null));
      }
    }
    assertThat(names).hasSizeGreaterThan(20)
        .allSatisfy(name -> assertThat(written).as("a fixture writing " + name)
            .contains("=\"" + name + "\""));
  }

  @Test
  void theExamplesAreRead() {
    assertThat(Files.isDirectory(EXAMPLES)).as("%s", EXAMPLES).isTrue();
    assertThat(check(EXAMPLES)).hasSizeGreaterThan(3);
  }

  private static ProcedureDefinition expected(Procedure p) {
    Trigger trigger = p.context()
        .map(c -> new Trigger(c.duringActions(), window(c), c.location(), c.equipment()))
        .orElse(new Trigger(List.of(), Optional.empty(), Optional.empty(), List.of()));
    return new ProcedureDefinition(p.id(), Optional.of(p.name()), p.version(), p.domain(),
        p.timeout(), trigger, p.signatures(), steps(p.steps()));
  }

  private static Optional<Window> window(Context c) {
    return c.window().map(w -> new Window(w.start(), w.end(), Cron.of(w.start(), c),
        c.timezone()));
  }

  private static List<ProcedureDefinition.Step> steps(List<Step> steps) {
    return steps.stream().map(ContractRoundTripTest::step).toList();
  }

  private static ProcedureDefinition.Step step(Step s) {
    boolean userTask = s.reference().isEmpty()
        && (s.type() == StepType.ACTION || s.type() == StepType.CHECK
            || s.type() == StepType.RECORD);
    boolean group = s.type() == StepType.GROUP;
    StepHeader header = new StepHeader(
        s.type(),
        group ? Optional.empty() : Optional.of(s.action()),
        s.optional(),
        s.when().map(Condition::text),
        s.timeout(),
        s.reference(),
        s.duration(),
        s.type() == StepType.CHECK
            ? Optional.of(new Check(s.variable().orElseThrow(), s.expect()))
            : Optional.empty(),
        group ? s.order() : GroupOrder.SEQUENCE);
    return new ProcedureDefinition.Step(
        s.id(),
        Optional.of(userTask ? Juel.literalText(s.name()) : s.name()),
        header,
        s.fields().stream().map(f -> new Field(f.variable(), f.type(), f.required(), f.min(),
            f.max(), f.unit(), f.values())).toList(),
        steps(s.steps()));
  }

  private static List<Procedure> check(Path catalog) {
    List<Source> sources = Fixtures.sources(catalog);
    Catalog checked = ProcedureCompiler.check(sources);
    assertThat(checked.diagnostics()).map(Diagnostic::format).isEmpty();
    return checked.procedures();
  }

  private static BpmnModelInstance model(String xml) {
    return Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
