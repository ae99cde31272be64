package dev.asrun.index;

import dev.asrun.log.LoggedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of an event's payload for the index. A field of the wrong kind is the capture
 * layer's bug, reported with the event's position and the field's path.
 */
final class Payload {

  private final LoggedEvent event;
  private final String path;
  private final Map<String, Object> fields;

  private Payload(LoggedEvent event, String path, Map<String, Object> fields) {
    this.event = event;
    this.path = path;
    this.fields = fields;
  }

  static Payload of(LoggedEvent event) {
    return new Payload(event, "payload", event.payloadMap());
  }

  /**
   * The field as text (a string, or a number or boolean as text), at most {@code maxLength}
   * characters; empty when absent or null.
   */
  Optional<String> text(String name, int maxLength) {
    Object value = fields.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      String kind = value instanceof Map<?, ?> ? "object" : "array";
      throw new IllegalArgumentException(
          where(name) + " is a JSON " + kind + "; the run index expects text");
    }
    String text = value.toString();
    if (text.length() > maxLength) {
      throw new IllegalArgumentException(
          "%s is %d characters long; the run index holds at most %d"
              .formatted(where(name), text.length(), maxLength));
    }
    return Optional.of(text);
  }

  /** The field as text, which must be present. */
  String requiredText(String name, int maxLength) {
    return text(name, maxLength)
        .orElseThrow(
            () ->
                new IllegalArgumentException(where(name) + " is missing; the run index needs it"));
  }

  /** The field as a whole number that fits an {@code int}; empty when absent or null. */
  Optional<Integer> integer(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number
        && number.doubleValue() == Math.rint(number.doubleValue())
        && number.longValue() >= Integer.MIN_VALUE
        && number.longValue() <= Integer.MAX_VALUE) {
      return Optional.of(number.intValue());
    }
    throw new IllegalArgumentException(where(name) + " is not a whole number: " + value);
  }

  /** The field as a list of JSON objects; empty when absent or null. */
  List<Payload> objects(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(where(name) + " is not a JSON array");
    }
    List<Payload> objects = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(where(name) + "[" + i + "] is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> element = (Map<String, Object>) map;
      objects.add(new Payload(event, path + "." + name + "[" + i + "]", element));
    }
    return objects;
  }

  /** The nested object {@code name}; an empty one when absent or null. */
  Payload object(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return new Payload(event, path + "." + name, Map.of());
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where(name) + " is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) map;
    return new Payload(event, path + "." + name, nested);
  }

  private String where(String name) {
    return "asrun_event seq %d (%s of run %s): %s.%s"
        .formatted(event.seq(), event.type().wireName(), event.runId().orElse("-"), path, name);
  }
}
