package dev.asrun.index;

import dev.asrun.query.RunStatus;
import dev.asrun.query.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run's rows in the run index, held in memory while a command's events (or, in a rebuild, all
 * its events) change them, then written once: its {@code asrun_run} row (the counts and answers
 * {@link Feedback} works out among them) and its attempts at steps ({@code asrun_run_step}). The
 * rules are those {@link RunProjector} documents, applied to the rows in memory instead of by a
 * statement per event.
 */
final class RunRows {

  /** The columns of the run's {@code asrun_run} row. */
  static final class Run {
    final String runId;
    final String procedureId;
    final String procedureVersion;
    final Instant startTime;
    String processInstanceId;
    String status;
    String abortReason;
    Instant activatedAt;
    Instant endTime;
    Long durationMs;
    String executorId;
    String location;
    String equipmentId;
    String notes;
    String parentRunId;
    long lastSeq;
    String executorConfirmation;
    String confirmationNote;
    String correctedProcedureId;
    int deviationCount;

    /** Whether the database holds the row (else it is inserted). */
    boolean stored;

    Run(String runId, String procedureId, String procedureVersion, Instant startTime) {
      this.runId = runId;
      this.procedureId = procedureId;
      this.procedureVersion = procedureVersion;
      this.startTime = startTime;
    }
  }

  /** One row of {@code asrun_run_deviation}, in the order of the run's list. */
  record Deviation(
      String type,
      String stepId,
      Integer expectedPosition,
      Integer actualPosition,
      String previousStepId,
      String detail) {}

  /** One row of {@code asrun_run_step}: an attempt at a step. */
  static final class Step {
    final String stepId;
    final int attempt;
    final long firstSeq;
    final String activityInstanceId;
    final String taskId;
    final String stepType;
    final Instant startedAt;
    String status;
    boolean overdue;
    Instant endedAt;
    Instant occurredAt;
    String executorId;
    String reason;

    /** Whether the database holds the row (else it is inserted). */
    boolean stored;

    /** Whether it changed since it was read or written. */
    boolean changed;

    Step(
        String stepId,
        int attempt,
        long firstSeq,
        String activityInstanceId,
        String taskId,
        String stepType,
        Instant startedAt) {
      this.stepId = stepId;
      this.attempt = attempt;
      this.firstSeq = firstSeq;
      this.activityInstanceId = activityInstanceId;
      this.taskId = taskId;
      this.stepType = stepType;
      this.startedAt = startedAt;
    }

    boolean open() {
      return status.equals(StepStatus.STARTED.wireName())
          || status.equals(StepStatus.OVERDUE.wireName());
    }
  }

  private final String runId;
  private Run run;
  private List<Step> steps;

  /** Whether the run's row changed since it was read or written. */
  private boolean runChanged;

  /** The run's deviations that replace the stored ones when the rows are written, or null. */
  private List<Deviation> deviations;

  /**
   * @param run the run's row as stored, or null when the index does not hold the run
   * @param steps its attempts as stored, or null to read them when first needed
   */
  RunRows(String runId, Run run, List<Step> steps) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.run = run;
    this.steps = steps;
  }

  String runId() {
    return runId;
  }

  Optional<Run> run() {
    return Optional.ofNullable(run);
  }

  boolean stepsRead() {
    return steps != null;
  }

  void stepsRead(List<Step> stored) {
    this.steps = new ArrayList<>(stored);
  }

  List<Step> steps() {
    return steps;
  }

  boolean runChanged() {
    return runChanged;
  }

  /** The stored attempts changed under the rows (a correction): read them again when needed. */
  void stepsChanged() {
    steps = null;
  }

  /** Whether the index holds the run's row (else it is inserted when the rows are written). */
  boolean stored() {
    return run != null && run.stored;
  }

  /** The run's deviations, to replace the stored ones when the rows are written. */
  void deviations(List<Deviation> list) {
    deviations = List.copyOf(list);
  }

  /** The deviations to write, or empty when they did not change. */
  Optional<List<Deviation>> deviations() {
    return Optional.ofNullable(deviations);
  }

  /** The rows were written: what is held now is what is stored. */
  void written() {
    runChanged = false;
    deviations = null;
    if (run != null) {
      run.stored = true;
    }
    if (steps != null) {
      for (Step step : steps) {
        step.stored = true;
        step.changed = false;
      }
    }
  }

  /** The run left the index (its rows were deleted): it is absent until an event makes it again. */
  void forgotten() {
    run = null;
    steps = new ArrayList<>();
    runChanged = false;
    deviations = null;
  }

  /** Whether the event at {@code seq} was applied to the run already. */
  boolean seen(long seq) {
    return run != null && seq <= run.lastSeq;
  }

  /** Creates the run's row, triggered at {@code startTime}, unless it exists. */
  void ensure(
      String procedureId,
      Optional<String> procedureVersion,
      Instant startTime,
      String parentRunId) {
    if (run == null) {
      run = new Run(runId, procedureId, procedureVersion.orElse(null), startTime);
      run.status = RunStatus.TRIGGERED.wireName();
      run.parentRunId = parentRunId;
      runChanged = true;
    }
  }

  /** The event at {@code seq} is applied: the run's row is written with it. */
  void advance(long seq) {
    run.lastSeq = seq;
    runChanged = true;
  }

  /**
   * A step detected at {@code time}: the run becomes active, and its executor set if it has none.
   */
  void stepDetected(boolean activates, Instant time, Optional<String> executorId) {
    if (activates && run.status.equals(RunStatus.TRIGGERED.wireName())) {
      run.status = RunStatus.ACTIVE.wireName();
      run.activatedAt = time;
    }
    if (run.executorId == null && executorId.isPresent()) {
      run.executorId = executorId.get();
    }
  }

  /** What the trigger says of the run, each where it says something. */
  void triggered(
      Optional<String> processInstanceId,
      Optional<String> parentRunId,
      Optional<String> executorId,
      Optional<String> location,
      Optional<String> equipmentId,
      Optional<String> notes) {
    run.processInstanceId = processInstanceId.orElse(run.processInstanceId);
    run.parentRunId = parentRunId.orElse(run.parentRunId);
    run.executorId = executorId.orElse(run.executorId);
    run.location = location.orElse(run.location);
    run.equipmentId = equipmentId.orElse(run.equipmentId);
    run.notes = notes.orElse(run.notes);
  }

  /** The executor's answer to the confirmation prompt, and their note. */
  void confirmed(String response, String note) {
    run.executorConfirmation = response;
    run.confirmationNote = note;
    runChanged = true;
  }

  /** The procedure the executor says the run was of. */
  void correctedProcedure(String procedureId) {
    run.correctedProcedureId = procedureId;
    runChanged = true;
  }

  /** How many deviations the run has (see {@link Feedback}). */
  void deviationCount(int count) {
    run.deviationCount = count;
    runChanged = true;
  }

  /** Ends the run (unless it ended) at {@code time} and cancels the attempts still open. */
  void end(RunStatus status, Optional<String> reason, Instant time) {
    if (RunStatus.fromWireName(run.status).isFinal()) {
      return;
    }
    run.status = status.wireName();
    run.abortReason = reason.orElse(null);
    run.endTime = time;
    run.durationMs = Duration.between(run.startTime, time).toMillis();
    for (Step step : steps) {
      if (step.open()) {
        step.status = StepStatus.CANCELLED.wireName();
        step.endedAt = time;
        step.changed = true;
      }
    }
  }

  /** A new attempt at the step, started at {@code startedAt}. */
  void start(StepRef ref, long seq, Instant startedAt) {
    Step step = newAttempt(ref, seq, startedAt);
    step.status = StepStatus.STARTED.wireName();
  }

  /**
   * Ends the step's open attempt (the one of the same activity instance, else of the same task,
   * else the latest) as done, skipped, cancelled or aborted; with no open attempt, records an ended
   * attempt without a start.
   */
  void end(
      StepRef ref,
      long seq,
      StepStatus status,
      Instant endedAt,
      Optional<Instant> occurredAt,
      Optional<String> executorId,
      Optional<String> reason) {
    Step step = openAttempt(ref);
    if (step == null) {
      step = newAttempt(ref, seq, null);
    }
    step.status = status.wireName();
    step.endedAt = endedAt;
    step.occurredAt = occurredAt.orElse(null);
    step.executorId = executorId.orElse(null);
    step.reason = reason.orElse(null);
    step.changed = true;
  }

  /** Marks the step's open attempt overdue, else flags its latest; a group step has none. */
  void overdue(String stepId) {
    Step chosen = null;
    for (Step step : steps) {
      if (step.stepId.equals(stepId)
          && (chosen == null
              || step.open() && !chosen.open()
              || step.open() == chosen.open() && step.attempt > chosen.attempt)) {
        chosen = step;
      }
    }
    if (chosen != null) {
      chosen.overdue = true;
      if (chosen.status.equals(StepStatus.STARTED.wireName())) {
        chosen.status = StepStatus.OVERDUE.wireName();
      }
      chosen.changed = true;
    }
  }

  private Step openAttempt(StepRef ref) {
    Step chosen = null;
    int chosenRank = Integer.MAX_VALUE;
    for (Step step : steps) {
      if (!step.stepId.equals(ref.stepId()) || !step.open()) {
        continue;
      }
      int rank;
      if (ref.activityInstanceId().isPresent()
          && ref.activityInstanceId().get().equals(step.activityInstanceId)) {
        rank = 0;
      } else if (ref.taskId().isPresent() && ref.taskId().get().equals(step.taskId)) {
        rank = 1;
      } else {
        rank = 2;
      }
      if (rank < chosenRank || rank == chosenRank && step.attempt > chosen.attempt) {
        chosen = step;
        chosenRank = rank;
      }
    }
    return chosen;
  }

  private Step newAttempt(StepRef ref, long seq, Instant startedAt) {
    int attempt = 0;
    for (Step step : steps) {
      if (step.stepId.equals(ref.stepId())) {
        attempt = Math.max(attempt, step.attempt);
      }
    }
    Step step =
        new Step(
            ref.stepId(),
            attempt + 1,
            seq,
            ref.activityInstanceId().orElse(null),
            ref.taskId().orElse(null),
            ref.stepType().orElse(null),
            startedAt);
    step.changed = true;
    steps.add(step);
    return step;
  }
}
