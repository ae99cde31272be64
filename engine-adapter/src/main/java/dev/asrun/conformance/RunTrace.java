package dev.asrun.conformance;

import dev.asrun.log.ClaimedTime;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run's events say for its alignment: the trace (its {@code step_matched} and {@code
 * extra_step} events in the order they happened) and what the other events add. {@code
 * step_corroborated} (a second witness of a completion) is no trace entry.
 *
 * <p>The order things happened ({@link ClaimedTime}): each entry is placed at its claimed time
 * ({@code occurred_at}), where the reporter gave one and it is not before the run's start ({@link
 * ClaimedTime#runStart}), else at its recorded time; equal times keep log order.
 *
 * @param entries the trace
 * @param reached steps the engine reached: started, done or skipped in any way
 * @param passed steps passed over: skipped by the executor ({@code skipped}), by the monitor
 *     ({@code not_seen}), or their called run aborted ({@code aborted}); cancelled steps are not
 *     passed over (an operator, a cancellation or the procedure timeout cancelled them)
 * @param skipped the latest {@code step_skipped} of each passed-over step: its outcome and reason
 * @param overdue the steps of the {@code step_overdue} events, in order, with their timeouts
 * @param end how the run ended, if it did
 * @param processDefinitionId the definition the run started on ({@code proc_triggered})
 * @param procedureId the procedure of the run's events
 * @param procedureVersion its version
 * @param previous the list of the run's latest {@code deviation_detected} event, if any
 * @param previousFinal whether that event was final
 */
record RunTrace(
    List<Entry> entries,
    Set<String> reached,
    Set<String> passed,
    Map<String, Skip> skipped,
    List<Overdue> overdue,
    Optional<End> end,
    Optional<String> processDefinitionId,
    Optional<String> procedureId,
    Optional<String> procedureVersion,
    Optional<List<Map<String, Object>>> previous,
    boolean previousFinal) {

  private static final Set<String> PASSED_OUTCOMES = Set.of("skipped", "not_seen", "aborted");

  /**
   * One trace entry.
   *
   * @param label the step id, or the extra action's name
   * @param extra whether it is an extra action ({@code extra_step}) rather than a step
   * @param values the values recorded with it ({@code step_matched} payload {@code values})
   */
  record Entry(String label, boolean extra, Map<String, Object> values) {}

  record Skip(String outcome, Optional<String> reason) {}

  record Overdue(String stepId, Optional<String> timeout) {}

  /** How the run ended: {@code completed}, or aborted with a reason. */
  record End(boolean completed, Optional<String> reason, Optional<String> timeout) {}

  /** The facts of a run's events, given in log order. */
  @SuppressWarnings("unchecked")
  static RunTrace of(List<LoggedEvent> events) {
    List<Entry> entries = new ArrayList<>();
    List<Instant> placed = new ArrayList<>();
    Instant start = events.isEmpty() ? Instant.MIN
        : ClaimedTime.runStart(events.get(0).occurredAt(), events.get(0).recordedAt());
    Set<String> reached = new HashSet<>();
    Set<String> passed = new HashSet<>();
    Map<String, Skip> skipped = new HashMap<>();
    List<Overdue> overdue = new ArrayList<>();
    End end = null;
    String definition = null;
    String procedureId = null;
    String procedureVersion = null;
    List<Map<String, Object>> previous = null;
    boolean previousFinal = false;
    for (LoggedEvent event : events) {
      procedureId = event.procedureId().orElse(procedureId);
      procedureVersion = event.procedureVersion().orElse(procedureVersion);
      EventType type = event.type();
      if (!isRelevant(type)) {
        continue;
      }
      Map<String, Object> payload = event.payloadMap();
      String stepId = text(payload.get("step_id"));
      switch (type) {
        case PROC_TRIGGERED -> definition = text(payload.get("process_definition_id"));
        case STEP_STARTED -> reached.add(stepId);
        case STEP_MATCHED -> {
          reached.add(stepId);
          Object values = payload.get("values");
          entries.add(new Entry(stepId, false,
              values instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of()));
          placed.add(placedAt(event, start));
        }
        case EXTRA_STEP -> {
          entries.add(new Entry(text(payload.get("action")), true, Map.of()));
          placed.add(placedAt(event, start));
        }
        case STEP_SKIPPED -> {
          reached.add(stepId);
          String outcome = text(payload.get("outcome"));
          if (PASSED_OUTCOMES.contains(outcome)) {
            passed.add(stepId);
            skipped.put(stepId, new Skip(outcome, Optional.ofNullable(text(payload.get("reason")))));
          }
        }
        case STEP_OVERDUE -> overdue.add(new Overdue(stepId,
            Optional.ofNullable(text(payload.get("timeout")))));
        case PROC_COMPLETED -> end = new End(true, Optional.empty(), Optional.empty());
        case PROC_ABORTED -> end = new End(false, Optional.ofNullable(text(payload.get("reason"))),
            Optional.ofNullable(text(payload.get("timeout"))));
        default -> {
          Object list = payload.get("deviations");
          previous = list instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
          previousFinal = Boolean.TRUE.equals(payload.get("final"));
        }
      }
    }
    reached.remove(null);
    passed.remove(null);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(placed::get));
    List<Entry> happened = order.stream().map(entries::get).toList();
    return new RunTrace(happened, reached, passed, skipped, overdue, Optional.ofNullable(end),
        Optional.ofNullable(definition), Optional.ofNullable(procedureId),
        Optional.ofNullable(procedureVersion), Optional.ofNullable(previous), previousFinal);
  }

  private static Instant placedAt(LoggedEvent event, Instant runStart) {
    return ClaimedTime.placedAt(event.occurredAt(), event.recordedAt(), runStart);
  }

  private static boolean isRelevant(EventType type) {
    return switch (type) {
      case PROC_TRIGGERED, STEP_STARTED, STEP_MATCHED, EXTRA_STEP, STEP_SKIPPED, STEP_OVERDUE,
          PROC_COMPLETED, PROC_ABORTED, DEVIATION_DETECTED -> true;
      default -> false;
    };
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
