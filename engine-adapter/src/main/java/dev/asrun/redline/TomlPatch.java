package dev.asrun.redline;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * The unified diff of a procedure's TOML source that makes every proposal, its comments and layout
 * kept: each edit goes into the source text at the positions tomlj reports for the keys it touches,
 * line by line, and {@code java-diff-utils} writes the diff ({@code a/} and {@code b/} prefixes:
 * {@code patch -p1} and {@code git apply} take it).
 *
 * <ul>
 *   <li>{@code make_optional}: {@code optional = true} in the step's table;
 *   <li>{@code reorder}: the two steps' text (a table with its leading comments, or an inline
 *       table's line) swapped;
 *   <li>{@code add_step}: a new step after the one the action followed (id from the action's name,
 *       {@code action} the name itself);
 *   <li>{@code change_timeout}: the {@code timeout} value replaced;
 *   <li>{@code check_limits}: the schema has no way to say "look at these limits", so a {@code #
 *       redline:} comment above the field says it.
 * </ul>
 */
public final class TomlPatch {

  private static final Pattern HEADER =
      Pattern.compile("^\\s*\\[\\[?\\s*([A-Za-z0-9_.\\s\"-]+?)\\s*\\]\\]?.*");
  private static final Pattern COMMENT = Pattern.compile("^\\s*#.*");
  private static final Pattern BARE_ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final List<String> lines;
  private final boolean[] inString;
  private final Map<String, Located> steps = new LinkedHashMap<>();
  private final TomlTable procedure;
  private final Map<Integer, List<String>> before = new HashMap<>();
  private final Map<Integer, List<String>> after = new HashMap<>();
  private final Map<Integer, List<InLine>> inLine = new HashMap<>();
  private final List<int[]> swaps = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();

  private TomlPatch(String source, TomlParseResult toml) {
    String text = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
    this.lines = List.of(text.split("\n", -1));
    this.inString = multiLineStrings(lines);
    this.procedure = toml.getTable("procedure");
    TomlArray top = procedure == null ? null : procedure.getArray("steps");
    if (top != null) {
      collect(top, "procedure.steps");
    }
  }

  /**
   * The diff of {@code source} (deployed as {@code fileName}) that makes {@code proposals}; empty
   * when there is nothing to change, or when the source is no TOML this reader can edit (it no
   * longer parses).
   */
  public static Optional<String> of(String fileName, String source, List<Proposal> proposals) {
    TomlParseResult toml = Toml.parse(source);
    if (toml.hasErrors()) {
      return Optional.empty();
    }
    TomlPatch patch = new TomlPatch(source, toml);
    for (Proposal proposal : proposals) {
      patch.apply(proposal);
    }
    List<String> revised = patch.revised();
    if (revised.equals(patch.lines)) {
      return Optional.empty();
    }
    List<String> diff =
        UnifiedDiffUtils.generateUnifiedDiff(
            "a/" + fileName, "b/" + fileName, patch.lines, DiffUtils.diff(patch.lines, revised), 3);
    return Optional.of(String.join("\n", diff) + "\n");
  }

  /** A step's table in the source. */
  private record Located(
      String id, TomlTable table, String arrayPath, boolean inline, int idLine) {}

  /**
   * A text edit within one line: {@code length} characters at {@code column} become {@code text}.
   */
  private record InLine(int column, int length, String text) {}

  private void collect(TomlArray array, String path) {
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof TomlTable step) || step.getString("id") == null) {
        continue;
      }
      TomlPosition at = step.inputPositionOf("id");
      int line = at.line() - 1;
      String text = lines.get(line);
      String beforeKey = text.substring(0, at.column() - 1).strip();
      boolean inline = beforeKey.endsWith("{") || beforeKey.endsWith(",");
      String id = step.getString("id");
      ids.add(id);
      steps.put(id, new Located(id, step, path, inline, line));
      TomlArray nested = step.getArray("steps");
      if (nested != null) {
        collect(nested, path + ".steps");
      }
    }
  }

  private void apply(Proposal p) {
    switch (p.kind()) {
      case MAKE_OPTIONAL -> step(p.stepId()).ifPresent(this::makeOptional);
      case REORDER -> {
        Optional<Located> later = step(p.stepId());
        Optional<Located> earlier = step(p.otherStepId());
        if (later.isPresent() && earlier.isPresent()) {
          swap(earlier.get(), later.get());
        }
      }
      case ADD_STEP -> addStep(p.action().orElseThrow(), p.otherStepId());
      case CHANGE_TIMEOUT -> {
        TomlTable table =
            p.stepId().isEmpty() ? procedure : step(p.stepId()).map(Located::table).orElse(null);
        if (table != null && table.contains("timeout")) {
          replaceValue(
              table.inputPositionOf("timeout"), Timeouts.toml(p.proposedTimeout().orElseThrow()));
        }
      }
      case CHECK_LIMITS -> step(p.stepId()).ifPresent(step -> checkLimits(step, p));
    }
  }

  private Optional<Located> step(Optional<String> id) {
    return id.map(steps::get);
  }

  private void makeOptional(Located step) {
    if (step.table().contains("optional")) {
      TomlPosition at = step.table().inputPositionOf("optional");
      int line = at.line() - 1;
      String text = lines.get(line);
      int eq = text.indexOf('=', at.column() - 1);
      int start = eq + 1;
      while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
        start++;
      }
      int end = text.startsWith("false", start) ? start + 5 : start;
      inLine
          .computeIfAbsent(line, l -> new ArrayList<>())
          .add(new InLine(start, end - start, "true"));
    } else if (step.inline()) {
      TomlPosition at = step.table().inputPositionOf("id");
      inLine
          .computeIfAbsent(step.idLine(), l -> new ArrayList<>())
          .add(new InLine(at.column() - 1, 0, "optional = true, "));
    } else {
      after
          .computeIfAbsent(step.idLine(), l -> new ArrayList<>())
          .add(indent(step.idLine()) + "optional = true");
    }
  }

  private void swap(Located earlier, Located later) {
    if (earlier.inline() != later.inline()
        || (earlier.inline() && earlier.idLine() == later.idLine())) {
      return;
    }
    if (earlier.inline()) {
      boolean earlierComma = endsWithComma(lines.get(earlier.idLine()));
      boolean laterComma = endsWithComma(lines.get(later.idLine()));
      if (earlierComma != laterComma) {
        comma(earlier.idLine(), laterComma);
        comma(later.idLine(), earlierComma);
      }
      swaps.add(new int[] {earlier.idLine(), earlier.idLine(), later.idLine(), later.idLine()});
    } else {
      int[] first = block(earlier);
      int[] second = block(later);
      swaps.add(new int[] {first[0], first[1], second[0], second[1]});
    }
  }

  private void addStep(String action, Optional<String> afterStep) {
    String id = newId(action);
    List<String> fields = new ArrayList<>();
    fields.add("id = " + quoted(id));
    fields.add("name = " + quoted(action));
    if (!id.equals(action)) {
      fields.add("action = " + quoted(action));
    }
    Optional<Located> anchor =
        afterStep.isPresent()
            ? step(afterStep)
            : steps.values().stream()
                .filter(s -> s.arrayPath().equals("procedure.steps"))
                .findFirst();
    if (anchor.isEmpty()) {
      return;
    }
    Located at = anchor.get();
    if (at.inline()) {
      String entry = indent(at.idLine()) + "{ " + String.join(", ", fields) + " }";
      if (afterStep.isPresent()) {
        boolean comma = endsWithComma(lines.get(at.idLine()));
        if (!comma) {
          comma(at.idLine(), true);
        }
        after.computeIfAbsent(at.idLine(), l -> new ArrayList<>()).add(entry + (comma ? "," : ""));
      } else {
        before.computeIfAbsent(at.idLine(), l -> new ArrayList<>()).add(entry + ",");
      }
      return;
    }
    int[] block = block(at);
    String indent = indent(block[0] + leadingComments(block[0]));
    List<String> table = new ArrayList<>();
    table.add(indent + "[[" + at.arrayPath() + "]]");
    fields.forEach(f -> table.add(indent + f));
    if (afterStep.isPresent()) {
      List<String> added = new ArrayList<>();
      added.add("");
      added.addAll(table);
      after.computeIfAbsent(block[1], l -> new ArrayList<>()).addAll(added);
    } else {
      table.add("");
      before.computeIfAbsent(block[0], l -> new ArrayList<>()).addAll(table);
    }
  }

  private void checkLimits(Located step, Proposal p) {
    int line = step.idLine();
    TomlArray fields = step.table().getArray("fields");
    if (fields != null) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i) instanceof TomlTable field
            && p.field().orElse("").equals(field.getString("variable"))) {
          line = field.inputPositionOf("variable").line() - 1;
        }
      }
    }
    String sentence = p.summary().replaceAll("\\p{Cntrl}", " ");
    before
        .computeIfAbsent(line, l -> new ArrayList<>())
        .add(indent(line) + "# redline: " + sentence);
  }

  /** Replaces the string value of the key at {@code at} (a basic or literal string). */
  private void replaceValue(TomlPosition at, String value) {
    int line = at.line() - 1;
    String text = lines.get(line);
    int eq = text.indexOf('=', at.column() - 1);
    int open = eq + 1;
    while (open < text.length() && text.charAt(open) != '"' && text.charAt(open) != '\'') {
      open++;
    }
    if (open >= text.length()) {
      return;
    }
    int close = text.indexOf(text.charAt(open), open + 1);
    if (close < 0) {
      return;
    }
    inLine
        .computeIfAbsent(line, l -> new ArrayList<>())
        .add(new InLine(open + 1, close - open - 1, value));
  }

  /**
   * A table step's lines: from its header (with the comment lines right above it) to its last line
   * that is not blank before the next table that is not its own.
   */
  private int[] block(Located step) {
    int header = step.idLine();
    while (header > 0 && (inString[header] || !HEADER.matcher(lines.get(header)).matches())) {
      header--;
    }
    int start = header - leadingComments(header);
    String path = step.arrayPath();
    int stop = header + 1;
    while (stop < lines.size()) {
      var m = HEADER.matcher(lines.get(stop));
      if (!inString[stop] && m.matches() && !m.group(1).replace(" ", "").startsWith(path + ".")) {
        break;
      }
      stop++;
    }
    int end = stop < lines.size() ? stop - leadingComments(stop) - 1 : stop - 1;
    while (end > header && !inString[end] && lines.get(end).isBlank()) {
      end--;
    }
    return new int[] {start, end};
  }

  /** How many comment lines sit right above {@code header}. */
  private int leadingComments(int header) {
    int n = 0;
    while (header - n - 1 >= 0
        && !inString[header - n - 1]
        && COMMENT.matcher(lines.get(header - n - 1)).matches()) {
      n++;
    }
    return n;
  }

  private String newId(String action) {
    String base =
        action.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
      base = "step_" + base;
    }
    if (base.length() > 56) {
      base = base.substring(0, 56);
    }
    String id = base;
    for (int n = 2; ids.contains(id) || !BARE_ID.matcher(id).matches(); n++) {
      id = base + "_" + n;
    }
    ids.add(id);
    return id;
  }

  private List<String> revised() {
    List<String> text = new ArrayList<>(lines);
    inLine.forEach(
        (line, edits) -> {
          StringBuilder b = new StringBuilder(text.get(line));
          edits.stream()
              .sorted(Comparator.comparingInt(InLine::column).reversed())
              .forEach(e -> b.replace(e.column(), e.column() + e.length(), e.text()));
          text.set(line, b.toString());
        });
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      order.add(i);
    }
    for (int[] s : swaps) {
      int from = order.indexOf(s[0]);
      int to = order.indexOf(s[3]);
      List<Integer> first = new ArrayList<>(order.subList(from, order.indexOf(s[1]) + 1));
      List<Integer> gap =
          new ArrayList<>(order.subList(order.indexOf(s[1]) + 1, order.indexOf(s[2])));
      List<Integer> second = new ArrayList<>(order.subList(order.indexOf(s[2]), to + 1));
      List<Integer> swapped = new ArrayList<>(second);
      swapped.addAll(gap);
      swapped.addAll(first);
      for (int i = 0; i < swapped.size(); i++) {
        order.set(from + i, swapped.get(i));
      }
    }
    List<String> out = new ArrayList<>();
    for (int i : order) {
      before.getOrDefault(i, List.of()).forEach(out::add);
      out.add(text.get(i));
      after.getOrDefault(i, List.of()).forEach(out::add);
    }
    return out;
  }

  private void comma(int line, boolean present) {
    String text = lines.get(line);
    int brace = text.lastIndexOf('}');
    int comma = text.indexOf(',', brace);
    if (present && comma < 0) {
      inLine.computeIfAbsent(line, l -> new ArrayList<>()).add(new InLine(brace + 1, 0, ","));
    } else if (!present && comma >= 0) {
      inLine.computeIfAbsent(line, l -> new ArrayList<>()).add(new InLine(comma, 1, ""));
    }
  }

  private boolean endsWithComma(String text) {
    int brace = text.lastIndexOf('}');
    int hash = text.indexOf('#', brace);
    String tail = text.substring(brace + 1, hash < 0 ? text.length() : hash);
    return tail.contains(",");
  }

  private String indent(int line) {
    String text = lines.get(line);
    int n = 0;
    while (n < text.length() && (text.charAt(n) == ' ' || text.charAt(n) == '\t')) {
      n++;
    }
    return text.substring(0, n);
  }

  /** {@code text} as a TOML basic string. */
  static String quoted(String text) {
    StringBuilder b = new StringBuilder("\"");
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    b.append(String.format("\\u%04X", c));
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  /** Which lines start inside a multi-line string ({@code """} or {@code '''}). */
  private static boolean[] multiLineStrings(List<String> lines) {
    boolean[] inside = new boolean[lines.size()];
    String open = null;
    for (int i = 0; i < lines.size(); i++) {
      inside[i] = open != null;
      String text = lines.get(i);
      int at = 0;
      while (at < text.length()) {
        if (open == null) {
          int hash = text.indexOf('#', at);
          int basic = text.indexOf("\"\"\"", at);
          int literal = text.indexOf("'''", at);
          int next = min(basic, literal);
          if (next < 0 || (hash >= 0 && hash < next && !insideQuotes(text, hash))) {
            break;
          }
          open = next == basic ? "\"\"\"" : "'''";
          at = next + 3;
        } else {
          int close = text.indexOf(open, at);
          if (close < 0) {
            break;
          }
          open = null;
          at = close + 3;
        }
      }
    }
    return inside;
  }

  private static boolean insideQuotes(String text, int index) {
    int quotes = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '"' || text.charAt(i) == '\'') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }

  private static int min(int a, int b) {
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }
}
