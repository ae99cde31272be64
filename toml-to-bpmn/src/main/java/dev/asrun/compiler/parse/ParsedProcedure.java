package dev.asrun.compiler.parse;

import dev.asrun.compiler.model.Procedure;
import java.util.List;

/**
 * A procedure read from its file, with the positions the catalog checks need.
 *
 * @param idPosition where {@code procedure.id}'s value stands
 * @param references every {@code reference} of its steps, in step order
 */
public record ParsedProcedure(Procedure procedure, Position idPosition, List<Reference> references) {

  public ParsedProcedure {
    references = List.copyOf(references);
  }

  /** One step's {@code reference} to another procedure. */
  public record Reference(String target, String path, Position position) {}
}
