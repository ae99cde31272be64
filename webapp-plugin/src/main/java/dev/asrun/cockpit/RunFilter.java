package dev.asrun.cockpit;

import dev.asrun.query.RunQuery;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The analytics' filters of a Cockpit read, from its query parameters ({@code from}, {@code to}:
 * the runs' start, ISO-8601 instants with an offset; {@code executor_id}, {@code equipment_id},
 * {@code location}), as the REST API reads them.
 */
public class RunFilter {

  @QueryParam("from")
  private String from;

  @QueryParam("to")
  private String to;

  @QueryParam("executor_id")
  private String executorId;

  @QueryParam("equipment_id")
  private String equipmentId;

  @QueryParam("location")
  private String location;

  /** The runs these filters select: 400 for a time that is no instant, or a range that is none. */
  RunQuery query() {
    RunQuery query = RunQuery.all();
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    if (start != null && end != null && start.isAfter(end)) {
      throw AsRunResource.badRequest("'from' (" + start + ") is after 'to' (" + end + ")");
    }
    if (start != null) {
      query = query.withStartedFrom(start);
    }
    if (end != null) {
      query = query.withStartedBefore(end);
    }
    if (AsRunResource.present(executorId)) {
      query = query.withExecutorId(executorId);
    }
    if (AsRunResource.present(equipmentId)) {
      query = query.withEquipmentId(equipmentId);
    }
    if (AsRunResource.present(location)) {
      query = query.withLocation(location);
    }
    return query;
  }

  private static Instant instant(String name, String value) {
    if (!AsRunResource.present(value)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw AsRunResource.badRequest(
          "'"
              + name
              + "': '"
              + value
              + "' is not an ISO-8601 instant with an offset, e.g."
              + " 2026-01-31T08:00:00Z");
    }
  }
}
