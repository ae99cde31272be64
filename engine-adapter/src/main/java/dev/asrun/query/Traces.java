package dev.asrun.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asrun.log.ClaimedTime;
import dev.asrun.query.TraceEntry.Transition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Streams the traces of the runs a {@link Filter} selects, oldest run first, each in the order its
 * entries happened: one statement joining
 * the runs with their step and extra-action events, read row by row (in batches of {@value
 * #FETCH_SIZE}), so a run's trace is in memory only while it is handed over.
 */
final class Traces {

  private static final int FETCH_SIZE = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Traces() {}

  /**
   * @param timeoutSeconds the statement's query timeout, 0 for none
   */
  static long stream(Connection c, Filter runs, RunTrace.Consumer consumer, int timeoutSeconds)
      throws SQLException, IOException {
    String sql =
        "SELECT r.*, e.seq AS e_seq, e.event_type AS e_type, e.recorded_at AS e_recorded_at,"
            + " e.occurred_at AS e_occurred_at, e.payload AS e_payload"
            + " FROM (SELECT "
            + Sql.RUN_COLUMNS
            + " FROM asrun_run"
            + runs.where()
            + ") r LEFT JOIN asrun_event e ON e.run_id = r.run_id"
            + " AND e.event_type IN ('step_started', 'step_matched', 'step_skipped', 'extra_step',"
            + " 'step_corroborated')"
            + " ORDER BY r.start_time, r.run_id, e.stream_seq, e.seq";
    long count = 0;
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setFetchSize(FETCH_SIZE);
      statement.setQueryTimeout(timeoutSeconds);
      Sql.bind(statement, runs.parameters());
      try (ResultSet row = statement.executeQuery()) {
        RunSummary run = null;
        List<TraceEntry> entries = new ArrayList<>();
        while (row.next()) {
          String runId = row.getString("run_id");
          if (run == null || !run.runId().equals(runId)) {
            if (run != null) {
              consumer.accept(new RunTrace(run, happened(run, entries)));
              count++;
              entries = new ArrayList<>();
            }
            run = Sql.summary(row);
          }
          entry(row).ifPresent(entries::add);
        }
        if (run != null) {
          consumer.accept(new RunTrace(run, happened(run, entries)));
          count++;
        }
      }
    }
    return count;
  }

  /**
   * The entries in the order they happened: at the claimed time where one was given and is not
   * before the run's start, else at the recorded time; equal times in log order (as the
   * deviations' trace is ordered).
   */
  private static List<TraceEntry> happened(RunSummary run, List<TraceEntry> entries) {
    List<TraceEntry> ordered = new ArrayList<>(entries);
    ordered.sort(
        Comparator.comparing(
            entry ->
                ClaimedTime.placedAt(entry.occurredAt(), entry.recordedAt(), run.startTime())));
    return ordered;
  }

  /** The row's event as a trace entry; empty for a run without events, or an event without name. */
  private static Optional<TraceEntry> entry(ResultSet row) throws SQLException {
    long seq = row.getLong("e_seq");
    if (row.wasNull()) {
      return Optional.empty();
    }
    String type = row.getString("e_type");
    JsonNode payload = payload(row.getString("e_payload"));
    Optional<String> activity = text(payload, type.equals("extra_step") ? "action" : "step_id");
    if (activity.isEmpty()) {
      return Optional.empty();
    }
    Transition transition =
        switch (type) {
          case "step_started" -> Transition.START;
          case "step_corroborated" -> Transition.CORROBORATE;
          case "step_skipped" ->
              switch (text(payload, "outcome").orElse("skipped")) {
                case "not_seen" -> Transition.AUTOSKIP;
                case "cancelled", "aborted" -> Transition.ATE_ABORT;
                default -> Transition.MANUALSKIP;
              };
          default -> Transition.COMPLETE;
        };
    Instant recordedAt = row.getObject("e_recorded_at", OffsetDateTime.class).toInstant();
    Optional<Instant> occurredAt =
        Optional.ofNullable(row.getObject("e_occurred_at", OffsetDateTime.class))
            .map(OffsetDateTime::toInstant);
    return Optional.of(
        new TraceEntry(
            seq,
            type,
            activity.get(),
            transition,
            occurredAt.orElse(recordedAt),
            recordedAt,
            occurredAt,
            text(payload, "executor_id"),
            text(payload, "reason")));
  }

  private static JsonNode payload(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("an event's payload in the log is not JSON", e);
    }
  }

  /**
   * The payload's text field; an unpaired surrogate in it (JSON can carry one, UTF-8 cannot) is
   * U+FFFD, so every export writes the same text.
   */
  private static Optional<String> text(JsonNode payload, String field) {
    JsonNode value = payload.get(field);
    if (value == null || !value.isTextual()) {
      return Optional.empty();
    }
    String text = value.asText();
    StringBuilder wellFormed = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        wellFormed.append(c).append(text.charAt(++i));
      } else {
        wellFormed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return Optional.of(wellFormed.toString());
  }
}
