package dev.asrun.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link LogVerifier} found. JSON, through the Jackson annotations on the record (any {@code
 * ObjectMapper}; {@link #toJson()} for a plain string): {@code {"ok": bool, "streams": n, "events":
 * n, "problems": [{"stream", "seq", "stream_seq", "event_id", "kind", "detail"}]}}.
 *
 * @param streams how many streams were checked
 * @param events how many events were read
 * @param problems the first problem of each damaged stream, by stream name, and every signature its
 *     record no longer gives the hash of ({@link Damage#SIGNATURE_BROKEN})
 */
@JsonPropertyOrder({"ok", "streams", "events", "problems"})
@JsonIgnoreProperties(value = "ok", allowGetters = true)
public record VerifyReport(
    @JsonProperty("streams") long streams,
    @JsonProperty("events") long events,
    @JsonProperty("problems") List<Problem> problems) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether every stream verified: no problems. */
  @JsonProperty("ok")
  public boolean ok() {
    return problems.isEmpty();
  }

  /** The JSON form, compact. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a verify report did not serialize", e);
    }
  }

  /**
   * The first bad event of a stream.
   *
   * @param stream the damaged stream
   * @param seq the {@code seq} of the event named, or {@code null} when no event is there to name
   *     ({@link Damage#TRUNCATED}: the events from {@code streamSeq} on are missing)
   * @param streamSeq the position in the stream where the damage starts
   * @param eventId the event named, or {@code null} as for {@code seq}
   * @param kind the kind of damage
   * @param detail what the verifier saw, in a sentence
   */
  @JsonPropertyOrder({"stream", "seq", "stream_seq", "event_id", "kind", "detail"})
  public record Problem(
      @JsonProperty("stream") String stream,
      @JsonProperty("seq") Long seq,
      @JsonProperty("stream_seq") long streamSeq,
      @JsonProperty("event_id") UUID eventId,
      @JsonProperty("kind") Damage kind,
      @JsonProperty("detail") String detail) {

    public Problem {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** The kinds of damage; in JSON the lower-case name. */
  public enum Damage {
    /** An event's content no longer matches its hash, or differs from what was checkpointed. */
    EDITED,
    /** An event is missing: a gap, or an event links to a predecessor no longer there. */
    DELETED,
    /** An event that was not appended through the log: a second successor, a doubled position. */
    INSERTED,
    /** Events present and intact but out of chain order. */
    REORDERED,
    /** The stream ends early: its head, or a checkpoint, records events the log no longer has. */
    TRUNCATED,
    /**
     * A {@code signature_applied} event (named) whose {@code record_hash} is not what the events
     * under it hash to: something it signed was changed, or it was copied from another record.
     */
    SIGNATURE_BROKEN;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
