package dev.asrun.compiler.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded random edits of a procedure file: characters, lines and tokens deleted, inserted,
 * duplicated and swapped, keys and table headers injected, hostile text, huge numbers, deep
 * nesting; and edits that usually keep the file valid (hostile display text, steps swapped,
 * copied or given a timeout or condition), so that the emitter is fuzzed too, not only the
 * reader. Each edit is described, so a failure can be read without rerunning.
 */
final class Mutator {
  private static final Pattern TOKEN =
      Pattern.compile("\"(?:[^\"\\\\\\n]++|\\\\.)*+\"|'[^'\\n]*+'|[A-Za-z0-9_.:+-]++|\\S");
  private static final String[] CHARACTERS = {
      "[", "]", "{", "}", "=", "\"", "'", ",", ".", "#", "\n", "\\", " ", "\t", "a", "Z", "_",
      "0", "9", "-", ":", "é", "😀", "\u0000", "\u0007", "\u000b", "\ufeff", "\u200f", "\r",
      "$", "{", "}"};
  private static final String[] KEYS = {
      "schema", "procedure", "id", "name", "version", "description", "domain", "timeout",
      "executor_groups", "context", "steps", "time_of_day", "day_of_week", "day_of_month",
      "timezone", "during_action", "location", "equipment", "type", "action", "instructions",
      "optional", "when", "reference", "variable", "expect", "fields", "duration", "order",
      "label", "required", "min", "max", "unit", "values", "colour", "asrun", "\"quoted key\"",
      "a.b.c"};
  private static final String[] VALUES = {
      "\"\"", "\"x\"", "\"${execution.setVariable('x', 1)}\"", "\"#{bean.method()}\"",
      "\"<img src=x onerror=alert(1)>\"", "'single \"quoted\"'", "\"\\u0007bell\"",
      "\"ünïcödé 🚀 你好\"", "99999999999999999999", "9223372036854775807",
      "-9223372036854775808", "1e308", "-1", "0", "3.5", "inf", "nan", "true", "false", "[]",
      "{}", "[1, \"a\", true]", "\"0m\"", "\"-5m\"", "\"P1M\"", "\"30 minutes\"", "\"1h30m\"",
      "\"PT30M\"", "\"99999999999999d\"", "\"any\"", "\"sequence\"", "\"group\"", "\"record\"",
      "\"wait\"", "\"check\"", "\"action\"", "\"enum\"", "\"number\"", "\"boolean\"",
      "\"date\"", "\"string\"", "\"procedure/0.1\"", "\"08:00\"", "[\"22:00\", \"02:00\"]",
      "08:00:00", "1979-05-27T07:32:00Z", "\"monday\"", "[\"monday\", \"monday\"]", "32",
      "\"Europe/Berlin\"", "\"Nowhere/Else\"", "\"asrun\"", "\"asrun_x\"", "\"location\"",
      "\"a\"", "\"not a\"", "\"a and (b or\"", "\"x == 'y' && z\"", "\"${a}\"",
      "\"x.y()\"", "\"-1 < 2\"", "\"\"\"multi\nline\"\"\"", "'''raw\\${x}'''",
      "[{ id = \"inline\", name = \"Inline\" }]", "{ id = \"t\" }"};
  private static final String[] HEADERS = {
      "[procedure]", "[procedure.context]", "[[procedure.steps]]", "[[procedure.steps.steps]]",
      "[[procedure.steps.fields]]", "[[procedure.steps.steps.fields]]", "[procedure.steps]",
      "[[procedure]]", "[[procedure.steps.steps.steps]]", "[procedure.context.extra]"};
  /** Display text, written as the inside of a TOML basic string; valid as any name or label. */
  private static final String[] HOSTILE_TEXT = {
      "${execution.setVariable('pwned', true)}", "#{bean.method()}", "\\\\${escaped}",
      "<img src=x onerror=alert(1)>", "</documentation><script>alert(1)</script>",
      "\\\"quoted\\\" & 'single'", "Grüße 你好 مرحبا 🚀", "tab\\there", "line\\nbreak",
      "]]>",
      "&amp; &lt;", "\\\\", "\\u00e9\\U0001F680", "bell \\u0007", "x".repeat(2000)};
  /** Lines that keep most steps valid when put right under a step's header. */
  private static final String[] STEP_LINES = {
      "timeout = \"5m\"", "optional = true", "when = \"executor_id != 'robot'\"",
      "when = \"location == 'lab' or not (equipment_id == 'x')\"", "instructions = \"Do it.\"",
      "executor_groups = [\"ops\", \"leads\"]"};
  private static final Pattern DISPLAY_VALUE = Pattern.compile(
      "(?m)^(\\s*(?:name|label|instructions|description|unit|version|domain)\\s*=\\s*)"
          + "\"[^\"\\n]*\"");
  private static final Pattern STEP_HEADER =
      Pattern.compile("(?m)^\\s*\\[\\[procedure\\.steps(?:\\.steps)*\\]\\]\\s*$");
  private static final String[] CONDITION_PARTS = {
      "a", "b", "ok", "location", "executor_id", "equipment_id", "temperature_ok", "not", "and",
      "or", "==", "!=", "<", "<=", ">", ">=", "(", ")", "'s'", "\\\"d\\\"", "1", "-2.5", "true",
      "false", "${", "#{", "}", "&&", "||", "!", "=", ".", "x(", "[0]", "'", "1.", "é"};

  private final Random random;
  private final List<String> applied = new ArrayList<>();

  Mutator(Random random) {
    this.random = random;
  }

  /** Applies one to four random edits to {@code text}. */
  String mutate(String text) {
    applied.clear();
    String out = text;
    int edits = random.nextBoolean() ? 1 : 2 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      out = edit(out);
    }
    return out;
  }

  /** What the last {@link #mutate} did, in order. */
  List<String> applied() {
    return List.copyOf(applied);
  }

  private String edit(String text) {
    int kind = random.nextInt(24);
    return switch (kind) {
      case 19, 20 -> replaceDisplayText(text);
      case 21 -> insertUnderStepHeader(text);
      case 22 -> swapSteps(text);
      case 23 -> copyStep(text);
      case 0 -> deleteChars(text);
      case 1 -> insertAt(text, random.nextInt(text.length() + 1), pick(CHARACTERS), "character");
      case 2 -> duplicateRange(text);
      case 3 -> swapChars(text);
      case 4 -> deleteLine(text);
      case 5 -> duplicateLine(text);
      case 6 -> swapLines(text);
      case 7 -> replaceToken(text, pick(VALUES));
      case 8 -> replaceToken(text, pick(KEYS));
      case 9 -> deleteToken(text);
      case 10 -> duplicateToken(text);
      case 11 -> swapTokens(text);
      case 12 -> insertLine(text, pick(KEYS) + " = " + pick(VALUES), "key");
      case 13 -> insertLine(text, pick(HEADERS), "header");
      case 14 -> insertLine(text, "when = \"" + condition() + "\"", "condition");
      case 15 -> insertLine(text, deepNesting(), "deep nesting");
      case 16 -> insertLine(text, deepGroups(), "deep groups");
      case 17 -> replaceNumber(text);
      default -> truncate(text);
    };
  }

  private String deleteChars(String text) {
    if (text.isEmpty()) {
      return text;
    }
    int at = random.nextInt(text.length());
    int length = 1 + random.nextInt(Math.min(8, text.length() - at));
    applied.add("delete " + length + " character(s) at " + at);
    return text.substring(0, at) + text.substring(at + length);
  }

  private String insertAt(String text, int at, String what, String label) {
    applied.add("insert " + label + " " + quote(what) + " at " + at);
    return text.substring(0, at) + what + text.substring(at);
  }

  private String duplicateRange(String text) {
    if (text.isEmpty()) {
      return text;
    }
    int at = random.nextInt(text.length());
    int end = Math.min(text.length(), at + 1 + random.nextInt(40));
    applied.add("duplicate characters " + at + ".." + end);
    return text.substring(0, end) + text.substring(at, end) + text.substring(end);
  }

  private String swapChars(String text) {
    if (text.length() < 2) {
      return text;
    }
    int at = random.nextInt(text.length() - 1);
    applied.add("swap characters at " + at);
    return text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2);
  }

  private String deleteLine(String text) {
    List<String> lines = lines(text);
    int at = random.nextInt(lines.size());
    applied.add("delete line " + (at + 1));
    lines.remove(at);
    return String.join("\n", lines);
  }

  private String duplicateLine(String text) {
    List<String> lines = lines(text);
    int at = random.nextInt(lines.size());
    applied.add("duplicate line " + (at + 1));
    lines.add(at, lines.get(at));
    return String.join("\n", lines);
  }

  private String swapLines(String text) {
    List<String> lines = lines(text);
    int a = random.nextInt(lines.size());
    int b = random.nextInt(lines.size());
    applied.add("swap lines " + (a + 1) + " and " + (b + 1));
    String line = lines.get(a);
    lines.set(a, lines.get(b));
    lines.set(b, line);
    return String.join("\n", lines);
  }

  private String insertLine(String text, String line, String label) {
    List<String> lines = lines(text);
    int at = random.nextInt(lines.size() + 1);
    applied.add("insert " + label + " line " + quote(line) + " before line " + (at + 1));
    lines.add(at, line);
    return String.join("\n", lines);
  }

  private String replaceToken(String text, String replacement) {
    List<int[]> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return text;
    }
    int[] token = tokens.get(random.nextInt(tokens.size()));
    applied.add("replace " + quote(text.substring(token[0], token[1])) + " at " + token[0]
        + " with " + quote(replacement));
    return text.substring(0, token[0]) + replacement + text.substring(token[1]);
  }

  private String deleteToken(String text) {
    List<int[]> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return text;
    }
    int[] token = tokens.get(random.nextInt(tokens.size()));
    applied.add("delete " + quote(text.substring(token[0], token[1])) + " at " + token[0]);
    return text.substring(0, token[0]) + text.substring(token[1]);
  }

  private String duplicateToken(String text) {
    List<int[]> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return text;
    }
    int[] token = tokens.get(random.nextInt(tokens.size()));
    String copy = text.substring(token[0], token[1]);
    applied.add("duplicate " + quote(copy) + " at " + token[0]);
    return text.substring(0, token[1]) + " " + copy + text.substring(token[1]);
  }

  private String swapTokens(String text) {
    List<int[]> tokens = tokens(text);
    if (tokens.size() < 2) {
      return text;
    }
    int[] a = tokens.get(random.nextInt(tokens.size()));
    int[] b = tokens.get(random.nextInt(tokens.size()));
    if (a[0] == b[0]) {
      return text;
    }
    int[] first = a[0] < b[0] ? a : b;
    int[] second = first == a ? b : a;
    String x = text.substring(first[0], first[1]);
    String y = text.substring(second[0], second[1]);
    applied.add("swap " + quote(x) + " at " + first[0] + " with " + quote(y) + " at " + second[0]);
    return text.substring(0, first[0]) + y + text.substring(first[1], second[0]) + x
        + text.substring(second[1]);
  }

  private String replaceNumber(String text) {
    Matcher m = Pattern.compile("(?<![\\w.])\\d+(?:\\.\\d+)?(?![\\w.:])").matcher(text);
    List<int[]> numbers = new ArrayList<>();
    while (m.find()) {
      numbers.add(new int[] {m.start(), m.end()});
    }
    if (numbers.isEmpty()) {
      return insertLine(text, "min = 1" + "0".repeat(400), "huge number");
    }
    int[] number = numbers.get(random.nextInt(numbers.size()));
    String huge = switch (random.nextInt(4)) {
      case 0 -> "9".repeat(1 + random.nextInt(40));
      case 1 -> "1e" + (300 + random.nextInt(20));
      case 2 -> "-" + "9".repeat(1 + random.nextInt(20));
      default -> "0." + "0".repeat(random.nextInt(400)) + "1";
    };
    applied.add("replace number at " + number[0] + " with " + quote(huge));
    return text.substring(0, number[0]) + huge + text.substring(number[1]);
  }

  private String replaceDisplayText(String text) {
    List<int[]> values = matches(DISPLAY_VALUE, text, 1);
    if (values.isEmpty()) {
      return text;
    }
    int[] value = values.get(random.nextInt(values.size()));
    String replacement = "\"" + pick(HOSTILE_TEXT) + "\"";
    applied.add("replace the text at " + value[0] + " with " + quote(replacement));
    int end = text.indexOf('"', value[1] + 1) + 1;
    return text.substring(0, value[1]) + replacement + text.substring(end);
  }

  private String insertUnderStepHeader(String text) {
    List<int[]> headers = matches(STEP_HEADER, text, 0);
    if (headers.isEmpty()) {
      return text;
    }
    int[] header = headers.get(random.nextInt(headers.size()));
    String line = pick(STEP_LINES);
    applied.add("insert " + quote(line) + " under the step header at " + header[0]);
    return text.substring(0, header[1]) + "\n" + line + text.substring(header[1]);
  }

  private String swapSteps(String text) {
    List<int[]> steps = stepBlocks(text);
    if (steps.size() < 2) {
      return text;
    }
    int a = random.nextInt(steps.size());
    int b = random.nextInt(steps.size());
    if (a == b) {
      return text;
    }
    int[] first = steps.get(Math.min(a, b));
    int[] second = steps.get(Math.max(a, b));
    if (second[0] < first[1]) {
      return text;
    }
    applied.add("swap the steps at " + first[0] + " and " + second[0]);
    return text.substring(0, first[0]) + text.substring(second[0], second[1])
        + text.substring(first[1], second[0]) + text.substring(first[0], first[1])
        + text.substring(second[1]);
  }

  private String copyStep(String text) {
    List<int[]> steps = stepBlocks(text);
    if (steps.isEmpty()) {
      return text;
    }
    int[] step = steps.get(random.nextInt(steps.size()));
    String copy = text.substring(step[0], step[1])
        .replaceAll("((?:id|variable)\\s*=\\s*\"[a-z][a-z0-9_]*)\"", "$1_copy\"");
    applied.add("copy the step at " + step[0] + " with renamed ids");
    return text.substring(0, step[1]) + (copy.endsWith("\n") ? copy : copy + "\n")
        + text.substring(step[1]);
  }

  /** Each {@code [[procedure.steps...]]} header up to the next header of any kind. */
  private static List<int[]> stepBlocks(String text) {
    List<int[]> headers = matches(STEP_HEADER, text, 0);
    List<int[]> blocks = new ArrayList<>();
    Matcher next = Pattern.compile("(?m)^\\s*\\[").matcher(text);
    for (int[] header : headers) {
      int end = next.find(header[1]) ? next.start() : text.length();
      blocks.add(new int[] {header[0], end});
    }
    return blocks;
  }

  private static List<int[]> matches(Pattern pattern, String text, int group) {
    List<int[]> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(new int[] {m.start(group), m.end(group)});
    }
    return out;
  }

  private String truncate(String text) {
    int at = random.nextInt(text.length() + 1);
    applied.add("truncate at " + at);
    return text.substring(0, at);
  }

  private String condition() {
    StringBuilder out = new StringBuilder();
    int parts = 1 + random.nextInt(8);
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(pick(CONDITION_PARTS));
    }
    return out.toString();
  }

  private String deepNesting() {
    int depth = 1 + random.nextInt(300);
    if (random.nextBoolean()) {
      return "deep = " + "[".repeat(depth) + "]".repeat(depth);
    }
    return "deep = " + "{ a = ".repeat(depth) + "1" + " }".repeat(depth);
  }

  /**
   * A well-formed step with groups nested up to 24 deep (far deeper than real procedures), so
   * that valid input goes deep too.
   */
  private String deepGroups() {
    int depth = 1 + random.nextInt(24);
    StringBuilder out = new StringBuilder("[[procedure.steps]]\nid = \"deep_0\"\nname = \"Deep\"\n"
        + "type = \"group\"\norder = \"" + order() + "\"\nsteps = [");
    for (int i = 1; i < depth; i++) {
      out.append("{ id = \"deep_").append(i).append("\", name = \"Deep ").append(i)
          .append("\", type = \"group\", order = \"").append(order())
          .append("\", steps = [{ id = \"leaf_").append(i).append("\", name = \"Leaf\" }, ");
    }
    out.append("{ id = \"deep_leaf\", name = \"Leaf\" }");
    out.append("] }".repeat(depth - 1));
    out.append("]\n");
    return out.toString();
  }

  private String order() {
    return random.nextBoolean() ? "any" : "sequence";
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n", -1)));
  }

  private static List<int[]> tokens(String text) {
    List<int[]> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(new int[] {m.start(), m.end()});
    }
    return tokens;
  }

  private static String quote(String s) {
    String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    StringBuilder out = new StringBuilder("'");
    shown.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || c == 0xfeff || c == 0x200f) {
        out.append(String.format("\\u%04X", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('\'').toString();
  }
}
