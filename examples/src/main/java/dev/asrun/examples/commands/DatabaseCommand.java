package dev.asrun.examples.commands;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * What the commands share: the app's Spring properties given as {@code --name.of.property=value},
 * one connection to the app's database holding an as-run log, and every failure turned into one
 * line on stderr and an exit code, never a stack trace. The exit codes' help comes from {@link
 * RecordCommands}.
 */
@Command(sortOptions = false, synopsisHeading = "%nUsage: ")
abstract class DatabaseCommand implements Callable<Integer> {

  /** A Spring property as the app takes it on its command line. */
  private static final Pattern SPRING_PROPERTY =
      Pattern.compile("--[A-Za-z][A-Za-z0-9_\\-\\[\\]]*(\\.[A-Za-z0-9_\\-\\[\\]]+)+=.*", Pattern.DOTALL);

  /** Probes for the log's table; fails when it is missing. */
  private static final String LOG_PROBE = "SELECT 1 FROM asrun_event WHERE 1 = 0";

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = RecordCommands.HELP)
  boolean help;

  /** Everything that is not an option of the command: the app's Spring properties. */
  @Unmatched List<String> springArguments = new ArrayList<>();

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      requireSpringProperties();
      prepare();
      try (ConfigurableApplicationContext context = openDatabase()) {
        String url = context.getEnvironment().getProperty(RecordDatabase.URL_PROPERTY, "(none)");
        try (Connection connection = connect(context.getBean(DataSource.class), url)) {
          requireLog(connection, url);
          return run(connection, url, out);
        } catch (SQLException e) {
          throw new CommandFailure(
              RecordCommands.DATABASE, "database error on " + url + ": " + oneLine(e.getMessage()));
        }
      }
    } catch (CommandFailure failure) {
      err.println(spec.qualifiedName() + ": " + failure.getMessage());
      return failure.exitCode();
    } catch (ParameterException usage) {
      // picocli reports it with the usage help and exit code 2
      throw usage;
    } catch (RuntimeException | Error unexpected) {
      err.println(spec.qualifiedName() + ": internal error: " + describe(unexpected));
      return RecordCommands.INTERNAL;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Checks what can be checked before connecting, such as files; by default nothing. */
  void prepare() throws CommandFailure {}

  /** Does the command's work on a connection in autocommit mode; returns the exit code. */
  abstract int run(Connection connection, String url, PrintWriter out)
      throws CommandFailure, SQLException;

  private void requireSpringProperties() {
    for (String argument : springArguments) {
      if (!SPRING_PROPERTY.matcher(argument).matches()) {
        throw new ParameterException(
            spec.commandLine(),
            "Unknown argument '"
                + oneLine(argument)
                + "': "
                + spec.name()
                + " takes its options (see --help) and the app's Spring properties as"
                + " --name.of.property=value, e.g. --spring.profiles.active=postgres");
      }
    }
  }

  private ConfigurableApplicationContext openDatabase() throws CommandFailure {
    try {
      return RecordDatabase.open(springArguments);
    } catch (RuntimeException e) {
      throw new CommandFailure(
          RecordCommands.DATABASE, "cannot set up the app's database connection: " + describe(e));
    }
  }

  private static Connection connect(DataSource dataSource, String url) throws CommandFailure {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new CommandFailure(
          RecordCommands.DATABASE, "cannot connect to " + url + ": " + describe(e));
    }
  }

  private static void requireLog(Connection connection, String url) throws CommandFailure {
    try (Statement probe = connection.createStatement()) {
      probe.executeQuery(LOG_PROBE).close();
    } catch (SQLException e) {
      throw new CommandFailure(
          RecordCommands.DATABASE,
          url
              + " holds no as-run log ("
              + describe(e)
              + "): start the app on it once, or name the app's database with"
              + " --spring.datasource.url=... or --spring.profiles.active=...");
    }
  }

  /** "1 stream", "3 streams". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The innermost cause's message on one line, or its kind if it has none. */
  static String describe(Throwable e) {
    Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : oneLine(message);
  }

  /**
   * Text from outside (the database, files, arguments) as one line a terminal shows as it is:
   * line breaks as spaces, other control characters (terminal escapes included) replaced.
   */
  static String oneLine(String text) {
    StringBuilder line = new StringBuilder(text.length());
    text.strip()
        .codePoints()
        .forEach(
            c ->
                line.appendCodePoint(
                    c == '\n' || c == '\r' || c == '\t'
                        ? ' '
                        : Character.isISOControl(c) ? '\uFFFD' : c));
    return line.toString();
  }
}
