package dev.asrun.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asrun.log.EventSource;
import dev.asrun.monitor.Observation;
import dev.asrun.monitor.ObservationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an observation from its JSON form: {@code action}, {@code timestamp} (ISO-8601 with an
 * offset), {@code source} ({@code inference}, {@code executor}, {@code scheduler}), {@code
 * executor_id}, {@code context} (an object: {@code location}, {@code equipment_id}, free keys with
 * text, number or boolean values), {@code idempotency_key}, {@code run_id} (the run it concerns).
 * Any other field is refused, so a typo is not silently ignored.
 */
final class ObservationJson {

  static final Set<String> FIELDS =
      Set.of(
          "action", "timestamp", "source", "executor_id", "context", "idempotency_key", "run_id");
  private static final Set<String> SOURCES = Set.of("inference", "executor", "scheduler");

  private ObservationJson() {}

  /**
   * The observation {@code node} describes; {@code at} locates it in the body ({@code ""} or
   * {@code "[2]."}).
   *
   * @throws ApiException (400) naming the field
   */
  static Observation read(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw bad(at.isEmpty() ? "body" : at.substring(0, at.length() - 1), "must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw bad(at + name,
            "is not a field of an observation; the fields are action, timestamp, source,"
                + " executor_id, context, idempotency_key, run_id");
      }
    }
    String source = text(node, at, "source").orElse(null);
    if (source != null && !SOURCES.contains(source)) {
      throw bad(at + "source",
          "\"" + source + "\" is not a source; use \"inference\", \"executor\" or \"scheduler\"");
    }
    try {
      return new Observation(
          text(node, at, "action").orElse(null),
          timestamp(node, at),
          source == null ? null : EventSource.fromWireName(source.toUpperCase(Locale.ROOT)),
          text(node, at, "executor_id"),
          context(node, at),
          text(node, at, "idempotency_key"),
          text(node, at, "run_id"));
    } catch (ObservationException e) {
      throw ApiException.badBody(at + e.getMessage());
    }
  }

  private static Instant timestamp(JsonNode node, String at) {
    Optional<String> text = text(node, at, "timestamp");
    if (text.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.get()).toInstant();
    } catch (DateTimeParseException e) {
      throw bad(at + "timestamp",
          "\"" + text.get() + "\" is not an ISO-8601 time with an offset, e.g."
              + " \"2025-06-02T08:05:00Z\" or \"2025-06-02T10:05:00+02:00\"");
    }
  }

  private static Map<String, Object> context(JsonNode node, String at) {
    JsonNode context = node.get("context");
    if (context == null || context.isNull()) {
      return Map.of();
    }
    if (!context.isObject()) {
      throw bad(at + "context", "must be a JSON object, e.g. {\"location\": \"plant_north\"}");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = context.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      Object read;
      if (value.isTextual()) {
        read = value.asText();
      } else if (value.isBoolean()) {
        read = value.asBoolean();
      } else if (value.isIntegralNumber() && value.canConvertToLong()) {
        read = value.asLong();
      } else if (value.isNumber()) {
        read = value.decimalValue();
      } else if (value.isNull()) {
        read = null;
      } else {
        throw bad(at + "context." + field.getKey(), "must be text, a number or a boolean");
      }
      values.put(field.getKey(), read);
    }
    return values;
  }

  private static Optional<String> text(JsonNode node, String at, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw bad(at + field, "must be text");
    }
    return Optional.of(value.asText());
  }

  private static ApiException bad(String field, String message) {
    return ApiException.badBody(field + ": " + message);
  }
}
