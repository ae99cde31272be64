package dev.asrun.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.monitor.MonitoredProcedure;
import dev.asrun.monitor.Observation;
import dev.asrun.monitor.ObservationException;
import dev.asrun.monitor.ObservationResult;
import dev.asrun.monitor.ObservationService;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.ProcedureLifecycle;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /asrun/api/v1}: observations in, procedures' lifecycle out (see {@code
 * docs/observations.md}).
 *
 * <ul>
 *   <li>{@code POST /observations}: one observation (a JSON object) or a batch (a JSON array),
 *       answered with one answer or an array of answers in the same order; a batch is recorded
 *       all or nothing;
 *   <li>{@code GET /procedures}: the procedures the caller may read, each with its lifecycle state
 *       ({@code inactive}, {@code triggered}, {@code active}), how many runs are triggered and
 *       active, and its triggers.
 * </ul>
 */
@RestController
@RequestMapping("/asrun/api/v1")
class ObservationController {

  private static final System.Logger LOG = System.getLogger(ObservationController.class.getName());

  private final ProcessEngine engine;
  private final ObservationService observations;
  private final AsRunQueries queries;
  private final ObjectMapper json = new ObjectMapper();

  ObservationController(ProcessEngine engine, DataSource dataSource) {
    this.engine = engine;
    this.observations = new ObservationService(engine);
    this.queries = AsRunQueries.of(dataSource);
  }

  @PostMapping(path = "/observations", consumes = MediaType.ALL_VALUE)
  ResponseEntity<Object> observe(@RequestBody(required = false) String body) {
    Caller.current(engine);
    JsonNode document = parse(body);
    if (document.isObject()) {
      Observation observation = ObservationJson.read(document, "");
      return ResponseEntity.ok(Answer.of(report(List.of(observation)).get(0)));
    }
    if (!document.isArray()) {
      throw ApiException.badBody(
          "the body must be an observation (a JSON object) or a batch of them (a JSON array)");
    }
    List<Observation> batch = new ArrayList<>();
    for (int i = 0; i < document.size(); i++) {
      batch.add(ObservationJson.read(document.get(i), "[" + i + "]."));
    }
    return ResponseEntity.ok(report(batch).stream().map(Answer::of).toList());
  }

  @GetMapping("/procedures")
  List<ProcedureJson> procedures() throws SQLException {
    Optional<Set<String>> readable = Caller.current(engine).readableProcedures();
    Map<String, ProcedureLifecycle> lifecycles =
        queries.lifecycles().stream()
            .collect(Collectors.toMap(ProcedureLifecycle::procedureId, Function.identity()));
    return observations.procedures().stream()
        .filter(p -> readable.map(ids -> ids.contains(p.procedureId())).orElse(true))
        .map(
            p ->
                ProcedureJson.of(
                    p,
                    lifecycles.getOrDefault(
                        p.procedureId(), new ProcedureLifecycle(p.procedureId(), 0, 0))))
        .toList();
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ApiProblem> problem(ApiException exception) {
    return ApiProblem.of(exception);
  }

  @ExceptionHandler(SQLException.class)
  ResponseEntity<ApiProblem> unreadable(SQLException exception) {
    LOG.log(System.Logger.Level.ERROR, "the as-run API could not read the record", exception);
    return ApiProblem.of(ApiException.recordUnavailable());
  }

  private List<ObservationResult> report(List<Observation> batch) {
    try {
      return observations.reportAll(batch);
    } catch (ObservationException e) {
      throw switch (e.kind()) {
        case FORBIDDEN -> ApiException.forbidden(e.getMessage());
        case CONFLICT -> ApiException.busy(e.getMessage());
        case BAD_INPUT -> ApiException.badBody(e.getMessage());
      };
    }
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badBody(
          "the body is empty; send an observation (a JSON object) or a batch (a JSON array)");
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badBody(
          "the body is not JSON: " + e.getOriginalMessage() + " (line "
              + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }
  }

  /** An observation's answer. */
  @Schema(name = "ObservationAnswer", description = "what the observation moved, and what not")
  @JsonPropertyOrder({
    "observation_id", "matched", "started_runs", "extra_step_runs", "unmatched", "not_allowed",
    "ambiguous"
  })
  record Answer(
      @JsonProperty("observation_id") String observationId,
      @JsonProperty("matched") List<MatchJson> matched,
      @JsonProperty("started_runs") List<String> startedRuns,
      @JsonProperty("extra_step_runs") List<String> extraStepRuns,
      @JsonProperty("unmatched") boolean unmatched,
      @JsonProperty("not_allowed") List<NotAllowedJson> notAllowed,
      @JsonProperty("ambiguous") List<AmbiguousJson> ambiguous) {

    static Answer of(ObservationResult result) {
      return new Answer(
          result.observationId(),
          result.matched().stream()
              .map(m -> new MatchJson(m.runId(), m.procedureId(), m.stepId()))
              .toList(),
          result.startedRuns(),
          result.extraStepRuns(),
          result.unmatched(),
          result.notAllowed().stream()
              .map(n -> new NotAllowedJson(n.cause(), n.runId(), n.procedureId(), n.stepId()))
              .toList(),
          result.ambiguous().stream()
              .map(a -> new AmbiguousJson(a.procedureId(), a.runIds()))
              .toList());
    }
  }

  /**
   * A procedure in which the observation fitted two or more runs equally, so it moved none: the
   * procedure and its runs, named only where the reporter may read the procedure.
   */
  @JsonPropertyOrder({"procedure_id", "run_ids"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AmbiguousJson(
      @JsonProperty("procedure_id") String procedureId,
      @JsonProperty("run_ids") List<String> runIds) {}

  /**
   * What the observation would have caused but its reporter may not; run, procedure and step are
   * absent where the reporter may not read the procedure.
   */
  @Schema(name = "ObservationNotAllowed")
  @JsonPropertyOrder({"cause", "run_id", "procedure_id", "step_id"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record NotAllowedJson(
      @JsonProperty("cause") String cause,
      @JsonProperty("run_id") String runId,
      @JsonProperty("procedure_id") String procedureId,
      @JsonProperty("step_id") String stepId) {}

  /** A run's step an observation matched. */
  @Schema(name = "ObservationMatch")
  @JsonPropertyOrder({"run_id", "procedure_id", "step_id"})
  record MatchJson(
      @JsonProperty("run_id") String runId,
      @JsonProperty("procedure_id") String procedureId,
      @JsonProperty("step_id") String stepId) {}

  /** A procedure with its lifecycle state and triggers. */
  @JsonPropertyOrder({
    "procedure_id", "name", "version", "state", "triggered", "active", "triggers"
  })
  record ProcedureJson(
      @JsonProperty("procedure_id") String procedureId,
      @JsonProperty("name") String name,
      @JsonProperty("version") String version,
      @JsonProperty("state") String state,
      @JsonProperty("triggered") long triggered,
      @JsonProperty("active") long active,
      @JsonProperty("triggers") Triggers triggers) {

    static ProcedureJson of(MonitoredProcedure procedure, ProcedureLifecycle lifecycle) {
      return new ProcedureJson(
          procedure.procedureId(),
          procedure.name(),
          procedure.version(),
          lifecycle.state().name().toLowerCase(java.util.Locale.ROOT),
          lifecycle.triggered(),
          lifecycle.active(),
          new Triggers(
              procedure.windowed(),
              procedure.triggerActions(),
              procedure.alwaysWatched(),
              procedure.location().orElse(null),
              procedure.equipment()));
    }
  }

  /** What triggers a procedure and where. */
  @JsonPropertyOrder({"window", "actions", "first_step", "location", "equipment"})
  record Triggers(
      @JsonProperty("window") boolean window,
      @JsonProperty("actions") List<String> actions,
      @JsonProperty("first_step") boolean firstStep,
      @JsonProperty("location") String location,
      @JsonProperty("equipment") List<String> equipment) {}
}
