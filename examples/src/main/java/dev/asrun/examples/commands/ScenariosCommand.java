package dev.asrun.examples.commands;

import dev.asrun.examples.ExamplesApplication;
import dev.asrun.examples.scenarios.ScenarioDriver;
import dev.asrun.examples.scenarios.ScenarioSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code scenarios}: starts the app on the app's database, its web server on a free port of the
 * loopback interface only (the engine REST API cannot start without one), works {@code --runs}
 * runs of each built-in procedure with the scenario driver, prints what came of it and stops.
 * Unlike the other commands it needs the engine: the runs are worked through it.
 */
@Command(
    name = "scenarios",
    header = "Work runs of every built-in procedure: clean ones and every kind of deviation.",
    description = {
      "Starts the app on its database (its web server on a free local port), works --runs runs"
          + " of each built-in procedure through Tasklist's API and observations, as the app does"
          + " on its first start, and prints one line: runs, statuses, deviations by type.",
      "Timers are fast-forwarded: a run that would take hours is worked in a moment. On H2 the"
          + " app cannot be running at the same time (it holds the database file)."
    },
    sortOptions = false,
    synopsisHeading = "%nUsage: ")
final class ScenariosCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = RecordCommands.HELP)
  boolean help;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "3",
      description = "Runs of each procedure (default ${DEFAULT-VALUE}).")
  int runs;

  /** The app's Spring properties, as {@code --name.of.property=value}. */
  @Unmatched List<String> springArguments = new ArrayList<>();

  @Override
  public Integer call() {
    if (runs < 1) {
      throw new ParameterException(
          spec.commandLine(), "--runs must be 1 or more, not " + runs);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> arguments = new ArrayList<>(springArguments);
    // the command works the runs itself; the app's own first-start scenarios stay off, and the
    // web server stays out of the way of an app serving on the usual port
    arguments.add("--asrun.examples.scenarios.runs=0");
    arguments.add("--server.port=0");
    arguments.add("--server.address=127.0.0.1");
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(ExamplesApplication.class)
            .bannerMode(Banner.Mode.OFF)
            .run(arguments.toArray(String[]::new))) {
      ScenarioSummary summary =
          new ScenarioDriver(app.getBean(ProcessEngine.class), app.getBean(DataSource.class))
              .run(runs);
      out.println(summary);
      return RecordCommands.OK;
    } catch (RuntimeException e) {
      err.println(spec.qualifiedName() + ": " + DatabaseCommand.describe(e));
      return RecordCommands.INTERNAL;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
