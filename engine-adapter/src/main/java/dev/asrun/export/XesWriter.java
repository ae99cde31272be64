package dev.asrun.export;

import dev.asrun.query.RunSummary;
import dev.asrun.query.RunTrace;
import dev.asrun.query.TraceEntry;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * An XES event log (IEEE 1849-2016, XML serialization, in the {@code http://www.xes-standard.org/}
 * namespace as OpenXES, ProM and pm4py write it): the Concept, Time, Lifecycle and Organizational
 * extensions; the log named after the procedure; a trace per run ({@code concept:name} = the run
 * id, with the run's procedure version, status, location and equipment as {@code asrun:}
 * attributes); an event per trace entry but a second witness ({@code step_corroborated}, no
 * activity) with {@code concept:name} (the step or the extra action), {@code
 * lifecycle:transition} (standard lifecycle model), {@code time:timestamp} (the claimed time
 * if given, else the server's; milliseconds, UTC) and {@code org:resource} (who did it, when
 * known); {@code asrun:claimed_before_start} (boolean, true) on an event whose claimed time
 * precedes the run's start, which the trace keeps where the report arrived.
 *
 * <p>Every value is written as an attribute value with {@code & < > " '} and tab, CR and LF as
 * character references; a character XML 1.0 cannot hold at all (a control character, an unpaired
 * surrogate) becomes U+FFFD, so the document is always well-formed.
 */
final class XesWriter implements TraceWriter {

  static final String NAMESPACE = "http://www.xes-standard.org/";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private final Writer out;
  private final String procedureId;

  XesWriter(Writer out, String procedureId) {
    this.out = out;
    this.procedureId = procedureId;
  }

  @Override
  public void begin() throws IOException {
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.write("<log xes.version=\"1849-2016\" xmlns=\"" + NAMESPACE + "\">\n");
    extension("Concept", "concept");
    extension("Time", "time");
    extension("Lifecycle", "lifecycle");
    extension("Organizational", "org");
    out.write("  <global scope=\"trace\">\n");
    attribute("    ", "string", "concept:name", "__INVALID__");
    out.write("  </global>\n  <global scope=\"event\">\n");
    attribute("    ", "string", "concept:name", "__INVALID__");
    attribute("    ", "string", "lifecycle:transition", "complete");
    attribute("    ", "date", "time:timestamp", "1970-01-01T00:00:00.000Z");
    out.write("  </global>\n");
    out.write("  <classifier name=\"Activity\" keys=\"concept:name\"/>\n");
    out.write(
        "  <classifier name=\"Activity and transition\" keys=\"concept:name"
            + " lifecycle:transition\"/>\n");
    attribute("  ", "string", "concept:name", procedureId);
  }

  @Override
  public void write(RunTrace trace) throws IOException {
    RunSummary run = trace.run();
    out.write("  <trace>\n");
    attribute("    ", "string", "concept:name", run.runId());
    optional("    ", "asrun:procedure_version", run.procedureVersion());
    attribute("    ", "string", "asrun:status", run.status().wireName());
    optional("    ", "asrun:abort_reason", run.abortReason());
    optional("    ", "asrun:location", run.context().location());
    optional("    ", "asrun:equipment_id", run.context().equipmentId());
    optional("    ", "asrun:executor_id", run.context().executorId());
    attribute("    ", "int", "asrun:deviation_count", Integer.toString(run.deviationCount()));
    for (TraceEntry entry : trace.entries()) {
      if (entry.transition() == TraceEntry.Transition.CORROBORATE) {
        continue;
      }
      out.write("    <event>\n");
      attribute("      ", "string", "concept:name", entry.activity());
      attribute("      ", "string", "lifecycle:transition", entry.transition().wireName());
      attribute("      ", "date", "time:timestamp", timestamp(entry.time()));
      optional("      ", "org:resource", entry.executorId());
      attribute("      ", "string", "asrun:event_type", entry.eventType());
      attribute("      ", "int", "asrun:seq", Long.toString(entry.seq()));
      if (trace.claimedBeforeStart(entry)) {
        attribute("      ", "boolean", "asrun:claimed_before_start", "true");
      }
      optional("      ", "asrun:reason", entry.reason());
      out.write("    </event>\n");
    }
    out.write("  </trace>\n");
  }

  @Override
  public void end() throws IOException {
    out.write("</log>\n");
  }

  private void extension(String name, String prefix) throws IOException {
    out.write(
        "  <extension name=\""
            + name
            + "\" prefix=\""
            + prefix
            + "\" uri=\""
            + NAMESPACE
            + prefix
            + ".xesext\"/>\n");
  }

  private void optional(String indent, String key, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      attribute(indent, "string", key, value.get());
    }
  }

  private void attribute(String indent, String type, String key, String value) throws IOException {
    out.write(
        indent + "<" + type + " key=\"" + key + "\" value=\"" + XmlText.escape(value) + "\"/>\n");
  }

  static String timestamp(Instant time) {
    return TIMESTAMP.format(time);
  }
}
