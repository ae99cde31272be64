package dev.asrun.rest;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A write request's JSON object body, read field by field with errors naming the field. */
final class JsonBody {

  private JsonBody() {}

  /** Refuses a field not in {@code known}, naming the valid ones. */
  static void checkFields(Map<String, Object> body, Set<String> known) {
    for (String name : body.keySet()) {
      if (!known.contains(name)) {
        throw ApiException.badBody(
            "unknown field '" + name + "'; valid: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /** The text of field {@code name}; empty when absent or null. */
  static Optional<String> text(Map<String, Object> body, String name) {
    Object value = body.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw ApiException.badBody("'" + name + "' must be text (a JSON string) or null");
    }
    return Optional.of(text);
  }
}
