package dev.asrun.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.contract.ProcedureDefinition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;

/** Templates of procedures compiled from TOML, as authors write them. */
final class Procedures {

  private Procedures() {}

  /** The template of the procedure in {@code toml}, compiled with the procedures it calls. */
  static Template template(String toml, String... called) {
    List<Source> sources = new ArrayList<>();
    sources.add(new Source("p.toml", toml));
    for (int i = 0; i < called.length; i++) {
      sources.add(new Source("called-" + i + ".toml", called[i]));
    }
    CompilationResult result = ProcedureCompiler.compile(sources);
    assertThat(result.diagnostics()).extracting(Diagnostic::format).isEmpty();
    String xml = result.procedures().stream().filter(p -> p.source().equals("p.toml"))
        .findFirst().orElseThrow().bpmnXml();
    return Template.of(
        ProcedureDefinition.read(
            Bpmn.readModelFromStream(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
  }

  /** A procedure {@code id} of plain action steps, in this order. */
  static String sequence(String id, String... steps) {
    StringBuilder toml = new StringBuilder("[procedure]\nid = \"" + id + "\"\nname = \"" + id
        + "\"\ntimeout = \"30m\"\n");
    for (String step : steps) {
      toml.append("\n[[procedure.steps]]\nid = \"").append(step).append("\"\nname = \"")
          .append(step).append("\"\n");
    }
    return toml.toString();
  }
}
