package dev.asrun.log;

import dev.asrun.log.VerifyReport.Damage;
import dev.asrun.log.VerifyReport.Problem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every {@code signature_applied} event against the chain: its {@code record_hash} must be
 * the {@link RecordHash} of the heads its run's streams had when it was appended, recomputed from
 * the events' contents (not their stored hashes), so an event under the signature that was changed,
 * even with its stream's hashes recomputed after it, breaks the signature. The heads at the
 * signature: its own stream's events before it; each nested run's (named by a {@code
 * subrun_started} before it, recursively) events appended before it in the log ({@code seq}, which
 * the signing command keeps in order by locking those streams while it signs).
 */
final class SignatureCheck {

  private static final String SIGNATURES =
      "SELECT " + StoredEvent.columns("") + " FROM asrun_event WHERE event_type = ?";

  private static final String BEFORE_IN_STREAM =
      "SELECT "
          + StoredEvent.columns("")
          + " FROM asrun_event WHERE stream = ? AND stream_seq < ? ORDER BY stream_seq, seq";

  private static final String BEFORE_IN_LOG =
      "SELECT "
          + StoredEvent.columns("")
          + " FROM asrun_event WHERE stream = ? AND seq < ? ORDER BY stream_seq, seq";

  /** The events under a signature, from the database or from a record detached from it. */
  interface Events {
    /** The events of {@code stream} before position {@code streamSeq}, in stream order. */
    List<StoredEvent> inStreamBefore(String stream, long streamSeq) throws SQLException;

    /** The events of {@code stream} appended before {@code seq}, in stream order. */
    List<StoredEvent> inLogBefore(String stream, long seq) throws SQLException;
  }

  private final Events events;

  SignatureCheck(Events events) {
    this.events = events;
  }

  /** The broken signatures of every stream in the database, or of {@code only} if not null. */
  static List<Problem> check(Connection connection, List<String> only) throws SQLException {
    List<StoredEvent> signatures = new ArrayList<>();
    String sql = SIGNATURES + (only == null ? "" : " AND stream = ?") + " ORDER BY seq";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, EventType.SIGNATURE_APPLIED.wireName());
      for (String stream : only == null ? Collections.<String>singletonList(null) : only) {
        if (stream != null) {
          select.setString(2, stream);
        }
        signatures.addAll(StoredEvent.readAll(select));
      }
    }
    Events stored =
        new Events() {
          @Override
          public List<StoredEvent> inStreamBefore(String stream, long streamSeq)
              throws SQLException {
            return select(connection, BEFORE_IN_STREAM, stream, streamSeq);
          }

          @Override
          public List<StoredEvent> inLogBefore(String stream, long seq) throws SQLException {
            return select(connection, BEFORE_IN_LOG, stream, seq);
          }
        };
    return new SignatureCheck(stored).check(signatures);
  }

  /** The signatures of {@code signatures} that the events under them no longer hash to. */
  List<Problem> check(List<StoredEvent> signatures) throws SQLException {
    List<Problem> problems = new ArrayList<>();
    for (StoredEvent signature : signatures) {
      Map<String, Object> payload = payload(signature);
      String signed = String.valueOf(payload.get("record_hash"));
      String recomputed = recordHashAt(signature);
      if (!signed.equals(recomputed)) {
        problems.add(
            new Problem(
                signature.stream(),
                signature.seq(),
                signature.streamSeq(),
                signature.envelope().eventId(),
                Damage.SIGNATURE_BROKEN,
                "signature "
                    + payload.get("signature_id")
                    + " ("
                    + payload.get("meaning")
                    + " by "
                    + payload.get("signer_id")
                    + ") is bound to record hash "
                    + signed
                    + ", but the events under it hash to "
                    + recomputed
                    + ": what it signed was changed"));
      }
    }
    return problems;
  }

  /** The signature's payload; empty when a damaged one is not a JSON object. */
  private static Map<String, Object> payload(StoredEvent signature) {
    try {
      return PayloadJson.parse(signature.envelope().payload());
    } catch (IllegalStateException | IllegalArgumentException notAnObject) {
      return Map.of();
    }
  }

  private String recordHashAt(StoredEvent signature) throws SQLException {
    Map<String, String> heads = new LinkedHashMap<>();
    Deque<List<StoredEvent>> pending = new ArrayDeque<>();
    pending.add(events.inStreamBefore(signature.stream(), signature.streamSeq()));
    while (!pending.isEmpty()) {
      List<StoredEvent> stream = pending.poll();
      if (stream.isEmpty()) {
        continue;
      }
      String head = Envelope.GENESIS;
      for (StoredEvent event : stream) {
        head = event.envelope().after(head).hash();
      }
      heads.put(stream.get(0).stream(), head);
      for (String child : RecordHash.nestedRunsOf(stream)) {
        String childStream = NewEvent.runStream(child);
        if (!heads.containsKey(childStream)) {
          heads.put(childStream, Envelope.GENESIS);
          pending.add(events.inLogBefore(childStream, signature.seq()));
        }
      }
    }
    heads.values().removeIf(Envelope.GENESIS::equals);
    return RecordHash.of(heads);
  }

  private static List<StoredEvent> select(
      Connection connection, String sql, String stream, long before) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, stream);
      select.setLong(2, before);
      return StoredEvent.readAll(select);
    }
  }
}
