package dev.asrun.cli;

import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.CompiledProcedure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compile PATH... -o DIR}: one {@code <id>.bpmn} per procedure, or nothing at all. */
@Command(
    name = "compile",
    header = "Compile procedure files to BPMN files.",
    description = {
      "Compiles a catalog of procedures to BPMN 2.0 XML with diagram layout, one <id>.bpmn file"
          + " per procedure, ready for Camunda 7 or Camunda Modeler.",
      "When any file has an error, all errors are printed and nothing is written."
    })
final class CompileCommand extends CatalogCommand {

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description =
          "Folder to write the .bpmn files into; created when missing. Files of the same name are"
              + " replaced.")
  Path output;

  @Override
  int run(PrintWriter out, PrintWriter err) throws CommandFailure {
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new CommandFailure(ExitCodes.USAGE, "--output is a file, not a folder: " + output);
    }
    CompilationResult result = compile();
    if (!result.ok()) {
      return printDiagnostics(result.diagnostics(), err);
    }
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCodes.IO, "cannot create folder " + output + ": " + Text.describe(e));
    }
    for (CompiledProcedure procedure : result.procedures()) {
      Path file = output.resolve(procedure.resourceName());
      try {
        Files.writeString(file, procedure.bpmnXml(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.IO, "cannot write " + file + ": " + Text.describe(e));
      }
      out.println(file);
    }
    out.println(count(result.procedures().size(), "procedure") + " compiled into " + output);
    return ExitCodes.OK;
  }
}
