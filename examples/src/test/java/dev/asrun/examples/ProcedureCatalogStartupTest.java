package dev.asrun.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.asrun.compiler.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts and restarts the whole app on one in-memory database with a procedures folder, as a user
 * would with {@code --asrun.procedures-dir}. Each test names its own engine and database, so it
 * leaves the default engine of other tests alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProcedureCatalogStartupTest {

  private static final String LINE_CLEARANCE =
      """
      schema = "procedure/0.1"

      [procedure]
      id = "sop_line_clearance"
      name = "Line Clearance"
      domain = "manufacturing"
      executor_groups = ["operators"]

      [[procedure.steps]]
      id = "remove_materials"
      name = "%s"

      [[procedure.steps]]
      id = "line_clear"
      type = "check"
      name = "Line clear of the previous batch"
      """;

  private static final String BROKEN =
      """
      [procedure]
      id = "sop_broken"
      name = "Broken"

      [[procedure.steps]]
      id = "cool"
      type = "wait"
      name = "Cool down"
      duration = "30 minutes"

      [[procedure.steps]]
      id = "check"
      name = "Check"
      instuctions = "Typo in a key"
      """;

  @TempDir Path procedures;

  @Test
  void restartWithTheSameCatalogCreatesNoNewVersions() throws Exception {
    Files.writeString(lineClearance(), LINE_CLEARANCE.formatted("Remove all materials"));

    List<String> first;
    try (ConfigurableApplicationContext app = start("restart")) {
      first = definitions("restart");
    }
    List<String> operatorGrants = operatorGrants("restart");
    try (ConfigurableApplicationContext app = start("restart")) {
      assertThat(definitions("restart")).isEqualTo(first);
      assertThat(operatorGrants("restart")).isEqualTo(operatorGrants);
    }

    assertThat(first).contains("sop_daily_startup:1", "sop_line_clearance:1");
    assertThat(operatorGrants).isNotEmpty();
    assertThat(
            count(
                "restart",
                "select count(*) from ACT_RE_DEPLOYMENT"
                    + " where NAME_ not in ('asrun-confirmation', 'asrun-confirmation-expiry',"
                    + " 'asrun-signature')"))
        .isEqualTo(1);
    assertThat(
            count(
                "restart",
                "select count(*) from ACT_RE_DEPLOYMENT where NAME_ = 'asrun-confirmation-expiry'"))
        .as("the hourly expiry of unanswered confirmation prompts, deployed once")
        .isEqualTo(1);
    assertThat(
            count(
                "restart",
                "select count(*) from ACT_RE_DEPLOYMENT where NAME_ = 'asrun-confirmation'"))
        .as("the as-run plugin's confirmation process, deployed once")
        .isEqualTo(1);
    assertThat(
            count(
                "restart",
                "select count(*) from ACT_RE_DEPLOYMENT where NAME_ = 'asrun-signature'"))
        .as("the as-run plugin's signature process, deployed once")
        .isEqualTo(1);
    assertThat(
            count(
                "restart",
                "select count(*) from ACT_ID_MEMBERSHIP"
                    + " where USER_ID_ = 'demo' and GROUP_ID_ = 'operators'"))
        .isEqualTo(1);
  }

  @Test
  void changedProcedureGetsANewVersionAndTheOthersKeepTheirs() throws Exception {
    Files.writeString(lineClearance(), LINE_CLEARANCE.formatted("Remove all materials"));
    try (ConfigurableApplicationContext app = start("changed")) {
      assertThat(definitions("changed")).contains("sop_line_clearance:1");
    }

    Files.writeString(lineClearance(), LINE_CLEARANCE.formatted("Remove every material and label"));
    try (ConfigurableApplicationContext app = start("changed")) {
      assertThat(definitions("changed"))
          .contains("sop_line_clearance:1", "sop_line_clearance:2", "sop_daily_startup:1")
          .doesNotContain("sop_daily_startup:2");
    }
  }

  @Test
  void invalidProcedureStopsStartupWithItsDiagnosticsAndDeploysNothing(CapturedOutput output)
      throws Exception {
    Files.writeString(lineClearance(), LINE_CLEARANCE.formatted("Remove all materials"));
    try (ConfigurableApplicationContext app = start("invalid")) {
      assertThat(definitions("invalid")).contains("sop_line_clearance:1");
    }
    List<String> before = definitions("invalid");
    Files.writeString(lineClearance(), LINE_CLEARANCE.formatted("Remove every material"));
    Path broken = Files.writeString(procedures.resolve("broken.toml"), BROKEN);

    Throwable failure = catchThrowable(() -> start("invalid").close());

    assertThat(failure)
        .rootCause()
        .isInstanceOfSatisfying(
            ProcedureCatalogException.class,
            error ->
                assertThat(error.diagnostics())
                    .extracting(Diagnostic::file, Diagnostic::path)
                    .containsExactly(
                        tuple(broken.toString(), "procedure.steps[0].duration"),
                        tuple(broken.toString(), "procedure.steps[1].instuctions")));
    FailureAnalysis analysis = new ProcedureCatalogFailureAnalyzer().analyze(failure);
    String name = broken.toString();
    assertThat(analysis.getDescription())
        .startsWith("The procedure catalog has 2 errors:")
        .containsPattern(quoted(name) + ":9:\\d+: procedure\\.steps\\[0]\\.duration: ")
        .containsPattern(quoted(name) + ":14:\\d+: procedure\\.steps\\[1]\\.instuctions: ");
    assertThat(analysis.getAction()).contains("file:line:column");
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(analysis.getDescription())
        .contains(analysis.getAction())
        .doesNotContain("\tat dev.asrun.");
    assertThat(definitions("invalid")).isEqualTo(before);
  }

  @Test
  void missingProceduresFolderStopsStartupWithAClearMessage(CapturedOutput output) {
    Path missing = procedures.resolve("no-such-folder");

    Throwable failure = catchThrowable(() -> start("missing", missing).close());

    assertThat(failure).hasRootCauseInstanceOf(ProcedureCatalogException.class);
    FailureAnalysis analysis = new ProcedureCatalogFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription())
        .isEqualTo("asrun.procedures-dir is %s, which is not a folder.", missing);
    assertThat(analysis.getAction()).contains("--asrun.procedures-dir");
    assertThat(output).contains("APPLICATION FAILED TO START").contains(analysis.getDescription());
  }

  private Path lineClearance() {
    return procedures.resolve("sop_line_clearance.toml");
  }

  private ConfigurableApplicationContext start(String name) {
    return start(name, procedures);
  }

  /** Runs the app as {@code java -jar} would, on its own engine and in-memory database. */
  private static ConfigurableApplicationContext start(String name, Path folder) {
    return new SpringApplicationBuilder(ExamplesApplication.class)
        .run(
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--spring.datasource.url=" + url(name),
            "--camunda.bpm.process-engine-name=" + name,
            "--asrun.procedures-dir=" + folder,
            "--asrun.examples.scenarios.runs=0");
  }

  private static String url(String name) {
    return "jdbc:h2:mem:asrun-startup-" + name + ";DB_CLOSE_DELAY=-1";
  }

  /** Every deployed process definition as {@code key:version}, sorted. */
  private static List<String> definitions(String name) throws SQLException {
    return strings(
        name, "select KEY_ || ':' || VERSION_ from ACT_RE_PROCDEF order by KEY_, VERSION_");
  }

  /** The operators group's grants as {@code resource:id:permissions}, sorted. */
  private static List<String> operatorGrants(String name) throws SQLException {
    return strings(
        name,
        "select RESOURCE_TYPE_ || ':' || RESOURCE_ID_ || ':' || PERMS_ from ACT_RU_AUTHORIZATION"
            + " where GROUP_ID_ = 'operators' order by RESOURCE_TYPE_, RESOURCE_ID_");
  }

  private static List<String> strings(String name, String query) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(name), "sa", "");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static long count(String name, String query) throws SQLException {
    return Long.parseLong(strings(name, query).get(0));
  }

  private static String quoted(String text) {
    return Pattern.quote(text);
  }
}
