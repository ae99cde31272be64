package dev.asrun.compiler;

import java.util.List;

/**
 * What compiling a catalog gave: every diagnostic of every file, and the procedures only when
 * there were none (a catalog with an error compiles to nothing, so nothing half-valid is deployed).
 *
 * @param diagnostics all errors, sorted by file, line and column
 * @param procedures the compiled procedures in id order; empty when {@code diagnostics} is not
 */
public record CompilationResult(List<Diagnostic> diagnostics, List<CompiledProcedure> procedures) {
  public CompilationResult {
    diagnostics = diagnostics.stream().sorted().toList();
    procedures = List.copyOf(procedures);
    if (!diagnostics.isEmpty() && !procedures.isEmpty()) {
      throw new IllegalArgumentException("procedures must be empty when there are diagnostics");
    }
  }

  public boolean ok() {
    return diagnostics.isEmpty();
  }
}
