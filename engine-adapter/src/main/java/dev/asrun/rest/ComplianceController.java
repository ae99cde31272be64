package dev.asrun.rest;

import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The compliance queries of seed 8.3 over HTTP, each a page of runs as {@code GET /runs} answers
 * ({@code {"runs", "first", "max", "count"}}, newest first) and taking its other parameters:
 *
 * <ul>
 *   <li>{@code GET /executors/{executor_id}/runs}: every run that executor did (add {@code
 *       status=aborted} for their failed runs);
 *   <li>{@code GET /equipment/{equipment_id}/runs}: every run on that equipment;
 *   <li>{@code GET /procedures/{procedure_id}/runs-missing-step?step_id=}: the procedure's runs
 *       with no done attempt at the step (add {@code status=completed} for runs that ended without
 *       it).
 * </ul>
 *
 * Runs are limited to the procedures the caller may read; a procedure the caller may not read is
 * answered 404. The audit trail of a run (the third query of 8.3) is {@code GET
 * /runs/{run_id}/events}.
 */
@RestController
@RequestMapping("/asrun/api/v1")
class ComplianceController {

  private final ProcessEngine engine;
  private final AsRunQueries queries;

  ComplianceController(ProcessEngine engine, AsRunQueries queries) {
    this.engine = engine;
    this.queries = queries;
  }

  @GetMapping("/executors/{executor_id}/runs")
  RunJson.Page byExecutor(
      @PathVariable("executor_id") String executorId,
      @RequestParam MultiValueMap<String, String> parameters)
      throws SQLException {
    return page(readable(parameters, "executor_id").withExecutorId(executorId));
  }

  @GetMapping("/equipment/{equipment_id}/runs")
  RunJson.Page onEquipment(
      @PathVariable("equipment_id") String equipmentId,
      @RequestParam MultiValueMap<String, String> parameters)
      throws SQLException {
    return page(readable(parameters, "equipment_id").withEquipmentId(equipmentId));
  }

  @GetMapping("/procedures/{procedure_id}/runs-missing-step")
  RunJson.Page missingStep(
      @PathVariable("procedure_id") String procedureId,
      @RequestParam MultiValueMap<String, String> parameters)
      throws SQLException {
    Map<String, List<String>> rest = new LinkedHashMap<>(parameters);
    List<String> stepIds = Optional.ofNullable(rest.remove("step_id")).orElse(List.of());
    if (stepIds.size() > 1) {
      throw ApiException.badParameter("query parameter 'step_id' is given more than once");
    }
    String stepId = RunParameters.text(Map.of("step_id", stepIds), "step_id");
    if (stepId == null) {
      throw ApiException.badParameter(
          "query parameter 'step_id' is required: the step the runs should have done");
    }
    RunQuery query =
        AnalyticsController.readableProcedure(engine, procedureId, rest, without("procedure_id"));
    Predicate<String> hidden = Caller.current(engine).valuesHidden();
    List<RunJson.Summary> runs =
        queries.runsMissingStep(query, stepId).stream()
            .map(run -> RunJson.Summary.of(run, hidden.test(run.procedureId())))
            .toList();
    return new RunJson.Page(
        runs, query.firstResult(), query.maxResults(), queries.countMissingStep(query, stepId));
  }

  private RunQuery readable(Map<String, List<String>> parameters, String fixed) {
    RunQuery query = RunParameters.read(parameters, without(fixed));
    Optional<Set<String>> readable = Caller.current(engine).readableProcedures();
    return readable.isPresent() ? query.withAllowedProcedureIds(readable.get()) : query;
  }

  private RunJson.Page page(RunQuery query) throws SQLException {
    Predicate<String> hidden = Caller.current(engine).valuesHidden();
    List<RunJson.Summary> runs =
        queries.runs(query).stream()
            .map(run -> RunJson.Summary.of(run, hidden.test(run.procedureId())))
            .toList();
    return new RunJson.Page(runs, query.firstResult(), query.maxResults(), queries.count(query));
  }

  private static Set<String> without(String name) {
    Set<String> names = new HashSet<>(RunParameters.NAMES);
    names.remove(name);
    return names;
  }
}
