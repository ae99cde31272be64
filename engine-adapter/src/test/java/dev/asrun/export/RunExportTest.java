package dev.asrun.export;

import static dev.asrun.index.Recorder.minute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.index.IndexDatabase;
import dev.asrun.index.OnBothDatabases;
import dev.asrun.index.Recorder;
import dev.asrun.index.Vendor;
import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/**
 * Exports of two runs of {@value #SOP} and one of another procedure: e1 (alice) starts and does
 * prepare, does an extra "wipe, then dry", skips seal with a reason full of characters that mean
 * something in CSV and XML, completes; e2 (bob) does prepare, claiming it was done at minute 58,
 * and stays active. The other procedure's run must not appear.
 */
class RunExportTest {

  static final String SOP = "sop_export";
  static final String NASTY =
      "seal \"A\", <missing> & gone;\r\nsee 'log'\u0001 \uD83D\uDE00 \uD800 end";

  /** {@link #NASTY} as every export gives it: its unpaired surrogate cannot be UTF-8. */
  static final String NASTY_EXPORTED =
      "seal \"A\", <missing> & gone;\r\nsee 'log'\u0001 \uD83D\uDE00 \uFFFD end";

  private static final Map<Vendor, AsRunQueries> HISTORIES = new EnumMap<>(Vendor.class);

  private static AsRunQueries history(Vendor vendor) throws Exception {
    AsRunQueries queries = HISTORIES.get(vendor);
    if (queries == null) {
      IndexDatabase db = IndexDatabase.create(vendor);
      Recorder recorder = new Recorder(db);
      var e1 =
          recorder
              .run("e1", SOP, "3")
              .triggered(0, "alice", "lab_1", "press_7", null)
              .step(0, "prepare", "alice");
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("action", "wipe, then dry");
      extra.put("executor_id", "alice");
      extra.put("observation_id", "obs-1");
      e1.record(3, EventSource.INFERENCE, EventType.EXTRA_STEP, Optional.empty(), extra);
      e1.skip(4, "seal", "alice", NASTY).completed(6, 360_000);
      var e2 =
          recorder
              .run("e2", SOP, "3")
              .triggered(60, "bob", "lab_2", "press_8", null)
              .stepStarted(60, "prepare")
              .stepDone(61, "prepare", "bob", Optional.of(minute(58)));
      Map<String, Object> witness = new LinkedHashMap<>();
      witness.put("step_id", "prepare");
      witness.put("executor_id", "sensor_1");
      witness.put("source", "inference");
      witness.put("gap", "PT3M30S");
      e2.record(62, EventSource.INFERENCE, EventType.STEP_CORROBORATED,
          Optional.of(minute(61.5)), witness);
      recorder
          .run("x1", "sop_other", "1")
          .triggered(30, "alice", "lab_1", "press_7", null)
          .step(30, "other", "alice");
      queries = AsRunQueries.of(db.dataSource());
      HISTORIES.put(vendor, queries);
    }
    return queries;
  }

  private static String export(Vendor vendor, RunQuery query, ExportFormat format)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunExport.write(history(vendor), query, SOP, format, false, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static RunQuery all() {
    return RunQuery.all().withProcedureId(SOP);
  }

  @OnBothDatabases
  void writesCsvWithAHeaderAndOneRowPerTraceEntryQuotedAsRfc4180Says(Vendor vendor)
      throws Exception {
    String csv = export(vendor, all(), ExportFormat.CSV);

    List<List<String>> rows = Rfc4180.parse(csv);
    assertThat(csv).endsWith("\r\n");
    assertThat(rows.get(0)).isEqualTo(CsvWriter.HEADER);
    List<Map<String, String>> records = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      assertThat(row).hasSize(CsvWriter.HEADER.size());
      Map<String, String> record = new LinkedHashMap<>();
      for (int i = 0; i < row.size(); i++) {
        record.put(CsvWriter.HEADER.get(i), row.get(i));
      }
      records.add(record);
    }
    assertThat(records)
        .extracting(
            r -> r.get("run_id"), r -> r.get("activity"), r -> r.get("transition"), r -> r.get("time"))
        .containsExactly(
            tuple("e1", "prepare", "start", "2025-06-01T08:00:00Z"),
            tuple("e1", "prepare", "complete", "2025-06-01T08:01:00Z"),
            tuple("e1", "wipe, then dry", "complete", "2025-06-01T08:03:00Z"),
            tuple("e1", "seal", "start", "2025-06-01T08:04:00Z"),
            tuple("e1", "seal", "manualskip", "2025-06-01T08:05:00Z"),
            tuple("e2", "prepare", "start", "2025-06-01T09:00:00Z"),
            tuple("e2", "prepare", "complete", "2025-06-01T08:58:00Z"),
            tuple("e2", "prepare", "corroborate", "2025-06-01T09:01:30Z"));
    assertThat(records).extracting(r -> r.get("claimed_before_start"))
        .containsExactly("false", "false", "false", "false", "false", "false", "true", "false");
    assertThat(records.get(4))
        .containsEntry("reason", NASTY_EXPORTED)
        .containsEntry("executor_id", "alice")
        .containsEntry("run_status", "completed")
        .containsEntry("duration_ms", "360000")
        .containsEntry("equipment_id", "press_7");
    assertThat(records.get(6))
        .containsEntry("recorded_at", "2025-06-01T09:01:00Z")
        .containsEntry("occurred_at", "2025-06-01T08:58:00Z")
        .containsEntry("claimed_before_start", "true")
        .containsEntry("run_status", "active")
        .containsEntry("run_end_time", "")
        .containsEntry("reason", "");
  }

  @OnBothDatabases
  void writesOneJsonObjectPerLinePerRunWithItsTrace(Vendor vendor) throws Exception {
    String jsonl = export(vendor, all(), ExportFormat.JSONL);

    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = jsonl.lines().toList();
    assertThat(jsonl).endsWith("\n");
    assertThat(lines).hasSize(2);
    JsonNode e1 = mapper.readTree(lines.get(0));
    JsonNode e2 = mapper.readTree(lines.get(1));
    assertThat(e1.get("run_id").asText()).isEqualTo("e1");
    assertThat(e1.get("procedure_version").asText()).isEqualTo("3");
    assertThat(e1.get("context").get("executor_id").asText()).isEqualTo("alice");
    assertThat(e1.get("trace")).hasSize(5);
    assertThat(e1.get("trace").get(4).get("reason").asText()).isEqualTo(NASTY_EXPORTED);
    assertThat(e1.get("trace").get(2).get("event_type").asText()).isEqualTo("extra_step");
    assertThat(e2.get("end_time").isNull()).isTrue();
    assertThat(e2.get("trace").get(1).get("occurred_at").asText())
        .isEqualTo("2025-06-01T08:58:00Z");
    assertThat(e2.get("trace").get(1).get("claimed_before_start").asBoolean()).isTrue();
    assertThat(e2.get("trace").get(2).get("claimed_before_start").asBoolean()).isFalse();
    assertThat(e2.get("trace").get(2).get("event_type").asText()).isEqualTo("step_corroborated");
    assertThat(e2.get("trace").get(2).get("transition").asText()).isEqualTo("corroborate");
  }

  @OnBothDatabases
  void writesAWellFormedXesLogWithATracePerRun(Vendor vendor) throws Exception {
    String xes = export(vendor, all(), ExportFormat.XES);

    Document document = parse(xes);
    XPath xpath = xes();
    assertThat(text(xpath, document, "/x:log/@xes.version")).isEqualTo("1849-2016");
    assertThat(text(xpath, document, "count(/x:log/x:extension)")).isEqualTo("4");
    assertThat(
            text(
                xpath,
                document,
                "/x:log/x:extension[@prefix='lifecycle']/@uri"))
        .isEqualTo("http://www.xes-standard.org/lifecycle.xesext");
    assertThat(text(xpath, document, "/x:log/x:string[@key='concept:name']/@value"))
        .isEqualTo(SOP);
    assertThat(text(xpath, document, "count(/x:log/x:trace)")).isEqualTo("2");
    assertThat(text(xpath, document, "/x:log/x:trace[1]/x:string[@key='concept:name']/@value"))
        .isEqualTo("e1");
    assertThat(text(xpath, document, "count(/x:log/x:trace[1]/x:event)")).isEqualTo("5");
    assertThat(text(xpath, document, "count(/x:log/x:trace[2]/x:event)"))
        .as("a second witness is no activity: XES leaves it out")
        .isEqualTo("2");
    assertThat(text(xpath, document, "count(//x:boolean[@key='asrun:claimed_before_start'])"))
        .isEqualTo("1");
    assertThat(
            text(
                xpath,
                document,
                "/x:log/x:trace[2]/x:event[2]/x:boolean[@key='asrun:claimed_before_start']/@value"))
        .isEqualTo("true");
    String skip = "/x:log/x:trace[1]/x:event[5]/";
    assertThat(text(xpath, document, skip + "x:string[@key='concept:name']/@value"))
        .isEqualTo("seal");
    assertThat(text(xpath, document, skip + "x:string[@key='lifecycle:transition']/@value"))
        .isEqualTo("manualskip");
    assertThat(text(xpath, document, skip + "x:date[@key='time:timestamp']/@value"))
        .isEqualTo("2025-06-01T08:05:00.000Z");
    assertThat(text(xpath, document, skip + "x:string[@key='org:resource']/@value"))
        .isEqualTo("alice");
    assertThat(text(xpath, document, skip + "x:string[@key='asrun:reason']/@value"))
        .isEqualTo("seal \"A\", <missing> & gone;\r\nsee 'log'\uFFFD \uD83D\uDE00 \uFFFD end");
    assertThat(
            text(
                xpath,
                document,
                "/x:log/x:trace[1]/x:event[3]/x:string[@key='concept:name']/@value"))
        .isEqualTo("wipe, then dry");
    assertThat(
            text(
                xpath,
                document,
                "/x:log/x:trace[2]/x:event[2]/x:date[@key='time:timestamp']/@value"))
        .isEqualTo("2025-06-01T08:58:00.000Z");
    assertThat(
            text(
                xpath,
                document,
                "count(//x:event[not(x:string[@key='concept:name'])"
                    + " or not(x:date[@key='time:timestamp'])"
                    + " or not(x:string[@key='lifecycle:transition'])])"))
        .isEqualTo("0");
  }

  @OnBothDatabases
  void exportsOnlyTheRunsOfTheTimeRangeAndFilters(Vendor vendor) throws Exception {
    String late = export(vendor, all().withStartedFrom(minute(30)), ExportFormat.JSONL);
    String alice = export(vendor, all().withExecutorId("alice"), ExportFormat.JSONL);
    String none = export(vendor, all().withStartedBefore(minute(0)), ExportFormat.XES);

    assertThat(late.lines()).singleElement().asString().contains("\"run_id\":\"e2\"");
    assertThat(alice.lines()).singleElement().asString().contains("\"run_id\":\"e1\"");
    assertThat(text(xes(), parse(none), "count(/x:log/x:trace)")).isEqualTo("0");
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static XPath xes() {
    XPath xpath = XPathFactory.newInstance().newXPath();
    xpath.setNamespaceContext(
        new NamespaceContext() {
          @Override
          public String getNamespaceURI(String prefix) {
            return "x".equals(prefix) ? XesWriter.NAMESPACE : XMLConstants.NULL_NS_URI;
          }

          @Override
          public String getPrefix(String namespaceUri) {
            return null;
          }

          @Override
          public java.util.Iterator<String> getPrefixes(String namespaceUri) {
            return null;
          }
        });
    return xpath;
  }

  private static String text(XPath xpath, Document document, String expression) throws Exception {
    Object value = xpath.evaluate(expression, document, XPathConstants.STRING);
    String text = (String) value;
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
