package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.asrun.export.ExportFormat;
import dev.asrun.export.ExportTimeLimit;
import dev.asrun.export.ExportTimeLimitException;
import dev.asrun.export.RunExport;
import dev.asrun.log.EventLog;
import dev.asrun.log.LogBusyException;
import dev.asrun.log.LoggedEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RecordValues;
import dev.asrun.query.RunQuery;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The record out of the app:
 *
 * <ul>
 *   <li>{@code GET /events?after=&limit=}: the log in {@code seq} order from just after {@code
 *       after} (default 0), at most {@code limit} events (1 to {@value #LARGEST_LIMIT}, default
 *       {@value #DEFAULT_LIMIT}), as {@code {"events", "after", "limit", "next_after"}}: ask again
 *       with {@code after=next_after} to follow the log, which never skips nor repeats an event
 *       (only events up to the committed head are given, see {@link EventLog#after}). Only events
 *       of procedures the caller may read; events of no procedure (engine-wide) only for
 *       administrators. 503 busy when writers kept the reader from the committed head;
 *   <li>{@code GET /procedures/{procedure_id}/runs.jsonl|.csv|.xes?from=&to=&status=&executor_id=&equipment_id=&location=}:
 *       the procedure's runs with their traces, oldest first, streamed (see {@link RunExport}),
 *       within {@code asrun.limits.export-time}: an export that runs past it is ended and its
 *       database connection returned. Before anything was sent the answer is 503 problem+json;
 *       once the response has begun, the connection is closed without the chunked body's last
 *       chunk, so the reader sees a body cut short (an error in any HTTP client), never a
 *       complete-looking one.
 * </ul>
 */
@RestController
@RequestMapping("/asrun/api/v1")
class ExportController {

  static final int DEFAULT_LIMIT = 100;
  static final int LARGEST_LIMIT = 1000;

  static final Set<String> EXPORT_NAMES =
      Set.of("from", "to", "status", "executor_id", "equipment_id", "location");
  static final Set<String> EVENT_NAMES = Set.of("after", "limit");

  private final ProcessEngine engine;
  private final DataSource dataSource;
  private final AsRunQueries queries;
  private final Duration exportTime;
  private final EventLog log = new EventLog();

  ExportController(
      ProcessEngine engine, DataSource dataSource, AsRunQueries queries, Duration exportTime) {
    this.engine = engine;
    this.dataSource = dataSource;
    this.queries = queries;
    this.exportTime = exportTime;
  }

  /**
   * A page of the log: {@code next_after} is the last event's {@code seq}, else {@code after}. Each
   * event as {@link LoggedEvent#toJson()} writes it, without its recorded values ({@link
   * RecordValues}) where the caller may not read them.
   */
  @JsonPropertyOrder({"events", "after", "limit", "next_after"})
  record EventPage(
      @JsonProperty("events") List<ObjectNode> events,
      @JsonProperty("after") long after,
      @JsonProperty("limit") int limit,
      @JsonProperty("next_after") long nextAfter) {}

  @GetMapping("/events")
  EventPage events(@RequestParam MultiValueMap<String, String> parameters) throws SQLException {
    RunParameters.checkNames(parameters, EVENT_NAMES);
    long after = RunParameters.number(parameters, "after", 0, 0, Long.MAX_VALUE);
    int limit = RunParameters.integer(parameters, "limit", DEFAULT_LIMIT, 1, LARGEST_LIMIT);
    Caller caller = Caller.current(engine);
    Optional<Set<String>> readable = caller.readableProcedures();
    List<LoggedEvent> events;
    try (Connection connection = dataSource.getConnection()) {
      // outside a transaction EventLog.after reads only up to the committed head, whatever the
      // pool's default
      connection.setAutoCommit(true);
      events =
          readable.isPresent()
              ? log.after(connection, after, limit, readable.get())
              : log.after(connection, after, limit);
    } catch (LogBusyException e) {
      throw ApiException.busy(
          "the log's writers kept this reader from the committed head (" + e.getMessage() + ")");
    }
    long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
    Predicate<String> hidden = caller.valuesHidden();
    List<ObjectNode> shown =
        events.stream()
            .map(
                event ->
                    event.procedureId().filter(hidden).isPresent()
                        ? RecordValues.withoutValues(event)
                        : event.toJson())
            .toList();
    return new EventPage(shown, after, limit, next);
  }

  @GetMapping("/procedures/{procedure_id}/runs.{format}")
  void export(
      @PathVariable("procedure_id") String procedureId,
      @PathVariable("format") String formatName,
      @RequestParam MultiValueMap<String, String> parameters,
      HttpServletResponse response)
      throws SQLException, IOException {
    ExportFormat format;
    try {
      format = ExportFormat.fromWireName(formatName);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(
          "path: 'runs."
              + formatName
              + "' names no export format; valid: "
              + ExportFormat.validNames()
              + " (e.g. runs.csv)");
    }
    RunQuery query =
        AnalyticsController.readableProcedure(engine, procedureId, parameters, EXPORT_NAMES);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentType(format.mediaType() + "; charset=UTF-8");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment()
            .filename(procedureId + "-runs." + format.wireName(), StandardCharsets.UTF_8)
            .build()
            .toString());
    boolean valuesHidden = Caller.current(engine).valuesHidden().test(procedureId);
    try {
      RunExport.write(
          queries,
          query,
          procedureId,
          format,
          valuesHidden,
          response.getOutputStream(),
          ExportTimeLimit.startingNow(exportTime));
    } catch (ExportTimeLimitException e) {
      if (response.isCommitted()) {
        // part is sent: ending with an exception makes the container close the connection
        // without the last chunk, so the reader cannot take the part for the whole
        throw e;
      }
      response.reset();
      throw ApiException.exportTooLong(e.limit());
    }
  }
}
