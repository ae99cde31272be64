package dev.asrun.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.asrun.query.RecordValues;
import dev.asrun.query.RunContext;
import dev.asrun.query.RunSummary;
import dev.asrun.query.RunTrace;
import dev.asrun.query.TraceEntry;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * JSON Lines: per run one line, the run's fields as {@code GET /runs/{run_id}} names them, {@code
 * values_hidden} (see {@link RecordValues}), and its {@code trace}, an array of {@code {seq,
 * event_type, activity, transition, time, recorded_at, occurred_at, claimed_before_start,
 * executor_id, reason}}. Times are ISO-8601 instants in UTC; absent values {@code null}. {@code
 * claimed_before_start} is true where the reporter's time precedes the run's start (the entry is
 * placed where it arrived).
 */
final class JsonLinesWriter implements TraceWriter {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final Writer out;
  private final boolean valuesHidden;

  /**
   * @param valuesHidden whether the reader may not read the runs' recorded values: the runs' notes
   *     are then written {@code null} and each run says {@code "values_hidden": true}
   */
  JsonLinesWriter(Writer out, boolean valuesHidden) {
    this.out = out;
    this.valuesHidden = valuesHidden;
  }

  @Override
  public void begin() {
    // JSON Lines has no header
  }

  @Override
  public void write(RunTrace trace) throws IOException {
    RunSummary run = valuesHidden ? RecordValues.withoutValues(trace.run()) : trace.run();
    RunContext context = run.context();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("run_id", run.runId());
      json.writeStringField("procedure_id", run.procedureId());
      json.writeStringField("procedure_version", run.procedureVersion().orElse(null));
      json.writeStringField("status", run.status().wireName());
      json.writeStringField("abort_reason", run.abortReason().orElse(null));
      json.writeStringField("start_time", run.startTime().toString());
      json.writeStringField("activated_at", time(run.activatedAt()));
      json.writeStringField("end_time", time(run.endTime()));
      if (run.duration().isPresent()) {
        json.writeNumberField("duration_ms", run.duration().map(Duration::toMillis).get());
      } else {
        json.writeNullField("duration_ms");
      }
      json.writeObjectFieldStart("context");
      json.writeStringField("executor_id", context.executorId().orElse(null));
      json.writeStringField("location", context.location().orElse(null));
      json.writeStringField("equipment_id", context.equipmentId().orElse(null));
      json.writeStringField("notes", context.notes().orElse(null));
      json.writeEndObject();
      json.writeStringField("executor_confirmation", run.executorConfirmation().orElse(null));
      json.writeStringField("parent_run_id", run.parentRunId().orElse(null));
      json.writeStringField("process_instance_id", run.processInstanceId().orElse(null));
      json.writeNumberField("deviation_count", run.deviationCount());
      json.writeBooleanField("values_hidden", valuesHidden);
      json.writeArrayFieldStart("trace");
      for (TraceEntry entry : trace.entries()) {
        json.writeStartObject();
        json.writeNumberField("seq", entry.seq());
        json.writeStringField("event_type", entry.eventType());
        json.writeStringField("activity", entry.activity());
        json.writeStringField("transition", entry.transition().wireName());
        json.writeStringField("time", entry.time().toString());
        json.writeStringField("recorded_at", entry.recordedAt().toString());
        json.writeStringField("occurred_at", time(entry.occurredAt()));
        json.writeBooleanField("claimed_before_start", trace.claimedBeforeStart(entry));
        json.writeStringField("executor_id", entry.executorId().orElse(null));
        json.writeStringField("reason", entry.reason().orElse(null));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.write('\n');
  }

  @Override
  public void end() {
    // JSON Lines has no footer
  }

  private static String time(Optional<Instant> time) {
    return time.map(Instant::toString).orElse(null);
  }
}
