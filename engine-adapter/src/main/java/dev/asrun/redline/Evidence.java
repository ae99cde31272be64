package dev.asrun.redline;

/**
 * How many runs show a proposal: {@code runs} of the {@code ofRuns} considered, their share, and
 * the lower end of its Wilson score interval at 95 % (how low the share could be, given so few
 * runs).
 */
public record Evidence(long runs, long ofRuns, double rate, double lowerBound) {

  private static final double Z = 1.959964;

  /**
   * @throws IllegalArgumentException if {@code runs} is negative or more than {@code ofRuns}, or
   *     {@code ofRuns} is not positive
   */
  public static Evidence of(long runs, long ofRuns) {
    if (ofRuns < 1 || runs < 0 || runs > ofRuns) {
      throw new IllegalArgumentException(
          "evidence needs 0 <= runs <= of_runs and of_runs >= 1, got " + runs + " of " + ofRuns);
    }
    double n = ofRuns;
    double p = runs / n;
    double z2 = Z * Z;
    double lower =
        (p + z2 / (2 * n) - Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n);
    return new Evidence(runs, ofRuns, p, Math.max(0, lower));
  }

  /** {@code 7 of 10 runs}. */
  String inWords() {
    return runs + " of " + ofRuns + " run" + (ofRuns == 1 ? "" : "s");
  }
}
