package dev.asrun.compiler.parse;

import dev.asrun.compiler.Diagnostic;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed, positioned access to one parsed TOML file: every getter reports a wrong type as a
 * diagnostic at the value and returns empty, so a reader can go on and report every error.
 */
final class TomlFile {
  private final String name;
  private final String[] lines;
  private final List<Diagnostic> diagnostics;
  private int errors;

  TomlFile(String name, String text, List<Diagnostic> diagnostics) {
    this.name = name;
    this.lines = text.split("\r?\n", -1);
    this.diagnostics = diagnostics;
  }

  String name() {
    return name;
  }

  int errorCount() {
    return errors;
  }

  void error(Position at, String path, String message) {
    errors++;
    diagnostics.add(new Diagnostic(name, at.line(), at.column(), path, message));
  }

  /** Where the value of {@code key} in {@code table} starts (past {@code key =}). */
  Position valueAt(TomlTable table, String key) {
    TomlPosition keyPos = table.inputPositionOf(List.of(key));
    if (keyPos == null) {
      return Position.FILE;
    }
    return afterEquals(keyPos);
  }

  /** Where the key itself starts. */
  Position keyAt(TomlTable table, String key) {
    TomlPosition keyPos = table.inputPositionOf(List.of(key));
    return keyPos == null ? Position.FILE : new Position(keyPos.line(), keyPos.column());
  }

  Position elementAt(TomlArray array, int index, Position fallback) {
    TomlPosition pos = array.inputPositionOf(index);
    return pos == null ? fallback : new Position(pos.line(), pos.column());
  }

  private Position afterEquals(TomlPosition keyPos) {
    int lineIndex = keyPos.line() - 1;
    if (lineIndex < 0 || lineIndex >= lines.length) {
      return new Position(keyPos.line(), keyPos.column());
    }
    String line = lines[lineIndex];
    int i = line.indexOf('=', Math.min(keyPos.column() - 1, line.length()));
    if (i < 0) {
      return new Position(keyPos.line(), keyPos.column());
    }
    i++;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return new Position(keyPos.line(), i + 1);
  }

  /**
   * Where the character at {@code offset} of a string value's decoded text stands in the file,
   * for a string starting at {@code valueStart}: walks the raw literal (basic, literal or
   * multi-line) so escapes and line breaks are counted as written.
   */
  Position positionInString(Position valueStart, int offset) {
    if (valueStart.line() < 1 || valueStart.line() > lines.length) {
      return valueStart;
    }
    int line = valueStart.line() - 1;
    int col = valueStart.column() - 1;
    String raw = lines[line];
    boolean basic = col < raw.length() && raw.charAt(col) == '"';
    String delimiter = basic ? "\"\"\"" : "'''";
    boolean multi = raw.startsWith(delimiter, col);
    col += multi ? 3 : 1;
    if (multi && col >= raw.length()) {
      line++;
      col = 0;
    }
    int decoded = 0;
    while (line < lines.length) {
      raw = lines[line];
      if (col >= raw.length()) {
        if (!multi) {
          break;
        }
        decoded++;
        line++;
        col = 0;
        continue;
      }
      if (decoded >= offset) {
        return new Position(line + 1, col + 1);
      }
      char c = raw.charAt(col);
      if (basic && c == '\\' && col + 1 < raw.length()) {
        char e = raw.charAt(col + 1);
        col += e == 'u' ? 6 : e == 'U' ? 10 : 2;
      } else if (basic && multi && c == '\\') {
        line++;
        while (line < lines.length && lines[line].isBlank()) {
          line++;
        }
        col = line < lines.length ? lines[line].length() - lines[line].stripLeading().length() : 0;
        continue;
      } else {
        col++;
      }
      decoded++;
    }
    return valueStart;
  }

  /** Reports every key of {@code table} not in {@code allowed}, suggesting the nearest. */
  void rejectUnknownKeys(TomlTable table, String path, Set<String> allowed) {
    for (String key : new TreeSet<>(table.keySet())) {
      if (!allowed.contains(key)) {
        error(keyAt(table, key), join(path, key),
            "unknown key '" + key + "'" + Names.didYouMean(key, allowed)
                + "; valid keys here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  Optional<String> string(TomlTable table, String key, String path) {
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String s) {
      return xmlSafe(s, valueAt(table, key), join(path, key)) ? Optional.of(s) : Optional.empty();
    }
    error(valueAt(table, key), join(path, key),
        "must be a string, e.g. " + key + " = \"...\", not " + describe(value));
    return Optional.empty();
  }

  Optional<String> requiredString(TomlTable table, String key, String path) {
    if (!table.contains(List.of(key))) {
      error(tableAt(table), join(path, key), "is required" + requiredHint(key));
      return Optional.empty();
    }
    Optional<String> value = string(table, key, path);
    if (value.isPresent() && value.get().isBlank()) {
      error(valueAt(table, key), join(path, key), "must not be empty");
      return Optional.empty();
    }
    return value;
  }

  /**
   * Whether {@code text} can be written to XML 1.0, which BPMN is: no control characters but tab,
   * line feed and carriage return, no U+FFFE/U+FFFF, no lone surrogates. Reports the first one.
   */
  private boolean xmlSafe(String text, Position at, String path) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean surrogateOk = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      if (surrogateOk) {
        i++;
        continue;
      }
      boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE
          || c == 0xFFFF || Character.isSurrogate(c);
      if (bad) {
        error(at, path, String.format("contains the control character U+%04X, which BPMN cannot"
            + " hold; remove it", (int) c));
        return false;
      }
    }
    return true;
  }

  Optional<Boolean> bool(TomlTable table, String key, String path) {
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    error(valueAt(table, key), join(path, key), "must be true or false, not " + describe(value));
    return Optional.empty();
  }

  Optional<BigDecimal> number(TomlTable table, String key, String path) {
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Long l) {
      return Optional.of(BigDecimal.valueOf(l));
    }
    if (value instanceof Double d && Double.isFinite(d)) {
      return Optional.of(BigDecimal.valueOf(d));
    }
    error(valueAt(table, key), join(path, key), "must be a number, e.g. 200 or 2.5, not "
        + describe(value));
    return Optional.empty();
  }

  /** A string or a list of strings, as a list; each element reported with its own position. */
  Optional<List<Located<String>>> strings(TomlTable table, String key, String path) {
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    Position at = valueAt(table, key);
    if (value instanceof String s) {
      return xmlSafe(s, at, join(path, key))
          ? Optional.of(List.of(new Located<>(s, at, join(path, key)))) : Optional.empty();
    }
    if (value instanceof TomlArray array) {
      List<Located<String>> out = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < array.size(); i++) {
        Object element = array.get(i);
        Position elementAt = elementAt(array, i, at);
        String elementPath = join(path, key) + "[" + i + "]";
        if (element instanceof String s) {
          if (xmlSafe(s, elementAt, elementPath)) {
            out.add(new Located<>(s, elementAt, elementPath));
          } else {
            ok = false;
          }
        } else {
          error(elementAt, elementPath, "must be a string, not " + describe(element));
          ok = false;
        }
      }
      return ok ? Optional.of(out) : Optional.empty();
    }
    error(at, join(path, key), "must be a string or a list of strings, e.g. [\"a\", \"b\"], not "
        + describe(value));
    return Optional.empty();
  }

  /** An array of tables ({@code [[x]]} or {@code x = [{...}]}), each with its path. */
  Optional<List<Located<TomlTable>>> tables(TomlTable table, String key, String path) {
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    Position at = valueAt(table, key);
    if (!(value instanceof TomlArray array)) {
      error(at, join(path, key), "must be a list of tables ([[" + join(path, key)
          + "]] or " + key + " = [{ ... }]), not " + describe(value));
      return Optional.empty();
    }
    List<Located<TomlTable>> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < array.size(); i++) {
      Object element = array.get(i);
      Position elementAt = elementAt(array, i, at);
      String elementPath = join(path, key) + "[" + i + "]";
      if (element instanceof TomlTable t) {
        out.add(new Located<>(t, elementAt, elementPath));
      } else {
        error(elementAt, elementPath, "must be a table { ... }, not " + describe(element));
        ok = false;
      }
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  Optional<TomlTable> table(TomlTable table, String key, String path) {
    Object value = table.get(List.of(key));
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof TomlTable t) {
      return Optional.of(t);
    }
    error(valueAt(table, key), join(path, key), "must be a table ([" + join(path, key) + "]), not "
        + describe(value));
    return Optional.empty();
  }

  /** The position of a table: its first key, or the file when it is empty. */
  Position tableAt(TomlTable table) {
    TomlPosition pos = table.inputPositionOf(List.of());
    if (pos != null) {
      return new Position(pos.line(), pos.column());
    }
    return table.keySet().stream()
        .map(k -> keyAt(table, k))
        .min((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
            : Integer.compare(a.column(), b.column()))
        .orElse(Position.FILE);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String describe(Object value) {
    if (value instanceof String s) {
      return "the string \"" + s + "\"";
    }
    if (value instanceof TomlArray) {
      return "a list";
    }
    if (value instanceof TomlTable) {
      return "a table";
    }
    if (value instanceof Long || value instanceof Double) {
      return "the number " + value;
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    return "a " + value.getClass().getSimpleName() + " (" + value + ")";
  }

  private static String requiredHint(String key) {
    return switch (key) {
      case "id" -> ", e.g. id = \"power_on\" (" + Names.ID_RULE + ")";
      case "name" -> ", e.g. name = \"Power on reactor\"";
      case "label" -> ", e.g. label = \"Temperature\"";
      case "variable" -> ", e.g. variable = \"temperature_f\"";
      case "duration" -> ", e.g. duration = \"30m\"";
      default -> "";
    };
  }

  /** A value with where it stands and its key path. */
  record Located<T>(T value, Position position, String path) {}
}
