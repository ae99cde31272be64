package dev.asrun.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asrun.log.LogVerifier;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.VerifyReport;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RecordValues;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunRecord;
import dev.asrun.report.Paper;
import dev.asrun.report.RunReports;
import dev.asrun.signature.Signing;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /asrun/api/v1}: the as-run record over HTTP, read only.
 *
 * <ul>
 *   <li>{@code GET
 *       /runs?procedure_id=&status=&from=&to=&executor_id=&equipment_id=&location=&first=&max=}: a
 *       page of runs, newest first, as {@code {"runs": [...], "first", "max", "count"}} where
 *       {@code count} is how many runs match over all pages; {@code from}/{@code to} are ISO-8601
 *       instants with an offset (start time, {@code from} inclusive, {@code to} exclusive), {@code
 *       first} defaults to 0, {@code max} to 50 (at most 500)
 *   <li>{@code GET /runs/{run_id}}: the run's whole record
 *   <li>{@code GET /runs/{run_id}/events}: the run's audit trail from the log, in order, as a JSON
 *       array of events
 *   <li>{@code GET /runs/{run_id}/report.pdf?paper=a4|letter}: the run's as-run report, PDF/A-3b
 *       with its record attached
 *   <li>{@code GET /verify}: the log's verification (administrators only)
 * </ul>
 *
 * Every request runs as the engine user that Camunda's {@code ProcessEngineAuthenticationFilter}
 * authenticated; without one the answer is 401. Runs are limited to procedures whose process
 * definition the user holds READ_HISTORY on; a run the user may not read is answered 404, as an
 * unknown one is. Where the engine enforces Camunda's specific variable permission, a run's
 * recorded values need READ_HISTORY_VARIABLE as well ({@code values_hidden}). Errors are {@code
 * application/problem+json} (RFC 9457, see {@link ApiErrors}).
 */
@RestController
@RequestMapping("/asrun/api/v1")
class AsRunRestController {

  private final ProcessEngine engine;
  private final DataSource dataSource;
  private final AsRunQueries queries;

  AsRunRestController(ProcessEngine engine, DataSource dataSource) {
    this.engine = engine;
    this.dataSource = dataSource;
    this.queries = AsRunQueries.of(dataSource);
  }

  @GetMapping("/runs")
  RunJson.Page runs(@RequestParam MultiValueMap<String, String> parameters) throws SQLException {
    RunQuery query = RunParameters.read(parameters);
    Caller caller = Caller.current(engine);
    Optional<Set<String>> readable = caller.readableProcedures();
    if (readable.isPresent()) {
      query = query.withAllowedProcedureIds(readable.get());
    }
    Predicate<String> hidden = caller.valuesHidden();
    List<RunJson.Summary> runs =
        queries.runs(query).stream()
            .map(run -> RunJson.Summary.of(run, hidden.test(run.procedureId())))
            .toList();
    return new RunJson.Page(runs, query.firstResult(), query.maxResults(), queries.count(query));
  }

  @GetMapping("/runs/{run_id}")
  RunJson.Record run(@PathVariable("run_id") String runId) throws SQLException {
    RunRecord record = readableRun(runId);
    return RunJson.Record.of(
        record,
        Caller.current(engine).valuesHidden().test(record.run().procedureId()),
        new Signing(engine).of(runId));
  }

  /**
   * The run's events, each as {@link LoggedEvent#toJson()} writes it; without their recorded values
   * ({@link RecordValues}) where the caller may not read them.
   */
  @GetMapping("/runs/{run_id}/events")
  List<ObjectNode> events(@PathVariable("run_id") String runId) throws SQLException {
    RunRecord record = readableRun(runId);
    boolean hidden = Caller.current(engine).valuesHidden().test(record.run().procedureId());
    return queries.fullEventLog(record.runId()).stream()
        .map(event -> hidden ? RecordValues.withoutValues(event) : event.toJson())
        .toList();
  }

  /** The run's signatures, in the order they were given (see {@link SignatureController}). */
  @GetMapping("/runs/{run_id}/signatures")
  List<SignatureJson> signatures(@PathVariable("run_id") String runId) throws SQLException {
    readableRun(runId);
    return new Signing(engine).of(runId).signatures().stream().map(SignatureJson::of).toList();
  }

  /**
   * The run's as-run report: a PDF/A-3b document with the run's record attached ({@link
   * RunReports}), laid out for {@code paper} ({@code a4}, the default, or {@code letter}). Read as
   * the run's record is; a reader who may not read the run's recorded values gets 403, since a
   * report without them would not verify.
   */
  @GetMapping("/runs/{run_id}/report.pdf")
  void report(
      @PathVariable("run_id") String runId,
      @RequestParam(name = "paper", required = false) String paperName,
      HttpServletResponse response)
      throws SQLException, IOException {
    RunRecord record = readableRun(runId);
    Paper paper;
    try {
      paper = paperName == null ? Paper.A4 : Paper.of(paperName);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("paper: " + e.getMessage());
    }
    if (Caller.current(engine).valuesHidden().test(record.run().procedureId())) {
      throw ApiException.forbidden(
          "the report of run '"
              + runId
              + "' holds its recorded values, which you may not read (READ_HISTORY_VARIABLE on"
              + " its procedure's process definition)");
    }
    byte[] pdf;
    try {
      pdf = new RunReports(engine, dataSource).report(runId, paper);
    } catch (IllegalStateException changing) {
      throw ApiException.busy(changing.getMessage());
    }
    response.setContentType(MediaType.APPLICATION_PDF_VALUE);
    response.setContentLength(pdf.length);
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.inline()
            .filename("asrun-report-" + runId + ".pdf", StandardCharsets.UTF_8)
            .build()
            .toString());
    response.getOutputStream().write(pdf);
  }

  @GetMapping("/verify")
  VerifyReport verify() throws SQLException {
    if (!Caller.current(engine).admin()) {
      throw ApiException.adminsOnly("verifying the log");
    }
    try (Connection connection = dataSource.getConnection()) {
      return new LogVerifier().verify(connection);
    }
  }

  private RunRecord readableRun(String runId) throws SQLException {
    Caller caller = Caller.current(engine);
    return queries
        .run(runId)
        .filter(record -> caller.mayRead(record.run().procedureId()))
        .orElseThrow(() -> ApiException.runNotFound(runId));
  }
}
