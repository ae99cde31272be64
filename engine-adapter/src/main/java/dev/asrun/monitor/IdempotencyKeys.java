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
 * The observations' idempotency keys ({@code asrun_observation_key}, insert-only): each key with
 * the answer its observation got, written in the observation's transaction.
 */
final class IdempotencyKeys {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private IdempotencyKeys() {}

  /** The answers already given for any of {@code keys}. */
  static Map<String, ObservationResult> find(Connection connection, Collection<String> keys)
      throws SQLException {
    Map<String, ObservationResult> found = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT answer FROM asrun_observation_key WHERE idempotency_key = ?")) {
      for (String key : keys) {
        select.setString(1, key);
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            found.put(key, read(row.getString(1)));
          }
        }
      }
    }
    return found;
  }

  /** Whether any of {@code keys} has an answer. */
  static boolean anyKnown(Connection connection, Collection<String> keys) throws SQLException {
    return !find(connection, keys).isEmpty();
  }

  /**
   * Keeps {@code answer} for {@code key}. Fails on a key another transaction recorded meanwhile
   * (PostgreSQL waits for that transaction first), which rolls this one back.
   */
  static void insert(Connection connection, String key, ObservationResult answer, Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO asrun_observation_key"
                + " (idempotency_key, observation_id, answer, recorded_at) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, key);
      insert.setString(2, answer.observationId());
      insert.setString(3, write(answer));
      insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      insert.executeUpdate();
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
