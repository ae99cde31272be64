package dev.asrun.redline;

import dev.asrun.query.Correction;
import dev.asrun.query.Deviation;
import dev.asrun.query.RunContext;
import dev.asrun.query.RunRecord;
import dev.asrun.query.RunStatus;
import dev.asrun.query.RunStep;
import dev.asrun.query.RunSummary;
import dev.asrun.query.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A run's record as the index would hold it, written step by step: for the proposals' tests and the
 * benchmark (bench/redlines.sh), which know the truth behind each run.
 */
final class RunBuilder {

  private final String runId;
  private final Instant start;
  private Instant clock;
  private final List<RunStep> steps = new ArrayList<>();
  private final List<Deviation> deviations = new ArrayList<>();
  private final List<Correction> corrections = new ArrayList<>();

  RunBuilder(String runId, Instant start) {
    this.runId = runId;
    this.start = start;
    this.clock = start;
  }

  /** The step done, taking {@code took} from now. */
  RunBuilder done(String stepId, Duration took) {
    return done(stepId, took, false);
  }

  /** The step done, taking {@code took} from now, marked overdue or not. */
  RunBuilder done(String stepId, Duration took, boolean overdue) {
    Instant end = clock.plus(took);
    steps.add(step(stepId, StepStatus.DONE, overdue, clock, end));
    clock = end;
    return this;
  }

  /** The step skipped by the executor, and the engine's omission of it. */
  RunBuilder skipped(String stepId) {
    steps.add(step(stepId, StepStatus.SKIPPED, false, clock, clock));
    return deviation("omission", stepId, Optional.empty(), "", false);
  }

  /** A deviation of the engine, set aside by the executor or standing. */
  RunBuilder deviation(
      String type, String stepId, Optional<String> previous, String detail, boolean setAside) {
    deviations.add(
        new Deviation(
            type,
            Optional.of(stepId),
            Optional.empty(),
            Optional.empty(),
            previous,
            Optional.of(detail),
            setAside));
    return this;
  }

  /** An extra action done now, after {@code previous} (empty: first). */
  RunBuilder extra(String action, Optional<String> previous) {
    return deviation("addition", action, previous, "extra step " + action, false);
  }

  /** The executor's correction of a step. */
  RunBuilder correction(String type, String stepId) {
    corrections.add(
        new Correction(
            UUID.randomUUID(),
            type,
            Optional.of(stepId),
            Optional.empty(),
            "as the executor says",
            Optional.of("demo"),
            clock));
    return this;
  }

  RunRecord completed() {
    return build(RunStatus.COMPLETED, Optional.empty());
  }

  RunRecord abortedByTimeout() {
    return build(RunStatus.ABORTED, Optional.of("timeout"));
  }

  private RunRecord build(RunStatus status, Optional<String> reason) {
    RunSummary run =
        new RunSummary(
            runId,
            Optional.empty(),
            "sop_redline",
            Optional.empty(),
            status,
            reason,
            start,
            Optional.of(start),
            Optional.of(clock),
            Optional.of(Duration.between(start, clock)),
            new RunContext(
                Optional.of("demo"), Optional.empty(), Optional.empty(), Optional.empty()),
            Optional.empty(),
            Optional.empty(),
            deviations.size());
    return new RunRecord(
        run, List.of(), steps, deviations, corrections, Optional.empty(), Optional.empty());
  }

  private static RunStep step(
      String stepId, StepStatus status, boolean overdue, Instant from, Instant to) {
    return new RunStep(
        stepId,
        1,
        Optional.empty(),
        Optional.of("userTask"),
        status,
        overdue,
        Optional.of(from),
        Optional.of(to),
        Optional.empty(),
        Optional.of("demo"),
        Optional.empty());
  }
}
