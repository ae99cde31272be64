package dev.asrun.report;

import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.RunRecord;
import dev.asrun.signature.RunSignatures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report shows, read once: the run, its nested runs, its signatures, the events of their
 * streams (the attached record) and the hash of their heads.
 *
 * @param run the run reported
 * @param nested its nested runs, depth first in the order they were started
 * @param signatures the run's signatures beside its procedure's policy
 * @param events the events of the run's and nested runs' streams, as the log holds them
 * @param recordHash the {@link dev.asrun.log.RecordHash} of those streams' heads
 * @param createdAt when the report was made
 */
record ReportContent(
    RunPart run,
    List<RunPart> nested,
    RunSignatures signatures,
    List<LoggedEvent> events,
    String recordHash,
    Instant createdAt) {

  ReportContent {
    Objects.requireNonNull(run, "run");
    nested = List.copyOf(nested);
    Objects.requireNonNull(signatures, "signatures");
    events = List.copyOf(events);
    Objects.requireNonNull(recordHash, "recordHash");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * One run of the report.
   *
   * @param record the run's record, as {@code GET /runs/{run_id}} gives it
   * @param procedure the procedure as written (compiled), if its definition is still deployed
   * @param values the values each step attempt recorded, by the attempt's task id
   */
  record RunPart(
      RunRecord record,
      Optional<ProcedureDefinition> procedure,
      Map<String, Map<String, Object>> values) {

    RunPart {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(procedure, "procedure");
      values = Map.copyOf(values);
    }
  }
}
