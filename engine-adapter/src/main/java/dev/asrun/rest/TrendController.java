package dev.asrun.rest;

import dev.asrun.query.AsRunQueries;
import dev.asrun.query.RunQuery;
import dev.asrun.query.TrendBucket;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The procedure's runs over time, with the analytics' filters and authorization (404 for a
 * procedure the caller may not read, as for an unknown one):
 *
 * <ul>
 *   <li>{@code GET
 *       /asrun/api/v1/procedures/{procedure_id}/trend?bucket=day|week|month&from=&to=&executor_id=&equipment_id=&location=}:
 *       per UTC bucket of the runs' start (default {@code day}), see {@link TrendJson}
 *   <li>{@code GET
 *       /asrun/api/v1/procedures/{procedure_id}/step-durations?from=&to=&executor_id=&equipment_id=&location=}:
 *       per step, the distribution of its durations, see {@link TrendJson.StepDurationsJson}
 * </ul>
 */
@RestController
@RequestMapping("/asrun/api/v1")
class TrendController {

  static final Set<String> TREND_NAMES = with(AnalyticsController.NAMES, "bucket");

  private final ProcessEngine engine;
  private final AsRunQueries queries;

  TrendController(ProcessEngine engine, AsRunQueries queries) {
    this.engine = engine;
    this.queries = queries;
  }

  @GetMapping("/procedures/{procedure_id}/trend")
  TrendJson trend(
      @PathVariable("procedure_id") String procedureId,
      @RequestParam MultiValueMap<String, String> parameters)
      throws SQLException {
    Map<String, List<String>> rest = new LinkedHashMap<>(parameters);
    List<String> buckets = Optional.ofNullable(rest.remove("bucket")).orElse(List.of("day"));
    RunQuery query =
        AnalyticsController.readableProcedure(engine, procedureId, rest, AnalyticsController.NAMES);
    TrendBucket bucket = bucket(buckets);
    return TrendJson.of(
        procedureId,
        bucket,
        queries.trend(query, bucket),
        query.from().orElse(null),
        query.to().orElse(null));
  }

  @GetMapping("/procedures/{procedure_id}/step-durations")
  TrendJson.StepDurationsJson stepDurations(
      @PathVariable("procedure_id") String procedureId,
      @RequestParam MultiValueMap<String, String> parameters)
      throws SQLException {
    RunQuery query =
        AnalyticsController.readableProcedure(
            engine, procedureId, parameters, AnalyticsController.NAMES);
    return TrendJson.StepDurationsJson.of(
        procedureId,
        queries.stepDurations(query),
        query.from().orElse(null),
        query.to().orElse(null));
  }

  /**
   * @throws ApiException 400 naming the valid buckets
   */
  private static TrendBucket bucket(List<String> values) {
    if (values.size() != 1) {
      throw ApiException.badParameter(
          "query parameter 'bucket' is given more than once; give one of: "
              + TrendBucket.validNames());
    }
    try {
      return TrendBucket.fromWireName(values.get(0));
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("query parameter 'bucket': " + e.getMessage());
    }
  }

  private static Set<String> with(Set<String> names, String added) {
    Set<String> all = new HashSet<>(names);
    all.add(added);
    return Set.copyOf(all);
  }
}
