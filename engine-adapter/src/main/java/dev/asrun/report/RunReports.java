package dev.asrun.report;

import dev.asrun.capture.CompiledProcedures;
import dev.asrun.contract.ProcedureDefinition;
import dev.asrun.log.DetachedRecord;
import dev.asrun.log.EventLog;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import dev.asrun.log.RecordHash;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunRecord;
import dev.asrun.report.ReportContent.RunPart;
import dev.asrun.signature.RunSignatures;
import dev.asrun.signature.Signing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Makes the as-run report of one run: a PDF/A-3b document (see {@link PdfA}) with the procedure and
 * version, the executor context, every step as written beside what happened (marks, times, values
 * with their units and limits, reasons), the deviations and corrections, the confirmation, the
 * nested runs, the signatures' manifestations (printed name, date and time, meaning, comment: 21
 * CFR 11.50), the audit trail and the record's hash, which every page's footer states with the run
 * id. The events of the run's and its nested runs' streams, as the log holds them, are attached
 * ({@link DetachedRecord}), so the document verifies without the database.
 *
 * <p>It shows the run's record as {@code GET /runs/{run_id}} does ({@link AsRunQueries#run}, the
 * signatures of {@link Signing#of}), whole: the caller decides whether the reader may read it and
 * its recorded values. The log is read until two reads agree, so the pages and the attachment show
 * the same heads.
 */
public final class RunReports {

  private static final int READS = 5;

  private final ProcessEngine engine;
  private final DataSource dataSource;
  private final EventLog log = new EventLog();

  public RunReports(ProcessEngine engine, DataSource dataSource) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The report of run {@code runId} laid out for {@code paper}.
   *
   * @throws NoSuchElementException if the record has no such run
   * @throws IllegalStateException if the run's streams kept changing while they were read
   */
  public byte[] report(String runId, Paper paper) throws SQLException, IOException {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(paper, "paper");
    ReportContent content = read(runId);
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    PdfA.write(
        ReportHtml.of(content, paper), attachment(content.events()), content.createdAt(), pdf);
    return pdf.toByteArray();
  }

  private ReportContent read(String runId) throws SQLException, IOException {
    AsRunQueries queries = AsRunQueries.of(dataSource);
    for (int read = 0; read < READS; read++) {
      Map<String, List<LoggedEvent>> before = streams(runId);
      RunRecord record =
          queries.run(runId).orElseThrow(() -> new NoSuchElementException("no run " + runId));
      RunSignatures signatures = new Signing(engine).of(runId);
      List<RunPart> nested = new ArrayList<>();
      for (String child : before.keySet()) {
        if (!child.equals(runId)) {
          Optional<RunRecord> childRecord = queries.run(child);
          if (childRecord.isPresent()) {
            nested.add(part(childRecord.get(), before.get(child)));
          }
        }
      }
      RunPart run = part(record, before.get(runId));
      Map<String, List<LoggedEvent>> after = streams(runId);
      if (heads(before).equals(heads(after))) {
        List<LoggedEvent> events = before.values().stream().flatMap(List::stream).toList();
        return new ReportContent(
            run,
            nested,
            signatures,
            events.stream().sorted(java.util.Comparator.comparingLong(LoggedEvent::seq)).toList(),
            DetachedRecord.read(attachment(events)).recordHash(),
            ClockUtil.getCurrentTime().toInstant().truncatedTo(ChronoUnit.SECONDS));
      }
    }
    throw new IllegalStateException(
        "run " + runId + " kept changing while its report was read; ask again");
  }

  /** The events of the run's stream and its nested runs', by run, depth first. */
  private Map<String, List<LoggedEvent>> streams(String runId) throws SQLException {
    Map<String, List<LoggedEvent>> streams = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection()) {
      Deque<String> pending = new ArrayDeque<>();
      pending.push(runId);
      while (!pending.isEmpty()) {
        String run = pending.pop();
        if (streams.containsKey(run)) {
          continue;
        }
        List<LoggedEvent> events = log.stream(connection, NewEvent.runStream(run));
        streams.put(run, events);
        List<String> children = RecordHash.nestedRuns(events);
        for (int i = children.size() - 1; i >= 0; i--) {
          pending.push(children.get(i));
        }
      }
    }
    return streams;
  }

  private static Map<String, String> heads(Map<String, List<LoggedEvent>> streams) {
    Map<String, String> heads = new LinkedHashMap<>();
    streams.forEach(
        (run, events) ->
            heads.put(run, events.isEmpty() ? "" : events.get(events.size() - 1).hash()));
    return heads;
  }

  private RunPart part(RunRecord record, List<LoggedEvent> events) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    Optional<ProcedureDefinition> procedure =
        configuration
            .getCommandExecutorTxRequired()
            .execute(command -> CompiledProcedures.ofRun(events));
    return new RunPart(record, procedure, values(events));
  }

  /** The values each step attempt recorded, by its task id, from the events that ended them. */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> values(List<LoggedEvent> events) {
    Map<String, Map<String, Object>> values = new LinkedHashMap<>();
    for (LoggedEvent event : events) {
      if (event.type() == EventType.STEP_MATCHED || event.type() == EventType.STEP_SKIPPED) {
        Map<String, Object> payload = event.payloadMap();
        if (payload.get("task_id") instanceof String task
            && payload.get("values") instanceof Map<?, ?> recorded
            && !recorded.isEmpty()) {
          values.put(task, new LinkedHashMap<>((Map<String, Object>) recorded));
        }
      }
    }
    return values;
  }

  private static byte[] attachment(List<LoggedEvent> events) {
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    try {
      DetachedRecord.write(events, record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return record.toByteArray();
  }
}
