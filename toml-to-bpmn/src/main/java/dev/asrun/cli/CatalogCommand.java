package dev.asrun.cli;

import dev.asrun.compiler.Catalog;
import dev.asrun.compiler.CompilationResult;
import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.NotUtf8Exception;
import dev.asrun.compiler.ProcedureCompiler;
import dev.asrun.compiler.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the commands share: the catalog paths, compiling them with every diagnostic printed, and
 * turning every failure into one line on stderr and an exit code, never a stack trace.
 */
@Command(
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    synopsisHeading = "%nUsage: ",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.OK_LINE,
      ExitCodes.INVALID_INPUT_LINE,
      ExitCodes.USAGE_LINE,
      ExitCodes.ENGINE_LINE,
      ExitCodes.IO_LINE,
      ExitCodes.INTERNAL_LINE
    })
abstract class CatalogCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Procedure files, or folders searched for *.toml files. Together they are one catalog:"
              + " references resolve among them.")
  List<Path> paths;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (CommandFailure failure) {
      err.println(failure.getMessage());
      return failure.exitCode();
    } catch (RuntimeException | Error unexpected) {
      err.println(internalError(unexpected));
      return ExitCodes.INTERNAL;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Does the command's work; returns the exit code. */
  abstract int run(PrintWriter out, PrintWriter err) throws CommandFailure;

  /** The one line printed for an exception nobody expected: what it was, never where. */
  static String internalError(Throwable unexpected) {
    String message = unexpected.getMessage();
    return "toml-to-bpmn: internal error: "
        + unexpected.getClass().getName()
        + (message == null || message.isBlank() ? "" : ": " + Text.oneLine(message));
  }

  /** Reads and compiles the catalog the paths name. */
  final CompilationResult compile() throws CommandFailure {
    return ProcedureCompiler.compile(sources());
  }

  /** Parses and validates the catalog only, without emitting BPMN. */
  final Catalog check() throws CommandFailure {
    return ProcedureCompiler.check(sources());
  }

  private List<Source> sources() throws CommandFailure {
    List<Source> sources = readSources();
    if (sources.isEmpty()) {
      throw new CommandFailure(
          ExitCodes.USAGE,
          "no procedure files (*.toml) in: "
              + paths.stream().map(Path::toString).collect(Collectors.joining(", ")));
    }
    return sources;
  }

  /** Prints every diagnostic on stderr, one per line, and returns the exit code for them. */
  static int printDiagnostics(List<Diagnostic> diagnostics, PrintWriter err) {
    for (Diagnostic diagnostic : diagnostics) {
      err.println(diagnostic.format());
    }
    return ExitCodes.INVALID_INPUT;
  }

  /** "1 procedure", "3 procedures". */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private List<Source> readSources() throws CommandFailure {
    List<Source> sources = new ArrayList<>();
    for (Path path : paths) {
      try {
        sources.addAll(ProcedureCompiler.readSources(List.of(path)));
      } catch (UncheckedIOException e) {
        throw unreadable(path, e.getCause());
      } catch (IOException e) {
        throw unreadable(path, e);
      }
    }
    return sources;
  }

  private static CommandFailure unreadable(Path path, IOException e) {
    if (e instanceof NoSuchFileException missing) {
      String name = missing.getFile() == null ? path.toString() : missing.getFile();
      return new CommandFailure(ExitCodes.USAGE, "no such file or folder: " + name);
    }
    if (e instanceof NotUtf8Exception notUtf8) {
      return new CommandFailure(ExitCodes.INVALID_INPUT, notUtf8.getMessage());
    }
    return new CommandFailure(ExitCodes.IO, "cannot read " + path + ": " + Text.describe(e));
  }
}
