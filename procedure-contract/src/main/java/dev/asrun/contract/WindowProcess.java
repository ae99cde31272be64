package dev.asrun.contract;

import dev.asrun.contract.ProcedureDefinition.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;

/**
 * The trigger window process of a procedure with a time window ({@link Ids#windowProcess}): a
 * cron timer start event ({@link Ids#WINDOW_TIMER}), the signal that triggers the procedure
 * ({@link Ids#WINDOW_TRIGGER}) unless the window only gates its trigger actions, the timer that
 * holds the window open ({@link Ids#WINDOW_WAIT}) and its closing ({@link Ids#WINDOW_CLOSED}).
 *
 * @param procedureId the procedure the window opens ({@link Property#WINDOW_OF})
 * @param trigger the window, and the trigger actions when the window only gates them
 */
public record WindowProcess(String procedureId, Trigger trigger) {

  public WindowProcess {
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(trigger, "trigger");
  }

  /**
   * The window process in the properties of a process (each name with its values in written
   * order); empty when they do not mark one.
   *
   * @throws IllegalArgumentException if a value is not what the compiler writes
   */
  public static Optional<WindowProcess> of(Map<String, List<String>> processProperties) {
    return Optional.ofNullable(processProperties.get(Property.WINDOW_OF))
        .filter(values -> !values.isEmpty())
        .map(values -> new WindowProcess(values.get(0), Trigger.of(processProperties)));
  }

  /** The window process whose key is {@code processKey} in {@code model}, if it is one. */
  public static Optional<WindowProcess> read(BpmnModelInstance model, String processKey) {
    return model.getModelElementsByType(Process.class).stream()
        .filter(p -> p.getId().equals(processKey))
        .findFirst()
        .flatMap(p -> of(Reader.properties(p)));
  }

  /** Whether the window only gates the procedure's trigger actions, triggering nothing itself. */
  public boolean gatesActions() {
    return !trigger.duringActions().isEmpty();
  }
}
