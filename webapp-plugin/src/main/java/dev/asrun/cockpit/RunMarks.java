package dev.asrun.cockpit;

import dev.asrun.log.ClaimedTime;
import dev.asrun.log.EventType;
import dev.asrun.log.LoggedEvent;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStep;
import dev.asrun.query.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The marks of one run on its procedure's steps.
 *
 * <p>From the run index's steps: {@code done} (also a step skipped or passed over unseen, then
 * done later: where that put it out of order, the deviations add {@code reordered}), {@code
 * skipped} (skipped or passed over unseen, and not done later), {@code overdue}, {@code repeated}
 * (done more than once), {@code not-reached} (never done nor skipped). From the run's latest
 * {@code deviation_detected} event, the engine's interpretation: {@code reordered} (with its
 * actual position), {@code repeated} and {@code extra} (placed after the step it followed). While
 * the run has no such event, a step done after a step written later is marked {@code reordered} at
 * its position in the trace (its {@code step_matched} events in the order they happened).
 */
final class RunMarks {

  private RunMarks() {}

  static List<Mark> of(RunRecord record, List<LoggedEvent> events, List<TemplateStep> steps) {
    Map<String, List<RunStep>> attempts = new HashMap<>();
    record.steps().forEach(s -> attempts.computeIfAbsent(s.stepId(), id -> new ArrayList<>()).add(s));
    Optional<List<Map<String, Object>>> deviations = latestDeviations(events);
    List<Mark> marks = new ArrayList<>();
    for (TemplateStep step : steps) {
      List<RunStep> tried = attempts.getOrDefault(step.stepId(), List.of());
      marks.addAll(stepMarks(step.stepId(), tried));
    }
    if (deviations.isPresent()) {
      for (Map<String, Object> deviation : deviations.get()) {
        deviationMark(deviation, marks).ifPresent(marks::add);
      }
    } else {
      marks.addAll(reorders(events, steps));
    }
    return List.copyOf(marks);
  }

  private static List<Mark> stepMarks(String stepId, List<RunStep> tried) {
    List<Mark> marks = new ArrayList<>();
    long done = tried.stream().filter(s -> s.status() == StepStatus.DONE).count();
    List<RunStep> skipped = tried.stream().filter(s -> s.status() == StepStatus.SKIPPED).toList();
    List<RunStep> passedOver =
        tried.stream()
            .filter(s -> s.status() == StepStatus.SKIPPED || s.status() == StepStatus.NOT_SEEN)
            .toList();
    if (done > 0) {
      String why = reason(skipped).map(r -> " (" + r + ")").orElse("");
      String detail =
          skipped.isEmpty()
              ? "done"
              : doneAfterSkip(tried)
                  ? "done after it was skipped" + why
                  : "done, later skipped" + why;
      marks.add(new Mark(stepId, "done", null, null, detail));
    } else if (!passedOver.isEmpty()) {
      marks.add(
          new Mark(
              stepId,
              "skipped",
              null,
              null,
              reason(passedOver).map(r -> "skipped: " + r).orElse("skipped")));
    } else if (tried.stream().noneMatch(s -> s.status().isOpen())) {
      marks.add(
          new Mark(
              stepId,
              "not-reached",
              null,
              null,
              tried.isEmpty() ? "not reached" : "started, then cancelled before it was done"));
    }
    if (tried.stream().anyMatch(RunStep::overdue)) {
      marks.add(new Mark(stepId, "overdue", null, null, "passed its timeout before it was done"));
    }
    if (done > 1) {
      marks.add(new Mark(stepId, "repeated", null, null, "done " + done + " times"));
    }
    return marks;
  }

  /** The first reason among {@code attempts}, if any gives one. */
  private static Optional<String> reason(List<RunStep> attempts) {
    return attempts.stream().map(RunStep::reason).flatMap(Optional::stream).findFirst();
  }

  /** Whether a done attempt of the step ended after a skipped one (server times). */
  private static boolean doneAfterSkip(List<RunStep> tried) {
    Optional<Instant> firstSkip =
        tried.stream()
            .filter(s -> s.status() == StepStatus.SKIPPED)
            .map(RunStep::endedAt)
            .flatMap(Optional::stream)
            .min(Comparator.naturalOrder());
    return tried.stream()
        .filter(s -> s.status() == StepStatus.DONE)
        .map(RunStep::endedAt)
        .flatMap(Optional::stream)
        .anyMatch(end -> firstSkip.map(skip -> !end.isBefore(skip)).orElse(true));
  }

  /** The {@code deviations} of the run's latest {@code deviation_detected} event, if it has one. */
  @SuppressWarnings("unchecked")
  private static Optional<List<Map<String, Object>>> latestDeviations(List<LoggedEvent> events) {
    Optional<List<Map<String, Object>>> latest = Optional.empty();
    for (LoggedEvent event : events) {
      if (event.type() == EventType.DEVIATION_DETECTED) {
        Object list = event.payloadMap().get("deviations");
        latest = Optional.of(list instanceof List<?> l ? (List<Map<String, Object>>) l : List.of());
      }
    }
    return latest;
  }

  private static Optional<Mark> deviationMark(Map<String, Object> deviation, List<Mark> marks) {
    String type = text(deviation.get("deviation_type"));
    String stepId = text(deviation.get("step_id"));
    Integer position =
        deviation.get("actual_position") instanceof Number n ? n.intValue() : null;
    String previous = text(deviation.get("previous_step_id"));
    String detail = text(deviation.get("detail"));
    if (stepId == null) {
      return Optional.empty();
    }
    return switch (type == null ? "" : type) {
      case "reorder" -> Optional.of(new Mark(stepId, "reordered", position, previous, detail));
      case "addition" -> Optional.of(new Mark(stepId, "extra", position, previous, detail));
      case "repeat" ->
          marks.stream().anyMatch(m -> m.stepId().equals(stepId) && m.mark().equals("repeated"))
              ? Optional.empty()
              : Optional.of(new Mark(stepId, "repeated", position, previous, detail));
      default -> Optional.empty();
    };
  }

  /**
   * Steps done after a step written later, by the order their {@code step_matched} events
   * happened (the claimed time where given and not before the run's start, else the recorded
   * time), as the deviations' trace is ordered.
   */
  private static List<Mark> reorders(List<LoggedEvent> events, List<TemplateStep> steps) {
    Map<String, TemplateStep> written = new HashMap<>();
    steps.forEach(s -> written.put(s.stepId(), s));
    List<Mark> marks = new ArrayList<>();
    int position = 0;
    TemplateStep latest = null;
    Instant start =
        events.isEmpty()
            ? Instant.MIN
            : ClaimedTime.runStart(events.get(0).occurredAt(), events.get(0).recordedAt());
    List<LoggedEvent> trace =
        events.stream()
            .filter(e -> e.type() == EventType.STEP_MATCHED || e.type() == EventType.EXTRA_STEP)
            .sorted(
                Comparator.comparing(
                    e -> ClaimedTime.placedAt(e.occurredAt(), e.recordedAt(), start)))
            .toList();
    for (LoggedEvent event : trace) {
      position++;
      TemplateStep step = written.get(text(event.payloadMap().get("step_id")));
      if (step == null) {
        continue;
      }
      if (latest != null && step.expectedPosition() < latest.expectedPosition()) {
        marks.add(
            new Mark(
                step.stepId(),
                "reordered",
                position,
                latest.stepId(),
                step.stepId() + " was done after " + latest.stepId() + " (written "
                    + step.expectedPosition() + ", done " + position + ")"));
      } else {
        latest = step;
      }
    }
    return marks;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
