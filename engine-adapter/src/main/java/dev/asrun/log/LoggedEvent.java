package dev.asrun.log;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An event as the log holds it: the full envelope.
 *
 * <p>JSON: Jackson serializes a {@code LoggedEvent} through {@link #toJson()} (annotated {@link
 * JsonValue}), so any {@code ObjectMapper}, whatever its naming strategy or modules, writes the
 * same snake_case object: {@code event_id, seq, stream, stream_seq, timestamp, occurred_at, source,
 * event_type, procedure_id, procedure_version, run_id, payload, prev_hash, hash}. Times and the
 * payload appear exactly as they were hashed (times in UTC with six fractional digits, the payload
 * as its canonical JSON, embedded verbatim as an object; a stored payload that is not exactly one
 * JSON object, which only tampering produces, appears as a JSON string instead, so it can never
 * alter the surrounding document), so a reader can recompute {@code hash} from the JSON alone with
 * the encoding documented on {@link EventLog}. The JSON form is for output; the log is never
 * written from it.
 *
 * @param eventId the event's identity
 * @param seq the total order of insertion over all streams
 * @param stream the chain the event belongs to (see {@link NewEvent#stream()})
 * @param streamSeq the position in its stream, from 1
 * @param recordedAt the server's time of recording, UTC, microsecond precision ({@code timestamp}
 *     in JSON)
 * @param occurredAt the time the executor or sensor claims it happened, if given
 * @param source where the reality came from
 * @param type what happened
 * @param procedureId the procedure, if any
 * @param procedureVersion the procedure's version, if any
 * @param runId the run, if any
 * @param payload the details as canonical JSON text (an object)
 * @param prevHash the hash of the previous event of the stream, 64 zeros for the first
 * @param hash SHA-256 (lower-case hex) of this event's encoding, which includes {@code prevHash}
 */
public record LoggedEvent(
    UUID eventId,
    long seq,
    String stream,
    long streamSeq,
    Instant recordedAt,
    Optional<Instant> occurredAt,
    EventSource source,
    EventType type,
    Optional<String> procedureId,
    Optional<String> procedureVersion,
    Optional<String> runId,
    String payload,
    String prevHash,
    String hash) {

  public LoggedEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(procedureId, "procedureId");
    Objects.requireNonNull(procedureVersion, "procedureVersion");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }

  /** The payload parsed: a fresh, mutable map in the stored (sorted) key order. */
  public Map<String, Object> payloadMap() {
    return PayloadJson.parse(payload);
  }

  /** The JSON form described on the class, as a tree. */
  @JsonValue
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("event_id", eventId.toString());
    json.put("seq", seq);
    json.put("stream", stream);
    json.put("stream_seq", streamSeq);
    json.put("timestamp", Envelope.formatTime(recordedAt));
    json.put("occurred_at", occurredAt.map(Envelope::formatTime).orElse(null));
    json.put("source", source.wireName());
    json.put("event_type", type.wireName());
    json.put("procedure_id", procedureId.orElse(null));
    json.put("procedure_version", procedureVersion.orElse(null));
    json.put("run_id", runId.orElse(null));
    if (PayloadJson.isSingleObject(payload)) {
      json.putRawValue("payload", new RawValue(payload));
    } else {
      json.put("payload", payload);
    }
    json.put("prev_hash", prevHash);
    json.put("hash", hash);
    return json;
  }
}
