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

  private final Connection connection;

  SignatureCheck(Connection connection) {
    this.connection = connection;
  }

  /** The broken signatures of every stream, or of {@code only} when not {@code null}. */
  List<Problem> check(List<String> only) throws SQLException {
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
    List<Problem> problems = new ArrayList<>();
    for (StoredEvent signature : signatures) {
      String signed = String.valueOf(signature.toLoggedEvent().payloadMap().get("record_hash"));
      String recomputed = recordHashAt(signature);
      if (!signed.equals(recomputed)) {
        LoggedEvent event = signature.toLoggedEvent();
        Map<String, Object> payload = event.payloadMap();
        problems.add(
            new Problem(
                signature.stream(),
                signature.seq(),
                signature.streamSeq(),
                event.eventId(),
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

  private String recordHashAt(StoredEvent signature) throws SQLException {
    Map<String, String> heads = new LinkedHashMap<>();
    Deque<List<StoredEvent>> pending = new ArrayDeque<>();
    pending.add(events(BEFORE_IN_STREAM, signature.stream(), signature.streamSeq()));
    while (!pending.isEmpty()) {
      List<StoredEvent> events = pending.poll();
      if (events.isEmpty()) {
        continue;
      }
      String head = Envelope.GENESIS;
      List<LoggedEvent> logged = new ArrayList<>();
      for (StoredEvent event : events) {
        head = event.envelope().after(head).hash();
        logged.add(event.toLoggedEvent());
      }
      heads.put(events.get(0).stream(), head);
      for (String child : RecordHash.nestedRuns(logged)) {
        String stream = NewEvent.runStream(child);
        if (!heads.containsKey(stream)) {
          heads.put(stream, Envelope.GENESIS);
          pending.add(events(BEFORE_IN_LOG, stream, signature.seq()));
        }
      }
    }
    heads.values().removeIf(Envelope.GENESIS::equals);
    return RecordHash.of(heads);
  }

  private List<StoredEvent> events(String sql, String stream, long before) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, stream);
      select.setLong(2, before);
      return StoredEvent.readAll(select);
    }
  }
}
