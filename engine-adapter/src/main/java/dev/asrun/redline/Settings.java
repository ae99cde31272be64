package dev.asrun.redline;

/**
 * What keeps noise out of the proposals: a kind is proposed only from at least {@code minRuns} runs
 * considered, and only where the lower bound of the share of runs showing it ({@link
 * Evidence#lowerBound}) reaches {@code threshold}.
 *
 * @param minRuns the fewest runs a proposal may rest on (at least 1)
 * @param threshold the least lower bound, from 0 (exclusive) to 1
 */
public record Settings(int minRuns, double threshold) {

  /** The default {@code min_runs}, chosen from the benchmark (docs/benchmarks.md). */
  public static final int DEFAULT_MIN_RUNS = 5;

  /** The default {@code threshold}, chosen from the benchmark (docs/benchmarks.md). */
  public static final double DEFAULT_THRESHOLD = 0.4;

  /** The defaults. */
  public static final Settings DEFAULTS = new Settings(DEFAULT_MIN_RUNS, DEFAULT_THRESHOLD);

  /**
   * @throws IllegalArgumentException if a value is outside its range (named in the message)
   */
  public Settings {
    if (minRuns < 1) {
      throw new IllegalArgumentException("min_runs must be 1 or more, got " + minRuns);
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "threshold must be more than 0 and at most 1, got " + threshold);
    }
  }

  /** Whether {@code evidence} is enough for a proposal. */
  boolean enough(Evidence evidence) {
    return evidence.ofRuns() >= minRuns && evidence.lowerBound() >= threshold;
  }
}
