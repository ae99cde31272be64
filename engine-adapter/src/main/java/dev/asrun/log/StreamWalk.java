package dev.asrun.log;

import dev.asrun.log.VerifyReport.Damage;
import dev.asrun.log.VerifyReport.Problem;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks one stream, position by position, and names its first problem (see {@link LogVerifier} for
 * the kinds). Only the last good event is kept; the rare look-ups a damaged stream needs go to the
 * database through {@link Lookup}.
 */
final class StreamWalk {

  /** Reads events of the stream being walked, for classifying damage. */
  interface Lookup {
    /** The events of {@code stream} whose stored hash is {@code hash}, by position. */
    List<StoredEvent> withHash(String stream, String hash) throws SQLException;

    /** The events of {@code stream} at {@code position}, by {@code seq}. */
    List<StoredEvent> atPosition(String stream, long position) throws SQLException;
  }

  /** How far {@link #intactFurtherOn} looks for an event's original position. */
  static final int MOVE_SEARCH = 10_000;

  private final String stream;
  private final Lookup lookup;
  private final Checkpoint.Head checkpointed;
  private final Instant checkpointTakenAt;

  private long expected = 1;
  private String expectedPrev = Envelope.GENESIS;
  private StoredEvent last;
  private Problem problem;

  /**
   * @param checkpointed the stream's head in a checkpoint, or {@code null}
   * @param checkpointTakenAt when that checkpoint was taken, or {@code null}
   */
  StreamWalk(
      String stream, Lookup lookup, Checkpoint.Head checkpointed, Instant checkpointTakenAt) {
    this.stream = stream;
    this.lookup = lookup;
    this.checkpointed = checkpointed;
    this.checkpointTakenAt = checkpointTakenAt;
  }

  /**
   * The events stored at the next position present in the stream (one, unless damaged), by {@code
   * seq}. Positions come in increasing order.
   */
  void position(List<StoredEvent> events) throws SQLException {
    if (problem != null) {
      return;
    }
    StoredEvent event = events.get(0);
    long position = event.streamSeq();
    if (position < expected) {
      problem =
          named(
              event,
              Damage.INSERTED,
              "position " + position + " is not in a chain, which starts at 1");
    } else if (position > expected) {
      problem =
          named(
              event,
              Damage.DELETED,
              (position - expected == 1
                      ? "the event at position " + expected + " is missing"
                      : "the events at positions "
                          + expected
                          + " to "
                          + (position - 1)
                          + " are missing")
                  + " before this one");
    } else if (events.size() > 1) {
      problem =
          named(
              intruder(events),
              Damage.INSERTED,
              events.size() + " events claim position " + position + "; this one does not belong");
    } else if (!event.prevHash().equals(expectedPrev)) {
      problem = brokenLink(event);
    } else if (!event.hashesAt(position)) {
      problem = named(event, Damage.EDITED, "its content no longer matches its hash");
    } else if (checkpointed != null
        && checkpointed.streamSeq() == position
        && !checkpointed.hash().equals(event.hash())) {
      problem =
          named(
              event,
              Damage.EDITED,
              "the checkpoint taken at "
                  + Envelope.formatTime(checkpointTakenAt)
                  + " recorded another event at this position: the history up to here was"
                  + " rewritten");
    } else {
      last = event;
      expectedPrev = event.hash();
      expected++;
    }
  }

  /**
   * The stream's first problem, once every position is in; {@code headSeq} and {@code headHash} are
   * the stream's row in {@code asrun_stream_head}, {@code null} if it has none.
   */
  Optional<Problem> finish(Long headSeq, String headHash) throws SQLException {
    if (problem != null) {
      return Optional.of(problem);
    }
    long length = expected - 1;
    long recorded = headSeq == null ? 0 : headSeq;
    if (recorded > length) {
      return Optional.of(
          missing("the stream head records " + recorded + " events; the log holds only " + length));
    }
    if (recorded < length) {
      StoredEvent beyond = lookup.atPosition(stream, recorded + 1).get(0);
      return Optional.of(
          named(
              beyond,
              Damage.INSERTED,
              "the stream head records "
                  + recorded
                  + " events: this one and any after it were not"
                  + " appended through the log"));
    }
    if (length > 0 && !last.hash().equals(headHash)) {
      return Optional.of(
          named(last, Damage.EDITED, "the stream head records another hash for this last event"));
    }
    if (checkpointed != null && checkpointed.streamSeq() > length) {
      return Optional.of(
          missing(
              "the checkpoint taken at "
                  + Envelope.formatTime(checkpointTakenAt)
                  + " recorded "
                  + checkpointed.streamSeq()
                  + " events; the log holds only "
                  + length));
    }
    return Optional.empty();
  }

  /** The event at the expected position links elsewhere than to the last good event. */
  private Problem brokenLink(StoredEvent event) throws SQLException {
    if (event.prevHash().equals(Envelope.GENESIS)) {
      return secondSuccessor(event, "it claims to be the first event of a stream that has one");
    }
    List<StoredEvent> linked = lookup.withHash(stream, event.prevHash());
    if (linked.isEmpty()) {
      if (last != null && event.hashesAt(expected)) {
        // Intact at its own position, so its predecessor sat where `last` sits now.
        return named(
            last,
            Damage.EDITED,
            "the next event links to a hash no longer in the log: this event replaced the one"
                + " that was here");
      }
      if (intactFurtherOn(event, expected)) {
        return named(
            event,
            Damage.DELETED,
            "the event it links to is no longer in the log, and the events after it were moved up");
      }
      return named(event, Damage.EDITED, "its link to the previous event was changed");
    }
    StoredEvent predecessor = linked.get(0);
    if (predecessor.seq() == event.seq()) {
      return named(event, Damage.EDITED, "it links to itself");
    }
    if (predecessor.streamSeq() >= expected) {
      return named(
          event,
          Damage.REORDERED,
          "it links to the event at position "
              + predecessor.streamSeq()
              + ", which comes after it");
    }
    return secondSuccessor(
        event,
        "it links to the event at position "
            + predecessor.streamSeq()
            + ", which already has a successor");
  }

  /**
   * Whether {@code event} hashes intact at a later position than the expected one, as events do
   * that were moved up to close the gap left by a deletion. Moves of up to {@value #MOVE_SEARCH}
   * positions are recognized; a longer one reads as an edit.
   */
  private static boolean intactFurtherOn(StoredEvent event, long expected) {
    for (long position = expected + 1; position <= expected + MOVE_SEARCH; position++) {
      if (event.hashesAt(position)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code event} links to an event that already has a successor. If {@code event} is intact one
   * position earlier, it was pushed along by the last event, which is the one inserted.
   */
  private Problem secondSuccessor(StoredEvent event, String detail) {
    if (last != null && event.hashesAt(expected - 1)) {
      return named(
          last,
          Damage.INSERTED,
          "it took position "
              + last.streamSeq()
              + " from the event after it, which still links"
              + " to this event's predecessor");
    }
    return named(event, Damage.INSERTED, detail);
  }

  /**
   * Of several events at the expected position, the one that does not belong: if exactly one links
   * to the last good event, hashes intact and is linked to by the next position, any other; else
   * the one inserted last.
   */
  private StoredEvent intruder(List<StoredEvent> events) throws SQLException {
    List<StoredEvent> next = lookup.atPosition(stream, expected + 1);
    List<StoredEvent> fitting =
        events.stream()
            .filter(
                e ->
                    e.prevHash().equals(expectedPrev)
                        && e.hashesAt(expected)
                        && (next.isEmpty()
                            || next.stream().anyMatch(n -> n.prevHash().equals(e.hash()))))
            .toList();
    if (fitting.size() == 1) {
      return events.stream().filter(e -> e != fitting.get(0)).findFirst().orElseThrow();
    }
    return events.stream().max(Comparator.comparingLong(StoredEvent::seq)).orElseThrow();
  }

  private Problem named(StoredEvent event, Damage kind, String detail) {
    return new Problem(
        stream, event.seq(), event.streamSeq(), event.envelope().eventId(), kind, detail);
  }

  private Problem missing(String detail) {
    return new Problem(stream, null, expected, null, Damage.TRUNCATED, detail);
  }
}
