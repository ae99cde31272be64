package dev.asrun.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The observations' idempotency keys ({@code asrun_observation_key}, insert-only): each reporter's
 * key with the answer its observation got, written in the observation's transaction. A key is its
 * reporter's own: the same key from two reporters is two observations, and neither sees the
 * other's answer.
 */
final class IdempotencyKeys {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private IdempotencyKeys() {}

  /**
   * The answers already given to {@code reporter} for any of {@code keys}: one statement, the keys
   * bound as one array and joined to the table's primary key (neither H2 nor PostgreSQL looks up
   * an {@code IN} list on the key's second column), where a statement per key cost a batch of
   * 1,000 observations about a tenth of its time on H2.
   */
  static Map<String, ObservationResult> find(
      Connection connection, String reporter, Collection<String> keys) throws SQLException {
    Map<String, ObservationResult> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT k.idempotency_key, k.answer"
                + " FROM UNNEST(CAST(? AS VARCHAR(255) ARRAY)) AS wanted (idempotency_key)"
                + " JOIN asrun_observation_key k ON k.reporter = ?"
                + " AND k.idempotency_key = wanted.idempotency_key")) {
      select.setArray(1, connection.createArrayOf("VARCHAR", keys.toArray()));
      select.setString(2, reporter);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getString(1), read(rows.getString(2)));
        }
      }
    }
    return found;
  }

  /** Whether any of {@code reporter}'s {@code keys} has an answer. */
  static boolean anyKnown(Connection connection, String reporter, Collection<String> keys)
      throws SQLException {
    return !find(connection, reporter, keys).isEmpty();
  }

  /**
   * Keeps each answer of {@code answers} for {@code reporter}'s key, in one JDBC batch. Fails on a
   * key of the same reporter that another transaction recorded meanwhile (PostgreSQL waits for
   * that transaction first), which rolls this one back.
   */
  static void insert(
      Connection connection,
      String reporter,
      Map<String, ObservationResult> answers,
      Instant now)
      throws SQLException {
    if (answers.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO asrun_observation_key"
                + " (reporter, idempotency_key, observation_id, answer, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      for (Map.Entry<String, ObservationResult> answer : answers.entrySet()) {
        insert.setString(1, reporter);
        insert.setString(2, answer.getKey());
        insert.setString(3, answer.getValue().observationId());
        insert.setString(4, write(answer.getValue()));
        insert.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static String write(ObservationResult answer) {
    try {
      return JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an observation's answer is not JSON", e);
    }
  }

  private static ObservationResult read(String json) {
    try {
      return JSON.readValue(json, ObservationResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored observation answer is not readable: " + json, e);
    }
  }
}
