package dev.asrun.compiler;

import java.util.Objects;

/**
 * One procedure compiled to BPMN.
 *
 * @param id the procedure id, which is also the BPMN process id
 * @param name the display name
 * @param source the name of the file it came from
 * @param toml the file's text, deployed beside the BPMN ({@link #tomlResourceName()}) so that the
 *     engine side has the source at hand (redlines patch it)
 * @param bpmnXml the BPMN 2.0 XML with DI, deterministic for the same input
 */
public record CompiledProcedure(
    String id, String name, String source, String toml, String bpmnXml) {
  public CompiledProcedure {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(toml, "toml");
    Objects.requireNonNull(bpmnXml, "bpmnXml");
  }

  /** The resource name to deploy it under: {@code <id>.bpmn}. */
  public String resourceName() {
    return id + ".bpmn";
  }

  /** The resource name to deploy its TOML source under, beside the BPMN: {@code <id>.toml}. */
  public String tomlResourceName() {
    return id + ".toml";
  }
}
