package dev.asrun.examples.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a refused request must leave unchanged, read straight from the database: every row of the
 * as-run log and its stream heads, every row of the run index, and the engine's runtime state
 * (executions, tasks, variables, jobs, identity links). Two states are equal when nothing was
 * appended, no run changed and the engine moved nothing; an assertion on them lists the rows that
 * differ.
 *
 * @param tables each table's rows, one line of text each, in a fixed order
 */
public record RecordState(Map<String, List<String>> tables) {

  private static final List<String> TABLES =
      List.of(
          "SELECT * FROM asrun_event ORDER BY seq",
          "SELECT * FROM asrun_stream_head ORDER BY 1",
          "SELECT * FROM asrun_run ORDER BY run_id",
          "SELECT * FROM asrun_run_step ORDER BY 1, 2, 3",
          "SELECT * FROM asrun_run_link ORDER BY 1",
          "SELECT * FROM asrun_run_deviation ORDER BY 1, 2, 3",
          "SELECT * FROM asrun_run_correction ORDER BY 1, 2",
          "SELECT * FROM asrun_observation_key ORDER BY 1",
          "SELECT ID_, REV_, PROC_INST_ID_, ACT_ID_, IS_ACTIVE_, IS_CONCURRENT_, IS_SCOPE_,"
              + " PARENT_ID_, SUPER_EXEC_ FROM ACT_RU_EXECUTION ORDER BY ID_",
          "SELECT ID_, REV_, TASK_DEF_KEY_, ASSIGNEE_, OWNER_, PROC_INST_ID_, DUE_DATE_"
              + " FROM ACT_RU_TASK ORDER BY ID_",
          "SELECT ID_, REV_, NAME_, EXECUTION_ID_, TASK_ID_, TEXT_, LONG_, DOUBLE_"
              + " FROM ACT_RU_VARIABLE ORDER BY ID_",
          "SELECT ID_, REV_, TYPE_, DUEDATE_, PROCESS_INSTANCE_ID_, HANDLER_CFG_"
              + " FROM ACT_RU_JOB ORDER BY ID_",
          "SELECT ID_, TYPE_, USER_ID_, GROUP_ID_, TASK_ID_, PROC_DEF_ID_"
              + " FROM ACT_RU_IDENTITYLINK ORDER BY ID_");

  /** The state of the database behind {@code dataSource} now. */
  public static RecordState of(DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Map<String, List<String>> tables = new TreeMap<>();
    for (String query : TABLES) {
      List<String> rows = new ArrayList<>();
      jdbc.query(
          query,
          row -> {
            StringBuilder line = new StringBuilder();
            int columns = row.getMetaData().getColumnCount();
            for (int i = 1; i <= columns; i++) {
              line.append(i == 1 ? "" : " | ")
                  .append(row.getMetaData().getColumnLabel(i).toLowerCase())
                  .append('=')
                  .append(row.getString(i));
            }
            rows.add(line.toString());
          });
      tables.put(query.split(" FROM ")[1].split(" ")[0].toLowerCase(), List.copyOf(rows));
    }
    return new RecordState(Map.copyOf(tables));
  }

  /**
   * The rows that differ from {@code before}, each as {@code table: + row} (added) or {@code
   * table: - row} (gone or changed); empty when the two states are equal.
   */
  public List<String> changesSince(RecordState before) {
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, List<String>> table : tables.entrySet()) {
      List<String> was = before.tables().getOrDefault(table.getKey(), List.of());
      was.stream()
          .filter(row -> !table.getValue().contains(row))
          .forEach(row -> changes.add(table.getKey() + ": - " + row));
      table.getValue().stream()
          .filter(row -> !was.contains(row))
          .forEach(row -> changes.add(table.getKey() + ": + " + row));
    }
    return changes;
  }
}
