package dev.asrun.rest;

import dev.asrun.query.RunQuery;
import dev.asrun.redline.DeployedProcedure;
import dev.asrun.redline.RedlineAnswer;
import dev.asrun.redline.Settings;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET
 * /asrun/api/v1/procedures/{procedure_id}/redlines?from=&to=&executor_id=&equipment_id=&location=&version=&min_runs=&threshold=}:
 * edits of the procedure proposed from its ended runs started in {@code [from, to)}, with the patch
 * of its TOML source (docs/redlines.md), for a procedure the caller may read (404 otherwise, as for
 * an unknown one). Without {@code version}: the latest version, from the runs of every version;
 * with it: that version, from its runs only.
 */
@RestController
@RequestMapping("/asrun/api/v1")
class RedlinesController {

  static final Set<String> NAMES = names();

  private final ProcessEngine engine;
  private final DataSource dataSource;

  RedlinesController(ProcessEngine engine, DataSource dataSource) {
    this.engine = engine;
    this.dataSource = dataSource;
  }

  @GetMapping("/procedures/{procedure_id}/redlines")
  RedlinesJson redlines(
      @PathVariable("procedure_id") String procedureId,
      @RequestParam MultiValueMap<String, String> parameters)
      throws SQLException {
    RunQuery query = AnalyticsController.readableProcedure(engine, procedureId, parameters, NAMES);
    Optional<String> version = Optional.ofNullable(RunParameters.text(parameters, "version"));
    Settings settings = settings(parameters);
    DeployedProcedure deployed =
        DeployedProcedure.of(engine, procedureId, version)
            .orElseThrow(() -> noSuchVersion(procedureId, version));
    return RedlinesJson.of(
        RedlineAnswer.of(dataSource, query, deployed, version.isPresent(), settings));
  }

  private static Settings settings(Map<String, List<String>> parameters) {
    int minRuns =
        RunParameters.integer(
            parameters, "min_runs", Settings.DEFAULT_MIN_RUNS, 1, RedlineAnswer.MAX_RUNS);
    String threshold = RunParameters.text(parameters, "threshold");
    if (threshold == null) {
      return new Settings(minRuns, Settings.DEFAULT_THRESHOLD);
    }
    try {
      if (threshold.matches("[0-9]*\\.?[0-9]+")) {
        double value = Double.parseDouble(threshold);
        if (value > 0 && value <= 1) {
          return new Settings(minRuns, value);
        }
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.badParameter(
        "query parameter 'threshold': '"
            + threshold
            + "' is not a number more than 0 and at most 1 (the least lower bound of a"
            + " proposal's rate, e.g. 0.5)");
  }

  private ApiException noSuchVersion(String procedureId, Optional<String> version) {
    List<String> versions = DeployedProcedure.versions(engine, procedureId);
    if (version.isEmpty() || versions.isEmpty()) {
      return ApiException.procedureNotFound(procedureId);
    }
    return ApiException.badParameter(
        "query parameter 'version': procedure '"
            + procedureId
            + "' has no version '"
            + version.get()
            + "'; deployed: "
            + String.join(", ", versions));
  }

  private static Set<String> names() {
    Set<String> names = new HashSet<>(AnalyticsController.NAMES);
    names.addAll(List.of("version", "min_runs", "threshold"));
    return Set.copyOf(names);
  }
}
