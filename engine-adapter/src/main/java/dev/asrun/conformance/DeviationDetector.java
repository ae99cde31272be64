package dev.asrun.conformance;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.log.NewEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps each run's {@code deviation_detected} events in step with its trace, in the transaction
 * that changed the trace: the last stage of the write path ({@code dev.asrun.record.RecordWriter}),
 * which appends what it says.
 *
 * <p>After events are appended, every run whose trace those events changed ({@code step_matched},
 * {@code step_skipped}, {@code extra_step}, {@code step_overdue}, {@code proc_completed}, {@code
 * proc_aborted}) is read back from the log, aligned with the template of the definition it started
 * on (its {@code proc_triggered} event's {@code process_definition_id}) and classified ({@link
 * Classifier}). When the list differs from the one of the run's latest {@code deviation_detected}
 * event (none counts as an empty list), or the run has ended and that event was not final, it says
 * a new event (source {@code engine}):
 *
 * <pre>{"final": bool, "deviations": [...], "new": [...]}</pre>
 *
 * {@code final} is true once the run has ended; {@code deviations} is the complete current list
 * in trace order; {@code new} those not in the previous event's list. A run that never deviated
 * gets no event at all.
 */
public final class DeviationDetector {

  private static final Set<EventType> TRACE_EVENTS = Set.of(EventType.STEP_MATCHED,
      EventType.STEP_SKIPPED, EventType.EXTRA_STEP, EventType.STEP_OVERDUE,
      EventType.PROC_COMPLETED, EventType.PROC_ABORTED);

  private final Function<String, Optional<Template>> templates;

  /** A run's events, in stream order, as its transaction sees them. */
  @FunctionalInterface
  public interface RunEvents {
    List<LoggedEvent> of(String runId) throws SQLException;
  }

  /**
   * @param templates the template of a process definition by its id, empty for a definition that is
   *     no compiled procedure (in the engine, {@code CompiledProcedures.view})
   */
  public DeviationDetector(Function<String, Optional<Template>> templates) {
    this.templates = Objects.requireNonNull(templates, "templates");
  }

  /** Whether an event of {@code type} changes its run's trace. */
  public static boolean changesTrace(EventType type) {
    return TRACE_EVENTS.contains(type);
  }

  /**
   * Detects the deviations of every run whose trace {@code appended} changed, each run's events
   * (the appended ones included) given by {@code events}; returns the {@code deviation_detected}
   * events to append.
   */
  public List<NewEvent> detect(List<LoggedEvent> appended, RunEvents events)
      throws SQLException {
    Set<String> runs = new LinkedHashSet<>();
    for (LoggedEvent event : appended) {
      if (changesTrace(event.type())) {
        event.runId().ifPresent(runs::add);
      }
    }
    List<NewEvent> detected = new ArrayList<>();
    for (String runId : runs) {
      detect(runId, events.of(runId)).ifPresent(detected::add);
    }
    return detected;
  }

  private Optional<NewEvent> detect(String runId, List<LoggedEvent> events) {
    RunTrace run = RunTrace.of(events);
    Optional<Template> template = run.processDefinitionId().flatMap(templates);
    if (template.isEmpty()) {
      return Optional.empty();
    }
    List<Map<String, Object>> now = Classifier.classify(template.get(), run).stream()
        .map(Deviation::toPayload).toList();
    List<Map<String, Object>> before = run.previous().orElse(List.of());
    boolean ended = run.end().isPresent();
    boolean changed = !comparable(now).equals(comparable(before));
    if (!changed && !(ended && run.previous().isPresent() && !run.previousFinal())) {
      return Optional.empty();
    }
    List<List<String>> known = comparable(before);
    List<Map<String, Object>> added = now.stream()
        .filter(d -> !known.contains(comparable(List.of(d)).get(0))).toList();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("final", ended);
    payload.put("deviations", now);
    payload.put("new", added);
    return Optional.of(new NewEvent(EventSource.ENGINE,
        EventType.DEVIATION_DETECTED, run.procedureId(), run.procedureVersion(),
        Optional.of(runId), Optional.empty(), payload));
  }

  /** Deviations as lists of their fields' texts, so numbers compare whatever JSON made of them. */
  private static List<List<String>> comparable(List<Map<String, Object>> deviations) {
    List<List<String>> out = new ArrayList<>();
    for (Map<String, Object> d : deviations) {
      List<String> fields = new ArrayList<>();
      for (String key : List.of("deviation_type", "step_id", "expected_position",
          "actual_position", "previous_step_id", "detail")) {
        fields.add(String.valueOf(d.get(key)));
      }
      out.add(fields);
    }
    return out;
  }
}
