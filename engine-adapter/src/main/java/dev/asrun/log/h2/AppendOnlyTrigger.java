package dev.asrun.log.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.Trigger;

/**
 * Refuses every row it fires for: installed by the H2 migration as {@code BEFORE UPDATE} and {@code
 * BEFORE DELETE} row trigger on {@code asrun_event}. Public only because H2 instantiates it by
 * name; not an API.
 */
public final class AppendOnlyTrigger implements Trigger {

  private String table = "table";

  @Override
  public void init(
      Connection connection,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type) {
    table = tableName.toLowerCase(Locale.ROOT);
  }

  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
    String operation = newRow == null ? "DELETE" : oldRow == null ? "INSERT" : "UPDATE";
    throw Refusal.of(table + " is append-only: " + operation + " refused");
  }
}
