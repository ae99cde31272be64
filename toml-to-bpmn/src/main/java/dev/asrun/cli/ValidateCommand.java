package dev.asrun.cli;

import dev.asrun.compiler.Catalog;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code validate PATH...}: reports every error of a catalog, writes nothing. */
@Command(
    name = "validate",
    header = "Check procedure files and report every error.",
    description = {
      "Checks a catalog of procedures: every error of every file at once, as"
          + " file:line:col: key: message on stderr. Writes nothing.",
      "On success prints how many procedures are valid."
    })
final class ValidateCommand extends CatalogCommand {

  @Override
  int run(PrintWriter out, PrintWriter err) throws CommandFailure {
    Catalog result = check();
    if (!result.ok()) {
      return printDiagnostics(result.diagnostics(), err);
    }
    out.println(count(result.procedures().size(), "procedure") + " valid");
    return ExitCodes.OK;
  }
}
