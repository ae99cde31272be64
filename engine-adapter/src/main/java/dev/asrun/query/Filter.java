package dev.asrun.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link RunQuery}'s filters as a parameterized {@code WHERE} clause over {@code asrun_run}. */
record Filter(String where, List<Object> parameters) {

  Filter {
    parameters = List.copyOf(parameters);
  }

  static Filter of(RunQuery query) {
    List<String> conditions = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    equal(conditions, parameters, "procedure_id", query.procedureId());
    equal(conditions, parameters, "status", query.status().map(RunStatus::wireName));
    equal(conditions, parameters, "executor_id", query.executorId());
    equal(conditions, parameters, "equipment_id", query.equipmentId());
    equal(conditions, parameters, "location", query.location());
    equal(conditions, parameters, "parent_run_id", query.parentRunId());
    query
        .from()
        .ifPresent(
            from -> {
              conditions.add("start_time >= ?");
              parameters.add(from);
            });
    query
        .to()
        .ifPresent(
            to -> {
              conditions.add("start_time < ?");
              parameters.add(to);
            });
    query
        .allowedProcedureIds()
        .ifPresent(
            allowed -> {
              conditions.add(
                  "procedure_id IN ("
                      + String.join(", ", allowed.stream().map(id -> "?").toList())
                      + ")");
              allowed.stream().sorted().forEach(parameters::add);
            });
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    return new Filter(where, parameters);
  }

  /** This filter and {@code condition}, whose parameters follow this filter's. */
  Filter and(String condition, Object... more) {
    List<Object> all = new ArrayList<>(parameters);
    all.addAll(List.of(more));
    return new Filter((where.isEmpty() ? " WHERE " : where + " AND ") + condition, all);
  }

  /** The ids of the runs this filter selects, as a subquery for {@code run_id IN (...)}. */
  String runIds() {
    return "SELECT run_id FROM asrun_run" + where;
  }

  private static void equal(
      List<String> conditions, List<Object> parameters, String column, Optional<String> value) {
    value.ifPresent(
        v -> {
          conditions.add(column + " = ?");
          parameters.add(v);
        });
  }
}
