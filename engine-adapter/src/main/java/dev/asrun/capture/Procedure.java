package dev.asrun.capture;

import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.impl.core.model.PropertyKey;
import org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl;

/**
 * A process definition compiled from a procedure, as the parse listener found it: either the
 * procedure itself (its process carries {@code asrun.schema}) or the trigger window process of a
 * procedure with a time trigger ({@code <id>-window}, carrying {@code asrun.window_of}). Kept on
 * the parsed definition, so the engine's own definition cache holds it.
 *
 * @param id the procedure's id: the process key, or for a window process the procedure it opens
 * @param window whether this is a trigger window process rather than the procedure
 * @param properties the process's {@code asrun.*} properties
 */
record Procedure(String id, boolean window, Map<String, String> properties) {

  static final String SCHEMA = "asrun.schema";
  static final String WINDOW_OF = "asrun.window_of";
  static final String WINDOW_START = "asrun.window_start";
  static final String WINDOW_END = "asrun.window_end";
  static final String TIMEZONE = "asrun.timezone";
  static final String CRON = "asrun.cron";
  static final String DURING_ACTION = "asrun.during_action";

  private static final PropertyKey<Procedure> KEY = new PropertyKey<>("asrun.procedure");

  Procedure {
    properties = Map.copyOf(properties);
  }

  /** The procedure of {@code definition}; empty when the definition is not a compiled one. */
  static Optional<Procedure> of(ProcessDefinitionImpl definition) {
    return definition == null
        ? Optional.empty()
        : Optional.ofNullable(definition.getProperties().get(KEY));
  }

  void keepOn(ProcessDefinitionImpl definition) {
    definition.getProperties().set(KEY, this);
  }

  /**
   * For a window process: whether its window only gates the procedure's trigger actions (the
   * procedure has both), so that its opening triggers nothing by itself.
   */
  boolean gatesActions() {
    return window && properties.containsKey(DURING_ACTION);
  }

  /** An {@code asrun.*} property of the process, if present. */
  Optional<String> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }
}
