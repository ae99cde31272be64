package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.asrun.query.Correction;
import dev.asrun.query.Deviation;
import dev.asrun.query.RecordValues;
import dev.asrun.query.RunContext;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStep;
import dev.asrun.query.RunSummary;
import dev.asrun.signature.RunSignatures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON forms of the query API's records: snake_case names, times as ISO-8601 instants in UTC
 * ({@code 2026-01-31T08:00:00.123456Z}), absent values as {@code null}. Plain strings and numbers
 * only, so any {@code ObjectMapper} writes the same document.
 */
public final class RunJson {

  private RunJson() {}

  /** A page of runs: {@code count} is how many runs match over all pages. */
  @JsonPropertyOrder({"runs", "first", "max", "count"})
  public record Page(
      @JsonProperty("runs") List<Summary> runs,
      @JsonProperty("first") int first,
      @JsonProperty("max") int max,
      @JsonProperty("count") long count) {}

  /** A run as lists show it. */
  @JsonPropertyOrder({
    "run_id",
    "procedure_id",
    "procedure_version",
    "status",
    "abort_reason",
    "start_time",
    "activated_at",
    "end_time",
    "duration_ms",
    "context",
    "executor_confirmation",
    "parent_run_id",
    "process_instance_id",
    "deviation_count",
    "values_hidden"
  })
  public record Summary(
      @JsonProperty("run_id") String runId,
      @JsonProperty("procedure_id") String procedureId,
      @JsonProperty("procedure_version") String procedureVersion,
      @JsonProperty("status") String status,
      @JsonProperty("abort_reason") String abortReason,
      @JsonProperty("start_time") String startTime,
      @JsonProperty("activated_at") String activatedAt,
      @JsonProperty("end_time") String endTime,
      @JsonProperty("duration_ms") Long durationMs,
      @JsonProperty("context") Context context,
      @JsonProperty("executor_confirmation") String executorConfirmation,
      @JsonProperty("parent_run_id") String parentRunId,
      @JsonProperty("process_instance_id") String processInstanceId,
      @JsonProperty("deviation_count") int deviationCount,
      @JsonProperty("values_hidden") boolean valuesHidden) {

    /**
     * The run as lists show it; without its notes, and {@code values_hidden}, where the reader may
     * not read its recorded values ({@link RecordValues}).
     */
    public static Summary of(RunSummary shown, boolean valuesHidden) {
      RunSummary run = valuesHidden ? RecordValues.withoutValues(shown) : shown;
      return new Summary(
          run.runId(),
          run.procedureId(),
          run.procedureVersion().orElse(null),
          run.status().wireName(),
          run.abortReason().orElse(null),
          time(run.startTime()),
          time(run.activatedAt()),
          time(run.endTime()),
          run.duration().map(Duration::toMillis).orElse(null),
          Context.of(run.context()),
          run.executorConfirmation().orElse(null),
          run.parentRunId().orElse(null),
          run.processInstanceId().orElse(null),
          run.deviationCount(),
          valuesHidden);
    }
  }

  /**
   * A run's whole record: the fields lists show (unwrapped, so they stand at the top level), then
   * the run in the seed's words, what the executor corrected and answered, its event ids in log
   * order, its steps, its deviations after corrections and the corrections themselves.
   */
  @JsonPropertyOrder({
    "run",
    "summary",
    "corrected_procedure_id",
    "confirmation_note",
    "event_ids",
    "steps",
    "deviations",
    "corrections",
    "signature_status",
    "signatures"
  })
  public record Record(
      @JsonUnwrapped Summary run,
      @JsonProperty("summary") String summary,
      @JsonProperty("corrected_procedure_id") String correctedProcedureId,
      @JsonProperty("confirmation_note") String confirmationNote,
      @JsonProperty("event_ids") List<String> eventIds,
      @JsonProperty("steps") List<Step> steps,
      @JsonProperty("deviations") List<DeviationJson> deviations,
      @JsonProperty("corrections") List<CorrectionJson> corrections,
      @JsonProperty("signature_status") String signatureStatus,
      @JsonProperty("signatures") List<SignatureJson> signatures) {

    /**
     * The run's whole record; without its notes and confirmation note, and {@code values_hidden},
     * where the reader may not read its recorded values ({@link RecordValues}); with its signatures
     * and how far it is signed.
     */
    public static Record of(RunRecord shown, boolean valuesHidden, RunSignatures signatures) {
      RunRecord record = valuesHidden ? RecordValues.withoutValues(shown) : shown;
      return new Record(
          Summary.of(record.run(), valuesHidden),
          record.summary(),
          record.correctedProcedureId().orElse(null),
          record.confirmationNote().orElse(null),
          record.eventIds().stream().map(UUID::toString).toList(),
          record.steps().stream().map(Step::of).toList(),
          record.deviations().stream().map(DeviationJson::of).toList(),
          record.corrections().stream().map(CorrectionJson::of).toList(),
          signatures.status().wireName(),
          signatures.signatures().stream().map(SignatureJson::of).toList());
    }
  }

  /** Who ran it, where, on what. */
  @JsonPropertyOrder({"executor_id", "location", "equipment_id", "notes"})
  public record Context(
      @JsonProperty("executor_id") String executorId,
      @JsonProperty("location") String location,
      @JsonProperty("equipment_id") String equipmentId,
      @JsonProperty("notes") String notes) {

    public static Context of(RunContext context) {
      return new Context(
          context.executorId().orElse(null),
          context.location().orElse(null),
          context.equipmentId().orElse(null),
          context.notes().orElse(null));
    }
  }

  /** One attempt at one step. */
  @JsonPropertyOrder({
    "step_id",
    "attempt",
    "task_id",
    "step_type",
    "status",
    "overdue",
    "started_at",
    "ended_at",
    "occurred_at",
    "executor_id",
    "reason"
  })
  public record Step(
      @JsonProperty("step_id") String stepId,
      @JsonProperty("attempt") int attempt,
      @JsonProperty("task_id") String taskId,
      @JsonProperty("step_type") String stepType,
      @JsonProperty("status") String status,
      @JsonProperty("overdue") boolean overdue,
      @JsonProperty("started_at") String startedAt,
      @JsonProperty("ended_at") String endedAt,
      @JsonProperty("occurred_at") String occurredAt,
      @JsonProperty("executor_id") String executorId,
      @JsonProperty("reason") String reason) {

    public static Step of(RunStep step) {
      return new Step(
          step.stepId(),
          step.attempt(),
          step.taskId().orElse(null),
          step.stepType().orElse(null),
          step.status().wireName(),
          step.overdue(),
          time(step.startedAt()),
          time(step.endedAt()),
          time(step.occurredAt()),
          step.executorId().orElse(null),
          step.reason().orElse(null));
    }
  }

  /** One difference between what was written and what was done. */
  @JsonPropertyOrder({
    "type",
    "step_id",
    "expected_position",
    "actual_position",
    "previous_step_id",
    "detail",
    "corrected"
  })
  public record DeviationJson(
      @JsonProperty("type") String type,
      @JsonProperty("step_id") String stepId,
      @JsonProperty("expected_position") Integer expectedPosition,
      @JsonProperty("actual_position") Integer actualPosition,
      @JsonProperty("previous_step_id") String previousStepId,
      @JsonProperty("detail") String detail,
      @JsonProperty("corrected") boolean corrected) {

    public static DeviationJson of(Deviation deviation) {
      return new DeviationJson(
          deviation.type(),
          deviation.stepId().orElse(null),
          deviation.expectedPosition().orElse(null),
          deviation.actualPosition().orElse(null),
          deviation.previousStepId().orElse(null),
          deviation.detail().orElse(null),
          deviation.corrected());
    }
  }

  /** One correction by the executor. */
  @JsonPropertyOrder({
    "event_id",
    "correction_type",
    "step_id",
    "actual_procedure_id",
    "reason",
    "executor_id",
    "recorded_at"
  })
  public record CorrectionJson(
      @JsonProperty("event_id") String eventId,
      @JsonProperty("correction_type") String correctionType,
      @JsonProperty("step_id") String stepId,
      @JsonProperty("actual_procedure_id") String actualProcedureId,
      @JsonProperty("reason") String reason,
      @JsonProperty("executor_id") String executorId,
      @JsonProperty("recorded_at") String recordedAt) {

    public static CorrectionJson of(Correction correction) {
      return new CorrectionJson(
          correction.eventId().toString(),
          correction.type(),
          correction.stepId().orElse(null),
          correction.actualProcedureId().orElse(null),
          correction.reason(),
          correction.executorId().orElse(null),
          time(correction.recordedAt()));
    }
  }

  private static String time(Instant time) {
    return time.toString();
  }

  private static String time(Optional<Instant> time) {
    return time.map(Instant::toString).orElse(null);
  }
}
