package dev.asrun.rest;

import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /asrun/api/v1/procedures/{procedure_id}/analytics?from=&to=&executor_id=&equipment_id=&location=}:
 * the analytics of the procedure's runs started in {@code [from, to)} (seed 8.2, see {@link
 * AnalyticsJson}), for a procedure the caller may read (404 otherwise, as for an unknown one).
 */
@RestController
@RequestMapping("/asrun/api/v1")
class AnalyticsController {

  static final Set<String> NAMES = Set.of("from", "to", "executor_id", "equipment_id", "location");

  private final ProcessEngine engine;
  private final AsRunQueries queries;

  AnalyticsController(ProcessEngine engine, AsRunQueries queries) {
    this.engine = engine;
    this.queries = queries;
  }

  @GetMapping("/procedures/{procedure_id}/analytics")
  AnalyticsJson analytics(
      @PathVariable("procedure_id") String procedureId,
      @RequestParam MultiValueMap<String, String> parameters)
      throws SQLException {
    RunQuery query = readableProcedure(engine, procedureId, parameters, NAMES);
    return AnalyticsJson.of(
        queries.analytics(query), query.from().orElse(null), query.to().orElse(null));
  }

  /**
   * The query over the runs of {@code procedureId} that {@code parameters} ask for (only {@code
   * names} allowed).
   *
   * @throws ApiException 404 if the caller may not read the procedure, 400 for a bad parameter
   */
  static RunQuery readableProcedure(
      ProcessEngine engine,
      String procedureId,
      Map<String, List<String>> parameters,
      Set<String> names) {
    if (!Caller.current(engine).mayRead(procedureId)) {
      throw ApiException.procedureNotFound(procedureId);
    }
    return RunParameters.read(new LinkedHashMap<>(parameters), names)
        .withProcedureId(procedureId);
  }
}
