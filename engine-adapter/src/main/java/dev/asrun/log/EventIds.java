package dev.asrun.log;

import java.util.UUID;

/**
 * Event ids: version 7 UUIDs (RFC 9562), the time of drawing in milliseconds in the first 48 bits
 * and 74 random bits after it, so that ids drawn one after the other sit side by side in the log's
 * unique index on {@code event_id} (an insert touches the index's last pages, as it does the
 * primary key's) instead of a random page each, while staying as unique as random ones.
 */
final class EventIds {

  private static final long VERSION_7 = 0x7000L;

  private EventIds() {}

  /** A new event id. */
  static UUID next() {
    UUID random = UUID.randomUUID();
    long millis = System.currentTimeMillis();
    long high = (millis << 16) | VERSION_7 | (random.getMostSignificantBits() & 0x0FFFL);
    return new UUID(high, random.getLeastSignificantBits());
  }
}
