package dev.asrun.cockpit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.asrun.feedback.HelperProcesses;
import dev.asrun.query.AsRunQueries;
import dev.asrun.query.ProcedureLifecycle;
import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunSummary;
import dev.asrun.rest.RunJson;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * The procedures page: every procedure the user may read (not the plugin's own helper processes,
 * nor the trigger window processes the compiler emits beside procedures) with its lifecycle state and recent
 * runs, and compliance over the recent runs by executor and by equipment.
 *
 * @param procedures by procedure id
 * @param byExecutor compliance per executor
 * @param byEquipment compliance per equipment
 */
public record ProceduresPage(
    @JsonProperty("procedures") List<ProcedureRow> procedures,
    @JsonProperty("by_executor") List<Compliance> byExecutor,
    @JsonProperty("by_equipment") List<Compliance> byEquipment) {

  /** How many recent runs a procedure's row lists. */
  static final int RECENT = 5;

  /**
   * One procedure.
   *
   * @param procedureId its id (the process key)
   * @param name its name as written
   * @param processDefinitionId its latest process definition
   * @param state {@code inactive}, {@code triggered} or {@code active}
   * @param triggered how many runs are triggered
   * @param active how many runs are active
   * @param runs how many runs it has
   * @param recent its latest runs
   */
  public record ProcedureRow(
      @JsonProperty("procedure_id") String procedureId,
      @JsonProperty("name") String name,
      @JsonProperty("process_definition_id") String processDefinitionId,
      @JsonProperty("state") String state,
      @JsonProperty("triggered") long triggered,
      @JsonProperty("active") long active,
      @JsonProperty("runs") long runs,
      @JsonProperty("recent") List<RunJson.Summary> recent) {}

  /**
   * How one executor's (or one equipment's) ended runs went.
   *
   * @param id the executor or equipment
   * @param runs how many of its runs ended
   * @param completed how many of them completed
   * @param withoutDeviations how many completed without a deviation
   * @param complianceRate {@code withoutDeviations / runs}
   */
  public record Compliance(
      @JsonProperty("id") String id,
      @JsonProperty("runs") int runs,
      @JsonProperty("completed") int completed,
      @JsonProperty("without_deviations") int withoutDeviations,
      @JsonProperty("compliance_rate") double complianceRate) {}

  static ProceduresPage of(
      AsRunQueries queries,
      List<ProcessDefinition> definitions,
      Set<String> readable,
      Predicate<String> valuesHidden,
      int most)
      throws SQLException {
    List<ProcedureRow> rows = new ArrayList<>();
    for (ProcessDefinition definition : definitions) {
      String key = definition.getKey();
      if (!readable.contains(key) || HelperProcesses.isHelper(key)) {
        continue;
      }
      ProcedureLifecycle lifecycle = queries.lifecycle(key);
      RunQuery runs = RunQuery.all().withProcedureId(key);
      rows.add(
          new ProcedureRow(
              key,
              definition.getName() == null ? key : definition.getName(),
              definition.getId(),
              lifecycle.state().name().toLowerCase(Locale.ROOT),
              lifecycle.triggered(),
              lifecycle.active(),
              queries.count(runs),
              queries.runs(runs.withPage(0, RECENT)).stream()
                  .map(run -> RunJson.Summary.of(run, valuesHidden.test(key)))
                  .toList()));
    }
    List<RunSummary> ended = new ArrayList<>();
    RunQuery recent = RunQuery.all().withAllowedProcedureIds(readable).withPage(0, most);
    for (RunSummary run : queries.runs(recent)) {
      if (run.status().isFinal()) {
        ended.add(run);
      }
    }
    return new ProceduresPage(
        List.copyOf(rows),
        compliance(ended, run -> run.context().executorId()),
        compliance(ended, run -> run.context().equipmentId()));
  }

  private static List<Compliance> compliance(
      List<RunSummary> runs, Function<RunSummary, Optional<String>> by) {
    Map<String, int[]> counts = new TreeMap<>();
    for (RunSummary run : runs) {
      Optional<String> id = by.apply(run);
      if (id.isEmpty()) {
        continue;
      }
      int[] count = counts.computeIfAbsent(id.get(), k -> new int[3]);
      count[0]++;
      if (run.status() == RunStatus.COMPLETED) {
        count[1]++;
        if (run.deviationCount() == 0) {
          count[2]++;
        }
      }
    }
    List<Compliance> result = new ArrayList<>();
    counts.forEach(
        (id, count) ->
            result.add(new Compliance(id, count[0], count[1], count[2], (double) count[2] / count[0])));
    return List.copyOf(result);
  }
}
