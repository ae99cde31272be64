package dev.asrun.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash a signature binds to: the heads of a run's streams, its own and its nested runs' (the
 * runs its {@code subrun_started} events name, and theirs in turn), combined as SHA-256 (lower-case
 * hex) over one line {@code <stream>:<hash>\n} per stream, UTF-8, sorted by stream name, where
 * {@code hash} is the {@code hash} of the stream's last event.
 */
public final class RecordHash {

  private RecordHash() {}

  /** The combined hash of {@code heads}, each stream with its last event's hash. */
  public static String of(Map<String, String> heads) {
    StringBuilder lines = new StringBuilder();
    new TreeMap<>(heads)
        .forEach((stream, hash) -> lines.append(stream).append(':').append(hash).append('\n'));
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(lines.toString().getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** The runs a run's events say it started as nested runs, in stream order. */
  public static List<String> nestedRuns(List<LoggedEvent> runEvents) {
    List<String> children = new ArrayList<>();
    for (LoggedEvent event : runEvents) {
      child(event.type().wireName(), event.payload(), children);
    }
    return children;
  }

  /** The same for events as stored, a damaged one included (it names no nested run). */
  static List<String> nestedRunsOf(List<StoredEvent> runEvents) {
    List<String> children = new ArrayList<>();
    for (StoredEvent event : runEvents) {
      child(event.envelope().eventType(), event.envelope().payload(), children);
    }
    return children;
  }

  private static void child(String type, String payload, List<String> children) {
    if (!EventType.SUBRUN_STARTED.wireName().equals(type)
        || payload == null
        || !PayloadJson.isSingleObject(payload)) {
      return;
    }
    if (PayloadJson.parse(payload).get("child_run_id") instanceof String child
        && !children.contains(child)) {
      children.add(child);
    }
  }
}
