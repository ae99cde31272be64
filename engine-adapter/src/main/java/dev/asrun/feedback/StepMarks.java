package dev.asrun.feedback;

import dev.asrun.log.ClaimedTime;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStep;
import dev.asrun.query.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The detected steps of an ended run with their marks, as the confirmation prompt shows them (seed
 * 5.3): every ended attempt at a step in the order it ended (at its claimed time where one was
 * given and is not before the run's start, else when it was recorded, as the deviations' trace is
 * ordered), marked {@code done}, {@code reordered} or {@code overdue} (done, and a standing reorder
 * deviation names it, or it passed its timeout), {@code skipped} (skipped, or not seen), {@code
 * not_done} (cancelled by the engine, or a called run aborted); and each extra action (a standing
 * addition) placed after the trace entry before it. A step passed over as not seen and then seen
 * late is listed once, where it was done: the executor did it, later than written.
 */
final class StepMarks {

  /** One line of the prompt. */
  record Mark(String stepId, String name, String mark) {

    /** {@code ✓ Power on reactor}, {@code ✗ Start pump (skipped)}, {@code + Flush (extra)}. */
    String text() {
      return switch (mark) {
        case "done" -> "✓ " + name;
        case "reordered", "overdue" -> "✓ " + name + " (" + mark + ")";
        case "extra" -> "+ " + name + " (extra)";
        default -> "✗ " + name + " (" + mark.replace('_', ' ') + ")";
      };
    }
  }

  private StepMarks() {}

  static List<Mark> of(RunRecord record, UnaryOperator<String> names) {
    List<Deviation> standing = record.deviations().stream().filter(d -> !d.corrected()).toList();
    Set<String> reordered = stepsOf(standing, "reorder");
    Set<String> seen =
        record.steps().stream()
            .filter(step -> step.status() == StepStatus.DONE)
            .map(RunStep::stepId)
            .collect(Collectors.toSet());
    Instant start = record.run().startTime();
    List<RunStep> ended =
        record.steps().stream()
            .sorted(
                Comparator.comparing(
                    step ->
                        step.endedAt()
                            .map(end -> ClaimedTime.placedAt(step.occurredAt(), end, start))
                            .orElse(Instant.MAX)))
            .toList();
    List<Mark> marks = new ArrayList<>();
    for (RunStep step : ended) {
      if (step.status() == StepStatus.NOT_SEEN && seen.contains(step.stepId())) {
        continue;
      }
      String mark =
          switch (step.status()) {
            case DONE ->
                reordered.contains(step.stepId())
                    ? "reordered"
                    : step.overdue() ? "overdue" : "done";
            case SKIPPED, NOT_SEEN -> "skipped";
            case CANCELLED, ABORTED -> "not_done";
            case STARTED, OVERDUE -> null;
          };
      if (mark != null) {
        marks.add(new Mark(step.stepId(), names.apply(step.stepId()), mark));
      }
    }
    Map<String, List<Mark>> extrasAfter = new LinkedHashMap<>();
    for (Deviation addition : standing) {
      if (addition.type().equals("addition") && addition.stepId().isPresent()) {
        String action = addition.stepId().get();
        extrasAfter
            .computeIfAbsent(addition.previousStepId().orElse(""), key -> new ArrayList<>())
            .add(new Mark(action, action, "extra"));
      }
    }
    List<Mark> withExtras = new ArrayList<>(extrasAfter.getOrDefault("", List.of()));
    extrasAfter.remove("");
    for (Mark mark : marks) {
      withExtras.add(mark);
      List<Mark> extras = extrasAfter.remove(mark.stepId());
      if (extras != null) {
        withExtras.addAll(extras);
      }
    }
    extrasAfter.values().forEach(withExtras::addAll);
    return List.copyOf(withExtras);
  }

  /** The marks on one line, for the form's read-only field. */
  static String line(List<Mark> marks) {
    return marks.isEmpty()
        ? "no step was detected"
        : marks.stream().map(Mark::text).collect(Collectors.joining("; "));
  }

  /** The marks one per line, for the task's description. */
  static String lines(List<Mark> marks) {
    return "Detected steps:\n" + marks.stream().map(Mark::text).collect(Collectors.joining("\n"));
  }

  private static Set<String> stepsOf(List<Deviation> deviations, String type) {
    return deviations.stream()
        .filter(d -> d.type().equals(type) && d.stepId().isPresent())
        .map(d -> d.stepId().get())
        .collect(Collectors.toSet());
  }
}
