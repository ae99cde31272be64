package dev.asrun.examples;

import dev.asrun.compiler.Diagnostic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The procedure catalog cannot be served: its TOML has errors, or the folder named by {@code
 * asrun.procedures-dir} cannot be read. Carries what to tell the user; {@link
 * ProcedureCatalogFailureAnalyzer} turns it into the startup failure report.
 */
class ProcedureCatalogException extends RuntimeException {

  private final transient List<Diagnostic> diagnostics;
  private final String action;

  private ProcedureCatalogException(
      String message, List<Diagnostic> diagnostics, String action, Throwable cause) {
    super(message, cause);
    this.diagnostics = List.copyOf(diagnostics);
    this.action = action;
  }

  static ProcedureCatalogException invalid(List<Diagnostic> diagnostics) {
    StringBuilder message =
        new StringBuilder("The procedure catalog has ")
            .append(diagnostics.size())
            .append(diagnostics.size() == 1 ? " error:" : " errors:");
    for (Diagnostic diagnostic : diagnostics) {
      message.append(System.lineSeparator()).append("    ").append(diagnostic.format());
    }
    return new ProcedureCatalogException(
        message.toString(),
        diagnostics,
        "Fix each error at the file:line:column shown, then start the app again. To check a"
            + " folder of procedures without starting the app, run"
            + " `java -jar toml-to-bpmn/target/toml-to-bpmn.jar validate DIR`.",
        null);
  }

  static ProcedureCatalogException notAFolder(Path folder) {
    String where =
        folder.isAbsolute() ? folder.toString() : folder + " (" + folder.toAbsolutePath() + ")";
    return new ProcedureCatalogException(
        ProcedureCatalog.FOLDER_PROPERTY + " is " + where + ", which is not a folder.",
        List.of(),
        "Point --"
            + ProcedureCatalog.FOLDER_PROPERTY
            + " at an existing folder of *.toml procedure files, or leave it out to serve the"
            + " built-in catalog only.",
        null);
  }

  static ProcedureCatalogException unreadable(Path folder, IOException cause) {
    return new ProcedureCatalogException(
        "Cannot read the procedures in "
            + ProcedureCatalog.FOLDER_PROPERTY
            + "="
            + folder
            + ": "
            + cause,
        List.of(),
        "Make the folder and its *.toml files readable by the user running the app.",
        cause);
  }

  /** The catalog's errors, each with file, line, column and key path; empty for folder errors. */
  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** What the user should do about it. */
  String action() {
    return action;
  }
}
