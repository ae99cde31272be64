package dev.asrun.log;

import static dev.asrun.log.Events.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * V11 on H2 moves the log's payloads from large objects into the rows of a log already written:
 * every event reads back the same, every chain verifies, and the database still refuses to change
 * the log, naming {@code asrun_event}.
 */
class EventPayloadInRowMigrationTest {

  private final EventLog log = new EventLog();

  @Test
  void movesPayloadsIntoTheRowWithTheirTextHashesAndRefusalsUnchanged() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:asrun_payload_in_row;DB_CLOSE_DELAY=-1");
    h2.setUser("sa");
    AsRunSchema.configuration(h2, Dialect.H2).target("10").load().migrate();
    List<LoggedEvent> written;
    try (Connection connection = h2.getConnection()) {
      connection.setAutoCommit(false);
      log.append(connection, step("run-1", "a"));
      log.append(
          connection,
          step(
              "run-1",
              Map.of(
                  "step", "b", "outcome", "done", "note", "long enough to leave the row ".repeat(40))));
      log.append(connection, step("run-2", "a"));
      connection.commit();
      written = log.after(connection, 0, 100);
    }
    assertThat(payloadType(h2)).isEqualTo("CHARACTER LARGE OBJECT");

    assertThat(AsRunSchema.migrate(h2)).isEqualTo(1);

    assertThat(payloadType(h2)).isEqualTo("CHARACTER VARYING");
    try (Connection connection = h2.getConnection()) {
      connection.setAutoCommit(false);
      assertThat(log.after(connection, 0, 100)).isEqualTo(written);
      assertThat(written.get(1).payload()).hasSizeGreaterThan(1000);
      assertThat(new LogVerifier().verify(connection).ok()).isTrue();
      try (Statement change = connection.createStatement()) {
        assertThatThrownBy(() -> change.executeUpdate("UPDATE asrun_event SET payload = '{}'"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("asrun_event is append-only: UPDATE refused");
        assertThatThrownBy(() -> change.executeUpdate("DELETE FROM asrun_event"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("asrun_event is append-only: DELETE refused");
      }
      connection.rollback();
    }
  }

  private static String payloadType(JdbcDataSource h2) throws SQLException {
    try (Connection connection = h2.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'ASRUN_EVENT' AND COLUMN_NAME = 'PAYLOAD'");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getString(1);
    }
  }
}
