package dev.asrun.redline;

import dev.asrun.query.Correction;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunStep;
import dev.asrun.query.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one run's record says of its steps once the executor's corrections are applied: a step
 * counts as done when an attempt was done and no {@code step_not_done} correction stands for it, or
 * when a {@code step_done_not_detected} correction stands; a deviation set aside ({@code
 * not_a_deviation}) does not count.
 */
final class RunFacts {

  private static final String OMISSION = "omission";
  private static final String REORDER = "reorder";

  private final RunRecord record;
  private final Set<String> notDone = new HashSet<>();
  private final Set<String> doneNotDetected = new HashSet<>();

  RunFacts(RunRecord record) {
    this.record = record;
    Correction.stepsNotDone(record.corrections()).forEach(c -> c.stepId().ifPresent(notDone::add));
    Map<String, String> latest = new HashMap<>();
    for (Correction c : record.corrections()) {
      if (c.stepId().isPresent()
          && (c.type().equals(Correction.STEP_NOT_DONE)
              || c.type().equals(Correction.STEP_DONE_NOT_DETECTED))) {
        latest.put(c.stepId().get(), c.type());
      }
    }
    latest.forEach(
        (step, type) -> {
          if (type.equals(Correction.STEP_DONE_NOT_DETECTED)) {
            doneNotDetected.add(step);
          }
        });
  }

  String runId() {
    return record.runId();
  }

  Instant startTime() {
    return record.run().startTime();
  }

  boolean completed() {
    return record.run().status() == RunStatus.COMPLETED;
  }

  boolean ended() {
    return completed() || record.run().status() == RunStatus.ABORTED;
  }

  boolean abortedByTimeout() {
    return record.run().status() == RunStatus.ABORTED
        && record.run().abortReason().filter("timeout"::equals).isPresent();
  }

  Optional<Duration> duration() {
    return record.run().duration();
  }

  /** Whether the step was done, as corrected. */
  boolean done(String stepId) {
    if (notDone.contains(stepId)) {
      return false;
    }
    return doneNotDetected.contains(stepId) || firstDone(stepId).isPresent();
  }

  /**
   * Whether the run left the step out: not done, unless the executor set the engine's omission of
   * it aside ({@code not_a_deviation}).
   */
  boolean leftOut(String stepId) {
    return notDone.contains(stepId) || (!done(stepId) && !setAside(OMISSION, stepId));
  }

  /** Whether the step came up in the run: attempted, or named by one of its deviations. */
  boolean reached(String stepId) {
    return record.steps().stream().anyMatch(s -> s.stepId().equals(stepId))
        || record.deviations().stream().anyMatch(d -> d.stepId().filter(stepId::equals).isPresent())
        || notDone.contains(stepId)
        || doneNotDetected.contains(stepId);
  }

  /** When the step was first done: the executor's claimed time, else the server's. */
  Optional<Instant> doneAt(String stepId) {
    if (!done(stepId)) {
      return Optional.empty();
    }
    return firstDone(stepId).flatMap(s -> s.occurredAt().or(s::endedAt));
  }

  /** Whether the executor set aside a reorder deviation of the step. */
  boolean reorderSetAside(String stepId) {
    return setAside(REORDER, stepId);
  }

  /** How long the step's first done attempt took, from its start to its end (server times). */
  Optional<Duration> stepDuration(String stepId) {
    if (!done(stepId)) {
      return Optional.empty();
    }
    return firstDone(stepId)
        .filter(s -> s.startedAt().isPresent() && s.endedAt().isPresent())
        .map(s -> Duration.between(s.startedAt().get(), s.endedAt().get()));
  }

  /** Whether an attempt at the step passed its timeout. */
  boolean overdue(String stepId) {
    return record.steps().stream().anyMatch(s -> s.stepId().equals(stepId) && s.overdue());
  }

  /** The deviations of {@code type} that stand (not set aside). */
  List<Deviation> standing(String type) {
    return record.deviations().stream()
        .filter(d -> d.type().equals(type) && !d.corrected())
        .toList();
  }

  private boolean setAside(String type, String stepId) {
    return record.deviations().stream()
        .anyMatch(
            d ->
                d.type().equals(type)
                    && d.corrected()
                    && d.stepId().filter(stepId::equals).isPresent());
  }

  private Optional<RunStep> firstDone(String stepId) {
    return record.steps().stream()
        .filter(s -> s.stepId().equals(stepId) && s.status() == StepStatus.DONE)
        .findFirst();
  }
}
