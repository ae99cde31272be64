package dev.asrun.capture;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step of a procedure as compiled: a BPMN activity carrying {@code asrun.step_type}.
 *
 * @param id the step id (the activity id)
 * @param type {@code action}, {@code check}, {@code record}, {@code wait} or {@code group}
 * @param properties the activity's {@code asrun.*} properties
 * @param fields the ids of the step's own form fields: what the executor records (a check's
 *     variable, a record's fields), without the outcome fields ({@code asrun_*})
 */
record Step(String id, String type, Map<String, String> properties, List<String> fields) {

  static final String TYPE = "asrun.step_type";

  Step {
    properties = Map.copyOf(properties);
    fields = List.copyOf(fields);
  }

  Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }
}
