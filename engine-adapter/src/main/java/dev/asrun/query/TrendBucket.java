package dev.asrun.query;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The width of a {@link TrendPoint}'s bucket. Buckets are calendar periods in UTC: a day starts at
 * 00:00Z, a week on Monday 00:00Z (ISO 8601), a month on its first day 00:00Z.
 */
public enum TrendBucket {
  DAY("day"),
  WEEK("week"),
  MONTH("month");

  private final String wireName;

  TrendBucket(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * @throws IllegalArgumentException naming the valid buckets if {@code name} is none of them
   */
  public static TrendBucket fromWireName(String name) {
    for (TrendBucket bucket : values()) {
      if (bucket.wireName.equals(name)) {
        return bucket;
      }
    }
    throw new IllegalArgumentException("unknown bucket '" + name + "'; valid: " + validNames());
  }

  /** The wire names, comma-separated, for messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(TrendBucket::wireName).collect(Collectors.joining(", "));
  }
}
