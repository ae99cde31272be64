package dev.asrun.feedback;

import dev.asrun.log.EventSource;
import dev.asrun.log.EventType;
import dev.asrun.query.RunSummary;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executor's answer to the confirmation prompt: {@code yes}, {@code no} or {@code partially},
 * and an optional note.
 */
record Confirmation(String response, Optional<String> note) {

  static final Set<String> RESPONSES = Set.of("yes", "no", "partially");
  static final int MAX_NOTE = 4000;

  /**
   * The answer from untrusted values.
   *
   * @throws FeedbackException naming {@code response} or {@code note} if it is not valid
   */
  static Confirmation of(Object response, Object note) {
    if (!(response instanceof String text)
        || !RESPONSES.contains(text.strip().toLowerCase(Locale.ROOT))) {
      throw FeedbackException.badField(
          "response",
          (response == null ? "is missing" : "is '" + response + "'")
              + "; valid: yes, no, partially");
    }
    if (note != null && !(note instanceof String)) {
      throw FeedbackException.badField("note", "must be text");
    }
    Optional<String> noteText =
        Optional.ofNullable((String) note).map(String::strip).filter(n -> !n.isEmpty());
    if (noteText.isPresent() && noteText.get().length() > MAX_NOTE) {
      throw FeedbackException.badField(
          "note", "is " + noteText.get().length() + " characters long; at most " + MAX_NOTE);
    }
    return new Confirmation(text.strip().toLowerCase(Locale.ROOT), noteText);
  }

  /** Appends {@code prompt_response} to the run's stream, by {@code executorId}. */
  void append(RunSummary run, Optional<String> executorId, Optional<String> taskId)
      throws SQLException {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("response", response);
    payload.put("note", note.orElse(null));
    payload.put("executor_id", executorId.orElse(null));
    payload.put("task_id", taskId.orElse(null));
    FeedbackEvents.append(run, EventSource.EXECUTOR, EventType.PROMPT_RESPONSE, payload);
  }
}
