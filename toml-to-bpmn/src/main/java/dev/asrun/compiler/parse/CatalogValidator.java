package dev.asrun.compiler.parse;

import dev.asrun.compiler.Diagnostic;
import dev.asrun.compiler.model.Procedure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks what no single file can: unique ids, references that resolve, no reference cycles. */
public final class CatalogValidator {

  private CatalogValidator() {}

  /**
   * Adds a diagnostic for every catalog error among {@code procedures}; references to {@code
   * brokenIds} (procedures whose files have errors of their own) are not reported again.
   */
  public static void validate(List<ParsedProcedure> procedures, Set<String> brokenIds,
      List<Diagnostic> diagnostics) {
    Map<String, ParsedProcedure> byId = new LinkedHashMap<>();
    for (ParsedProcedure parsed : procedures) {
      Procedure p = parsed.procedure();
      ParsedProcedure first = byId.putIfAbsent(p.id(), parsed);
      if (first != null) {
        diagnostics.add(at(parsed, parsed.idPosition(), "procedure.id", "duplicate procedure id '"
            + p.id() + "': " + first.procedure().source() + " has it already"));
      }
    }
    for (ParsedProcedure parsed : procedures) {
      for (ParsedProcedure.Reference ref : parsed.references()) {
        if (!byId.containsKey(ref.target()) && !brokenIds.contains(ref.target())) {
          diagnostics.add(at(parsed, ref.position(), ref.path(), "no procedure '" + ref.target()
              + "' in the catalog" + Names.didYouMean(ref.target(), byId.keySet())
              + "; known: " + String.join(", ", new TreeSet<>(byId.keySet()))));
        }
      }
    }
    reportCycles(byId, diagnostics);
  }

  private static void reportCycles(Map<String, ParsedProcedure> byId, List<Diagnostic> out) {
    Set<String> done = new HashSet<>();
    Set<List<String>> reported = new HashSet<>();
    for (String start : new TreeSet<>(byId.keySet())) {
      walk(start, new ArrayList<>(), done, byId, reported, out);
    }
  }

  private static void walk(String id, List<String> stack, Set<String> done,
      Map<String, ParsedProcedure> byId, Set<List<String>> reported, List<Diagnostic> out) {
    int index = stack.indexOf(id);
    if (index >= 0) {
      List<String> cycle = new ArrayList<>(stack.subList(index, stack.size()));
      List<String> canonical = rotateToSmallest(cycle);
      if (reported.add(canonical)) {
        String from = canonical.get(0);
        String to = canonical.size() > 1 ? canonical.get(1) : from;
        ParsedProcedure owner = byId.get(from);
        ParsedProcedure.Reference ref = owner.references().stream()
            .filter(r -> r.target().equals(to)).findFirst().orElseThrow();
        List<String> named = new ArrayList<>(canonical);
        named.add(from);
        out.add(at(owner, ref.position(), ref.path(), "reference cycle: "
            + String.join(" -> ", named) + "; a procedure cannot contain itself"));
      }
      return;
    }
    if (done.contains(id) || !byId.containsKey(id)) {
      return;
    }
    stack.add(id);
    for (String target : new TreeSet<>(
        byId.get(id).references().stream().map(ParsedProcedure.Reference::target).toList())) {
      walk(target, stack, done, byId, reported, out);
    }
    stack.remove(stack.size() - 1);
    done.add(id);
  }

  private static List<String> rotateToSmallest(List<String> cycle) {
    int smallest = 0;
    for (int i = 1; i < cycle.size(); i++) {
      if (cycle.get(i).compareTo(cycle.get(smallest)) < 0) {
        smallest = i;
      }
    }
    List<String> rotated = new ArrayList<>(cycle.subList(smallest, cycle.size()));
    rotated.addAll(cycle.subList(0, smallest));
    return rotated;
  }

  private static Diagnostic at(ParsedProcedure p, Position pos, String path, String message) {
    return new Diagnostic(p.procedure().source(), pos.line(), pos.column(), path, message);
  }
}
