package dev.asrun.rest;

import dev.asrun.query.RunQuery;
import dev.asrun.query.RunStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of {@code GET /asrun/api/v1/runs}, read into a {@link RunQuery}. Every
 * parameter is optional and given at most once; unknown names are refused, so a misspelt filter
 * cannot silently widen the result.
 */
final class RunParameters {

  /** The page size when {@code max} is not given. */
  static final int DEFAULT_MAX = 50;

  /** The largest page. */
  static final int LARGEST_MAX = 500;

  static final Set<String> NAMES =
      Set.of(
          "procedure_id",
          "status",
          "from",
          "to",
          "executor_id",
          "equipment_id",
          "location",
          "first",
          "max");

  private RunParameters() {}

  /**
   * The query the parameters ask for, without authorization (the caller adds the procedures the
   * user may read).
   *
   * @throws ApiException (400) naming the first parameter that is unknown, repeated, empty or not
   *     of its form
   */
  static RunQuery read(Map<String, List<String>> parameters) {
    return read(parameters, NAMES);
  }

  /**
   * Like {@link #read(Map)}, for a request that takes only the parameters {@code names} (a subset
   * of {@link #NAMES}).
   */
  static RunQuery read(Map<String, List<String>> parameters, Set<String> names) {
    checkNames(parameters, names);
    RunQuery query = RunQuery.all();
    String procedureId = text(parameters, "procedure_id");
    if (procedureId != null) {
      query = query.withProcedureId(procedureId);
    }
    String status = text(parameters, "status");
    if (status != null) {
      query = query.withStatus(status(status));
    }
    Instant from = instant(parameters, "from");
    Instant to = instant(parameters, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw ApiException.badParameter(
          "query parameter 'from' (" + from + ") is after 'to' (" + to + ")");
    }
    if (from != null) {
      query = query.withStartedFrom(from);
    }
    if (to != null) {
      query = query.withStartedBefore(to);
    }
    String executorId = text(parameters, "executor_id");
    if (executorId != null) {
      query = query.withExecutorId(executorId);
    }
    String equipmentId = text(parameters, "equipment_id");
    if (equipmentId != null) {
      query = query.withEquipmentId(equipmentId);
    }
    String location = text(parameters, "location");
    if (location != null) {
      query = query.withLocation(location);
    }
    int first = integer(parameters, "first", 0, 0, Integer.MAX_VALUE);
    int max = integer(parameters, "max", DEFAULT_MAX, 1, LARGEST_MAX);
    return query.withPage(first, max);
  }

  /**
   * Refuses a parameter whose name is not one of {@code names}, and one given more than once.
   *
   * @throws ApiException (400) naming the first such parameter and the valid names
   */
  static void checkNames(Map<String, List<String>> parameters, Set<String> names) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (!names.contains(parameter.getKey())) {
        throw ApiException.badParameter(
            "unknown query parameter '"
                + parameter.getKey()
                + "'; valid: "
                + String.join(", ", new TreeSet<>(names)));
      }
      if (parameter.getValue().size() > 1) {
        throw ApiException.badParameter(
            "query parameter '" + parameter.getKey() + "' is given more than once");
      }
    }
  }

  /** The parameter's value, or {@code null} if it is absent; an empty value is refused. */
  static String text(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    String value = values.get(0);
    if (value == null || value.isEmpty()) {
      throw ApiException.badParameter(
          "query parameter '" + name + "' is empty; leave it out to not filter by it");
    }
    return value;
  }

  private static RunStatus status(String value) {
    try {
      return RunStatus.fromWireName(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(
          "query parameter 'status': unknown run status '"
              + value
              + "'; valid: triggered, active, completed, aborted");
    }
  }

  private static Instant instant(Map<String, List<String>> parameters, String name) {
    String value = text(parameters, name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(
          "query parameter '"
              + name
              + "': '"
              + value
              + "' is not an ISO-8601 instant with an offset, e.g. 2026-01-31T08:00:00Z or"
              + " 2026-01-31T09:00:00+01:00 (in a URL, write + as %2B)");
    }
  }

  static int integer(
      Map<String, List<String>> parameters, String name, int absent, int least, int most) {
    return (int) number(parameters, name, absent, least, most);
  }

  /** The parameter as a whole number from {@code least} to {@code most}, else {@code absent}. */
  static long number(
      Map<String, List<String>> parameters, String name, long absent, long least, long most) {
    String value = text(parameters, name);
    if (value == null) {
      return absent;
    }
    String range =
        most == Integer.MAX_VALUE || most == Long.MAX_VALUE
            ? least + " or more"
            : least + " to " + most;
    if (value.matches("-?[0-9]{1,19}")) {
      try {
        long number = Long.parseLong(value);
        if (number >= least && number <= most) {
          return number;
        }
      } catch (NumberFormatException e) {
        // beyond a long: out of range, refused below
      }
    }
    throw ApiException.badParameter(
        "query parameter '" + name + "': '" + value + "' is not a whole number " + range);
  }

}
