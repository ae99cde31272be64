package dev.asrun.monitor;

import dev.asrun.log.EventSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An observed action, reported from outside the engine (a sensor, an inference service, a CI job,
 * a checklist app): "power_on_reactor at 08:05 by alice on reactor_02".
 *
 * @param action what was done; the name procedures use for a step's {@code action} (rules of
 *     {@code docs/procedures.md}: {@code ^[a-z][a-z0-9_.-]{0,126}$})
 * @param timestamp when the reporter claims it happened; the server's time is recorded beside it
 * @param source who reports it: {@code INFERENCE}, {@code EXECUTOR} or {@code SCHEDULER}
 * @param executorId who did it; empty: the authenticated caller
 * @param context {@code location}, {@code equipment_id} (text) and free keys (text, numbers,
 *     booleans)
 * @param idempotencyKey the client's key: a retry with the same key records nothing new and gets
 *     the first answer
 * @param runId the run it concerns, where the reporter names it: then it concerns that run only
 *     (see {@code docs/observations.md}, "Which run an observation moves")
 * @throws ObservationException (bad input) naming the field that is missing or malformed
 */
public record Observation(
    String action,
    Instant timestamp,
    EventSource source,
    Optional<String> executorId,
    Map<String, Object> context,
    Optional<String> idempotencyKey,
    Optional<String> runId) {

  /** The longest id, key or context text accepted. */
  public static final int MAX_TEXT = 255;

  /** The most context keys accepted. */
  public static final int MAX_CONTEXT_KEYS = 32;

  private static final Pattern ACTION = Pattern.compile("^[a-z][a-z0-9_.-]{0,126}$");
  private static final Pattern CONTEXT_KEY = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

  public Observation {
    if (action == null) {
      throw ObservationException.badInput("action", "is required, e.g. \"power_on_reactor\"");
    }
    if (!ACTION.matcher(action).matches()) {
      throw ObservationException.badInput(
          "action",
          "is not an action name: lower-case letters, digits, '_', '.' and '-', starting with a"
              + " letter, at most 127 characters, e.g. \"power_on_reactor\"");
    }
    if (timestamp == null) {
      throw ObservationException.badInput(
          "timestamp", "is required: when the action happened, e.g. \"2025-06-02T08:05:00Z\"");
    }
    if (source == null || source == EventSource.ENGINE) {
      throw ObservationException.badInput(
          "source", "is required: one of \"inference\", \"executor\", \"scheduler\"");
    }
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(runId, "runId");
    executorId.ifPresent(id -> text("executor_id", id));
    idempotencyKey.ifPresent(key -> text("idempotency_key", key));
    runId.ifPresent(id -> text("run_id", id));
    context = context == null ? Map.of() : validContext(context);
  }

  /** An observation that does not name its run. */
  public Observation(
      String action,
      Instant timestamp,
      EventSource source,
      Optional<String> executorId,
      Map<String, Object> context,
      Optional<String> idempotencyKey) {
    this(action, timestamp, source, executorId, context, idempotencyKey, Optional.empty());
  }

  /**
   * Where it happened and who did it: the context's {@code location} and {@code equipment_id},
   * and {@code executor} (the executor it is recorded for).
   */
  ObservationContext where(String executor) {
    return new ObservationContext(
        Optional.ofNullable((String) context.get("location")),
        Optional.ofNullable((String) context.get("equipment_id")),
        Optional.ofNullable(executor));
  }

  private static Map<String, Object> validContext(Map<String, Object> context) {
    if (context.size() > MAX_CONTEXT_KEYS) {
      throw ObservationException.badInput(
          "context", "has " + context.size() + " keys; at most " + MAX_CONTEXT_KEYS);
    }
    Map<String, Object> valid = new LinkedHashMap<>();
    context.forEach(
        (key, value) -> {
          if (key == null || !CONTEXT_KEY.matcher(key).matches()) {
            throw ObservationException.badInput(
                "context",
                "key " + (key == null ? "null" : "\"" + key + "\"")
                    + " is not a key name: lower-case letters, digits and '_', starting with a"
                    + " letter, at most 63 characters");
          }
          String field = "context." + key;
          boolean textOnly = key.equals("location") || key.equals("equipment_id");
          if (value instanceof String text) {
            text(field, text);
          } else if (textOnly) {
            throw ObservationException.badInput(field, "must be text");
          } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
            throw ObservationException.badInput(field, "must be text, a number or a boolean");
          }
          if (value != null) {
            valid.put(key, value);
          }
        });
    return java.util.Collections.unmodifiableMap(valid);
  }

  private static void text(String field, String value) {
    if (value.isBlank()) {
      throw ObservationException.badInput(field, "is empty");
    }
    if (value.length() > MAX_TEXT) {
      throw ObservationException.badInput(
          field, "has " + value.length() + " characters; at most " + MAX_TEXT);
    }
  }
}
