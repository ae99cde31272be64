package dev.asrun.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asrun.AsRunPlugin;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import dev.asrun.index.RunProjector;
import dev.asrun.log.LogVerifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL role split of docs/security.md, set up with {@code db/asrun/postgresql-roles.sql}
 * as a DBA would: the owner role migrates and owns the as-run tables; the engine runs as the
 * application role, records a whole run and reads it back, and cannot change the log, its triggers
 * or its tables.
 */
class PostgresRoleSplitTest {

  private static final String OWNER = "asrun_owner";
  private static final String APP = "asrun_app";
  private static final String DATABASE = "camunda_roles";

  private static final String PROCEDURE =
      """
      [procedure]
      id = "sop_role_split"
      name = "Role split"
      version = "1"

      [[procedure.steps]]
      id = "power_on"
      name = "Power on"

      [[procedure.steps]]
      id = "vent"
      name = "Vent"
      """;

  private static EmbeddedPostgres server;
  private static ProcessEngine engine;

  @BeforeAll
  static void startTheEngineAsTheApplicationRole() throws Exception {
    server = EmbeddedPostgres.start();
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection admin = server.getDatabase("postgres", DATABASE).getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute(
          psql(
              rolesScript(),
              Map.of(
                  "owner",
                  OWNER,
                  "owner_password",
                  "owner-secret",
                  "app",
                  APP,
                  "app_password",
                  "app-secret")));
    }
    ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
    configuration.setProcessEngineName("asrun-role-split-tests");
    configuration.setJdbcUrl(url());
    configuration.setJdbcDriver("org.postgresql.Driver");
    configuration.setJdbcUsername(APP);
    configuration.setJdbcPassword("app-secret");
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("full");
    AsRunPlugin plugin = new AsRunPlugin();
    plugin.setConfirmationPrompts(false);
    plugin.setSchemaDataSource(dataSource(OWNER, "owner-secret"));
    configuration.getProcessEnginePlugins().add(plugin);
    engine = configuration.buildProcessEngine();
  }

  @AfterAll
  static void stop() throws IOException {
    if (engine != null) {
      engine.close();
    }
    server.close();
  }

  @Test
  void theOwnerOwnsTheAsRunTablesAndTheApplicationRecordsAndReadsARun() throws Exception {
    CompilationResult compiled =
        ProcedureCompiler.compile(List.of(new Source("role-split.toml", PROCEDURE)));
    assertThat(compiled.diagnostics()).isEmpty();
    engine
        .getRepositoryService()
        .createDeployment()
        .addString(
            compiled.procedures().get(0).resourceName(), compiled.procedures().get(0).bpmnXml())
        .deploy();

    ProcessInstance run =
        engine.getRuntimeService().startProcessInstanceByKey("sop_role_split", "batch-1");
    for (String step : List.of("power_on", "vent")) {
      Task task =
          engine
              .getTaskService()
              .createTaskQuery()
              .processInstanceId(run.getId())
              .taskDefinitionKey(step)
              .singleResult();
      engine.getTaskService().complete(task.getId(), Map.of("asrun_outcome", "done"));
    }

    try (Connection app = dataSource(APP, "app-secret").getConnection()) {
      assertThat(
              strings(
                  app,
                  "SELECT event_type FROM asrun_event WHERE run_id = '"
                      + RunIds.of(run.getId())
                      + "' ORDER BY stream_seq"))
          .startsWith("proc_triggered")
          .contains("step_matched")
          .endsWith("proc_completed");
      assertThat(
              strings(
                  app,
                  "SELECT status FROM asrun_run WHERE run_id = '" + RunIds.of(run.getId()) + "'"))
          .containsExactly("completed");
      assertThat(new LogVerifier().verify(app).ok()).isTrue();
      assertThat(
              strings(
                  app,
                  "SELECT DISTINCT tableowner FROM pg_tables"
                      + " WHERE tablename LIKE 'asrun\\_%'"))
          .containsExactly(OWNER);
    }
  }

  @Test
  void theApplicationRoleCannotChangeTheLogNorSwitchItsProtectionOff() throws Exception {
    List<String> refused =
        List.of(
            "UPDATE asrun_event SET payload = '{}'",
            "DELETE FROM asrun_event",
            "TRUNCATE asrun_event",
            "ALTER TABLE asrun_event DISABLE TRIGGER asrun_event_no_update",
            "ALTER TABLE asrun_event DISABLE TRIGGER ALL",
            "DROP TRIGGER asrun_event_no_delete ON asrun_event",
            "DROP TABLE asrun_event",
            "DELETE FROM asrun_stream_head",
            "TRUNCATE asrun_stream_head",
            "ALTER TABLE asrun_stream_head DISABLE TRIGGER asrun_stream_head_forward",
            "UPDATE asrun_observation_key SET answer = '{}'",
            "DELETE FROM asrun_observation_key",
            "TRUNCATE asrun_run",
            "DROP FUNCTION asrun_refuse_change() CASCADE",
            "CREATE OR REPLACE FUNCTION asrun_refuse_change() RETURNS trigger LANGUAGE plpgsql"
                + " AS $$ BEGIN RETURN NEW; END $$");
    try (Connection app = dataSource(APP, "app-secret").getConnection()) {
      assertThat(strings(app, "SELECT has_table_privilege('asrun_event', 'INSERT')"))
          .as("the application appends to the log")
          .containsExactly("t");
      for (String statement : refused) {
        assertThatThrownBy(() -> execute(app, statement))
            .as(statement)
            .isInstanceOf(SQLException.class)
            .extracting(e -> ((SQLException) e).getSQLState())
            .as("%s: insufficient_privilege", statement)
            .isEqualTo("42501");
      }
      assertThat(strings(app, "SELECT tgenabled FROM pg_trigger WHERE tgname LIKE 'asrun\\_%'"))
          .isNotEmpty()
          .containsOnly("O");
    }
  }

  @Test
  void theIndexStaysWritableByTheApplicationAsARebuildNeeds() throws Exception {
    try (Connection app = dataSource(APP, "app-secret").getConnection()) {
      app.setAutoCommit(false);
      try {
        assertThat(new RunProjector().rebuild(app)).isNotNegative();
      } finally {
        app.rollback();
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  /** The database's URL without a user: each connection names its own role. */
  private static String url() {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
  }

  private static DataSource dataSource(String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url());
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  private static String rolesScript() throws IOException {
    try (InputStream in =
        PostgresRoleSplitTest.class.getResourceAsStream("/db/asrun/postgresql-roles.sql")) {
      assertThat(in).as("db/asrun/postgresql-roles.sql on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The script with psql's variables replaced as {@code psql -v name=value} does: {@code :"name"}
   * as a quoted identifier, {@code :'name'} as a quoted literal.
   */
  private static String psql(String script, Map<String, String> variables) {
    Matcher matcher = Pattern.compile(":([\"'])(\\w+)\\1").matcher(script);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String quote = matcher.group(1);
      String value = variables.get(matcher.group(2));
      assertThat(value).as("psql variable %s", matcher.group(2)).isNotNull();
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(quote + value.replace(quote, quote + quote) + quote));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
