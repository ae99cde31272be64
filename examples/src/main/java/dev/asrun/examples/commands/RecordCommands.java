package dev.asrun.examples.commands;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The commands of {@code java -jar asrun-examples.jar COMMAND}: the first argument names the
 * command; without one the app starts as a server. Each command connects to the database the app is
 * configured with (the same {@code application.yaml}, profiles and {@code --spring.*} arguments);
 * {@code verify} and {@code rebuild-index} without starting the engine, the web server or the job
 * executor, {@code scenarios} with the engine (its web server on a free local port).
 */
@Command(
    name = "asrun-examples",
    // the footer and the exit codes apply to every command
    scope = ScopeType.INHERIT,
    description = {
      "Commands on the as-run record in the example app's database. Without a command, the app"
          + " starts (Cockpit, Tasklist, the REST APIs)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  java -jar asrun-examples.jar verify --export-checkpoint checkpoint.json",
      "  java -jar asrun-examples.jar verify --checkpoint checkpoint.json \\",
      "      --spring.profiles.active=postgres",
      "  java -jar asrun-examples.jar checkpoint-key --out /etc/asrun",
      "  java -jar asrun-examples.jar verify --export-checkpoint checkpoint.json \\",
      "      --signing-key /etc/asrun/checkpoint.key",
      "  java -jar asrun-examples.jar verify-report asrun-report-RUN_ID.pdf",
      "  java -XX:+UseParallelGC -jar asrun-examples.jar rebuild-index",
      "  java -jar asrun-examples.jar scenarios --runs 5"
    },
    subcommands = {
      VerifyCommand.class,
      VerifyReportCommand.class,
      CheckpointKeyCommand.class,
      RebuildIndexCommand.class,
      ScenariosCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = RecordCommands.EXIT_CODES_HEADING,
    exitCodeList = {
      RecordCommands.OK_LINE,
      RecordCommands.DAMAGED_LINE,
      RecordCommands.USAGE_LINE,
      RecordCommands.DATABASE_LINE,
      RecordCommands.FILE_LINE,
      RecordCommands.INTERNAL_LINE,
      RecordCommands.INDEX_DIFFERS_LINE
    })
public final class RecordCommands implements Callable<Integer> {

  static final int OK = 0;
  static final int DAMAGED = 1;
  static final int USAGE = 2;
  static final int DATABASE = 3;
  static final int FILE = 4;
  static final int INTERNAL = 5;
  static final int INDEX_DIFFERS = 6;

  static final String EXIT_CODES_HEADING = "%nExit codes:%n";
  static final String OK_LINE = "0:success; verify, verify-report: every chain is intact";
  static final String DAMAGED_LINE =
      "1:verify or verify-report found damage (each problem on stdout)";
  static final String USAGE_LINE = "2:usage error (unknown option, missing or bad argument)";
  static final String DATABASE_LINE = "3:database unreachable, or it holds no as-run log";
  static final String FILE_LINE =
      "4:a checkpoint or key file could not be read or written, or a bad signature;"
          + " verify-report: not an as-run report (not a PDF, or no record attached)";
  static final String INTERNAL_LINE = "5:internal error (a bug: please report the message)";
  static final String INDEX_DIFFERS_LINE =
      "6:verify: the log is intact but the run index differs from a rebuild (first row on stdout)";

  static final String HELP = "Show this help and exit.";

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = HELP)
  boolean help;

  /** Whether {@code args} start with the name of a command (rather than the app's own options). */
  public static boolean isCommand(String[] args) {
    return args.length > 0 && names().contains(args[0]);
  }

  /** Runs the command {@code args} names, printing on stdout and stderr; returns the exit code. */
  public static int execute(String[] args) {
    Charset charset = Charset.defaultCharset();
    return execute(
        args, new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset));
  }

  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new RecordCommands());
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  private static Set<String> names() {
    return new CommandLine(new RecordCommands()).getSubcommands().keySet();
  }

  /** Without a command there is nothing to do: a usage error that lists the commands. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: " + String.join(", ", names()));
  }
}
