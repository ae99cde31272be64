package dev.asrun.redline;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One edit the runs' evidence proposes for the procedure as written.
 *
 * @param kind what to change
 * @param stepId the step it concerns; empty for the procedure's own timeout, and for a step to add
 *     at the start
 * @param otherStepId for {@link Kind#REORDER}: the step written just before {@code stepId}, which
 *     the runs do after it; for {@link Kind#ADD_STEP}: the step after which the action is done
 *     (empty: at the start)
 * @param action for {@link Kind#ADD_STEP}: the extra action's name
 * @param field for {@link Kind#CHECK_LIMITS}: the recorded field whose values fall outside
 * @param currentTimeout for {@link Kind#CHANGE_TIMEOUT}: the timeout as written
 * @param proposedTimeout for {@link Kind#CHANGE_TIMEOUT}: the value proposed (the 95th percentile
 *     of the observed durations, rounded up)
 * @param evidence how many runs show it
 * @param summary the proposal in a sentence, in the seed's words
 * @param runIds some of the runs that show it (at most {@link #SAMPLE_RUNS}, latest first)
 */
public record Proposal(
    Kind kind,
    Optional<String> stepId,
    Optional<String> otherStepId,
    Optional<String> action,
    Optional<String> field,
    Optional<Duration> currentTimeout,
    Optional<Duration> proposedTimeout,
    Evidence evidence,
    String summary,
    List<String> runIds) {

  /** How many run ids a proposal names at most. */
  public static final int SAMPLE_RUNS = 5;

  public Proposal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(otherStepId, "otherStepId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(currentTimeout, "currentTimeout");
    Objects.requireNonNull(proposedTimeout, "proposedTimeout");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(summary, "summary");
    runIds = List.copyOf(runIds);
  }

  /** The kinds of edit. */
  public enum Kind {
    /** A step left out in most runs: mark it {@code optional = true}. */
    MAKE_OPTIONAL,
    /** Two neighbouring steps done in the other order in most runs that have both: swap them. */
    REORDER,
    /** An action that is no step, done at the same place in most runs: add it as a step there. */
    ADD_STEP,
    /** A timeout exceeded in many runs, or far too generous: change it to the observed one. */
    CHANGE_TIMEOUT,
    /** A recorded value outside its limits in many runs: the limits or the process need a look. */
    CHECK_LIMITS;

    /** The name in JSON: lower case. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
