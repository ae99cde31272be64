package dev.asrun.compiler;

import java.util.Objects;

/**
 * One procedure compiled to BPMN.
 *
 * @param id the procedure id, which is also the BPMN process id
 * @param name the display name
 * @param source the name of the file it came from
 * @param bpmnXml the BPMN 2.0 XML with DI, deterministic for the same input
 */
public record CompiledProcedure(String id, String name, String source, String bpmnXml) {
  public CompiledProcedure {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(bpmnXml, "bpmnXml");
  }

  /** The resource name to deploy it under: {@code <id>.bpmn}. */
  public String resourceName() {
    return id + ".bpmn";
  }
}
