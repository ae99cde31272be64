package dev.asrun.examples.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar asrun-examples.jar scenarios --runs N}: starts the engine on the app's database
 * without the web server, works the runs and prints one line of what came of them.
 */
class ScenariosCommandTest {

  @Test
  void worksOneRunOfEachProcedureAndPrintsWhatCameOfIt() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        RecordCommands.execute(
            new String[] {
              "scenarios",
              "--runs",
              "1",
              "--spring.datasource.url=jdbc:h2:mem:asrun-scenarios-command;DB_CLOSE_DELAY=-1",
              "--camunda.bpm.process-engine-name=scenariosCommand"
            },
            new PrintWriter(out),
            new PrintWriter(err));

    assertThat(exitCode).as("stderr: %s", err).isEqualTo(RecordCommands.OK);
    assertThat(out.toString())
        .startsWith("6 runs (aborted 1, completed 5); deviations: ")
        .contains("omission", "reorder", "timeout 1", "; 6 confirmed, 2 corrected");
  }

  @Test
  void refusesFewerThanOneRun() {
    StringWriter err = new StringWriter();
    int exitCode =
        RecordCommands.execute(
            new String[] {"scenarios", "--runs", "0"},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));

    assertThat(exitCode).isEqualTo(RecordCommands.USAGE);
    assertThat(err.toString()).contains("--runs must be 1 or more, not 0");
  }
}
