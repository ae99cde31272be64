package dev.asrun.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code toml-to-bpmn} command: validate, compile and deploy procedure catalogs. */
@Command(
    name = "toml-to-bpmn",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Compiles procedures written as TOML (SOPs, lab protocols, runbooks, recipes) to BPMN 2.0"
          + " and deploys them to Camunda 7."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  toml-to-bpmn validate procedures/",
      "  toml-to-bpmn compile procedures/ -o build/bpmn",
      "  toml-to-bpmn deploy procedures/ --url http://localhost:8080/engine-rest \\",
      "      --user demo --password"
    },
    subcommands = {
      ValidateCommand.class,
      CompileCommand.class,
      DeployCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.OK_LINE,
      ExitCodes.INVALID_INPUT_LINE,
      ExitCodes.USAGE_LINE,
      ExitCodes.ENGINE_LINE,
      ExitCodes.IO_LINE,
      ExitCodes.INTERNAL_LINE
    })
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Without a command there is nothing to do: a usage error that lists the commands. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: validate, compile or deploy");
  }
}
