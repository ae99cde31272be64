package dev.asrun.capture;

import dev.asrun.contract.ProcedureDefinition.Trigger;
import dev.asrun.contract.ProcedureDefinition.Window;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.camunda.bpm.engine.impl.core.model.PropertyKey;
import org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl;

/**
 * A process definition compiled from a procedure, as the parse listener found it: either the
 * procedure itself (its process carries {@code asrun.schema}) or the trigger window process of a
 * procedure with a time trigger ({@code <id>-window}, carrying {@code asrun.window_of}), read by
 * the procedure contract ({@link dev.asrun.contract.ProcedureHeader}, {@link
 * dev.asrun.contract.WindowProcess}). Kept on the parsed definition, so the engine's own
 * definition cache holds it.
 *
 * @param id the procedure's id: the process key, or for a window process the procedure it opens
 * @param window whether this is a trigger window process rather than the procedure
 * @param timeout the whole run's limit, if any (never on a window process)
 * @param trigger the procedure's trigger; a window process's: its window, and the trigger
 *     actions when the window only gates them
 */
record Procedure(String id, boolean window, Optional<Duration> timeout, Trigger trigger) {

  private static final PropertyKey<Procedure> KEY = new PropertyKey<>("asrun.procedure");

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
    return window && !trigger.duringActions().isEmpty();
  }

  /**
   * Puts the trigger window's start, end and zone into {@code event}, as the BPMN writes them
   * ({@code null} for what the procedure has not).
   */
  PendingEvent putWindow(PendingEvent event) {
    Optional<Window> times = trigger.window();
    return event
        .put("window_start", times.map(w -> w.start().toString()).orElse(null))
        .put("window_end", times.flatMap(Window::end).map(Object::toString).orElse(null))
        .put("timezone", times.flatMap(Window::timezone).map(ZoneId::getId).orElse(null));
  }
}
