package dev.asrun.compiler;

import dev.asrun.compiler.model.Procedure;
import java.util.List;

/**
 * A checked catalog: every diagnostic, and the procedure models only when there were none.
 *
 * @param diagnostics all errors, sorted by file, line and column
 * @param procedures the procedures in id order; empty when {@code diagnostics} is not
 */
public record Catalog(List<Diagnostic> diagnostics, List<Procedure> procedures) {
  public Catalog {
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
