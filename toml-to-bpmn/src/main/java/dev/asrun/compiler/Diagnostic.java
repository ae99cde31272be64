package dev.asrun.compiler;

import java.util.Comparator;
import java.util.Objects;

/**
 * An error in a procedure file: where it is, which key, and what would be valid.
 *
 * @param file the source name
 * @param line 1-based line, or 0 when the error concerns the whole file
 * @param column 1-based column, or 0 when the error concerns the whole file
 * @param path the key path, e.g. {@code procedure.steps[2].timeout}; empty for syntax errors
 * @param message what is wrong and what would be valid
 */
public record Diagnostic(String file, int line, int column, String path, String message)
    implements Comparable<Diagnostic> {

  private static final Comparator<Diagnostic> ORDER =
      Comparator.comparing(Diagnostic::file)
          .thenComparingInt(Diagnostic::line)
          .thenComparingInt(Diagnostic::column)
          .thenComparing(Diagnostic::path)
          .thenComparing(Diagnostic::message);

  public Diagnostic {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:col: path: message}, the form printed by the CLI and the example app. */
  public String format() {
    String where = file + ":" + line + ":" + column + ": ";
    return path.isEmpty() ? where + message : where + path + ": " + message;
  }

  @Override
  public int compareTo(Diagnostic other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return format();
  }
}
