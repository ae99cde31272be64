package dev.asrun.redline;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Observed durations to a proposed timeout, written as the TOML schema writes durations. */
final class Timeouts {

  private Timeouts() {}

  /** The nearest-rank percentile {@code p} (0 to 1) of {@code durations} (not empty). */
  static Duration percentile(Collection<Duration> durations, double p) {
    List<Duration> sorted = durations.stream().sorted().toList();
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /**
   * Rounded up: to a whole second under a minute, a whole minute under an hour, else a whole
   * quarter of an hour; at least one second.
   */
  static Duration roundUp(Duration d) {
    long millis = Math.max(1, d.toMillis());
    long unit = millis <= 60_000 ? 1_000 : millis <= 3_600_000 ? 60_000 : 15 * 60_000;
    return Duration.ofMillis((millis + unit - 1) / unit * unit);
  }

  /** {@code 45s}, {@code 30m}, {@code 1h30m}, {@code 1d}: the schema's short form. */
  static String toml(Duration d) {
    long seconds = d.toSeconds();
    StringBuilder out = new StringBuilder();
    long[] units = {86_400, 3_600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (seconds >= units[i]) {
        out.append(seconds / units[i]).append(names[i]);
        seconds %= units[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}
