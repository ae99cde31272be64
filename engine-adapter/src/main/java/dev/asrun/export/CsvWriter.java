package dev.asrun.export;

import dev.asrun.query.RunSummary;
import dev.asrun.query.RunTrace;
import dev.asrun.query.TraceEntry;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CSV (RFC 4180): a header row, then one row per trace entry, oldest run first, the run's fields
 * repeated on each of its rows; a run without entries has one row with the entry's columns empty,
 * so every run is listed. Rows end in CRLF; a field with a comma, a double quote, CR or LF is
 * enclosed in double quotes, its quotes doubled. Times are ISO-8601 instants in UTC; absent values
 * are empty fields; {@code claimed_before_start} is {@code true} where the reporter's time
 * precedes the run's start (the row is placed where the report arrived). A field a spreadsheet
 * would run as a formula (starting with {@code = + - @}, a tab or CR: names, reasons and actions
 * come from TOML and requests) is prefixed with {@code '}, as OWASP advises against CSV
 * injection; the exporter's own numbers are never negative.
 */
final class CsvWriter implements TraceWriter {

  /** First characters that make Excel, LibreOffice or Google Sheets evaluate a cell. */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  static final List<String> HEADER =
      List.of(
          "run_id",
          "procedure_id",
          "procedure_version",
          "run_status",
          "abort_reason",
          "run_start_time",
          "run_end_time",
          "duration_ms",
          "run_executor_id",
          "location",
          "equipment_id",
          "deviation_count",
          "seq",
          "event_type",
          "activity",
          "transition",
          "time",
          "recorded_at",
          "occurred_at",
          "claimed_before_start",
          "executor_id",
          "reason");

  private final Writer out;

  CsvWriter(Writer out) {
    this.out = out;
  }

  @Override
  public void begin() throws IOException {
    row(HEADER);
  }

  @Override
  public void write(RunTrace trace) throws IOException {
    List<String> run = runFields(trace.run());
    if (trace.entries().isEmpty()) {
      List<String> fields = new ArrayList<>(run);
      while (fields.size() < HEADER.size()) {
        fields.add(null);
      }
      row(fields);
    }
    for (TraceEntry entry : trace.entries()) {
      List<String> fields = new ArrayList<>(run);
      fields.add(Long.toString(entry.seq()));
      fields.add(entry.eventType());
      fields.add(entry.activity());
      fields.add(entry.transition().wireName());
      fields.add(entry.time().toString());
      fields.add(entry.recordedAt().toString());
      fields.add(time(entry.occurredAt()));
      fields.add(Boolean.toString(trace.claimedBeforeStart(entry)));
      fields.add(entry.executorId().orElse(null));
      fields.add(entry.reason().orElse(null));
      row(fields);
    }
  }

  @Override
  public void end() {
    // the last row ends in CRLF already
  }

  private static List<String> runFields(RunSummary run) {
    List<String> fields = new ArrayList<>();
    fields.add(run.runId());
    fields.add(run.procedureId());
    fields.add(run.procedureVersion().orElse(null));
    fields.add(run.status().wireName());
    fields.add(run.abortReason().orElse(null));
    fields.add(run.startTime().toString());
    fields.add(time(run.endTime()));
    fields.add(run.duration().map(Duration::toMillis).map(String::valueOf).orElse(null));
    fields.add(run.context().executorId().orElse(null));
    fields.add(run.context().location().orElse(null));
    fields.add(run.context().equipmentId().orElse(null));
    fields.add(Integer.toString(run.deviationCount()));
    return fields;
  }

  private void row(List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(field(fields.get(i)));
    }
    out.write("\r\n");
  }

  /**
   * The field as RFC 4180 writes it, quoted when it holds a comma, a quote, CR or LF; neutralized
   * first if a spreadsheet would take it for a formula.
   */
  static String field(String raw) {
    if (raw == null) {
      return "";
    }
    String value = raw.isEmpty() || FORMULA_STARTS.indexOf(raw.charAt(0)) < 0 ? raw : "'" + raw;
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\r') < 0
        && value.indexOf('\n') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static String time(Optional<Instant> time) {
    return time.map(Instant::toString).orElse(null);
  }
}
